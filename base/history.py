"""The change history every app's objects have: reading an object's or a plan's records, labelling them for the
reader, and what readers who see only their own organisation's opportunity spaces are kept from.

The apps above this one tell it, at start-up (their ``AppConfig.ready``), which records and fields name spaces and
where an object's page is, so that nothing here imports them.
"""

from collections.abc import Callable, Iterable

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Page, Paginator
from django.db.models import Model, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch

from .models import ChangeRecord
from .permissions import can_read_all_spaces

# A history page shows this many change records; older ones are on the next pages.
HISTORY_PAGE_SIZE = 50

# --- Registered by the apps at start-up ----------------------------------------------------------------------------

# (app label, model name or "" for the whole app) whose records only readers of every organisation's spaces see.
_KEPT_FROM_PARTIAL_READERS: set[tuple[str, str]] = set()
# Fields whose recorded changes name opportunity spaces.
_REDACTED_FIELDS: set[str] = set()
# (app label, model name) → the URL of the page to show for one of its records, from the object's id.
_RECORD_PAGES: dict[tuple[str, str], Callable[[int], str]] = {}


def keep_from_partial_readers(app_label: str, model: str = "") -> None:
    """Records of this app (or this one model of it) name opportunity spaces: keep them from readers who see only
    their own organisation's spaces."""
    _KEPT_FROM_PARTIAL_READERS.add((app_label, model))


def redact_from_partial_readers(field: str) -> None:
    """Changes of fields of this name list opportunity spaces: take them out for readers of only their own."""
    _REDACTED_FIELDS.add(field)


def register_record_page(model: type[Model], url: Callable[[int], str]) -> None:
    """Where a record of ``model`` links to: ``url(object id)`` (its page, or its history page)."""
    _RECORD_PAGES[(model._meta.app_label, model._meta.model_name)] = url


def record_page(record: ChangeRecord) -> str:
    """The page of the object a change record is about, or "" when it is deleted or has no page."""
    if record.action == ChangeRecord.Action.DELETE:
        return ""
    url = _RECORD_PAGES.get((record.content_type.app_label, record.content_type.model))
    try:
        return url(record.object_id) if url else ""
    except NoReverseMatch:
        return ""


# --- Reading the history ---------------------------------------------------------------------------------------


def history_of(instance: Model) -> QuerySet[ChangeRecord]:
    """The change records of one object, newest first."""
    content_type = ContentType.objects.get_for_model(instance, for_concrete_model=False)
    return ChangeRecord.objects.filter(content_type=content_type, object_id=instance.pk).select_related("content_type")


def version_of(instance: Model) -> int:
    """The id of the object's newest change record (0 if none): what an edit form saw when it was opened."""
    return history_of(instance).values_list("id", flat=True).first() or 0


def with_versions(queryset: QuerySet) -> QuerySet:
    """``queryset`` with each object's ``version`` (as ``version_of``) in the same query: for a list whose rows carry
    a form each, so that a row's form is checked against what its reader saw, whatever the number of rows."""
    content_type = ContentType.objects.get_for_model(queryset.model, for_concrete_model=False)
    newest = ChangeRecord.objects.filter(content_type=content_type, object_id=OuterRef("pk")).order_by("-id")
    return queryset.annotate(version=Coalesce(Subquery(newest.values("id")[:1]), Value(0)))


def history_of_plan(plan, user) -> QuerySet[ChangeRecord]:
    """Every change within a strategy plan, and of the plan itself, that ``user`` may read, newest first.

    Readers who do not see every organisation's opportunity spaces (housing staff) get no records of the kinds
    registered with ``keep_from_partial_readers`` (the opportunity app's spaces, logs, needs and offers; the rules
    of play, which name spaces): their own spaces' history is on each space's page. Links to spaces inside other
    records are taken out by ``redact_changes``.
    """
    own = Q(content_type=ContentType.objects.get_for_model(plan), object_id=plan.pk)
    records = ChangeRecord.objects.filter(Q(plan_id=plan.pk) | own).select_related("content_type")
    if not can_read_all_spaces(user):
        for app_label, model in _KEPT_FROM_PARTIAL_READERS:
            kind = Q(content_type__app_label=app_label)
            records = records.exclude(kind & Q(content_type__model=model) if model else kind)
    return records


def redact_changes(records: Iterable[ChangeRecord], user) -> None:
    """Remove, in place, the recorded changes that name opportunity spaces (fields registered with
    ``redact_from_partial_readers``) from the records shown to a user who does not read every organisation's spaces:
    a decision's history must not reveal another organisation's space."""
    if can_read_all_spaces(user):
        return
    for record in records:
        record.changes = [change for change in record.changes if change.get("field") not in _REDACTED_FIELDS]


def _field_label(field) -> str:
    """A field's name for readers; a change to related rows (an activity's attendance counts and attachments, kept
    on the activity's record) is named by the related model's plural."""
    if field.auto_created and not field.concrete:
        return str(field.related_model._meta.verbose_name_plural)
    return str(field.verbose_name)


def field_labels(records: Iterable[ChangeRecord]) -> None:
    """Attach ``label`` to each change from the model's current verbose names, in the reader's language.

    Values of fields with choices are shown by their label too (stored as the raw value).
    """
    for record in records:
        model = record.content_type.model_class()
        for change in record.changes:
            try:
                field = model._meta.get_field(change["field"]) if model is not None else None
            except FieldDoesNotExist:  # the field was removed since the change was made: show its name
                field = None
            label = _field_label(field) if field is not None else change["field"]
            if getattr(field, "choices", None):
                names = {value: str(name) for value, name in field.flatchoices}
                change["old"] = names.get(change["old"], change["old"])
                change["new"] = names.get(change["new"], change["new"])
            change["label"] = label[:1].upper() + label[1:]


def history_page(records: QuerySet[ChangeRecord], user, number) -> Page:
    """One page of ``records`` (newest first) as ``user`` reads them: ``HISTORY_PAGE_SIZE`` of them, from the page
    ``number`` asks for (the last one if it is past the end, the first if it is not a number), with the changes
    that name other organisations' spaces taken out and each field labelled. A history grows for as long as the
    object lives: a page never shows all of it at once."""
    page = Paginator(records, HISTORY_PAGE_SIZE).get_page(number)
    page.object_list = list(page.object_list)
    redact_changes(page.object_list, user)
    field_labels(page.object_list)
    return page
