"""Template helpers of the governance pages, and what the pages of the apps below show of the partnership (they load
these tags instead of importing the partnership)."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.translation import ngettext

from ..models.risks import SCORE_BANDS
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


@register.simple_tag(takes_context=True)
def heat_map_rows(context, grid, kind: str) -> list[dict]:
    """``{% heat_map_rows grid kind as rows %}``: the rows of ``partnership/_heat_map.html``, impact 5 first, each
    cell with its count, colour band, whether it is the cell marked by ``marked_likelihood`` and ``marked_impact``
    (when the page gives them), the register's address filtered to it and its label for screen readers. Computed
    here rather than in the template: the dashboard renders two maps of 25 cells on every cold request."""
    marked_likelihood, marked_impact = context.get("marked_likelihood"), context.get("marked_impact")
    register_url = reverse("risk_list")
    rows = []
    for row_index, counts in enumerate(grid):
        impact = len(grid) - row_index
        cells = []
        for likelihood, count in enumerate(counts, start=1):
            score = likelihood * impact
            values = {"counter": count, "likelihood": likelihood, "impact": impact}
            cells.append(
                {
                    "count": count,
                    "band": next(band for floor, band in SCORE_BANDS if score >= floor),
                    "current": likelihood == marked_likelihood and impact == marked_impact,
                    "href": f"{register_url}?{urlencode({'kind': kind, 'likelihood': likelihood, 'impact': impact})}",
                    "label": ngettext(
                        "%(counter)s item with likelihood %(likelihood)s and impact %(impact)s",
                        "%(counter)s items with likelihood %(likelihood)s and impact %(impact)s",
                        count,
                    )
                    % values,
                }
            )
        rows.append({"impact": impact, "cells": cells})
    return rows
