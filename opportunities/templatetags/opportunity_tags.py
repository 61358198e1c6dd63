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


@register.simple_tag(takes_context=True)
def spaces_carrying(context, tiles, listed: int = 5) -> list:
    """Each target tile with the spaces linked to its target that the reader may see: the first ``listed`` by
    title and how many in all, in two queries for every target: ``{% spaces_carrying tiles as rows %}``, then
    ``{% for tile, spaces, count in rows %}``."""
    rows = selectors.spaces_by_target([tile.target for tile in tiles], context["request"].user, listed=listed)
    return [(tile, spaces, count) for tile, (_target, spaces, count) in zip(tiles, rows, strict=True)]
