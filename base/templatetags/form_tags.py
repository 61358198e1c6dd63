"""Filters of the form markup (``templates/includes/field.html``)."""

from django import template

register = template.Library()


@register.filter
def widget_data(field) -> dict:
    """The bound field's (first) widget's data (type, value, attributes), or nothing for a list of choices that has
    none to offer."""
    subwidgets = field.subwidgets
    return subwidgets[0].data if subwidgets else {}


@register.filter
def field_anchor(field) -> str:
    """The id an error summary links to for ``field``: its control's, or its first option's in a list of choices."""
    if field.id_for_label:
        return field.id_for_label
    subwidgets = field.subwidgets
    return (subwidgets[0].id_for_label if subwidgets else "") or field.auto_id
