"""The opportunity services: stage transitions, the owner check, the activity log's checks and the index job."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from base.models import ChangeRecord
from opportunities.models import (
    ALLOWED_TRANSITIONS,
    Activity,
    AttendanceCount,
    MeetingPlaceRule,
    MeetingPlaceScore,
    OpportunitySpace,
    Stage,
    StageChange,
)
from opportunities.services import (
    ACTIVITY_DAYS_AHEAD,
    change_stage,
    create_space,
    log_activity,
    recompute_meeting_place_index,
    update_space,
)

pytestmark = pytest.mark.django_db

FORBIDDEN = [
    (current, wanted)
    for current in Stage.values
    for wanted in Stage.values
    if wanted != current and wanted not in ALLOWED_TRANSITIONS[current]
]
ALLOWED = [(current, wanted) for current in Stage.values for wanted in sorted(ALLOWED_TRANSITIONS[current])]


def at_stage(space, stage):
    reason = "Ingen deltagere" if stage == Stage.STOPPED else ""
    OpportunitySpace.objects.filter(pk=space.pk).update(stage=stage, stopped_reason=reason)
    space.refresh_from_db()
    return space


def errors_of(caught) -> dict:
    return {field: [str(m) for m in messages] for field, messages in caught.value.message_dict.items()}


def test_the_forbidden_transitions_are_the_skips_and_everything_out_of_stopped_but_idea():
    assert (Stage.IDEA, Stage.OPERATING) in FORBIDDEN
    assert (Stage.STOPPED, Stage.OPERATING) in FORBIDDEN
    assert (Stage.ANCHORED, Stage.IDEA) in FORBIDDEN
    assert len(FORBIDDEN) == 30 - len(ALLOWED)


@pytest.mark.parametrize(("current", "wanted"), FORBIDDEN)
def test_every_forbidden_transition_is_refused_in_danish_and_nothing_changes(space_a, staff_a, current, wanted):
    space = at_stage(space_a, current)
    changes, records = StageChange.objects.count(), ChangeRecord.objects.count()
    with translation.override("da"):
        with pytest.raises(ValidationError) as caught:
            change_stage(space=space, to_stage=wanted, by=staff_a, reason="fordi")
        labels = str(Stage(current).label), str(Stage(wanted).label)
    message = errors_of(caught)["to_stage"][0]
    assert "kan ikke gå fra" in message
    assert f"«{labels[0]}» til «{labels[1]}»" in message
    space.refresh_from_db()
    assert space.stage == current
    assert (StageChange.objects.count(), ChangeRecord.objects.count()) == (changes, records)


@pytest.mark.parametrize(("current", "wanted"), ALLOWED)
def test_every_allowed_transition_is_recorded_with_its_date(space_a, staff_a, current, wanted):
    space = at_stage(space_a, current)
    change = change_stage(space=space, to_stage=wanted, by=staff_a, reason="Projektet mistede sine lokaler")
    space.refresh_from_db()
    assert space.stage == wanted
    assert space.stage_since == timezone.localdate()
    assert (change.from_stage, change.to_stage, change.by_name) == (current, wanted, "Gitte Testesen")
    assert space.stopped_reason == ("Projektet mistede sine lokaler" if wanted == Stage.STOPPED else "")


def test_stopping_a_space_requires_a_reason(space_a, staff_a):
    with translation.override("da"), pytest.raises(ValidationError) as caught:
        change_stage(space=space_a, to_stage=Stage.STOPPED, by=staff_a, reason="   ")
    assert "hvorfor" in errors_of(caught)["reason"][0]
    space_a.refresh_from_db()
    assert space_a.stage == Stage.IDEA


def test_a_stage_change_cannot_be_dated_in_the_future_or_before_the_current_stage(space_a, staff_a):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as caught:
        change_stage(space=space_a, to_stage=Stage.CLARIFICATION, by=staff_a, on=tomorrow)
    assert "on" in caught.value.message_dict
    with pytest.raises(ValidationError):
        change_stage(space=space_a, to_stage=Stage.CLARIFICATION, by=staff_a, on=space_a.stage_since.replace(year=2000))
    space_a.refresh_from_db()
    assert space_a.stage == Stage.IDEA


def test_staff_cannot_create_a_space_for_another_organisation(plan, organisations, staff_a):
    with pytest.raises(ValidationError) as caught:
        create_space(plan=plan, data={"title": "X", "kind": "social", "organisation": organisations["dab"]}, by=staff_a)
    assert "organisation" in caught.value.message_dict
    assert not OpportunitySpace.objects.filter(title="X").exists()


def test_staff_cannot_hand_their_space_over_to_another_organisation(space_a, organisations, staff_a):
    with pytest.raises(ValidationError):
        update_space(space=space_a, data={"organisation": organisations["dab"]}, by=staff_a)
    space_a.refresh_from_db()
    assert space_a.organisation == organisations["gab"]


def test_a_space_cannot_link_to_another_plans_objects(plan, other_plan, organisations, planner):
    foreign = list(other_plan.principles.all()[:1])
    with pytest.raises(ValidationError) as caught:
        create_space(
            plan=plan,
            data={"title": "Y", "kind": "social", "organisation": organisations["gab"], "principles": foreign},
            by=planner,
        )
    assert "principles" in caught.value.message_dict
    assert not OpportunitySpace.objects.filter(title="Y").exists()


def test_coordinates_come_in_pairs(plan, organisations, planner):
    with pytest.raises(ValidationError) as caught:
        create_space(
            plan=plan,
            data={"title": "Z", "kind": "physical", "organisation": organisations["gab"], "latitude": 55.77},
            by=planner,
        )
    assert "latitude" in caught.value.message_dict


def activity(space, by, *, on=None, participants=20, attendance=None):
    return log_activity(
        space=space,
        data={"on": on or timezone.localdate(), "title": "Fællesspisning", "participants": participants},
        attendance=attendance if attendance is not None else {"gender": {"women": 10, "men": 10}},
        by=by,
    )


@pytest.mark.parametrize(
    ("attendance", "participants", "field"),
    [
        ({"gender": {"women": -1}}, 20, "attendance_gender"),
        ({"age": {"18_29": 5001}}, 5000, "attendance_age"),
        ({"age": {"18_29": "12"}}, 20, "attendance_age"),
        ({"gender": {"women": 15, "men": 10}}, 20, "attendance_gender"),
        ({"gender": {"nobody": 1}}, 20, "attendance"),
        ({"shoe_size": {"42": 1}}, 20, "attendance"),
        ({}, 5001, "participants"),
    ],
)
def test_bad_counts_are_refused_and_nothing_is_stored(space_a, staff_a, attendance, participants, field):
    with pytest.raises(ValidationError) as caught:
        activity(space_a, staff_a, participants=participants, attendance=attendance)
    assert field in caught.value.message_dict
    assert Activity.objects.count() == AttendanceCount.objects.count() == 0


def test_an_activity_dated_beyond_the_limit_is_refused(space_a, staff_a):
    too_late = timezone.localdate() + datetime.timedelta(days=ACTIVITY_DAYS_AHEAD + 1)
    with translation.override("da"), pytest.raises(ValidationError) as caught:
        activity(space_a, staff_a, on=too_late)
    assert "langt ude i fremtiden" in errors_of(caught)["on"][0]
    assert not Activity.objects.exists()
    activity(space_a, staff_a, on=timezone.localdate() + datetime.timedelta(days=ACTIVITY_DAYS_AHEAD))
    assert Activity.objects.count() == 1


def test_logging_an_activity_keeps_only_counts_records_history_and_touches_the_space(space_a, staff_a):
    OpportunitySpace.objects.filter(pk=space_a.pk).update(updated_at=timezone.now() - datetime.timedelta(weeks=10))
    logged = activity(space_a, staff_a, attendance={"gender": {"women": 12, "men": 8, "other": 0}})
    assert sorted(logged.attendance.values_list("dimension", "group", "count")) == [
        ("gender", "men", 8),
        ("gender", "women", 12),
    ]
    space_a.refresh_from_db()
    assert timezone.now() - space_a.updated_at < datetime.timedelta(minutes=1)
    record = ChangeRecord.objects.filter(object_id=logged.pk, action="create").latest("id")
    assert record.actor == staff_a


def test_the_index_job_scores_each_month_and_gives_the_same_rows_when_run_twice(space_a, staff_a):
    today = timezone.localdate()
    for months_ago in range(0, 6):
        activity(
            space_a,
            staff_a,
            on=today - datetime.timedelta(days=30 * months_ago),
            attendance={
                "gender": {"women": 10, "men": 10},
                "age": {"0_12": 4, "13_17": 4, "18_29": 3, "30_49": 3, "50_64": 3, "65_plus": 3},
                "residence": {"estate": 10, "neighbourhood": 10},
            },
        )
    first = recompute_meeting_place_index()
    rows = list(MeetingPlaceScore.objects.order_by("month_end").values())
    second = recompute_meeting_place_index()
    again = list(MeetingPlaceScore.objects.order_by("month_end").values())
    strip = [{k: v for k, v in row.items() if k not in ("id", "computed_at")} for row in rows]
    assert first == second and strip == [
        {k: v for k, v in row.items() if k not in ("id", "computed_at")} for row in again
    ]
    latest = rows[-1]
    assert latest["attendance"] == 120 and latest["activities"] == 6
    assert latest["dimensions"]["gender"] == "1.000" and latest["dimensions"]["residence"] == "0.500"
    assert latest["dimensions"]["culture"] is None
    # 120 people, but only gender and age reach 0.6 (residence is 0.5): not a meeting place under the default rule.
    assert latest["qualifies"] is False
    MeetingPlaceRule.objects.update(dimensions_needed=2)
    recompute_meeting_place_index()
    assert MeetingPlaceScore.objects.order_by("-month_end").first().qualifies is True


def test_the_window_leaves_out_activities_older_than_twelve_months(space_a, staff_a):
    today = timezone.localdate()
    activity(
        space_a, staff_a, on=today - datetime.timedelta(days=400), participants=30, attendance={"gender": {"women": 30}}
    )
    activity(space_a, staff_a, on=today, participants=10, attendance={"gender": {"women": 5, "men": 5}})
    recompute_meeting_place_index()
    latest = MeetingPlaceScore.objects.order_by("-month_end").first()
    assert (latest.attendance, latest.dimensions["gender"]) == (10, "1.000")
