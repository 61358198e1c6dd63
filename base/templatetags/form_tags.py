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


# Query parameters that choose the page or the representation, not the rows: an export leaves them out.
_NOT_FILTERS = ("page", "page_size", "format")


@register.simple_tag(takes_context=True)
def export_query(context) -> str:
    """The page's filters as a query string for the same list in the API (the pages and the API share their
    FilterSets), starting with "&", or "" when none is set."""
    request = context.get("request")
    if request is None:
        return ""
    query = request.GET.copy()
    for name in _NOT_FILTERS:
        query.pop(name, None)
    encoded = query.urlencode()
    return f"&{encoded}" if encoded else ""
