"""The steering group's services: the rules of decisions and action items (due dates, "carried out", which agenda
item or decision they may refer to), minutes, members, and the history every write leaves."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from base.history import history_of, version_of
from base.models import ChangeRecord
from partnership.models import ActionItem, AgendaItem, Decision, Meeting
from partnership.services import (
    add_steering_member,
    delete_action_item,
    delete_agenda_item,
    record_minutes,
    save_action_item,
    save_agenda_item,
    save_decision,
    save_meeting,
)

pytestmark = pytest.mark.django_db


def day_of(meeting, days: int = 0) -> datetime.date:
    return timezone.localtime(meeting.starts_at).date() + datetime.timedelta(days=days)


def messages_of(error: ValidationError) -> dict[str, list[str]]:
    return {field: [str(message) for message in errors] for field, errors in error.message_dict.items()}


def new_decision(meeting, by, **data):
    return save_decision(decision=Decision(meeting=meeting), data={"text": "Planen godkendes.", **data}, by=by)


# --- Due dates and "carried out" ------------------------------------------------------------------------------------


def test_a_decision_due_before_its_meeting_is_refused_in_danish(meeting, steering_member):
    with pytest.raises(ValidationError) as caught:
        new_decision(meeting, steering_member, due_on=day_of(meeting, -1))

    assert messages_of(caught.value) == {
        "due_on": [f"Fristen kan ikke ligge før mødet ({day_of(meeting).strftime('%d.%m.%Y')})."]
    }
    assert not Decision.objects.exists()
    assert not ChangeRecord.objects.filter(content_type__model="decision").exists()


def test_a_decision_due_on_the_day_of_the_meeting_is_accepted(meeting, steering_member):
    decision = new_decision(meeting, steering_member, due_on=day_of(meeting))

    assert Decision.objects.get(pk=decision.pk).due_on == day_of(meeting)


def test_an_action_item_due_before_its_meeting_is_refused_too(meeting, steering_member):
    with pytest.raises(ValidationError) as caught:
        save_action_item(
            item=ActionItem(meeting=meeting), data={"text": "Ring", "due_on": day_of(meeting, -3)}, by=steering_member
        )

    assert list(messages_of(caught.value)) == ["due_on"]
    assert not ActionItem.objects.exists()


def test_a_decision_carried_out_without_a_date_gets_todays_date(meeting, steering_member):
    decision = new_decision(meeting, steering_member, due_on=day_of(meeting, 10))
    with time_machine.travel(timezone.localtime(meeting.starts_at) + datetime.timedelta(days=3)):
        save_decision(decision=decision, data={"status": "done", "done_on": None}, by=steering_member)
        today = timezone.localdate()

    decision.refresh_from_db()
    assert (decision.status, decision.done_on) == ("done", today)
    assert today == day_of(meeting, 3)


def test_a_decision_carried_out_keeps_the_date_given(meeting, steering_member):
    decision = new_decision(meeting, steering_member)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    save_decision(decision=decision, data={"status": "done", "done_on": yesterday}, by=steering_member)

    assert Decision.objects.get(pk=decision.pk).done_on == yesterday


def test_a_date_of_completion_in_the_future_is_refused(meeting, steering_member):
    decision = new_decision(meeting, steering_member)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    with pytest.raises(ValidationError) as caught:
        save_decision(decision=decision, data={"status": "done", "done_on": tomorrow}, by=steering_member)

    assert messages_of(caught.value) == {"done_on": ["Datoen for gennemførelse kan ikke ligge i fremtiden."]}
    assert Decision.objects.get(pk=decision.pk).status == "open"


def test_only_what_is_carried_out_has_a_date_of_completion(meeting, steering_member):
    decision = new_decision(meeting, steering_member)

    with pytest.raises(ValidationError) as caught:
        save_decision(
            decision=decision, data={"status": "in_progress", "done_on": timezone.localdate()}, by=steering_member
        )

    assert messages_of(caught.value) == {
        "done_on": ["Kun en beslutning eller et opfølgningspunkt, der er gennemført, har en dato for gennemførelse."]
    }


def test_a_decision_taken_up_again_loses_its_date_of_completion(meeting, steering_member):
    decision = new_decision(meeting, steering_member, status="done")
    assert decision.done_on == timezone.localdate()

    save_decision(decision=decision, data={"status": "in_progress", "done_on": None}, by=steering_member)

    decision.refresh_from_db()
    assert (decision.status, decision.done_on) == ("in_progress", None)


# --- What a decision or an action item may refer to ---------------------------------------------------------------


def test_a_decision_cannot_refer_to_another_meetings_agenda_item(meeting, other_meeting, planner, steering_member):
    foreign = save_agenda_item(item=AgendaItem(meeting=other_meeting), data={"title": "Andet møde"}, by=planner)

    with pytest.raises(ValidationError) as caught:
        new_decision(meeting, steering_member, agenda_item=foreign)

    assert messages_of(caught.value) == {"agenda_item": ["Vælg et punkt på dette mødes dagsorden."]}
    assert not Decision.objects.exists()


def test_an_action_item_cannot_follow_another_meetings_decision(meeting, other_meeting, planner, steering_member):
    foreign = new_decision(other_meeting, planner)

    with pytest.raises(ValidationError) as caught:
        save_action_item(
            item=ActionItem(meeting=meeting), data={"text": "Følg op", "decision": foreign}, by=steering_member
        )

    assert messages_of(caught.value) == {"decision": ["Vælg en beslutning, der blev truffet på dette møde."]}
    assert not ActionItem.objects.exists()


# --- History ----------------------------------------------------------------------------------------------------------


def test_recording_and_changing_a_decision_leaves_who_and_what_in_the_history(
    meeting, people, steering_member, planner
):
    decision = new_decision(meeting, steering_member, owner=people["gab"], due_on=day_of(meeting, 14))
    save_decision(decision=decision, data={"owner": people["dab"], "status": "in_progress"}, by=planner)

    changed, created = history_of(decision)
    assert (created.action, created.actor, created.actor_name) == ("create", steering_member, "Søren Testesen")
    assert {change["field"]: change["new"] for change in created.changes} == {
        "text": "Planen godkendes.",
        "owner": "Gitte Boligsen (GAB)",
        "due_on": day_of(meeting, 14).isoformat(),
    }
    assert (changed.action, changed.actor_name) == ("update", "Pia Testesen")
    assert sorted((c["field"], c["old"], c["new"]) for c in changed.changes) == [
        ("owner", "Gitte Boligsen (GAB)", "Dorte Driftsen (DAB)"),
        ("status", "open", "in_progress"),
    ]
    assert created.plan_id == meeting.group.plan_id


def test_deleting_an_action_item_keeps_its_last_values_in_the_history(meeting, people, steering_member):
    item = save_action_item(
        item=ActionItem(meeting=meeting), data={"text": "Book lokalet", "owner": people["gab"]}, by=steering_member
    )
    item_pk = item.pk

    delete_action_item(item=item, by=steering_member)

    assert not ActionItem.objects.filter(pk=item_pk).exists()
    record = ChangeRecord.objects.get(object_id=item_pk, action="delete", content_type__model="actionitem")
    assert record.actor == steering_member
    assert {c["field"]: c["old"] for c in record.changes} == {
        "text": "Book lokalet",
        "owner": "Gitte Boligsen (GAB)",
        "due_on": None,
        "status": "open",
    }


def test_an_edit_over_a_newer_version_is_refused_with_a_danish_message(meeting, steering_member, planner):
    decision = new_decision(meeting, steering_member)
    seen = version_of(decision)
    save_decision(decision=decision, data={"text": "Planlæggerens udgave."}, by=planner)

    with pytest.raises(ValidationError) as caught:
        save_decision(decision=decision, data={"text": "Min udgave."}, by=steering_member, expected_version=seen)

    assert caught.value.code == "conflict"
    assert "mens du redigerede" in caught.value.messages[0]
    assert Decision.objects.get(pk=decision.pk).text == "Planlæggerens udgave."


# --- Agenda, minutes, members --------------------------------------------------------------------------------------


def test_a_new_agenda_item_goes_last_and_its_edit_can_be_checked_for_newer_changes(meeting, planner, administrator):
    first = save_agenda_item(item=AgendaItem(meeting=meeting), data={"title": "Velkomst"}, by=planner)
    second = save_agenda_item(item=AgendaItem(meeting=meeting), data={"title": "Økonomi"}, by=planner)
    assert (first.position, second.position) == (1, 2)
    seen = version_of(second)
    save_agenda_item(item=second, data={"title": "Økonomi og budget"}, by=administrator)

    with pytest.raises(ValidationError) as caught:
        save_agenda_item(item=second, data={"title": "Budget"}, by=planner, expected_version=seen)

    assert caught.value.code == "conflict"
    assert AgendaItem.objects.get(pk=second.pk).title == "Økonomi og budget"


def test_deleting_an_agenda_item_keeps_the_decisions_that_referred_to_it(meeting, planner, steering_member):
    item = save_agenda_item(item=AgendaItem(meeting=meeting), data={"title": "Velkomst"}, by=planner)
    decision = new_decision(meeting, steering_member, agenda_item=item)

    delete_agenda_item(item=item, by=planner)

    decision.refresh_from_db()
    assert decision.agenda_item is None
    assert ChangeRecord.objects.filter(content_type__model="agendaitem", action="delete", actor=planner).exists()


def test_minutes_mark_a_meeting_that_has_begun_as_held_but_not_a_future_one(steering_group, meeting, planner):
    begun = save_meeting(
        meeting=Meeting(group=steering_group),
        data={"starts_at": timezone.now() - datetime.timedelta(minutes=30)},
        by=planner,
    )

    record_minutes(meeting=begun, minutes="Mødet blev holdt.", by=planner)
    record_minutes(meeting=meeting, minutes="Forberedende noter.", by=planner)

    assert Meeting.objects.get(pk=begun.pk).status == "held"
    assert Meeting.objects.get(pk=meeting.pk).status == "planned"
    assert Meeting.objects.get(pk=meeting.pk).minutes == "Forberedende noter."


def test_a_person_cannot_be_added_to_a_steering_group_twice(steering_group, people, planner):
    with pytest.raises(ValidationError) as caught:
        add_steering_member(group=steering_group, person=people["gab"], function="member", by=planner)

    assert messages_of(caught.value) == {"person": ["Gitte Boligsen er allerede medlem."]}
    assert steering_group.memberships.filter(person=people["gab"]).count() == 1
