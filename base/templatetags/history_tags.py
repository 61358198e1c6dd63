"""Filters of the change history's table (``templates/base/_history_table.html``)."""

from django import template
from django.utils.translation import gettext as _

from ..history import record_page

register = template.Library()


@register.filter
def record_url(record) -> str:
    """The page of the object a change record is about (as its app registered it), or "" if it is gone or has
    none."""
    return record_page(record)


@register.filter
def history_value(value) -> str:
    """A recorded old/new value as text: lists joined, booleans as yes/no, nothing as a dash."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)
