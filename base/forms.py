"""The forms' shared machinery: one versioned form, one way to save it through a service (``save_form``), and the
choice field the strategy's elements are offered in."""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from .history import version_of

# Shown when an edit arrives without the version its form was opened at (a stale page, a hand-made request):
# without it nobody can tell whether someone else saved in between, so nothing is saved.
MISSING_VERSION = _(
    "The page did not say which version you were editing, so it cannot be checked whether someone else saved in "
    "between. Nothing is saved. Your input is kept below: compare it with the history, then save again."
)


class VersionedForm(forms.ModelForm):
    """A model form for a service to save (``save_form``). Editing an existing object, ``version`` carries its history
    version from when the form was opened (``base.history.version_of``), so that a concurrent change is not
    silently overwritten; a save without it is refused, the input kept."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            del self.fields["version"]  # nothing to be concurrent with yet
        elif "version" not in self.initial:
            self.initial["version"] = version_of(self.instance)

    def clean(self):
        cleaned = super().clean()
        if "version" in self.fields and cleaned.get("version") is None:
            self.errors.pop("version", None)  # a hidden field: say it once, at the top of the form
            raise ValidationError(MISSING_VERSION, code="version_missing")
        return cleaned

    def _post_clean(self):
        pass  # the service validates (with the plan, meeting or project known) and reports at the fields

    def service_data(self) -> dict:
        """The cleaned values the service takes (all but the version)."""
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}

    def expected_version(self) -> int | None:
        return self.cleaned_data.get("version")

    def apply_service_error(self, error: ValidationError) -> None:
        """Put a service's refusal on the form (a form with fields the service names otherwise overrides this)."""
        add_service_errors(self, error)

    def keep_input(self) -> None:
        """Keep the user's input and give it the stored object's newest version, so that saving again knowingly
        replaces the other person's change (after a conflict, or after a save without a version)."""
        self.data = self.data.copy()
        self.data["version"] = version_of(self.instance)


def posted(request, *, files: bool = False):
    """A form's data: the POST on a POST (also an empty one, which then fails validation with a message), None on a
    GET (``request.POST or None`` would show an empty POST an untouched form and say nothing). With ``files``:
    (data, files), to unpack into a form that takes uploads."""
    data = request.POST if request.method == "POST" else None
    if files:
        return data, (request.FILES if data is not None else None)
    return data


def save_form(request, form: VersionedForm, save, **kwargs):
    """The one way an edit page saves: on a valid POST, ``save(**kwargs, data=…, by=…[, expected_version=…])`` (the
    service) and return what it returns; otherwise (a GET, an invalid form, a refusal) return None, and the view shows
    the form again with the errors, the input kept. A refused edit shows the stored object again (the failed save
    touched the one in memory); after a concurrent change or without a version the input keeps the newest version."""
    if request.method != "POST":
        return None
    if not form.is_valid():
        if form.has_error(NON_FIELD_ERRORS, "version_missing"):
            form.keep_input()
        return None
    if "version" in form.fields:
        kwargs["expected_version"] = form.expected_version()
    try:
        return save(**kwargs, data=form.service_data(), by=request.user)
    except ValidationError as error:
        form.apply_service_error(error)
        if form.instance.pk is not None:
            form.instance.refresh_from_db()
            if getattr(error, "code", None) == "conflict":
                form.keep_input()
        return None


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's ``ValidationError`` on ``form``: each message at its field where the form has that field,
    otherwise at the top of the form (non-field errors)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def numbered(obj) -> str:
    """An element with its number as the strategy's pages show it ("3. Title"), or just its name."""
    number = getattr(obj, "number", None)
    return f"{number}. {obj}" if number is not None else str(obj)


def element_label(obj) -> str:
    """A strategy element as the strategy's pages number it: "3. Title", a move with its strategy ("Den sociale
    strategi: 1. Mangfoldige (by)rum"; select the strategy with the moves)."""
    label = numbered(obj)
    strategy = getattr(obj, "strategy", None) if hasattr(obj, "strategy_id") else None
    return f"{strategy}: {label}" if strategy is not None else label


class ElementChoiceField(forms.ModelMultipleChoiceField):
    """A choice of strategy elements of one kind, labelled as the strategy's pages number them."""

    def label_from_instance(self, obj) -> str:
        return element_label(obj)


class ApiTokenForm(forms.Form):
    """Make an API key: its name, how long it lasts, and whether it may only read."""

    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the key is for, so you can tell your keys apart, e.g. “Power BI, indicators”."),
    )
    expires_in_days = forms.IntegerField(
        label=_("Expires after (days)"),
        required=False,
        min_value=1,
        max_value=730,
        help_text=_("Leave empty for a key that lasts until you revoke it."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    read_only = forms.BooleanField(
        label=_("Read only"),
        required=False,
        initial=True,
        help_text=_("A read-only key can fetch data but never change anything."),
    )


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """Django's form (the current password, then the new one twice, checked by ``AUTH_PASSWORD_VALIDATORS``), with
    the validators' advice as one line of text: the design system's hint is a paragraph, not a list."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = escape(" ".join(password_validation.password_validators_help_texts()))
