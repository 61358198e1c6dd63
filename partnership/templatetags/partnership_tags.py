"""Template helpers of the governance pages, and what the pages of the apps below show of the partnership (they load
these tags instead of importing the partnership)."""

from django import template

from ..selectors.elements import element_url, links_of
from ..selectors.elements import governance_concerning as concerning_of
from ..views.common import history_url as history_page

register = template.Library()


@register.simple_tag
def history_url(obj) -> str:
    """``{% history_url decision %}``: the object's history page."""
    return history_page(obj)


@register.inclusion_tag("partnership/_links.html")
def element_links(obj):
    """``{% element_links risk %}``: what ``obj`` concerns, by kind, each element linked to its page. The links
    must be prefetched (``selectors.elements.link_prefetches``) so that spaces the reader may not see are left
    out."""
    return {
        "groups": [
            (kind, [(element, element_url(element)) for element in elements]) for kind, elements in links_of(obj)
        ]
    }


@register.simple_tag
def governance_concerning(element) -> dict:
    """``{% governance_concerning element as concerning %}``: the decisions, open obstacles and potentials and the
    projects that concern a strategy element or an opportunity space (``selectors.elements.governance_concerning``),
    for ``partnership/_concerning.html``; empty when nothing does."""
    return concerning_of(element)
