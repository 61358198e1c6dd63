from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

register = template.Library()

# content type model name → URL name prefix of the object's pages
_URL_PREFIX = {
    "vision": "vision",
    "target": "target",
    "principle": "principle",
    "strategy": "strategy",
    "move": "move",
    "mainmove": "main_move",
    "openingmove": "opening_move",
}


@register.filter
def object_url(obj, action: str = "detail") -> str:
    """The URL of a strategy object's page (``{{ target|object_url }}``, ``{{ move|object_url:"edit" }}``)."""
    prefix = _URL_PREFIX.get(obj._meta.model_name)
    try:
        return reverse(f"{prefix}_{action}", args=[obj.pk]) if prefix else ""
    except NoReverseMatch:
        return ""


_CATEGORY_LABELS = {
    "udsat_boligomraade": gettext_lazy("Vulnerable housing area"),
    "ghettoomraade": gettext_lazy("Ghetto area"),
    "haardt_ghettoomraade": gettext_lazy("Hard ghetto area"),
    "parallelsamfund": gettext_lazy("Parallel society"),
    "omdannelsesomraade": gettext_lazy("Transformation area"),
    "forebyggelsesomraade": gettext_lazy("Prevention area"),
}


@register.filter
def category_label(code: str) -> str:
    """The law's name of a category code (udsat_boligomraade → "Udsat boligområde")."""
    return str(_CATEGORY_LABELS.get(code, code))


@register.filter
def verdict(met) -> str:
    """A criterion's verdict: met, not met, or unknown (missing data is never "not met")."""
    if met is None:
        return _("Unknown")
    return _("Met") if met else _("Not met")


@register.filter
def decimal_text(value, places: int = 1):
    """A value with the given decimals in the reader's locale, or a dash when unknown."""
    from django.template.defaultfilters import floatformat

    return "—" if value is None else floatformat(value, places)


@register.filter
def comparison_symbol(comparison: str) -> str:
    """A criterion's comparison with its threshold as a sign: "gt" ">", "gte" "≥", "lt" "<"."""
    return {"gt": ">", "gte": "≥", "lt": "<"}.get(comparison, comparison)
