"""A formula read aloud: the indicator pages show readers what an indicator is computed from in words and the
variables' names, not in the formula's own syntax (which only those who may edit it see)."""

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .syntax import Ancestor, Average, Chain, Formula, Negate, Number, Previous, Variable

OPERATORS = {"+": "+", "-": "−", "*": "×", "/": "÷"}


def _kind_name(kind: str) -> str:
    return {
        "country": _("the whole country"),
        "region": _("the region"),
        "municipality": _("the municipality"),
        "district": _("the district"),
    }.get(kind, kind)


def in_words(formula: Formula, names: dict[str, str]) -> str:
    """The formula with each variable's name (``names``: code → name in the reader's language; a code without one
    is shown as it is), its operators as × ÷ + −, and its functions as words."""

    def say(node, nested: bool = False) -> str:
        if isinstance(node, Number):
            return number_format(node.value)
        if isinstance(node, Variable):
            return names.get(node.code, node.code)
        if isinstance(node, Negate):
            return f"−{say(node.operand, nested=True)}"
        if isinstance(node, Chain):
            text = " ".join([say(node.first, nested=True), *(f"{OPERATORS[op]} {say(o, True)}" for op, o in node.rest)])
            return f"({text})" if nested else text
        if isinstance(node, Previous):
            return ngettext("%(what)s %(years)s year earlier", "%(what)s %(years)s years earlier", node.years) % {
                "what": say(node.operand, True),
                "years": node.years,
            }
        if isinstance(node, Average):
            return ngettext(
                "the average over %(years)s year of %(what)s",
                "the average over %(years)s years of %(what)s",
                node.years,
            ) % {"years": node.years, "what": say(node.operand, True)}
        if isinstance(node, Ancestor):
            return _("%(what)s in %(where)s") % {"what": say(node.operand, True), "where": _kind_name(node.kind)}
        raise TypeError(f"no words for {type(node).__name__}")

    return say(formula.root)
