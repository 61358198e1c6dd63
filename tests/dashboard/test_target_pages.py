"""The targets' own pages show what the dashboard shows of them (the same tile): each indicator's latest value, target
value, sparkline and status as text, and what carries the target: its moves, their perspectives and the spaces the
reader may see."""

import pytest

from opportunities.models import OpportunitySpace
from strategy.models import StrategyPlan
from strategy.selectors.targets import target_tiles
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

STATUS_TEXT = {"on_track": "På rette spor", "at_risk": "I risiko", "off_track": "Ikke på rette spor"}


def _sections(page: str, tiles) -> dict[int, str]:
    """Each target's part of the page: from its heading to the next target's."""
    starts = [page.index(f'id="target-{tile.target.pk}"') for tile in tiles]
    ends = [*starts[1:], page.index("</main>")]
    return {tile.target.pk: page[start:end] for tile, start, end in zip(tiles, starts, ends, strict=True)}


def test_the_targets_list_shows_every_targets_status_text_and_its_indicators(demo):
    plan = StrategyPlan.objects.get()
    tiles = target_tiles(plan)
    assert len(tiles) == 4 and all(tile.indicators for tile in tiles)
    page = client_for(demo["styregruppe"]).get(f"/plans/{plan.slug}/targets/").content.decode()
    for tile in tiles:
        section = _sections(page, tiles)[tile.target.pk]
        assert STATUS_TEXT[tile.status] in section, tile.target
        for item in tile.indicators:
            assert item.definition.name_da in section
            assert STATUS_TEXT.get(item.status, "Ingen data") in section
            assert '<svg class="sparkline"' in section or item.spark is None
    assert "Syntetiske eksempeltal" in page  # the demo's figures say they are examples


def test_a_target_page_shows_its_indicators_moves_perspectives_and_the_readers_spaces(demo):
    plan = StrategyPlan.objects.get()
    target = plan.targets.filter(opportunity_spaces__isnull=False).order_by("number").first()
    linked = OpportunitySpace.objects.filter(targets=target)
    organisations = set(linked.values_list("organisation", flat=True))
    assert len(organisations) > 1, "the demo links spaces of more than one organisation to this target"
    tile = target_tiles(plan, targets=plan.targets.filter(pk=target.pk))[0]

    page = client_for(demo["planlaegger"]).get(f"/targets/{target.pk}/").content.decode()
    assert STATUS_TEXT[tile.status] in page
    for item in tile.indicators:
        assert item.definition.name_da in page
    for move in target.moves.all():
        assert move.title in page
    for perspective in {p for move in target.moves.all() for p in move.perspectives.all()}:
        assert str(perspective.get_code_display()) in page
    for space in linked.order_by("title")[:10]:
        assert f'<a href="/spaces/{space.pk}/">{space.title}</a>' in page
    assert f'href="/spaces/?target={target.pk}"' in page

    staff = demo["gab"]
    own = set(staff.memberships.values_list("organisation_id", flat=True))
    staff_page = client_for(staff).get(f"/targets/{target.pk}/").content.decode()
    for space in linked:
        assert (f'<a href="/spaces/{space.pk}/">' in staff_page) == (space.organisation_id in own), space
