"""Pages read a fixed number of rows sets: their query counts do not grow with the strategy."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from opportunities.models import MeetingPlaceScore
from opportunities.services import create_space
from tests.conftest import client_for, what_every_request_reads
from tests.factories import build_plan

pytestmark = pytest.mark.django_db

PAGES = ["", "vision/", "targets/", "principles/", "strategies/", "main-move/", "history/"]


def _query_counts(client, slug: str) -> dict[str, int]:
    counts = {}
    for page in PAGES:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/plans/{slug}/{page}")
        assert response.status_code == 200
        counts[page] = len(queries)
    return counts


def _spaces(plan, organisation, count: int) -> None:
    """``count`` opportunity spaces in ``plan``, every other one a social meeting place by its latest score."""
    for n in range(count):
        space = create_space(
            plan=plan, data={"title": f"Rum {n}", "kind": "social", "organisation": organisation}, by=None
        )
        MeetingPlaceScore.objects.create(
            space=space,
            month_end=datetime.date(2026, 11, 30),
            attendance=40,
            activities=4,
            index=Decimal("0.5"),
            qualifies=bool(n % 2),
        )


def test_the_overview_runs_the_same_queries_with_5_and_with_50_principles_moves_targets_and_spaces(
    steering_member, organisations
):
    small = build_plan(slug="lille", targets=5, principles=5, moves_per_strategy=5)
    large = build_plan(slug="stor", targets=50, principles=50, moves_per_strategy=50)
    _spaces(small, organisations["gab"], 2)
    _spaces(large, organisations["gab"], 30)
    client = client_for(steering_member)
    small_counts = _query_counts(client, small.slug)
    large_counts = _query_counts(client, large.slug)
    assert large_counts == small_counts
    # Pinned, so that a new query on the overview is a deliberate change: its own, and those of every request.
    assert small_counts[""] == 10 + len(what_every_request_reads())


@pytest.mark.parametrize(
    ("prefix", "pick"),
    [
        ("strategies", lambda plan: plan.strategies.get(kind="physical")),
        ("targets", lambda plan: plan.targets.get(number=1)),
        ("principles", lambda plan: plan.principles.get(number=1)),
        ("moves", lambda plan: plan.main_move.moves.order_by("pk").first()),
        ("main-moves", lambda plan: plan.main_move),
        ("visions", lambda plan: plan.visions.get()),
    ],
)
@pytest.mark.parametrize("suffix", ["", "history/", "edit/"])
def test_an_objects_pages_run_the_same_queries_whatever_its_links(planner, prefix, pick, suffix):
    small = build_plan(slug="lille", targets=2, principles=2, moves_per_strategy=2)
    large = build_plan(slug="stor", targets=20, principles=20, moves_per_strategy=20)
    client = client_for(planner)
    counts = []
    for plan in (small, large):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/{prefix}/{pick(plan).pk}/{suffix}").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
