"""The partnership's REST API: everyone with a role reads; planners and administrators write the governance; a
steering-group member records minutes, decisions and action items for their own group's meetings only; housing staff
never see another organisation's opportunity spaces through it. Writes go through the same services as the pages
(the same history), need If-Match, and a refused one changes nothing."""

import csv
import datetime
import io
import json

import pytest
from django.core import serializers
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from base.api_views import version_etag
from base.history import history_of, version_of
from base.models import ChangeRecord, Organisation
from base.services.accounts import upsert_organisation
from base.services.tokens import create_api_token
from partnership import api as partnership_api
from partnership.models import (
    ActionItem,
    AgendaItem,
    Decision,
    Meeting,
    Milestone,
    Person,
    ProgressNote,
    Project,
    ProjectDependency,
    Recommendation,
    Responsibility,
    Risk,
    SteeringGroup,
    SteeringGroupMember,
)
from partnership.services import (
    add_dependency,
    add_progress_note,
    add_steering_member,
    assign_responsibility,
    save_action_item,
    save_agenda_item,
    save_decision,
    save_meeting,
    save_milestone,
    save_person,
    save_project,
    save_recommendation,
    save_risk,
    save_steering_group,
)
from partnership.services.partnership import PERSON_FIELDS
from partnership.services.projects import MILESTONE_FIELDS, PROJECT_FIELDS
from partnership.services.risks import PROGRESS_FIELDS, RECOMMENDATION_FIELDS, RISK_FIELDS
from partnership.services.steering import ACTION_FIELDS, AGENDA_FIELDS, DECISION_FIELDS, GROUP_FIELDS, MEETING_FIELDS
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/v1/organisations/",
    "/api/v1/people/",
    "/api/v1/rules-of-play/",
    "/api/v1/steering-groups/",
    "/api/v1/steering-group-members/",
    "/api/v1/meetings/",
    "/api/v1/agenda-items/",
    "/api/v1/decisions/",
    "/api/v1/action-items/",
    "/api/v1/risks/",
    "/api/v1/recommendations/",
    "/api/v1/progress-notes/",
    "/api/v1/projects/",
    "/api/v1/milestones/",
    "/api/v1/project-dependencies/",
]


def api(user, *, read_only: bool = False) -> Client:
    _token, key = create_api_token(user=user, name="test", read_only=read_only)
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def etag(obj) -> str:
    return version_etag(version_of(obj))


def send(client, method: str, url: str, data=None, *, if_match: str | None = None):
    headers = {"If-Match": if_match} if if_match else {}
    return client.generic(method, url, _json(data), content_type="application/json", headers=headers)


def _json(data) -> str:
    return json.dumps(data) if data is not None else ""


def database_state() -> str:
    tables = [
        Organisation,
        Person,
        Responsibility,
        SteeringGroup,
        SteeringGroupMember,
        Meeting,
        AgendaItem,
        Decision,
        Decision.targets.through,
        ActionItem,
        Risk,
        Recommendation,
        ProgressNote,
        Project,
        Milestone,
        ProjectDependency,
        ChangeRecord,
    ]
    return "".join(serializers.serialize("json", model.objects.order_by("pk")) for model in tables)


def day_of(meeting, days: int = 0) -> datetime.date:
    return timezone.localtime(meeting.starts_at).date() + datetime.timedelta(days=days)


def target(plan, number: int = 1):
    return plan.targets.get(number=number)


@pytest.fixture
def governance(plan, planner, people, steering_group, meeting, space_a, space_b):
    """One of each kind, linked to target 1 and to both organisations' spaces where links exist."""
    links = {"targets": [target(plan)], "spaces": [space_a, space_b]}
    item = save_agenda_item(item=AgendaItem(meeting=meeting), data={"title": "Hængslet", **links}, by=planner)
    decision = save_decision(
        decision=Decision(meeting=meeting),
        data={"text": "Styregruppen godkender Hængslet.", "agenda_item": item, "owner": people["gab"], **links},
        by=planner,
    )
    action = save_action_item(
        item=ActionItem(meeting=meeting), data={"text": "Send udkastet.", "decision": decision}, by=planner
    )
    risk = save_risk(
        risk=Risk(plan=plan),
        data={"kind": "obstacle", "title": "Kompleksiteten", "likelihood": 4, "impact": 5, **links},
        by=planner,
    )
    recommendation = save_recommendation(
        recommendation=Recommendation(plan=plan), data={"number": 1, "title": "Spilleregler"}, by=planner
    )
    note = add_progress_note(
        recommendation=recommendation, data={"noted_on": timezone.localdate(), "text": "Drøftet."}, by=planner
    )
    first = save_project(project=Project(plan=plan), data={"name": "Vadstrupvej", **links}, by=planner)
    second = save_project(project=Project(plan=plan), data={"name": "Ringbo-grunden"}, by=planner)
    milestone = save_milestone(
        milestone=Milestone(project=first),
        data={"title": "Lokalplan vedtaget", "due_on": timezone.localdate() + datetime.timedelta(days=30)},
        by=planner,
    )
    dependency = add_dependency(project=second, depends_on=first, kind="blocks", by=planner)
    letter_a = assign_responsibility(element=space_a, organisation=space_a.organisation, letter="R", by=planner)
    letter_b = assign_responsibility(element=space_b, organisation=space_b.organisation, letter="R", by=planner)
    letter_target = assign_responsibility(
        element=target(plan), organisation=space_a.organisation, letter="A", by=planner
    )
    recommendation.refresh_from_db()
    return {
        "agenda_item": item,
        "decision": decision,
        "action_item": action,
        "risk": risk,
        "recommendation": recommendation,
        "note": note,
        "project": first,
        "second_project": second,
        "milestone": milestone,
        "dependency": dependency,
        "letter_a": letter_a,
        "letter_b": letter_b,
        "letter_target": letter_target,
    }


# --- Reading ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["planner", "administrator", "steering_member", "staff_a", "staff_b"])
def test_everyone_with_a_role_reads_every_list_and_object_and_its_history(persona, request, governance):
    client = api(request.getfixturevalue(persona))
    for url in LISTS:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.json()["count"] >= 1, url
    for name in ("decision", "risk", "project", "milestone", "note", "letter_target"):
        obj = governance[name]
        prefix = {
            "decision": "decisions",
            "risk": "risks",
            "project": "projects",
            "milestone": "milestones",
            "note": "progress-notes",
            "letter_target": "rules-of-play",
        }[name]
        detail = client.get(f"/api/v1/{prefix}/{obj.pk}/")
        assert detail.status_code == 200
        assert detail["ETag"] == etag(obj)
        assert client.get(f"/api/v1/{prefix}/{obj.pk}/history/").status_code == 200


def test_without_a_role_or_a_key_nothing_is_read(governance, user_without_role):
    session = client_for(user_without_role)
    anonymous = Client()
    for url in LISTS:
        assert session.get(url).status_code == 403, url
        assert anonymous.get(url).status_code == 401, url


def test_a_decision_reads_as_the_meeting_page_shows_it(governance, meeting, steering_group, people, plan, planner):
    decision = governance["decision"]
    body = api(planner).get(f"/api/v1/decisions/{decision.pk}/").json()
    assert body == {
        "id": decision.pk,
        "meeting": meeting.pk,
        "steering_group": steering_group.pk,
        "meeting_starts_at": body["meeting_starts_at"],
        "agenda_item": governance["agenda_item"].pk,
        "text": "Styregruppen godkender Hængslet.",
        "owner": people["gab"].pk,
        "owner_name": "Gitte Boligsen",
        "due_on": None,
        "status": "open",
        "done_on": None,
        "is_overdue": False,
        "targets": [target(plan).pk],
        "principles": [],
        "strategies": [],
        "moves": [],
        "main_moves": [],
        "opening_moves": [],
        "spaces": sorted(body["spaces"]),
    }
    assert len(body["spaces"]) == 2
    assert datetime.datetime.fromisoformat(body["meeting_starts_at"]) == meeting.starts_at


def test_a_meeting_shows_its_agenda_minutes_decisions_and_action_items(governance, meeting, staff_a):
    body = api(staff_a).get(f"/api/v1/meetings/{meeting.pk}/").json()
    assert body["agenda_items"] == [{"id": governance["agenda_item"].pk, "position": 1, "title": "Hængslet"}]
    assert body["decisions"] == [governance["decision"].pk]
    assert body["action_items"] == [governance["action_item"].pk]
    assert body["minutes"] == ""


def test_housing_staff_never_see_another_organisations_space_through_the_api(governance, staff_a, space_a, space_b):
    client = api(staff_a)
    for prefix, name in (("decisions", "decision"), ("risks", "risk"), ("projects", "project")):
        body = client.get(f"/api/v1/{prefix}/{governance[name].pk}/").json()
        assert body["spaces"] == [space_a.pk], prefix
        listed = {row["id"]: row for row in client.get(f"/api/v1/{prefix}/").json()["results"]}
        assert listed[governance[name].pk]["spaces"] == [space_a.pk], prefix
    agenda = client.get(f"/api/v1/agenda-items/{governance['agenda_item'].pk}/").json()
    assert agenda["spaces"] == [space_a.pk]
    # The rules of play of the other organisation's space do not exist for them.
    letters = {row["id"] for row in client.get("/api/v1/rules-of-play/").json()["results"]}
    assert governance["letter_a"].pk in letters and governance["letter_target"].pk in letters
    assert governance["letter_b"].pk not in letters
    assert client.get(f"/api/v1/rules-of-play/{governance['letter_b'].pk}/").status_code == 404
    assert client.get(f"/api/v1/rules-of-play/{governance['letter_b'].pk}/history/").status_code == 404
    # The histories leave out the recorded links to spaces, as the history pages do.
    history = client.get(f"/api/v1/decisions/{governance['decision'].pk}/history/").json()
    assert history and all(change["field"] != "spaces" for record in history for change in record["changes"])
    body = client.get(f"/api/v1/decisions/{governance['decision'].pk}/", {"format": "csv"}).content.decode()
    assert next(csv.DictReader(io.StringIO(body)))["spaces"].split("|") == [str(space_a.pk)]


def test_the_other_organisation_and_the_planner_see_their_spaces(governance, staff_b, planner, space_a, space_b):
    assert api(staff_b).get(f"/api/v1/risks/{governance['risk'].pk}/").json()["spaces"] == [space_b.pk]
    assert sorted(api(planner).get(f"/api/v1/risks/{governance['risk'].pk}/").json()["spaces"]) == sorted(
        [space_a.pk, space_b.pk]
    )
    assert api(staff_b).get(f"/api/v1/rules-of-play/{governance['letter_b'].pk}/").json()["element_kind"] == "space"
    history = api(planner).get(f"/api/v1/risks/{governance['risk'].pk}/history/").json()
    assert any(change["field"] == "spaces" for record in history for change in record["changes"])


def test_only_planners_and_administrators_see_which_account_a_person_has(people, planner, administrator, staff_a):
    steering = people["steering"]
    assert api(planner).get(f"/api/v1/people/{steering.pk}/").json()["user"] == steering.user_id
    assert api(administrator).get(f"/api/v1/people/{steering.pk}/").json()["user"] == steering.user_id
    body = api(staff_a).get(f"/api/v1/people/{steering.pk}/").json()
    assert body["user"] is None and body["has_login"] is True


def test_a_detail_answers_304_to_its_etag_and_a_change_gives_a_new_one(governance, planner):
    client = api(planner)
    url = f"/api/v1/risks/{governance['risk'].pk}/"
    first = client.get(url)
    assert client.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 304
    changed = send(client, "PATCH", url, {"title": "Ny titel"}, if_match=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]
    assert client.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 200


# --- Filters -----------------------------------------------------------------------------------------------------


def test_the_risks_and_decisions_are_filtered_as_on_their_pages(governance, plan, planner, meeting):
    save_risk(
        risk=Risk(plan=plan),
        data={"kind": "potential", "title": "Nye fællesskaber", "likelihood": 2, "impact": 3},
        by=planner,
    )
    client = api(planner)
    potentials = client.get("/api/v1/risks/", {"kind": "potential"}).json()["results"]
    assert [row["title"] for row in potentials] == ["Nye fællesskaber"]
    assert [row["title"] for row in client.get("/api/v1/risks/", {"q": "kompleks"}).json()["results"]] == [
        "Kompleksiteten"
    ]
    save_decision(
        decision=Decision(meeting=meeting),
        data={"text": "Forsinket opgave.", "due_on": day_of(meeting, 1)},
        by=planner,
    )
    with_due = client.get("/api/v1/decisions/", {"q": "forsinket"}).json()["results"]
    assert [row["text"] for row in with_due] == ["Forsinket opgave."]
    assert client.get("/api/v1/decisions/", {"overdue": "yes"}).json()["count"] == 0
    refused = client.get("/api/v1/risks/", {"likelihood": 9})
    assert refused.status_code == 400
    assert "likelihood" in refused.json()["error"]["fields"]
    projects = client.get("/api/v1/projects/", {"status": "planned"}).json()
    assert projects["count"] == 2


# --- Writes of the planners -------------------------------------------------------------------------------------


def test_a_planner_sets_up_the_governance_through_the_api(plan, planner, organisations, people, space_a):
    client = api(planner)
    start = ChangeRecord.objects.order_by("-id").values_list("id", flat=True).first()
    organisation = client.post(
        "/api/v1/organisations/", {"name": "Bagsværd Skole", "kind": "school"}, content_type="application/json"
    )
    assert organisation.status_code == 201, organisation.content
    assert organisation.json()["slug"] == "bagsvaerd-skole"
    person = client.post(
        "/api/v1/people/",
        {"name": "Bente Skoleleder", "organisation": organisation.json()["id"], "title": "Skoleleder"},
        content_type="application/json",
    ).json()
    group = client.post("/api/v1/steering-groups/", {"name": "Følgegruppen"}, content_type="application/json")
    assert group.status_code == 201 and group.json()["plan"] == plan.pk
    member = client.post(
        "/api/v1/steering-group-members/",
        {"group": group.json()["id"], "person": person["id"], "function": "chair"},
        content_type="application/json",
    )
    assert member.status_code == 201
    starts_at = (timezone.now() + datetime.timedelta(days=14)).replace(microsecond=0)
    meeting = client.post(
        "/api/v1/meetings/",
        {"group": group.json()["id"], "starts_at": starts_at.isoformat(), "location": "Skolen", "status": "planned"},
        content_type="application/json",
    )
    assert meeting.status_code == 201, meeting.content
    assert meeting["ETag"] == etag(Meeting.objects.get(pk=meeting.json()["id"]))
    item = client.post(
        "/api/v1/agenda-items/",
        {"meeting": meeting.json()["id"], "title": "Skolens rolle", "spaces": [space_a.pk]},
        content_type="application/json",
    )
    assert item.status_code == 201 and item.json()["position"] == 1 and item.json()["spaces"] == [space_a.pk]
    risk = client.post(
        "/api/v1/risks/",
        {"kind": "obstacle", "title": "Lovgivning", "likelihood": 2, "impact": 4, "targets": [target(plan).pk]},
        content_type="application/json",
    )
    assert risk.status_code == 201 and risk.json()["reviewed_on"] == timezone.localdate().isoformat()
    project = client.post(
        "/api/v1/projects/", {"name": "Skolens udbygning", "kind": "municipal_project"}, content_type="application/json"
    ).json()
    milestone = client.post(
        "/api/v1/milestones/",
        {"project": project["id"], "title": "Byggestart", "due_on": "2030-01-01"},
        content_type="application/json",
    )
    assert milestone.status_code == 201
    other = save_project(project=Project(plan=plan), data={"name": "Ringbo"}, by=planner)
    dependency = client.post(
        "/api/v1/project-dependencies/",
        {"project": project["id"], "depends_on": other.pk, "kind": "follows"},
        content_type="application/json",
    )
    assert dependency.status_code == 201
    recommendation = client.post(
        "/api/v1/recommendations/", {"number": 7, "title": "Fælles sprog"}, content_type="application/json"
    ).json()
    note = client.post(
        "/api/v1/progress-notes/",
        {"recommendation": recommendation["id"], "noted_on": timezone.localdate().isoformat(), "text": "I gang."},
        content_type="application/json",
    )
    assert note.status_code == 201 and note.json()["noted_by"] == "Pia Testesen"
    letter = client.post(
        "/api/v1/rules-of-play/",
        {"element_kind": "space", "element_id": space_a.pk, "organisation": organisations["gab"].pk, "letter": "C"},
        content_type="application/json",
    )
    assert letter.status_code == 201, letter.content
    # Every object is there, with its plan and its history written by the planner.
    assert Recommendation.objects.get(pk=recommendation["id"]).status == "in_progress"  # the note started it
    project_body = client.get(f"/api/v1/projects/{project['id']}/").json()
    assert [m["title"] for m in project_body["milestones"]] == ["Byggestart"]
    assert [d["depends_on"] for d in project_body["dependencies"]] == [other.pk]
    assert [m["person"] for m in client.get(f"/api/v1/steering-groups/{group.json()['id']}/").json()["members"]] == [
        person["id"]
    ]
    created = ChangeRecord.objects.filter(pk__gt=start, actor=planner, action="create")
    assert created.exclude(object_repr="Ringbo").count() == 13  # one per POST, each with its author


def test_a_planner_removes_what_the_browser_removes(governance, planner):
    client = api(planner)
    for prefix, name, model in (
        ("agenda-items", "agenda_item", AgendaItem),
        ("action-items", "action_item", ActionItem),
        ("milestones", "milestone", Milestone),
        ("project-dependencies", "dependency", ProjectDependency),
        ("rules-of-play", "letter_target", Responsibility),
    ):
        obj = governance[name]
        response = send(client, "DELETE", f"/api/v1/{prefix}/{obj.pk}/", if_match=etag(obj))
        assert response.status_code == 204, prefix
        assert not model.objects.filter(pk=obj.pk).exists()
        assert history_of(obj).first().action == "delete"
    # What the browser never deletes has no DELETE.
    for prefix, name in (("decisions", "decision"), ("risks", "risk"), ("projects", "project")):
        obj = governance[name]
        assert send(client, "DELETE", f"/api/v1/{prefix}/{obj.pk}/", if_match=etag(obj)).status_code == 405


def test_the_only_evidence_of_a_done_recommendation_is_not_deleted(governance, planner):
    recommendation, note = governance["recommendation"], governance["note"]
    save_recommendation(recommendation=recommendation, data={"status": "done"}, by=planner)
    before = database_state()
    response = send(api(planner), "DELETE", f"/api/v1/progress-notes/{note.pk}/", if_match=etag(note))
    assert response.status_code == 400
    assert response.json()["error"]["message"] and response.json()["error"]["fields"] == {}
    assert database_state() == before


def test_a_risk_is_marked_reviewed_with_if_match(governance, planner, steering_member):
    risk = governance["risk"]
    Risk.objects.filter(pk=risk.pk).update(reviewed_on=datetime.date(2025, 1, 6))
    url = f"/api/v1/risks/{risk.pk}/reviewed/"
    assert send(api(steering_member), "POST", url, if_match=etag(risk)).status_code == 403
    assert send(api(planner), "POST", url).status_code == 428
    response = send(api(planner), "POST", url, if_match=etag(risk))
    assert response.status_code == 200
    assert response.json()["reviewed_on"] == timezone.localdate().isoformat()
    assert response.json()["needs_review"] is False


def test_a_dependency_that_would_close_a_circle_is_refused_naming_it(governance, planner):
    first, second = governance["project"], governance["second_project"]
    before = database_state()
    response = api(planner).post(
        "/api/v1/project-dependencies/",
        {"project": first.pk, "depends_on": second.pk, "kind": "blocks"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "Vadstrupvej → Ringbo-grunden → Vadstrupvej" in response.json()["error"]["fields"]["depends_on"][0]
    assert database_state() == before


def test_the_example_flag_is_taken_off_but_never_put_on(governance, plan, planner):
    risk = governance["risk"]
    client = api(planner)
    refused = send(client, "PATCH", f"/api/v1/risks/{risk.pk}/", {"is_example": True}, if_match=etag(risk))
    assert refused.status_code == 400 and "is_example" in refused.json()["error"]["fields"]
    Risk.objects.filter(pk=risk.pk).update(is_example=True)
    taken_off = send(client, "PATCH", f"/api/v1/risks/{risk.pk}/", {"is_example": False}, if_match=etag(risk))
    assert taken_off.status_code == 200 and taken_off.json()["is_example"] is False


def test_the_writable_fields_are_the_services_editable_fields():
    from partnership.api import partnership, projects, risks, steering

    def writable(serializer_class) -> set[str]:
        return {name for name, field in serializer_class().fields.items() if not field.read_only}

    assert writable(partnership.PersonSerializer) == set(PERSON_FIELDS) - {"is_example"}  # not in the browser
    assert writable(steering.SteeringGroupSerializer) == set(GROUP_FIELDS)
    assert writable(steering.MeetingSerializer) == set(MEETING_FIELDS)
    assert writable(steering.NewMeetingSerializer) == {"group", *MEETING_FIELDS}
    assert writable(steering.MinutesSerializer) == {"minutes"}
    assert writable(steering.AgendaItemSerializer) == set(AGENDA_FIELDS)
    assert writable(steering.DecisionSerializer) == set(DECISION_FIELDS)
    assert writable(steering.NewDecisionSerializer) == {"meeting", *DECISION_FIELDS}
    assert writable(steering.ActionItemSerializer) == set(ACTION_FIELDS)
    assert writable(risks.RiskSerializer) == set(RISK_FIELDS)
    assert writable(risks.RecommendationSerializer) == set(RECOMMENDATION_FIELDS)
    assert writable(risks.ProgressNoteSerializer) == {"recommendation", *PROGRESS_FIELDS}
    assert writable(projects.ProjectSerializer) == set(PROJECT_FIELDS)
    assert writable(projects.MilestoneSerializer) == set(MILESTONE_FIELDS)
    assert writable(projects.DependencySerializer) == {"project", "depends_on", "kind"}


# --- The steering-group member -----------------------------------------------------------------------------------


def test_a_member_records_minutes_decisions_and_action_items_for_their_own_groups_meeting(
    meeting, steering_member, people
):
    client = api(steering_member)
    minutes = send(
        client, "POST", f"/api/v1/meetings/{meeting.pk}/minutes/", {"minutes": "Alle var mødt."}, if_match=etag(meeting)
    )
    assert minutes.status_code == 200, minutes.content
    assert minutes.json()["minutes"] == "Alle var mødt."
    assert minutes["ETag"] == etag(meeting)
    decision = client.post(
        "/api/v1/decisions/",
        {"meeting": meeting.pk, "text": "Planen godkendes.", "owner": people["steering"].pk},
        content_type="application/json",
    )
    assert decision.status_code == 201, decision.content
    action = client.post(
        "/api/v1/action-items/",
        {"meeting": meeting.pk, "text": "Send planen.", "decision": decision.json()["id"]},
        content_type="application/json",
    )
    assert action.status_code == 201
    stored = Decision.objects.get(pk=decision.json()["id"])
    changed = send(
        client,
        "PATCH",
        f"/api/v1/decisions/{stored.pk}/",
        {"status": "done"},
        if_match=decision["ETag"],
    )
    assert changed.status_code == 200
    assert changed.json()["done_on"] == timezone.localdate().isoformat()
    meeting.refresh_from_db()
    assert meeting.minutes == "Alle var mødt."
    assert ChangeRecord.objects.filter(actor=steering_member).count() == 4


def test_a_member_is_refused_for_another_groups_meeting_and_nothing_changes(
    other_meeting, planner, steering_member, meeting
):
    decision = save_decision(decision=Decision(meeting=other_meeting), data={"text": "Følgegruppens."}, by=planner)
    action = save_action_item(item=ActionItem(meeting=other_meeting), data={"text": "Følgegruppens."}, by=planner)
    client = api(steering_member)
    before = database_state()
    attempts = [
        ("POST", f"/api/v1/meetings/{other_meeting.pk}/minutes/", {"minutes": "Nej."}, etag(other_meeting)),
        ("POST", "/api/v1/decisions/", {"meeting": other_meeting.pk, "text": "Nej."}, None),
        ("POST", "/api/v1/action-items/", {"meeting": other_meeting.pk, "text": "Nej."}, None),
        ("PATCH", f"/api/v1/decisions/{decision.pk}/", {"text": "Nej."}, etag(decision)),
        ("PATCH", f"/api/v1/action-items/{action.pk}/", {"text": "Nej."}, etag(action)),
        ("DELETE", f"/api/v1/action-items/{action.pk}/", None, etag(action)),
    ]
    for method, url, data, if_match in attempts:
        response = send(client, method, url, data, if_match=if_match)
        assert response.status_code == 403, (method, url, response.content)
        assert response.json()["error"]["code"] == "permission_denied"
    # The browser refuses the same.
    session = client_for(steering_member)
    assert session.get(f"/governance/meetings/{other_meeting.pk}/minutes/").status_code == 403
    assert session.get(f"/governance/decisions/{decision.pk}/edit/").status_code == 403
    # … and what they do not see is 404, not 403.
    assert send(client, "PATCH", "/api/v1/decisions/999999/", {}, if_match='"v0"').status_code == 404
    assert database_state() == before


def test_a_member_and_housing_staff_do_not_write_governance(governance, meeting, steering_member, staff_a, plan):
    before = database_state()
    risk = governance["risk"]
    for user in (steering_member, staff_a):
        client = api(user)
        attempts = [
            ("POST", "/api/v1/risks/", {"kind": "obstacle", "title": "X", "likelihood": 1, "impact": 1}, None),
            ("PATCH", f"/api/v1/risks/{risk.pk}/", {"title": "X"}, etag(risk)),
            ("PATCH", f"/api/v1/meetings/{meeting.pk}/", {"location": "X"}, etag(meeting)),
            ("POST", "/api/v1/agenda-items/", {"meeting": meeting.pk, "title": "X"}, None),
            ("POST", "/api/v1/organisations/", {"name": "X", "kind": "other"}, None),
            (
                "DELETE",
                f"/api/v1/rules-of-play/{governance['letter_target'].pk}/",
                None,
                etag(governance["letter_target"]),
            ),
        ]
        for method, url, data, if_match in attempts:
            assert send(client, method, url, data, if_match=if_match).status_code == 403, (user, method, url)
    # Housing staff do not record for a steering group either.
    for method, url, data, if_match in [
        ("POST", f"/api/v1/meetings/{meeting.pk}/minutes/", {"minutes": "X"}, etag(meeting)),
        ("POST", "/api/v1/decisions/", {"meeting": meeting.pk, "text": "X"}, None),
    ]:
        assert send(api(staff_a), method, url, data, if_match=if_match).status_code == 403
    assert database_state() == before


def test_a_read_only_key_writes_nothing(governance, meeting, planner):
    client = api(planner, read_only=True)
    before = database_state()
    risk = governance["risk"]
    assert client.get(f"/api/v1/risks/{risk.pk}/").status_code == 200
    for method, url, data, if_match in [
        ("POST", "/api/v1/risks/", {"kind": "obstacle", "title": "X", "likelihood": 1, "impact": 1}, None),
        ("PATCH", f"/api/v1/risks/{risk.pk}/", {"title": "X"}, etag(risk)),
        ("POST", f"/api/v1/meetings/{meeting.pk}/minutes/", {"minutes": "X"}, etag(meeting)),
        ("DELETE", f"/api/v1/milestones/{governance['milestone'].pk}/", None, etag(governance["milestone"])),
    ]:
        response = send(client, method, url, data, if_match=if_match)
        assert response.status_code == 403, url
        assert response.json()["error"]["code"] == "permission_denied"
    assert database_state() == before


# --- The same history as the browser; preconditions; refused input -----------------------------------------------


def test_an_api_write_leaves_the_same_history_as_the_browser(steering_group, planner, people):
    starts_at = timezone.now() - datetime.timedelta(hours=1)

    def held_meeting():
        data = {"starts_at": starts_at, "location": "Rådhuset", "status": "planned"}
        return save_meeting(meeting=Meeting(group=steering_group), data=data, by=planner)

    in_browser, through_api = held_meeting(), held_meeting()
    page = client_for(planner).post(
        f"/governance/meetings/{in_browser.pk}/minutes/", {"minutes": "Punkt 1.", "version": version_of(in_browser)}
    )
    assert page.status_code == 302
    response = send(
        api(planner),
        "POST",
        f"/api/v1/meetings/{through_api.pk}/minutes/",
        {"minutes": "Punkt 1."},
        if_match=etag(through_api),
    )
    assert response.status_code == 200

    def newest(obj):
        record = history_of(obj).first()
        return (record.action, record.actor_id, record.actor_name, record.plan_id, record.changes)

    assert newest(in_browser) == newest(through_api)
    assert {change["field"] for change in newest(through_api)[4]} == {"minutes", "status"}

    # A decision recorded on the page and one posted to the API: the same creation record.
    decision_data = {"text": "Vi går videre.", "owner": people["gab"].pk, "status": "open"}
    page = client_for(planner).post(f"/governance/meetings/{in_browser.pk}/decisions/new/", decision_data)
    assert page.status_code == 302
    response = api(planner).post(
        "/api/v1/decisions/", {"meeting": through_api.pk, **decision_data}, content_type="application/json"
    )
    assert response.status_code == 201
    assert newest(in_browser.decisions.get()) == newest(Decision.objects.get(pk=response.json()["id"]))


def test_a_write_without_if_match_is_428_and_with_a_stale_one_412_and_nothing_changes(governance, meeting, planner):
    client = api(planner)
    risk = governance["risk"]
    stale = etag(risk)
    save_risk(risk=risk, data={"title": "Ændret i browseren"}, by=planner)
    before = database_state()
    for method, url, data, obj in [
        ("PATCH", f"/api/v1/risks/{risk.pk}/", {"title": "Fra API"}, risk),
        ("PUT", f"/api/v1/risks/{risk.pk}/", client.get(f"/api/v1/risks/{risk.pk}/").json(), risk),
        ("POST", f"/api/v1/meetings/{meeting.pk}/minutes/", {"minutes": "X"}, meeting),
        ("DELETE", f"/api/v1/milestones/{governance['milestone'].pk}/", None, governance["milestone"]),
    ]:
        missing = send(client, method, url, data)
        assert missing.status_code == 428, url
        assert missing.json()["error"]["code"] == "precondition_required"
        outdated = send(client, method, url, data, if_match=stale if obj is risk else '"v1"')
        assert outdated.status_code == 412, url
        assert outdated.json()["error"]["code"] == "conflict"
    assert database_state() == before


def test_refused_input_is_400_in_the_error_shape_and_changes_nothing(governance, meeting, planner):
    client = api(planner)
    before = database_state()
    # The service's own rule: a due date before the meeting.
    decision = governance["decision"]
    refused = send(
        client,
        "PATCH",
        f"/api/v1/decisions/{decision.pk}/",
        {"due_on": day_of(meeting, -3).isoformat()},
        if_match=etag(decision),
    )
    assert refused.status_code == 400
    error = refused.json()["error"]
    assert set(error) == {"status", "code", "message", "fields"}
    assert error["status"] == 400 and error["code"] == "invalid"
    assert list(error["fields"]) == ["due_on"]
    assert "mødet" in error["fields"]["due_on"][0]  # in Danish, naming the meeting
    # The input's form: a score out of range, an unknown link.
    risk = governance["risk"]
    refused = send(
        client, "PATCH", f"/api/v1/risks/{risk.pk}/", {"likelihood": 7, "targets": [999999]}, if_match=etag(risk)
    )
    assert refused.status_code == 400
    assert set(refused.json()["error"]["fields"]) == {"likelihood", "targets"}
    # A recommendation "done" without evidence, a number already used.
    refused = client.post(
        "/api/v1/recommendations/", {"number": 1, "title": "Igen", "status": "done"}, content_type="application/json"
    )
    assert refused.status_code == 400 and "number" in refused.json()["error"]["fields"]
    assert database_state() == before


def test_a_planner_links_any_organisations_space(governance, planner, space_b):
    risk = governance["risk"]
    response = send(api(planner), "PATCH", f"/api/v1/risks/{risk.pk}/", {"spaces": [space_b.pk]}, if_match=etag(risk))
    assert response.status_code == 200 and response.json()["spaces"] == [space_b.pk]
    assert list(risk.spaces.all()) == [space_b]


# --- CSV -----------------------------------------------------------------------------------------------------------


def _rows(response, delimiter=","):
    assert response.status_code == 200
    body = response.content.decode("utf-8")
    return list(csv.DictReader(io.StringIO(body.lstrip("\ufeff")), delimiter=delimiter)), body


def test_the_risks_as_csv_and_as_danish_csv_are_flat_lists(governance, plan, planner):
    client = api(planner)
    save_risk(
        risk=Risk(plan=plan),
        data={"kind": "potential", "title": "=Nye fællesskaber", "likelihood": 2, "impact": 3},
        by=planner,
    )
    rows, _body = _rows(client.get("/api/v1/risks/", {"format": "csv"}))
    assert [row["title"] for row in rows] == ["Kompleksiteten", "'=Nye fællesskaber"]
    first = rows[0]
    assert first["score"] == "20" and first["likelihood"] == "4" and first["kind"] == "obstacle"
    assert first["targets"] == str(target(plan).pk)
    assert sorted(first["spaces"].split("|")) == sorted(
        str(pk) for pk in governance["risk"].spaces.values_list("pk", flat=True)
    )
    assert first["needs_review"] == "false"
    danish = client.get("/api/v1/risks/", {"format": "csv-da"})
    assert danish["Content-Disposition"] == 'attachment; filename="risk.csv"'
    da_rows, da_body = _rows(danish, ";")
    assert da_body.startswith("\ufeff")
    assert da_rows == rows


def test_the_decisions_as_csv_and_as_danish_csv_are_flat_lists_of_every_row(governance, meeting, planner, settings):
    settings.API_PAGE_SIZE = 1
    for n in range(3):
        save_decision(decision=Decision(meeting=meeting), data={"text": f"Beslutning {n}, med komma"}, by=planner)
    client = api(planner)
    rows, _body = _rows(client.get("/api/v1/decisions/", {"format": "csv"}))
    assert len(rows) == 4  # not paged
    assert set(rows[0]) >= {"id", "meeting", "steering_group", "text", "owner_name", "targets", "spaces", "is_overdue"}
    assert {row["text"] for row in rows} >= {"Beslutning 0, med komma", "Styregruppen godkender Hængslet."}
    da_rows, _body = _rows(client.get("/api/v1/decisions/", {"format": "csv-da", "q": "komma"}), ";")
    assert sorted(row["text"] for row in da_rows) == [f"Beslutning {n}, med komma" for n in range(3)]
    assert all(row["meeting"] == str(meeting.pk) for row in da_rows)


# --- Query counts --------------------------------------------------------------------------------------------------


def _grow(plan, planner, meeting, steering_group, n: int, space_a, space_b) -> None:
    """n more of every kind, each linked to elements and spaces."""
    links = {"targets": [target(plan)], "principles": list(plan.principles.all()[:2]), "spaces": [space_a, space_b]}
    previous = Project.objects.order_by("-id").first()
    offset = Organisation.objects.count()
    for i in range(offset, offset + n):
        organisation = upsert_organisation(slug=f"org-{i}", name=f"Forening {i}", kind="association")
        person = save_person(person=Person(), data={"name": f"Person {i}", "organisation": organisation}, by=planner)
        add_steering_member(group=steering_group, person=person, function="member", by=planner)
        group = save_steering_group(group=SteeringGroup(plan=plan), data={"name": f"Gruppe {i}"}, by=planner)
        add_steering_member(group=group, person=person, function="chair", by=planner)
        other = save_meeting(
            meeting=Meeting(group=group),
            data={"starts_at": meeting.starts_at + datetime.timedelta(days=i + 1), "status": "planned"},
            by=planner,
        )
        item = save_agenda_item(item=AgendaItem(meeting=other), data={"title": f"Punkt {i}", **links}, by=planner)
        decision = save_decision(
            decision=Decision(meeting=other),
            data={"text": f"Beslutning {i}", "agenda_item": item, "owner": person, **links},
            by=planner,
        )
        save_action_item(
            item=ActionItem(meeting=other),
            data={"text": f"Opgave {i}", "decision": decision, "owner": person},
            by=planner,
        )
        save_risk(
            risk=Risk(plan=plan),
            data={"kind": "obstacle", "title": f"Risiko {i}", "likelihood": 3, "impact": 3, "owner": person, **links},
            by=planner,
        )
        recommendation = save_recommendation(
            recommendation=Recommendation(plan=plan),
            data={"number": 100 + i, "title": f"Anbefaling {i}", "owner": person},
            by=planner,
        )
        add_progress_note(
            recommendation=recommendation, data={"noted_on": timezone.localdate(), "text": "x"}, by=planner
        )
        project = save_project(
            project=Project(plan=plan), data={"name": f"Projekt {i}", "organisation": organisation, **links}, by=planner
        )
        save_milestone(
            milestone=Milestone(project=project), data={"title": "M", "due_on": timezone.localdate()}, by=planner
        )
        if previous is not None:
            add_dependency(project=project, depends_on=previous, kind="follows", by=planner)
        previous = project
        assign_responsibility(element=space_a, organisation=organisation, letter="C", by=planner)
        assign_responsibility(element=space_b, organisation=organisation, letter="I", by=planner)
        assign_responsibility(element=target(plan), organisation=organisation, letter="I", by=planner)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        assert response.status_code == 200, url
    return len(captured)


@pytest.mark.parametrize("persona", ["planner", "staff_a"])
def test_the_lists_run_the_same_queries_with_few_and_many_rows(
    persona, request, governance, plan, planner, meeting, steering_group, space_a, space_b
):
    client = api(request.getfixturevalue(persona))
    client.get("/api/v1/")  # the key's first use is recorded: not a list's query
    urls = [*LISTS, "/api/v1/risks/?format=csv", "/api/v1/decisions/?format=csv-da"]
    for url in urls:
        client.get(url)  # warm the content-type cache
    _grow(plan, planner, meeting, steering_group, 2, space_a, space_b)
    few = {url: _queries(client, url) for url in urls}
    _grow(plan, planner, meeting, steering_group, 6, space_a, space_b)
    many = {url: _queries(client, url) for url in urls}
    assert many == few


def test_every_viewset_is_registered_with_its_prefix():
    from rest_framework.routers import SimpleRouter

    router = SimpleRouter()
    partnership_api.register(router)
    assert [f"/api/v1/{prefix}/" for prefix, _viewset, _basename in router.registry] == LISTS
