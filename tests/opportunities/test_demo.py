"""The demo's opportunity spaces, activity logs, needs and offers: examples that say so, loaded the same way twice."""

import datetime
import itertools
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.db.models import Max, Sum
from django.test import override_settings

from base.models import CollaborationModel, User
from opportunities.demo import SPACES
from opportunities.models import (
    ALLOWED_TRANSITIONS,
    Activity,
    AttendanceCount,
    MeetingPlaceScore,
    NeedOrOffer,
    OpportunitySpace,
    Stage,
    StageChange,
)
from opportunities.selectors import stale_condition, suggested_matches

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 16)
SOURCE_TITLES = ["Iværksættermiljø i Værebro Park", "Nordisk mytologi i Værebro Park"]


NOW = "2026-03-16 10:15:00+01:00"


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for this module on ``NOW`` (loading takes seconds), inside a transaction rolled back at
    the end. Each test runs in a savepoint on top of it, so what a test changes (or loads again) is undone after it."""
    with (
        django_db_blocker.unblock(),
        time_machine.travel(NOW, tick=False),
        override_settings(DEBUG=True),
        transaction.atomic(),
    ):
        yield load_demo()
        transaction.set_rollback(True)


@pytest.fixture
def frozen(demo, settings):
    settings.DEBUG = True  # loading the demo again needs it
    with time_machine.travel(NOW, tick=False):
        yield


def counts() -> dict[str, int]:
    return {
        "spaces": OpportunitySpace.objects.count(),
        "stage changes": StageChange.objects.count(),
        "activities": Activity.objects.count(),
        "attendance": AttendanceCount.objects.count(),
        "needs and offers": NeedOrOffer.objects.count(),
        "scores": MeetingPlaceScore.objects.count(),
        "collaboration models": CollaborationModel.objects.count(),
    }


def latest_scores() -> dict[str, MeetingPlaceScore]:
    last = MeetingPlaceScore.objects.aggregate(last=Max("month_end"))["last"]
    return {
        score.space.title: score for score in MeetingPlaceScore.objects.filter(month_end=last).select_related("space")
    }


def test_loading_the_demo_twice_gives_identical_counts_of_spaces_activities_needs_and_scores(demo, frozen):
    text = demo
    first = counts()
    load_demo()
    assert counts() == first
    assert first["spaces"] == len(SPACES) >= 14
    assert first["activities"] > 100
    assert 6 <= first["needs and offers"] <= 10
    assert first["scores"] > 0
    assert first["collaboration models"] == 4
    assert f"{first['spaces']} spaces" in text


def test_loading_the_demo_again_weeks_later_logs_no_activity_twice(demo, settings):
    settings.DEBUG = True
    activities = Activity.objects.count()
    with time_machine.travel("2026-05-04 09:00:00+02:00", tick=False):
        load_demo()
    assert Activity.objects.count() == activities


def test_every_demo_space_and_need_or_offer_is_an_example_and_says_so(frozen):
    for space in OpportunitySpace.objects.all():
        assert space.is_example
        assert "Eksempeldata:" in space.description
    for item in NeedOrOffer.objects.all():
        assert item.is_example
        assert "Eksempeldata:" in item.description
    for activity in Activity.objects.all():
        assert "Eksempeldata:" in activity.note
    for model in CollaborationModel.objects.all():
        assert "(eksempel)" in model.name
        assert "Eksempelformulering" in model.description


def test_the_two_spaces_the_presentation_names_are_there(frozen):
    titles = set(OpportunitySpace.objects.values_list("title", flat=True))
    assert set(SOURCE_TITLES) <= titles
    assert "Novo Nordisk" in OpportunitySpace.objects.get(title=SOURCE_TITLES[0]).description
    assert "TV 2 Lorry" in OpportunitySpace.objects.get(title=SOURCE_TITLES[1]).description


def test_some_spaces_qualify_as_social_meeting_places_and_some_do_not(frozen):
    scores = latest_scores()
    assert any(score.qualifies for score in scores.values())
    assert any(not score.qualifies and score.attendance >= 50 for score in scores.values())
    # One qualifies on the required dimensions alone: culture and occupation were not recorded.
    assert any(
        score.qualifies and score.dimensions["culture"] is None and score.dimensions["occupation"] is None
        for score in scores.values()
    )


def test_some_spaces_are_stale_and_most_are_not(frozen):
    stale = OpportunitySpace.objects.filter(stale_condition()).count()
    assert 1 <= stale < OpportunitySpace.objects.count() / 2


def test_one_space_is_stopped_with_a_reason_and_every_stage_is_used(frozen):
    stopped = OpportunitySpace.objects.filter(stage=Stage.STOPPED)
    assert stopped.exists()
    assert all(space.stopped_reason.startswith("Eksempeldata:") for space in stopped)
    assert set(OpportunitySpace.objects.values_list("stage", flat=True)) == set(Stage.values)


def test_every_stage_history_follows_the_allowed_transitions_in_date_order_and_not_in_the_future(frozen):
    for space in OpportunitySpace.objects.prefetch_related("stage_changes"):
        changes = sorted(space.stage_changes.all(), key=lambda change: change.id)  # in the order recorded
        assert changes[0].from_stage == "" and changes[0].to_stage == Stage.IDEA
        for before, after in itertools.pairwise(changes):
            assert after.from_stage == before.to_stage
            assert after.to_stage in ALLOWED_TRANSITIONS[after.from_stage]
            assert before.on <= after.on
        assert changes[-1].to_stage == space.stage
        assert changes[-1].on == space.stage_since <= TODAY


def test_activities_lie_in_the_two_years_before_today(frozen):
    dates = Activity.objects.values_list("on", flat=True)
    assert min(dates) >= TODAY - datetime.timedelta(days=731)
    assert max(dates) < TODAY


def test_no_dimension_counts_more_people_than_came(frozen):
    participants = dict(Activity.objects.values_list("pk", "participants"))
    totals = AttendanceCount.objects.values("activity_id", "dimension").annotate(total=Sum("count"))
    assert totals
    for row in totals:
        assert row["total"] <= participants[row["activity_id"]], row


def test_the_matcher_suggests_at_least_two_demo_matches(frozen):
    matches = suggested_matches(User.objects.get(username="planlaegger"))
    assert len(matches) >= 2
    for need, offer in matches:
        assert need.category == offer.category
        assert need.organisation_id != offer.organisation_id


def test_some_spaces_are_on_the_map_within_a_kilometre_of_vaerebro_park(frozen):
    placed = OpportunitySpace.objects.filter(latitude__isnull=False)
    assert placed.count() >= 5
    for space in placed:
        # ~0.009° latitude and ~0.016° longitude are a kilometre here.
        assert abs(float(space.latitude) - 55.77) < 0.009
        assert abs(float(space.longitude) - 12.45) < 0.016
