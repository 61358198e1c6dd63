"""The partnership's forms, by sub-domain in this package's modules, and what they share: the links to the
strategy's elements and opportunity spaces."""

from django import forms

from base.forms import ElementChoiceField

from ..models import LINK_FIELDS
from ..selectors.elements import ELEMENT_KINDS, elements_queryset


class ElementLinksMixin:
    """For model forms of governance objects with element links (``partnership.models.LINK_FIELDS``): each link
    field offers the plan's elements of its kind as checkboxes (opportunity spaces only those the user may see).

    Call ``self.limit_links(plan, user)`` in ``__init__`` after ``super().__init__``.
    """

    def limit_links(self, plan, user) -> None:
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
        """The bound link fields, for a template that groups them (``partnership/_links_fieldset.html``)."""
        return [self[name] for name in LINK_FIELDS if name in self.fields and self.fields[name].queryset.exists()]

    def links_open(self) -> bool:
        """Unfold the links when some are chosen or wrong."""
        return any(field.value() or field.errors for field in self.link_fields())

    def plain_fields(self):
        """The visible fields that are not links."""
        return [field for field in self.visible_fields() if field.name not in LINK_FIELDS]
