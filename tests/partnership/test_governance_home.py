"""The governance front page, the history pages of governance objects, and who counts as a member of a steering
group."""

import datetime

import pytest
from django.utils import timezone

from base.permissions import can_edit_governance, can_read_governance
from partnership.models import Decision, Person, Project, Risk, SteeringGroupMember
from partnership.selectors.access import can_record_for_group, steering_group_ids_of
from partnership.services import save_decision, save_person, save_project, save_risk
from tests.conftest import client_for


def _decision(meeting, by, *, due_in_days, status="open", text="Eksempel: styregruppen beslutter at gå videre."):
    due_on = timezone.localtime(meeting.starts_at).date() + datetime.timedelta(days=due_in_days)
    return save_decision(
        decision=Decision(meeting=meeting), data={"text": text, "due_on": due_on, "status": status}, by=by
    )


def test_every_role_reads_governance_and_only_planners_and_administrators_edit_it(
    planner, administrator, steering_member, staff_a, user_without_role
):
    assert [can_read_governance(u) for u in (planner, administrator, steering_member, staff_a, user_without_role)] == [
        True,
        True,
        True,
        True,
        False,
    ]
    assert [can_edit_governance(u) for u in (planner, administrator, steering_member, staff_a, user_without_role)] == [
        True,
        True,
        False,
        False,
        False,
    ]


def test_a_steering_member_records_only_for_the_groups_their_person_sits_in(
    steering_member, steering_group, other_group, planner
):
    assert steering_group_ids_of(steering_member) == frozenset({steering_group.pk})
    assert can_record_for_group(steering_member, steering_group.pk)
    assert not can_record_for_group(steering_member, other_group.pk)
    assert can_record_for_group(planner, other_group.pk)


def test_housing_staff_whose_person_sits_in_a_group_still_cannot_record_for_it(staff_a, steering_group, planner):
    person = save_person(
        person=Person(),
        data={"name": "Gitte", "organisation": staff_a.memberships.get().organisation, "user": staff_a},
        by=planner,
    )
    SteeringGroupMember.objects.create(group=steering_group, person=person)
    assert steering_group_ids_of(staff_a) == frozenset()
    assert not can_record_for_group(staff_a, steering_group.pk)


def test_a_person_without_the_steering_role_is_not_a_member_for_permissions(steering_member, steering_group, people):
    # The steering member's person sits in the group; take away the role and the right goes with it.
    steering_member.memberships.update(role="housing_staff")
    fresh = type(steering_member).objects.get(pk=steering_member.pk)
    assert not can_record_for_group(fresh, steering_group.pk)


@pytest.mark.parametrize("persona", ["planner", "steering_member", "staff_a"])
def test_the_front_page_shows_the_next_meeting_what_is_overdue_and_the_heat_map(
    persona, request, plan, meeting, planner, people
):
    held = meeting  # a week ahead: the next meeting
    _decision(held, planner, due_in_days=1)
    save_risk(
        risk=Risk(plan=plan),
        data={"kind": "obstacle", "title": "Kompleksiteten er høj", "likelihood": 4, "impact": 5, "status": "open"},
        by=planner,
    )
    user = request.getfixturevalue(persona)
    response = client_for(user).get("/governance/")
    assert response.status_code == 200
    text = response.content.decode()
    assert f'href="/governance/meetings/{held.pk}/"' in text
    assert "Styregruppen for Bagsværd" in text
    # The one obstacle sits in the cell likelihood 4 × impact 5, linked to the filtered register.
    assert "/governance/risks/?kind=obstacle&amp;likelihood=4&amp;impact=5" in text
    assert "Intet har overskredet fristen." in text


def test_the_front_page_counts_an_overdue_decision_once_its_due_date_has_passed(plan, meeting, planner, time_machine):
    _decision(meeting, planner, due_in_days=2)
    time_machine.move_to(meeting.starts_at + datetime.timedelta(days=5))
    response = client_for(planner).get("/governance/")
    assert response.status_code == 200
    assert 'href="/governance/decisions/overdue/"' in response.content.decode()
    assert response.context["overdue_decisions"] == 1


def test_the_front_page_refuses_a_user_without_a_role_and_sends_visitors_to_log_in(user_without_role, plan):
    assert client_for(user_without_role).get("/governance/").status_code == 403
    response = client_for(None).get("/governance/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_the_front_page_needs_the_same_queries_with_few_and_many_risks(
    plan, planner, meeting, django_assert_num_queries
):
    client = client_for(planner)
    client.get("/governance/")  # warm caches (content types, session)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get("/governance/").status_code == 200
    Risk.objects.bulk_create(
        Risk(
            plan=plan,
            kind=("obstacle", "potential")[n % 2],
            title=f"Risiko {n}",
            likelihood=n % 5 + 1,
            impact=(n // 5) % 5 + 1,
        )
        for n in range(300)
    )
    Project.objects.bulk_create(Project(plan=plan, name=f"Projekt {n}") for n in range(50))
    with CaptureQueriesContext(connection) as many:
        assert client.get("/governance/").status_code == 200
    assert len(many) == len(few)


def test_a_decisions_history_page_shows_who_changed_what(meeting, steering_member, planner):
    decision = _decision(meeting, steering_member, due_in_days=3, text="Eksempel: vi afprøver 1:1.")
    save_decision(decision=decision, data={"status": "in_progress"}, by=planner)
    response = client_for(steering_member).get(f"/governance/decision/{decision.pk}/history/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Søren Testesen" in text and "Pia Testesen" in text
    assert "Eksempel: vi afprøver 1:1." in text


def test_a_history_page_is_refused_without_a_role_and_unknown_kinds_are_not_found(plan, planner, user_without_role):
    project = save_project(project=Project(plan=plan), data={"name": "Vadstrupvej"}, by=planner)
    assert client_for(user_without_role).get(f"/governance/project/{project.pk}/history/").status_code == 403
    assert client_for(planner).get(f"/governance/project/{project.pk}/history/").status_code == 200
    assert client_for(planner).get(f"/governance/user/{planner.pk}/history/").status_code == 404
    assert client_for(planner).get("/governance/project/999999/history/").status_code == 404


def test_a_targets_page_and_a_spaces_page_list_the_decisions_risks_and_projects_that_concern_them(
    plan, meeting, planner, staff_a, organisations
):
    from opportunities.services import create_space

    target = plan.targets.get(number=2)
    space = create_space(
        plan=plan,
        data={"title": "Iværksættermiljø i Værebro Park", "kind": "social", "organisation": organisations["gab"]},
        by=staff_a,
    )
    due_on = timezone.localtime(meeting.starts_at).date() + datetime.timedelta(days=10)
    decision = save_decision(
        decision=Decision(meeting=meeting),
        data={
            "text": "Eksempel: vi støtter iværksættermiljøet.",
            "due_on": due_on,
            "status": "open",
            "targets": [target],
            "spaces": [space],
        },
        by=planner,
    )
    risk = save_risk(
        risk=Risk(plan=plan),
        data={
            "kind": "potential",
            "title": "Behov + Behov = Løsning",
            "likelihood": 3,
            "impact": 4,
            "status": "open",
            "targets": [target],
        },
        by=planner,
    )
    project = save_project(project=Project(plan=plan), data={"name": "Hængslet", "spaces": [space]}, by=planner)

    target_page = client_for(staff_a).get(f"/targets/{target.pk}/").content.decode()
    assert "I styringen" in target_page
    assert f'href="/governance/meetings/{meeting.pk}/#decision-{decision.pk}"' in target_page
    assert f'href="/governance/risks/{risk.pk}/"' in target_page
    assert "Hængslet" not in target_page  # the project serves the space, not the target

    space_page = client_for(staff_a).get(f"/spaces/{space.pk}/").content.decode()
    assert f'href="/governance/projects/{project.pk}/"' in space_page
    assert f"#decision-{decision.pk}" in space_page
    assert "Behov + Behov = Løsning" not in space_page


def test_an_element_no_governance_record_concerns_shows_no_governance_section(plan, planner):
    page = client_for(planner).get(f"/principles/{plan.principles.get(number=1).pk}/").content.decode()
    assert "I styringen" not in page
