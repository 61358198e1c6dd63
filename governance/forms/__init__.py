"""Form helpers shared by every app's views, and the governance forms' common parts (by sub-domain in this
package's modules)."""

from django import forms
from django.core.exceptions import ValidationError

from ..models import LINK_FIELDS
from ..selectors import version_of


class VersionedForm(forms.ModelForm):
    """A model form for a service to save. ``version`` carries the object's history version from when the form was
    opened (``governance.selectors.version_of``), so that a concurrent change is not silently overwritten."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            del self.fields["version"]  # nothing to be concurrent with yet

    def _post_clean(self):
        pass  # the service validates (with the plan, meeting or project known) and reports at the fields

    def data_and_version(self) -> tuple[dict, int | None]:
        """The cleaned values for the service, and the version the form was opened at."""
        data = dict(self.cleaned_data)
        return data, data.pop("version", None)


def show_service_errors(form: forms.BaseForm, error: ValidationError, instance) -> None:
    """After a service refused to save ``instance``: its errors on the form, the stored object shown again (the
    failed save touched the in-memory one), and after a conflict the user's input kept with the newest version,
    so that saving again knowingly replaces the other person's change."""
    add_service_errors(form, error)
    if instance.pk is not None:
        instance.refresh_from_db()
        if getattr(error, "code", None) == "conflict":
            form.data = form.data.copy()
            form.data["version"] = version_of(instance)


def save_form(request, form: "VersionedForm", instance, save, **kwargs) -> bool:
    """On a valid POST, save ``instance`` through the service ``save(**kwargs, data=…, by=…, expected_version=…)``
    and return True; otherwise (a GET, an invalid form, or a refusal, whose errors ``show_service_errors`` puts on
    the form) return False, and the view shows the form again."""
    if request.method != "POST" or not form.is_valid():
        return False
    data, version = form.data_and_version()
    try:
        save(**kwargs, data=data, by=request.user, expected_version=version)
    except ValidationError as error:
        show_service_errors(form, error, instance)
        return False
    return True


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
