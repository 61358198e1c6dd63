"""Form helpers shared by every app's views, and the governance forms' common parts (by sub-domain in this
package's modules)."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from ..models import LINK_FIELDS
from ..selectors import version_of

# Shown when an edit arrives without the version its form was opened at (a stale page, a hand-made request):
# without it nobody can tell whether someone else saved in between, so nothing is saved.
MISSING_VERSION = _(
    "The page did not say which version you were editing, so it cannot be checked whether someone else saved in "
    "between. Nothing is saved. Your input is kept below: compare it with the history, then save again."
)


class VersionedForm(forms.ModelForm):
    """A model form for a service to save (``save_form``). Editing an existing object, ``version`` carries its history
    version from when the form was opened (``governance.selectors.version_of``), so that a concurrent change is not
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


class ElementChoiceField(forms.ModelMultipleChoiceField):
    """A choice of strategy elements of one kind, labelled the way the strategy pages number them."""

    def label_from_instance(self, obj) -> str:
        number = getattr(obj, "number", None)
        strategy = getattr(obj, "strategy", None) if hasattr(obj, "strategy_id") else None
        label = f"{number}. {obj}" if number is not None else str(obj)
        return f"{strategy}: {label}" if strategy is not None else label


class ElementLinksMixin:
    """For model forms of governance objects with element links (``governance.models.LINK_FIELDS``): each link
    field offers the plan's elements of its kind as checkboxes (opportunity spaces only those the user may see).

    Call ``self.limit_links(plan, user)`` in ``__init__`` after ``super().__init__``.
    """

    def limit_links(self, plan, user) -> None:
        from ..selectors.elements import ELEMENT_KINDS, elements_queryset

        for kind in ELEMENT_KINDS.values():
            name = kind.link_field
            if name not in self.fields:
                continue
            queryset = elements_queryset(kind, plan, user)
            if kind.key == "move":
                queryset = queryset.select_related("strategy")
            old = self.fields[name]
            self.fields[name] = ElementChoiceField(
                queryset=queryset,
                required=False,
                label=old.label,
                help_text=old.help_text,
                widget=forms.CheckboxSelectMultiple,
            )

    def link_fields(self):
        """The bound link fields, for a template that groups them (``governance/_links_fieldset.html``)."""
        return [self[name] for name in LINK_FIELDS if name in self.fields and self.fields[name].queryset.exists()]

    def links_open(self) -> bool:
        """Unfold the links when some are chosen or wrong."""
        return any(field.value() or field.errors for field in self.link_fields())

    def plain_fields(self):
        """The visible fields that are not links."""
        return [field for field in self.visible_fields() if field.name not in LINK_FIELDS]
