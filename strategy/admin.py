"""Administrators maintain the reference data here: the criteria's rule sets (thresholds change with the law)
and the data dictionary. The strategy itself is edited in the app, with its history.

Every change made here goes into the history with its old and new values (``base.admin.AuditedAdmin``). After
changing a rule set, run the "recompute" action (or wait for the nightly recompute) so the stored
classifications follow the new thresholds.
"""

from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from base.admin import AuditedAdmin

from .models import RecomputeRun, RuleCriterion, RuleSet, Variable
from .tasks import recompute_all


class RuleCriterionInline(admin.TabularInline):
    model = RuleCriterion
    extra = 0


@admin.register(RuleSet)
class RuleSetAdmin(AuditedAdmin):
    list_display = ["code", "name", "scheme", "first_list_year", "last_list_year", "min_residents", "streak_years"]
    inlines = [RuleCriterionInline]
    actions = ["recompute"]

    def get_readonly_fields(self, request, obj=None):
        # The API's filters and answers, and the exports, name a rule set by its code: it stays as it was made.
        return ["code"] if obj is not None else []

    @admin.action(description=_("Recompute all classifications now"))
    def recompute(self, request, queryset):
        transaction.on_commit(recompute_all.delay)  # after the admin's changes are committed
        self.message_user(request, _("The recompute is started; follow it under recompute runs."), messages.SUCCESS)


@admin.register(Variable)
class VariableAdmin(AuditedAdmin):
    list_display = ["code", "name_da", "unit", "is_person_count", "is_builtin"]
    list_filter = ["unit", "is_person_count", "is_builtin"]
    search_fields = ["code", "name_da", "name_en"]

    def get_readonly_fields(self, request, obj=None):
        # A shipped variable's code is part of the import contract and the formulas: it cannot change.
        return ["code", "is_builtin"] if obj is not None and obj.is_builtin else ["is_builtin"]

    def has_delete_permission(self, request, obj=None):
        return obj is None or not obj.is_builtin


@admin.register(RecomputeRun)
class RecomputeRunAdmin(admin.ModelAdmin):
    list_display = ["started_at", "scope", "state", "areas", "classifications_written", "indicator_values_written"]
    list_filter = ["state", "scope"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
