"""Template helpers of the governance pages."""

from django import template

from ..selectors.elements import element_url, links_of

register = template.Library()


@register.simple_tag
def history_url(obj) -> str:
    """``{% history_url decision %}``: the object's history page."""
    from ..views.common import history_url as url

    return url(obj)


@register.inclusion_tag("governance/_links.html")
def element_links(obj):
    """``{% element_links risk %}``: what ``obj`` concerns, by kind, each element linked to its page. The links
    must be prefetched (``selectors.elements.link_prefetches``) so that spaces the reader may not see are left
    out."""
    return {
        "groups": [
            (kind, [(element, element_url(element)) for element in elements]) for kind, elements in links_of(obj)
        ]
    }
