"""Administrators manage accounts and their memberships here. Every write made in the admin goes into the history
as the app's own writes do (``AuditedAdmin``: who, when, each field's old and new value), beside Django's own change
log, which names only the fields.

Organisations and collaboration models are shown here but edited in the app (Styring → Organisationer og personer,
Samarbejdsmodeller), where every change goes through the services and into the history; likewise the strategy.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from .history import field_labels
from .models import AuthEvent, ChangeRecord, CollaborationModel, Membership, Organisation, User
from .services.audit import delete_audited, diff, record_change, snapshot, tidy_text

# Never copied into the history: the password's hash (its changes go into the login log, ``base.auth_log``).
UNRECORDED_FIELDS = frozenset({"password"})


def recorded_fields(model: type[models.Model], names) -> list[str]:
    """Of a form's field names, those that are the model's own fields (not a password, not the creation form's
    password1/password2)."""
    recorded = []
    for name in names:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if name not in UNRECORDED_FIELDS and (field.concrete or field.many_to_many) and not field.auto_created:
            recorded.append(name)
    return recorded


def _tidy(obj: models.Model, fields: list[str]) -> None:
    """The form's text on ``obj`` as every audited write stores it (``tidy_text``)."""
    for name in fields:
        field = obj._meta.get_field(name)
        if field.concrete and not field.many_to_many:
            setattr(obj, field.attname, tidy_text(field, getattr(obj, field.attname)))


class AuditedAdmin(admin.ModelAdmin):
    """Records every create, change and delete made through this admin page, and through its inlines, as a
    ``ChangeRecord`` by the administrator: the reference data the criteria and the index are computed from (rule sets,
    variables, the meeting-place rule) and the accounts and their roles are as much part of the history as the
    strategy is. ``history_plan_id`` says which plan an object belongs to (none of today's do)."""

    def history_plan_id(self, obj) -> int | None:
        return None

    def _before(self, model: type[models.Model], pk, fields: list[str]) -> dict:
        return snapshot(model._default_manager.get(pk=pk), fields)

    def save_model(self, request, obj, form, change):
        fields = recorded_fields(type(obj), form.fields)
        # The form has already put the new values on ``obj``: the old ones are read from the database.
        before = self._before(type(obj), obj.pk, fields) if change else None
        _tidy(obj, fields)
        super().save_model(request, obj, form, change)
        request._audited_admin = (obj, fields, before)

    def save_related(self, request, form, formsets, change):
        # As Django's own, with the object's record written after its many-to-many links are set and before its
        # inlines', so the history reads in the order the change was made.
        form.save_m2m()
        obj, fields, before = request._audited_admin
        self._record(request, obj, fields, before, self.history_plan_id(obj))
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change):
        model = formset.model
        fields = recorded_fields(model, formset.form.base_fields)
        plan_id = self.history_plan_id(form.instance)
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            delete_audited(instance=obj, fields=fields, by=request.user, plan_id=plan_id)
        befores = {obj.pk: self._before(model, obj.pk, fields) for obj, _names in formset.changed_objects}
        for obj in instances:
            _tidy(obj, fields)
            obj.save()
        formset.save_m2m()
        for obj in instances:
            self._record(request, obj, fields, befores.get(obj.pk), plan_id)

    def _record(self, request, obj, fields: list[str], before: dict | None, plan_id: int | None) -> None:
        """A create (``before`` None) or a change of ``obj`` by the administrator; nothing when no value changed."""
        after = snapshot(obj, fields)
        if before is None:
            action = ChangeRecord.Action.CREATE
            changes = [change for change in diff({}, after) if change["new"] not in (None, "", [])]
        elif changes := diff(before, after):
            action = ChangeRecord.Action.UPDATE
        else:
            return
        record_change(instance=obj, action=action, by=request.user, changes=changes, plan_id=plan_id)

    def delete_model(self, request, obj):
        fields = recorded_fields(type(obj), [f.name for f in type(obj)._meta.get_fields()])
        delete_audited(instance=obj, fields=fields, by=request.user, plan_id=self.history_plan_id(obj))

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(User)
class ProjectUserAdmin(AuditedAdmin, UserAdmin):
    inlines = [MembershipInline]
    # Facts the system keeps, not settings: shown, never edited (the form would also drop their microseconds).
    readonly_fields = ["last_login", "date_joined"]


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
    # A record's page reads as the app's history does: each field by its name, before → after.
    fields = ["object_repr", "content_type", "plan", "changes_table"]
    readonly_fields = fields

    @admin.display(description=_("changes"))
    def changes_table(self, obj: ChangeRecord) -> str:
        field_labels([obj])
        return render_to_string("base/_history_table.html", {"records": [obj]})

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
