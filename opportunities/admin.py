"""Administrators maintain the meeting-place rule here, its changes recorded in the history like any other
(``base.admin.AuditedAdmin``). Spaces, logs, needs and offers are edited in the app, through the services, so that
every change is checked and recorded in the history."""

from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from base.admin import AuditedAdmin

from .models import MeetingPlaceRule
from .tasks import recompute_meeting_place_index


@admin.register(MeetingPlaceRule)
class MeetingPlaceRuleAdmin(AuditedAdmin):
    list_display = ["__str__", "window_months", "threshold", "dimensions_needed", "min_attendance"]

    def has_add_permission(self, request) -> bool:
        return not MeetingPlaceRule.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Once the new rule is committed, or the job would read the old one.
        transaction.on_commit(recompute_meeting_place_index.delay)
        messages.info(request, _("The meeting-place index of every space is being recomputed with the new rule."))
