"""Administrators manage accounts and their memberships here (Django's own change log records who).

Organisations and collaboration models are shown here but edited in the app (Styring → Organisationer og personer,
Samarbejdsmodeller), where every change goes through the services and into the history; likewise the strategy.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import AuthEvent, ChangeRecord, CollaborationModel, Membership, Organisation, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(User)
class ProjectUserAdmin(UserAdmin):
    inlines = [MembershipInline]


class ShownNotEditedAdmin(admin.ModelAdmin):
    """Read-only here: the app edits these through its services, with history."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Organisation)
class OrganisationAdmin(ShownNotEditedAdmin):
    list_display = ["name", "kind", "slug"]
    list_filter = ["kind"]
    search_fields = ["name", "slug"]  # the memberships' organisation is chosen by search


@admin.register(ChangeRecord)
class ChangeRecordAdmin(admin.ModelAdmin):
    """The history, read-only: it is written by the services and never edited."""

    list_display = ["at", "actor_name", "action", "object_repr", "content_type"]
    list_filter = ["action", "content_type"]
    search_fields = ["object_repr", "actor_name"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CollaborationModel)
class CollaborationModelAdmin(ShownNotEditedAdmin):
    list_display = ["name", "position"]
    search_fields = ["name"]


@admin.register(AuthEvent)
class AuthEventAdmin(ShownNotEditedAdmin):
    """The login log (base.auth_log), read-only: who logged in or out, failed, was locked out or had the password
    changed, when and from which address."""

    list_display = ["at", "kind", "username", "address", "by"]  # the browser on the entry's own page
    list_filter = ["kind"]
    search_fields = ["username", "address"]
    date_hierarchy = "at"
    list_select_related = ["by"]
