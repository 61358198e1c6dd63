"""The services behind the risk register and the recommendations: review marking (and the "not reviewed in 3
months" rule), no review dates in the future, "done" only with evidence, and history on every write."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils import timezone

from base.history import version_of
from base.models import ChangeRecord
from partnership.models import ProgressNote, Recommendation, Risk
from partnership.models.risks import REVIEW_INTERVAL
from partnership.selectors.records import heat_map, risks_due_for_review
from partnership.services import (
    add_progress_note,
    delete_progress_note,
    mark_risk_reviewed,
    save_recommendation,
    save_risk,
)

pytestmark = pytest.mark.django_db

FROZEN = "2026-03-12 10:00:00+01:00"
TODAY = datetime.date(2026, 3, 12)


def history(obj) -> list[ChangeRecord]:
    content_type = ContentType.objects.get_for_model(obj)
    return list(ChangeRecord.objects.filter(content_type=content_type, object_id=obj.pk).order_by("id"))


def new_risk(plan, by, **data) -> Risk:
    values = {"kind": "obstacle", "title": "Kompleksiteten er høj", "likelihood": 4, "impact": 4, **data}
    return save_risk(risk=Risk(plan=plan), data=values, by=by)


def new_recommendation(plan, by, number=1, **data) -> Recommendation:
    values = {"number": number, "title": "Tid til modning og relationsopbygning", **data}
    return save_recommendation(recommendation=Recommendation(plan=plan), data=values, by=by)


def note(recommendation, by, text="Styregruppen drøftede anbefalingen.", **data) -> ProgressNote:
    return add_progress_note(
        recommendation=recommendation, data={"noted_on": timezone.localdate(), "text": text, **data}, by=by
    )


# --- Risks and potentials ---------------------------------------------------------------------------------------


def test_a_new_risk_counts_as_reviewed_today_and_its_creation_is_in_the_history(plan, planner, time_machine):
    time_machine.move_to(FROZEN, tick=False)
    risk = new_risk(plan, planner)

    risk.refresh_from_db()
    assert risk.reviewed_on == TODAY
    assert not risk.needs_review
    [record] = history(risk)
    assert (record.action, record.actor) == ("create", planner)
    changed = {change["field"]: change["new"] for change in record.changes}
    assert changed["title"] == "Kompleksiteten er høj"
    assert changed["reviewed_on"] == "2026-03-12"


def test_marking_a_risk_reviewed_sets_today_and_records_who_did_it(plan, planner, administrator, time_machine):
    time_machine.move_to(FROZEN, tick=False)
    risk = new_risk(plan, planner, reviewed_on=datetime.date(2025, 10, 1))
    assert risk.needs_review

    mark_risk_reviewed(risk=risk, by=administrator)

    risk.refresh_from_db()
    assert risk.reviewed_on == TODAY
    assert not risk.needs_review
    record = history(risk)[-1]
    assert (record.action, record.actor) == ("update", administrator)
    assert record.changes == [{"field": "reviewed_on", "old": "2025-10-01", "new": "2026-03-12"}]


def test_a_risk_changed_since_the_version_the_reviewer_saw_is_not_marked_reviewed(plan, planner, administrator):
    risk = new_risk(plan, planner, reviewed_on=datetime.date(2025, 10, 1))
    seen = version_of(risk)
    save_risk(risk=risk, data={"likelihood": 5}, by=administrator)

    with pytest.raises(ValidationError) as refused:
        mark_risk_reviewed(risk=risk, by=planner, expected_version=seen)

    assert refused.value.code == "conflict"
    risk.refresh_from_db()
    assert risk.reviewed_on == datetime.date(2025, 10, 1)
    mark_risk_reviewed(risk=risk, by=planner, expected_version=version_of(risk))
    risk.refresh_from_db()
    assert risk.reviewed_on == timezone.localdate()


def test_a_review_date_in_the_future_is_refused_when_saving_and_when_marking(plan, planner, time_machine):
    time_machine.move_to(FROZEN, tick=False)
    risk = new_risk(plan, planner, reviewed_on=datetime.date(2026, 1, 5))
    before = len(history(risk))
    tomorrow = TODAY + datetime.timedelta(days=1)

    with pytest.raises(ValidationError) as saving:
        save_risk(risk=risk, data={"reviewed_on": tomorrow}, by=planner)
    with pytest.raises(ValidationError) as marking:
        mark_risk_reviewed(risk=risk, by=planner, on=tomorrow)

    assert saving.value.message_dict == {"reviewed_on": ["Datoen for gennemgang kan ikke ligge i fremtiden."]}
    assert marking.value.message_dict == {"reviewed_on": ["Datoen for gennemgang kan ikke ligge i fremtiden."]}
    risk.refresh_from_db()
    assert risk.reviewed_on == datetime.date(2026, 1, 5)
    assert len(history(risk)) == before


def test_an_item_is_due_for_review_after_three_months_unless_it_is_closed(plan, planner, time_machine):
    time_machine.move_to(FROZEN, tick=False)
    last_due_day = TODAY - REVIEW_INTERVAL
    fresh = new_risk(plan, planner, title="Gennemgået for nylig", reviewed_on=last_due_day)
    stale = new_risk(plan, planner, title="For længe siden", reviewed_on=last_due_day - datetime.timedelta(days=1))
    never = new_risk(plan, planner, title="Aldrig gennemgået")
    Risk.objects.filter(pk=never.pk).update(reviewed_on=None)  # as imported data without a review date
    never.refresh_from_db()
    closed = new_risk(plan, planner, title="Lukket", status="closed", reviewed_on=datetime.date(2024, 1, 1))

    assert [r.needs_review for r in (fresh, stale, never, closed)] == [False, True, True, False]
    assert set(risks_due_for_review(Risk.objects.all())) == {stale, never}


def test_scores_outside_one_to_five_are_refused(plan, planner):
    with pytest.raises(ValidationError) as refused:
        new_risk(plan, planner, likelihood=6, impact=0)
    assert set(refused.value.message_dict) == {"likelihood", "impact"}
    assert Risk.objects.count() == 0


def test_the_heat_map_counts_each_kind_in_its_likelihood_and_impact_cell(plan, planner):
    new_risk(plan, planner, title="A", likelihood=4, impact=5)
    new_risk(plan, planner, title="B", likelihood=4, impact=5)
    new_risk(plan, planner, title="C", kind="potential", likelihood=1, impact=2)

    grids = heat_map(Risk.objects.all())

    assert grids["obstacle"][0][3] == 2  # impact 5 is the top row, likelihood 4 the fourth column
    assert grids["potential"][3][0] == 1  # impact 2, likelihood 1
    assert sum(map(sum, grids["obstacle"])) == 2
    assert sum(map(sum, grids["potential"])) == 1


# --- Recommendations and evidence of progress -------------------------------------------------------------------


def test_a_recommendation_cannot_be_marked_done_without_evidence(plan, planner):
    recommendation = new_recommendation(plan, planner)
    before = len(history(recommendation))

    with pytest.raises(ValidationError) as refused:
        save_recommendation(recommendation=recommendation, data={"status": "done"}, by=planner)

    assert refused.value.message_dict == {
        "status": [
            "En anbefaling markeres kun som gennemført med dokumentation: tilføj først en note om fremdrift, der "
            "viser det."
        ]
    }
    recommendation.refresh_from_db()
    assert recommendation.status == "not_started"
    assert len(history(recommendation)) == before


def test_a_new_recommendation_cannot_start_as_done(plan, planner):
    with pytest.raises(ValidationError) as refused:
        new_recommendation(plan, planner, status="done")
    assert "status" in refused.value.message_dict
    assert Recommendation.objects.count() == 0


def test_a_progress_note_is_evidence_starts_the_recommendation_and_then_allows_done(plan, planner):
    recommendation = new_recommendation(plan, planner)

    progress = note(recommendation, planner, link="https://gladsaxe.dk/referat")

    recommendation.refresh_from_db()
    assert recommendation.status == "in_progress"
    assert progress.created_by == planner
    [record] = history(progress)
    assert (record.action, record.actor, record.plan_id) == ("create", planner, plan.pk)
    assert {c["field"] for c in record.changes} == {"noted_on", "text", "link"}
    assert history(recommendation)[-1].changes == [{"field": "status", "old": "not_started", "new": "in_progress"}]

    save_recommendation(recommendation=recommendation, data={"status": "done"}, by=planner)
    recommendation.refresh_from_db()
    assert recommendation.status == "done"


def test_a_progress_note_dated_in_the_future_is_refused(plan, planner):
    recommendation = new_recommendation(plan, planner)
    with pytest.raises(ValidationError) as refused:
        note(recommendation, planner, noted_on=timezone.localdate() + datetime.timedelta(days=1))
    assert refused.value.message_dict == {"noted_on": ["Datoen kan ikke ligge i fremtiden."]}
    assert ProgressNote.objects.count() == 0
    recommendation.refresh_from_db()
    assert recommendation.status == "not_started"


def test_the_only_evidence_of_a_done_recommendation_cannot_be_deleted(plan, planner):
    recommendation = new_recommendation(plan, planner)
    only = note(recommendation, planner)
    save_recommendation(recommendation=recommendation, data={"status": "done"}, by=planner)

    with pytest.raises(ValidationError) as refused:
        delete_progress_note(note=only, by=planner)

    assert refused.value.messages == [
        "Det er den eneste dokumentation for en anbefaling, der er markeret som gennemført: skift først dens status."
    ]
    assert ProgressNote.objects.filter(pk=only.pk).exists()
    assert [r.action for r in history(only)] == ["create"]


def test_deleting_one_of_two_notes_of_a_done_recommendation_is_recorded_in_the_history(plan, planner, administrator):
    recommendation = new_recommendation(plan, planner)
    first = note(recommendation, planner, text="Første møde holdt.")
    note(recommendation, planner, text="Spilleregler vedtaget.")
    save_recommendation(recommendation=recommendation, data={"status": "done"}, by=planner)
    pk = first.pk

    delete_progress_note(note=first, by=administrator)

    assert not ProgressNote.objects.filter(pk=pk).exists()
    record = ChangeRecord.objects.filter(object_id=pk, action="delete").get()
    assert record.actor == administrator
    assert {"field": "text", "old": "Første møde holdt.", "new": None} in record.changes


def test_two_recommendations_of_a_plan_cannot_share_a_number(plan, planner):
    new_recommendation(plan, planner, number=3)
    with pytest.raises(ValidationError) as refused:
        new_recommendation(plan, planner, number=3, title="Etablering af spilleregler")
    assert refused.value.message_dict == {"number": ["Nummer 3 er allerede brugt her."]}
    assert Recommendation.objects.count() == 1
