"""Forms of the activity log. They only shape input (whole numbers, a date, files); the services validate the
rest (the date's range, groups adding up to at most the participants, the files' size and type) and write.

The attendance is one number field per group of each dimension, named ``attendance_<dimension>_<group>``; the
service reports problems of a whole dimension as ``attendance_<dimension>``, shown at that dimension's fieldset.
"""

from dataclasses import dataclass, field

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from base.forms import VersionedForm
from base.request_size import attachments_allowance, file_input_limits

from ..models import DIMENSIONS, MAX_ATTENDANCE, OPTIONAL_DIMENSIONS, Activity, Attachment
from ..services import ACTIVITY_FIELDS

# The file picker's filter (the service decides from the content): the types of Attachment.Type, images first.
ACCEPTED_TYPES = ",".join((Attachment.Type.PNG, Attachment.Type.JPEG, Attachment.Type.PDF))

_COUNT_ERRORS = {
    "required": _("Write the number of participants."),
    "invalid": _("Write a whole number, e.g. 12."),
    "min_value": _("The number cannot be negative."),
    "max_value": _("The number can be at most %(limit_value)s."),
}


def count_field(**kwargs) -> forms.IntegerField:
    """A whole number from 0 to MAX_ATTENDANCE, with the numeric keyboard on phones."""
    return forms.IntegerField(
        min_value=0,
        max_value=MAX_ATTENDANCE,
        error_messages=_COUNT_ERRORS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1}),
        **kwargs,
    )


def group_field_name(dimension: str, group: str) -> str:
    return f"attendance_{dimension}_{group}"


@dataclass
class DimensionFieldset:
    """One dimension's fieldset: its legend, its group fields (BoundFields) and the errors of the whole dimension."""

    code: str
    label: str
    optional: bool
    fields: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"attendance_{self.code}"


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (several photos from the phone). Cleans to a list, empty when none was chosen."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPTED_TYPES}))
        kwargs.setdefault("allow_empty_file", True)  # the service refuses empty files, naming the file
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        items = data if isinstance(data, list | tuple) else [data]
        single_clean = super().clean
        return [single_clean(item, initial) for item in items if item]


class ActivityForm(VersionedForm):
    """Log or edit an activity: what happened, when, how many came, and how many of each group of each dimension.

    ``attendance()`` gives the counts as the services take them: ``{dimension: {group: count}}``.
    """

    participants = count_field(
        label=_("Participants"),
        help_text=_("Everyone who came. Below, count the people you know about; the groups may add up to less."),
    )
    files = MultipleFileField(
        label=_("Images or PDF files"),
        required=False,
    )

    class Meta:
        model = Activity
        fields = ACTIVITY_FIELDS
        widgets = {
            "on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {"title": _("What happened")}
        help_texts = {
            "title": _("A short title, e.g. “Homework café” or “Summer party in the courtyard”."),
            "note": _("What went well, what you learned. Never write names or anything about a single person."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.dimension_errors: dict[str, list[str]] = {}
        self.fields["files"].help_text = _(
            "Images (PNG, JPEG) or PDF files of at most %(limit)s each, %(total)s in all. You can also attach "
            "files later."
        ) % {"limit": _size_limit(), "total": filesizeformat(attachments_allowance())}
        self.fields["files"].widget.attrs.update(
            file_input_limits(settings.ATTACHMENT_MAX_BYTES, attachments_allowance())
        )
        stored = {}
        if self.instance.pk:
            stored = {(c.dimension, c.group): c.count for c in self.instance.attendance.all()}
        else:
            # Logged on the day, as a rule; the participants are left blank so that they are counted, not assumed.
            self.initial["on"] = timezone.localdate()
            self.initial["participants"] = None
        for dimension, (_label, groups) in DIMENSIONS.items():
            for group, group_label in groups:
                self.fields[group_field_name(dimension, group)] = count_field(label=group_label, required=False)
                if (dimension, group) in stored:
                    self.initial[group_field_name(dimension, group)] = stored[(dimension, group)]

    # --- Shapes for the view and the template ---

    def service_data(self) -> dict:
        """The activity's own fields (the attendance and the files go to the service apart)."""
        return {name: self.cleaned_data[name] for name in ACTIVITY_FIELDS}

    def attendance(self) -> dict[str, dict[str, int]]:
        counts: dict[str, dict[str, int]] = {}
        for dimension, (_label, groups) in DIMENSIONS.items():
            counts[dimension] = {
                group: value
                for group, _group_label in groups
                if (value := self.cleaned_data.get(group_field_name(dimension, group))) is not None
            }
        return counts

    def main_fields(self) -> list:
        return [self[name] for name in ACTIVITY_FIELDS]

    def dimension_fieldsets(self) -> list[DimensionFieldset]:
        return [
            DimensionFieldset(
                code=dimension,
                label=label,
                optional=dimension in OPTIONAL_DIMENSIONS,
                fields=[self[group_field_name(dimension, group)] for group, _group_label in groups],
                errors=self.dimension_errors.get(dimension, []),
            )
            for dimension, (label, groups) in DIMENSIONS.items()
        ]

    def apply_service_error(self, error: ValidationError) -> None:
        """Show a service's ``ValidationError`` where it belongs: at a field, at the file input (``file``), at a
        dimension's fieldset (``attendance_<dimension>``), or at the top of the form."""
        for key, messages in _error_items(error):
            if key == "file":
                self.add_error("files", messages)
            elif key in self.fields:
                self.add_error(key, messages)
            elif key.startswith("attendance_") and key.removeprefix("attendance_") in DIMENSIONS:
                self.dimension_errors.setdefault(key.removeprefix("attendance_"), []).extend(messages)
            else:
                self.add_error(None, messages)

    def summary_errors(self) -> list[tuple[str, str, str]]:
        """(anchor id, label, message) for the error summary at the top of the page, in the page's order."""
        items = [("", "", message) for message in self.non_field_errors()]
        for bound in self.main_fields():
            items += [(bound.id_for_label, bound.label, message) for message in bound.errors]
        for fieldset in self.dimension_fieldsets():
            first = fieldset.fields[0].id_for_label
            items += [(first, "", message) for message in fieldset.errors]  # the service's message names it
            for bound in fieldset.fields:
                items += [(bound.id_for_label, f"{fieldset.label}, {bound.label}", message) for message in bound.errors]
        items += [(self["files"].id_for_label, self["files"].label, message) for message in self["files"].errors]
        return items


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Image or PDF file"),
        widget=forms.FileInput(attrs={"accept": ACCEPTED_TYPES}),
        allow_empty_file=True,  # the service refuses empty files
        error_messages={"required": _("Choose a file.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("An image (PNG, JPEG) or a PDF file of at most %(limit)s.") % {
            "limit": _size_limit()
        }
        self.fields["file"].widget.attrs.update(file_input_limits(settings.ATTACHMENT_MAX_BYTES))


def _size_limit() -> str:
    return filesizeformat(settings.ATTACHMENT_MAX_BYTES)


def _error_items(error: ValidationError):
    if hasattr(error, "error_dict"):
        for key, errors in error.error_dict.items():
            yield key, [message for item in errors for message in item]
    else:
        yield "", list(error.messages)
