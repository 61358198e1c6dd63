"""What the strategy's pages show of the opportunity spaces. The strategy app sits below this one and does not
import it: its templates load these tags instead."""

from django import template

from .. import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def opportunity_summary(context, plan) -> dict:
    """The plan's spaces by stage and its social meeting places, as the reader may see them
    (``selectors.plan_summary``): ``{% opportunity_summary plan as spaces %}``."""
    return selectors.plan_summary(plan, context["request"].user)
