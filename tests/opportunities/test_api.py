"""The opportunity spaces' REST API: who reads what (housing staff never see another organisation's spaces, logs,
files or scores, through any channel), writes through the same services with the same history as the browser,
the preconditions (If-Match), the one error shape, the read-only key, attachments' downloads, the CSV of the
portfolio, and query counts that do not grow with rows."""

import csv
import datetime
import io
from pathlib import Path

import pytest
from django.core import serializers
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from base.api_views import version_etag
from base.history import history_of, version_of
from base.models import ChangeRecord
from base.services.tokens import create_api_token
from opportunities.api import ActivitySerializer, NeedOrOfferSerializer, OpportunitySpaceSerializer
from opportunities.models import (
    Activity,
    Attachment,
    AttendanceCount,
    MeetingPlaceScore,
    NeedOrOffer,
    OpportunitySpace,
    StageChange,
)
from opportunities.services import (
    ACTIVITY_FIELDS,
    NEED_OR_OFFER_FIELDS,
    SPACE_FIELDS,
    add_attachment,
    create_space,
    log_activity,
    recompute_meeting_place_index,
    save_need_or_offer,
)
from strategy.models import Perspective, Principle
from tests.conftest import client_for, with_version

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
TABLES = [OpportunitySpace, StageChange, Activity, AttendanceCount, Attachment, NeedOrOffer, ChangeRecord]


def api(user, *, read_only: bool = False) -> Client:
    _token, key = create_api_token(user=user, name="test", read_only=read_only)
    return Client(HTTP_AUTHORIZATION=f"Token {key}", HTTP_ACCEPT_LANGUAGE="en")


def database_state() -> str:
    return "".join(serializers.serialize("json", model.objects.order_by("pk")) for model in TABLES)


def today() -> datetime.date:
    return timezone.localdate()


def if_match(obj) -> dict:
    return {"HTTP_IF_MATCH": version_etag(version_of(obj))}


def send(client, method: str, url: str, body=None, **headers):
    return getattr(client, method)(url, body if body is not None else {}, content_type="application/json", **headers)


def records(obj) -> list[tuple]:
    """An object's history as a reader compares it: the action, who, and each changed field's old and new value."""
    return [
        (record.action, record.actor_name, sorted((c["field"], c["old"], c["new"]) for c in record.changes))
        for record in history_of(obj).order_by("id")
    ]


def content_of(response) -> bytes:
    return b"".join(response.streaming_content)


def log(space, by, *, title, participants=30):
    data = {"on": today(), "title": title, "note": "", "participants": participants}
    return log_activity(space=space, data=data, attendance={"gender": {"women": 16, "men": 14}}, by=by)


@pytest.fixture(autouse=True)
def uploads(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path / "uploads")
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def site(plan, organisations, space_a, space_b, staff_a, staff_b):
    """Of each of the two organisations: a space, an activity with counts, a file, meeting-place scores, a need
    or an offer (A's offer and B's need are a match)."""
    activity_a = log(space_a, staff_a, title="Fællesspisning")
    activity_b = log(space_b, staff_b, title="Hemmelig lektiecafé")
    file_a = add_attachment(activity=activity_a, upload=SimpleUploadedFile("referat.pdf", PDF), by=staff_a)
    file_b = add_attachment(activity=activity_b, upload=SimpleUploadedFile("hemmelig.pdf", PDF), by=staff_b)
    recompute_meeting_place_index(space_ids=[space_a.pk, space_b.pk])
    offer_a = save_need_or_offer(
        item=NeedOrOffer(plan=plan),
        data={"type": "offer", "organisation": organisations["gab"], "category": "premises", "title": "Lokale"},
        by=staff_a,
    )
    need_b = save_need_or_offer(
        item=NeedOrOffer(plan=plan),
        data={"type": "need", "organisation": organisations["dab"], "category": "premises", "title": "Et rum"},
        by=staff_b,
    )
    return {
        "space_a": space_a,
        "space_b": space_b,
        "activity_a": activity_a,
        "activity_b": activity_b,
        "file_a": file_a,
        "file_b": file_b,
        "score_b": MeetingPlaceScore.objects.filter(space=space_b).first(),
        "offer_a": offer_a,
        "need_b": need_b,
    }


# --- Who reads what --------------------------------------------------------------------------------------------

LISTS = [
    "/api/v1/opportunity-spaces/",
    "/api/v1/activities/",
    "/api/v1/attachments/",
    "/api/v1/meeting-place-scores/",
    "/api/v1/needs-and-offers/",
    "/api/v1/matches/",
]


def ids(response) -> set:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_readers_of_all_spaces_read_every_organisations_and_housing_staff_their_own(
    site, planner, administrator, steering_member, staff_a, staff_b
):
    for user in (planner, administrator, steering_member):
        client = api(user)
        assert ids(client.get(LISTS[0])) == {site["space_a"].pk, site["space_b"].pk}
        assert ids(client.get(LISTS[1])) == {site["activity_a"].pk, site["activity_b"].pk}
        assert ids(client.get(LISTS[2])) == {site["file_a"].pk, site["file_b"].pk}
        assert {row["space"] for row in client.get(LISTS[3]).json()["results"]} == {
            site["space_a"].pk,
            site["space_b"].pk,
        }
    for user, own in ((staff_a, "a"), (staff_b, "b")):
        client = api(user)
        assert ids(client.get(LISTS[0])) == {site[f"space_{own}"].pk}
        assert ids(client.get(LISTS[1])) == {site[f"activity_{own}"].pk}
        assert ids(client.get(LISTS[2])) == {site[f"file_{own}"].pk}
        assert {row["space"] for row in client.get(LISTS[3]).json()["results"]} == {site[f"space_{own}"].pk}


def test_needs_and_offers_and_their_matches_are_read_by_everyone_with_a_role_as_in_the_browser(
    site, steering_member, staff_a, staff_b
):
    match = f"{site['need_b'].pk}-{site['offer_a'].pk}"
    for user in (steering_member, staff_a, staff_b):
        client = api(user)
        assert ids(client.get("/api/v1/needs-and-offers/")) == {site["offer_a"].pk, site["need_b"].pk}
        assert [row["id"] for row in client.get("/api/v1/matches/").json()["results"]] == [match]
        detail = client.get(f"/api/v1/matches/{match}/")
        assert detail.status_code == 200
        assert detail.json()["need"]["organisation_slug"] == "dab"
        assert detail.json()["offer"]["id"] == site["offer_a"].pk
        assert detail.json()["category"] == "premises"
    assert api(staff_a).get(f"/api/v1/matches/{site['offer_a'].pk}-{site['need_b'].pk}/").status_code == 404


def test_a_user_without_a_role_gets_403_and_an_anonymous_client_401(site, user_without_role):
    session = client_for(user_without_role)
    for url in LISTS:
        assert session.get(url).status_code == 403, url
        assert Client().get(url).status_code == 401, url
        assert Client().get(url).json()["error"]["status"] == 401


# channel → (url, query, status): each way a list or an object of organisation B could reach staff of A.
B_CHANNELS = {
    "list": lambda s: ("/api/v1/opportunity-spaces/", {}, 200),
    "filter by owner": lambda s: ("/api/v1/opportunity-spaces/", {"organisation": s["space_b"].organisation_id}, 400),
    "search": lambda s: ("/api/v1/opportunity-spaces/", {"q": "Lektiecafé"}, 200),
    "ordering": lambda s: ("/api/v1/opportunity-spaces/", {"ordering": "-organisation", "stage": "idea"}, 200),
    "csv": lambda s: ("/api/v1/opportunity-spaces/", {"format": "csv"}, 200),
    "danish csv": lambda s: ("/api/v1/opportunity-spaces/", {"format": "csv-da"}, 200),
    "space detail": lambda s: (f"/api/v1/opportunity-spaces/{s['space_b'].pk}/", {}, 404),
    "space history": lambda s: (f"/api/v1/opportunity-spaces/{s['space_b'].pk}/history/", {}, 404),
    "activities": lambda s: ("/api/v1/activities/", {}, 200),
    "activities of the space": lambda s: ("/api/v1/activities/", {"space": s["space_b"].pk}, 200),
    "activities csv": lambda s: ("/api/v1/activities/", {"format": "csv"}, 200),
    "activity detail": lambda s: (f"/api/v1/activities/{s['activity_b'].pk}/", {}, 404),
    "activity history": lambda s: (f"/api/v1/activities/{s['activity_b'].pk}/history/", {}, 404),
    "attachments": lambda s: ("/api/v1/attachments/", {"space": s["space_b"].pk}, 200),
    "attachments csv": lambda s: ("/api/v1/attachments/", {"format": "csv"}, 200),
    "attachment detail": lambda s: (f"/api/v1/attachments/{s['file_b'].pk}/", {}, 404),
    "attachment download": lambda s: (f"/api/v1/attachments/{s['file_b'].pk}/download/", {}, 404),
    "scores": lambda s: ("/api/v1/meeting-place-scores/", {"space": s["space_b"].pk}, 200),
    "score detail": lambda s: (f"/api/v1/meeting-place-scores/{s['score_b'].pk}/", {}, 404),
}


@pytest.mark.parametrize("channel", B_CHANNELS)
def test_housing_staff_never_see_another_organisations_spaces_logs_files_or_scores(site, staff_a, channel):
    url, query, status = B_CHANNELS[channel](site)
    response = api(staff_a).get(url, query)
    assert response.status_code == status, response.content
    assert _leaks(response) == []
    if status == 404:  # as in the browser: it does not exist for them
        assert response.json()["error"]["code"] == "not_found"
    elif status == 400:  # not one of the owners they may filter by, as on the page
        assert "organisation" in response.json()["error"]["fields"]
    else:
        key = "id" if "opportunity-spaces" in url else "space"
        rows = _rows(response)
        assert all(row[key] != str(site["space_b"].pk) for row in rows)
        if "space" not in query and "q" not in query:
            assert any(row[key] == str(site["space_a"].pk) for row in rows)  # A's own are there


def _leaks(response) -> list[str]:
    """What of organisation B's the answer names."""
    body = response.content.decode(errors="replace")
    return [name for name in ("Lektiecafé i fælleshuset", "Hemmelig lektiecafé", "hemmelig.pdf") if name in body]


def _rows(response) -> list[dict]:
    if response["Content-Type"].startswith("text/csv"):
        text = response.content.decode().lstrip("\ufeff")
        return list(csv.DictReader(io.StringIO(text), delimiter=";" if ";" in text.split("\r\n")[0] else ","))
    return [{key: str(value) for key, value in row.items()} for row in response.json()["results"]]


def test_the_portfolio_as_csv_is_a_flat_list_with_the_links_joined(site, planner, organisations):
    space = site["space_a"]
    principle = Principle.objects.filter(plan=space.plan).order_by("number").first()
    client = api(planner)
    response = send(
        client,
        "patch",
        f"/api/v1/opportunity-spaces/{space.pk}/",
        {"partners": [organisations["dab"].pk, organisations["gladsaxe"].pk], "principles": [principle.pk]},
        **if_match(space),
    )
    assert response.status_code == 200, response.content
    rows = list(csv.DictReader(io.StringIO(client.get("/api/v1/opportunity-spaces/", {"format": "csv"}).text)))
    row = next(row for row in rows if row["id"] == str(space.pk))
    assert row["organisation_slug"] == "gab"
    assert set(row["partners"].split("|")) == {str(organisations["dab"].pk), str(organisations["gladsaxe"].pk)}
    assert row["principles"] == str(principle.pk)
    assert row["stage"] == "idea" and row["is_stale"] == "false"
    assert all(not isinstance(value, dict) for value in row.values())
    activities = list(csv.DictReader(io.StringIO(client.get("/api/v1/activities/", {"format": "csv"}).text)))
    assert {row["attendance.gender.women"] for row in activities} == {"16"}  # nested counts: dotted columns


# --- Writes: the browser's services, the browser's history --------------------------------------------------------


def test_a_space_created_and_changed_through_the_api_has_the_history_of_one_created_and_changed_in_the_browser(
    plan, organisations, staff_a
):
    browser = client_for(staff_a)
    fields = {"title": "Iværksættere", "kind": "social", "organisation": organisations["gab"].pk}
    assert browser.post("/spaces/new/", fields).status_code == 302
    in_browser = OpportunitySpace.objects.get(title="Iværksættere")

    client = api(staff_a)
    created = send(client, "post", "/api/v1/opportunity-spaces/", fields)
    assert created.status_code == 201, created.content
    through_api = OpportunitySpace.objects.get(pk=created.json()["id"])
    assert created["ETag"] == version_etag(version_of(through_api))
    assert records(through_api) == records(in_browser)

    change = {"title": "Iværksættere i Værebro", "kind": "physical", "organisation": organisations["gab"].pk}
    assert browser.post(f"/spaces/{in_browser.pk}/edit/", with_version(in_browser, change)).status_code == 302
    response = send(client, "patch", f"/api/v1/opportunity-spaces/{through_api.pk}/", change, **if_match(through_api))
    assert response.status_code == 200, response.content
    assert response.json()["title"] == "Iværksættere i Værebro"
    assert response["ETag"] == version_etag(version_of(through_api))
    assert records(through_api) == records(in_browser)
    assert len(records(through_api)) == 2


def test_a_stage_change_through_the_api_is_the_browsers(plan, organisations, staff_a):
    one, other = (
        create_space(
            plan=plan, data={"title": title, "kind": "social", "organisation": organisations["gab"]}, by=staff_a
        )
        for title in ("Et rum", "Et rum")
    )
    body = {"to_stage": "stopped", "on": today().isoformat(), "reason": "Ingen lokaler."}
    assert client_for(staff_a).post(f"/spaces/{one.pk}/stage/", body).status_code == 302
    response = send(api(staff_a), "post", f"/api/v1/opportunity-spaces/{other.pk}/stage/", body, **if_match(other))
    assert response.status_code == 200, response.content
    assert response.json()["stage"] == "stopped"
    assert response.json()["stopped_reason"] == "Ingen lokaler."
    assert response["ETag"] == version_etag(version_of(other))
    assert records(other) == records(one)
    fields = ("from_stage", "to_stage", "on", "reason", "by_name")
    assert list(other.stage_changes.order_by("id").values_list(*fields)) == list(
        one.stage_changes.order_by("id").values_list(*fields)
    )


def test_a_stage_change_the_service_refuses_is_a_400_naming_the_field_and_changes_nothing(space_a, staff_a):
    before = database_state()
    response = send(
        api(staff_a),
        "post",
        f"/api/v1/opportunity-spaces/{space_a.pk}/stage/",
        {"to_stage": "operating"},
        **if_match(space_a),
    )
    assert response.status_code == 400
    assert "cannot go from" in response.json()["error"]["fields"]["to_stage"][0]
    assert database_state() == before


def test_an_activity_logged_changed_and_deleted_through_the_api_has_the_browsers_history(
    space_a, staff_a, django_capture_on_commit_callbacks
):
    browser = client_for(staff_a)
    form = {
        "on": today().isoformat(),
        "title": "Lektiecafé",
        "note": "Godt fremmøde.",
        "participants": "20",
        "attendance_age_0_12": "8",
        "attendance_age_30_49": "4",
        "attendance_gender_women": "11",
        "attendance_gender_men": "9",
    }
    body = {
        "space": space_a.pk,
        "on": today().isoformat(),
        "title": "Lektiecafé",
        "note": "Godt fremmøde.",
        "participants": 20,
        "attendance": {"age": {"0_12": 8, "30_49": 4}, "gender": {"women": 11, "men": 9}},
    }
    client = api(staff_a)
    with django_capture_on_commit_callbacks(execute=True):
        assert browser.post(f"/spaces/{space_a.pk}/activities/new/", form).status_code == 302
        created = send(client, "post", "/api/v1/activities/", body)
    assert created.status_code == 201, created.content
    in_browser, through_api = Activity.objects.order_by("id")
    assert created.json()["attendance"]["age"] == {"0_12": 8, "30_49": 4}
    assert records(through_api) == records(in_browser)
    assert MeetingPlaceScore.objects.filter(space=space_a).exists()  # the index followed

    form_change = {**form, "participants": "25", "attendance_age_0_12": "2"}
    assert browser.post(f"/activities/{in_browser.pk}/edit/", with_version(in_browser, form_change)).status_code == 302
    change = {"participants": 25, "attendance": {"age": {"0_12": 2, "30_49": 4}, "gender": {"women": 11, "men": 9}}}
    response = send(client, "patch", f"/api/v1/activities/{through_api.pk}/", change, **if_match(through_api))
    assert response.status_code == 200, response.content
    assert response.json()["attendance"]["age"] == {"0_12": 2, "30_49": 4}
    assert records(through_api) == records(in_browser)

    # A PATCH without counts keeps them: the same title is no change at all.
    response = send(
        client, "patch", f"/api/v1/activities/{through_api.pk}/", {"title": "Lektiecafé"}, **if_match(through_api)
    )
    assert response.status_code == 200
    assert response.json()["attendance"]["gender"] == {"women": 11, "men": 9}
    assert records(through_api) == records(in_browser)

    with django_capture_on_commit_callbacks(execute=True):
        assert browser.post(f"/activities/{in_browser.pk}/delete/").status_code == 302
        response = send(client, "delete", f"/api/v1/activities/{through_api.pk}/", **if_match(through_api))
    assert response.status_code == 204
    assert not Activity.objects.exists()
    assert records(through_api) == records(in_browser)
    assert records(through_api)[-1][0] == "delete"


def test_a_need_registered_and_closed_through_the_api_has_the_browsers_history(plan, organisations, staff_a):
    fields = {"type": "need", "organisation": organisations["gab"].pk, "category": "mentors", "title": "Mentorer"}
    assert client_for(staff_a).post("/needs-and-offers/new/", fields).status_code == 302
    in_browser = NeedOrOffer.objects.get()
    client = api(staff_a)
    created = send(client, "post", "/api/v1/needs-and-offers/", {**fields, "status": "closed"})
    assert created.status_code == 201, created.content
    assert created.json()["status"] == "open"  # as in the browser, a new one is open
    through_api = NeedOrOffer.objects.get(pk=created.json()["id"])
    assert records(through_api) == records(in_browser)
    response = send(
        client, "patch", f"/api/v1/needs-and-offers/{through_api.pk}/", {"status": "closed"}, **if_match(through_api)
    )
    assert response.status_code == 200
    assert records(through_api)[-1] == ("update", "Gitte Testesen", [("status", "open", "closed")])


def test_the_writable_fields_are_exactly_the_services_editable_fields(rf, planner, space_a):
    request = rf.get("/")
    request.user = planner
    context = {"request": request}

    def writable(serializer):
        return {name for name, field in serializer.fields.items() if not field.read_only}

    assert writable(OpportunitySpaceSerializer(context=context)) == set(SPACE_FIELDS)
    assert writable(ActivitySerializer(context=context)) == {*ACTIVITY_FIELDS, "space", "attendance"}
    activity = log(space_a, planner, title="Et møde")
    assert writable(ActivitySerializer(activity, context=context)) == {*ACTIVITY_FIELDS, "attendance"}
    assert writable(NeedOrOfferSerializer(context=context)) == set(NEED_OR_OFFER_FIELDS) - {"status"}
    item = NeedOrOffer.objects.create(plan=space_a.plan, type="need", organisation=space_a.organisation, title="x")
    assert writable(NeedOrOfferSerializer(item, context=context)) == set(NEED_OR_OFFER_FIELDS)


def test_a_space_read_and_written_back_unchanged_is_saved_without_a_new_version(space_a, staff_a, organisations):
    OpportunitySpace.objects.filter(pk=space_a.pk).update(confidence=4, latitude="55.76170", longitude="12.45170")
    space_a.perspectives.set(Perspective.objects.all()[:2])
    space_a.partners.set([organisations["dab"]])
    client = api(staff_a)
    read = client.get(f"/api/v1/opportunity-spaces/{space_a.pk}/")
    assert read.json()["perspectives"] and read.json()["latitude"] == 55.7617
    response = send(client, "put", f"/api/v1/opportunity-spaces/{space_a.pk}/", read.json(), HTTP_IF_MATCH=read["ETag"])
    assert response.status_code == 200, response.content
    assert response["ETag"] == read["ETag"]
    assert response.json() == read.json()


# --- Preconditions, refusals and the error shape ---------------------------------------------------------------


@pytest.mark.parametrize(
    "method, path, body, target",
    [
        ("patch", "/api/v1/opportunity-spaces/{pk}/", {"title": "Nyt navn"}, "space_a"),
        ("put", "/api/v1/opportunity-spaces/{pk}/", {"title": "Nyt navn", "kind": "social"}, "space_a"),
        ("post", "/api/v1/opportunity-spaces/{pk}/stage/", {"to_stage": "clarification"}, "space_a"),
        ("patch", "/api/v1/activities/{pk}/", {"title": "Nyt navn"}, "activity_a"),
        ("delete", "/api/v1/activities/{pk}/", None, "activity_a"),
        ("patch", "/api/v1/needs-and-offers/{pk}/", {"title": "Nyt navn"}, "offer_a"),
    ],
)
def test_a_write_without_if_match_is_428_and_with_a_stale_one_412_and_nothing_changes(
    site, staff_a, planner, method, path, body, target
):
    obj = site[target]
    url = path.format(pk=obj.pk)
    if method == "put":
        body = {**body, "organisation": site["space_a"].organisation_id}
    client = api(staff_a)
    before = database_state()
    missing = send(client, method, url, body)
    assert missing.status_code == 428
    assert missing.json()["error"]["code"] == "precondition_required"
    assert database_state() == before

    stale_version = version_etag(version_of(obj))
    kind = url.split("/")[3]
    meanwhile = send(
        api(planner),
        "patch",
        f"/api/v1/{kind}/{obj.pk}/",
        {"description" if kind != "activities" else "note": "Ændret"},
        HTTP_IF_MATCH=stale_version,
    )
    assert meanwhile.status_code == 200, meanwhile.content
    between = database_state()
    stale = send(client, method, url, body, HTTP_IF_MATCH=stale_version)
    assert stale.status_code == 412
    assert stale.json()["error"]["code"] == "conflict"
    assert database_state() == between


@pytest.mark.parametrize(
    "method, path, body, field",
    [
        ("post", "/api/v1/opportunity-spaces/", {"title": "", "kind": "social", "organisation": "{gab}"}, "title"),
        (
            "post",
            "/api/v1/opportunity-spaces/",
            {"title": "Rum", "kind": "social", "organisation": "{dab}"},
            "organisation",
        ),
        ("patch", "/api/v1/opportunity-spaces/{space}/", {"latitude": 55.7}, "latitude"),
        ("patch", "/api/v1/opportunity-spaces/{space}/", {"perspectives": ["sidefra"]}, "perspectives"),
        (
            "post",
            "/api/v1/activities/",
            {"space": "{space_b}", "on": "2025-01-01", "title": "x", "participants": 1},
            "space",
        ),
        ("patch", "/api/v1/activities/{activity}/", {"participants": 5}, "attendance_gender"),
        ("patch", "/api/v1/activities/{activity}/", {"on": "2099-01-01"}, "on"),
        (
            "post",
            "/api/v1/needs-and-offers/",
            {"type": "need", "organisation": "{dab}", "category": "funding", "title": "x"},
            "organisation",
        ),
    ],
)
def test_an_invalid_write_is_a_400_naming_the_field_and_changes_nothing(site, staff_a, method, path, body, field):
    values = {
        "gab": site["space_a"].organisation_id,
        "dab": site["space_b"].organisation_id,
        "space_b": site["space_b"].pk,
    }
    body = {
        key: values[value[1:-1]] if isinstance(value, str) and value.startswith("{") else value
        for key, value in body.items()
    }
    url = path.format(space=site["space_a"].pk, activity=site["activity_a"].pk)
    obj = site["activity_a"] if "activities/" in url and method != "post" else site["space_a"]
    before = database_state()
    response = send(api(staff_a), method, url, body, **if_match(obj))
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["status"] == 400 and error["code"] and error["message"]
    assert field in error["fields"], error
    assert all(isinstance(message, str) for messages in error["fields"].values() for message in messages)
    assert database_state() == before


def test_the_read_only_key_reads_but_every_write_is_403_and_changes_nothing(site, planner, organisations):
    client = api(planner, read_only=True)
    assert client.get("/api/v1/opportunity-spaces/").status_code == 200
    space, activity, need = site["space_a"], site["activity_a"], site["offer_a"]
    before = database_state()
    writes = [
        (
            "post",
            "/api/v1/opportunity-spaces/",
            {"title": "x", "kind": "social", "organisation": organisations["gab"].pk},
            space,
        ),
        ("patch", f"/api/v1/opportunity-spaces/{space.pk}/", {"title": "x"}, space),
        ("post", f"/api/v1/opportunity-spaces/{space.pk}/stage/", {"to_stage": "clarification"}, space),
        ("delete", f"/api/v1/activities/{activity.pk}/", None, activity),
        ("patch", f"/api/v1/needs-and-offers/{need.pk}/", {"title": "x"}, need),
    ]
    for method, url, body, obj in writes:
        response = send(client, method, url, body, **if_match(obj))
        assert response.status_code == 403, url
        assert response.json()["error"]["code"] == "permission_denied"
    assert database_state() == before


def test_a_steering_member_reads_but_may_not_write_and_housing_staff_not_another_organisations(
    site, steering_member, staff_a
):
    before = database_state()
    reader = api(steering_member)
    space_b, activity_b, need_b = site["space_b"], site["activity_b"], site["need_b"]
    assert (
        send(
            reader, "patch", f"/api/v1/opportunity-spaces/{space_b.pk}/", {"title": "x"}, **if_match(space_b)
        ).status_code
        == 403
    )
    assert (
        send(
            reader,
            "post",
            "/api/v1/activities/",
            {"space": space_b.pk, "on": today().isoformat(), "title": "x", "participants": 1},
        ).status_code
        == 403
    )
    assert (
        send(
            reader,
            "post",
            f"/api/v1/opportunity-spaces/{space_b.pk}/stage/",
            {"to_stage": "clarification"},
            **if_match(space_b),
        ).status_code
        == 403
    )
    staff = api(staff_a)
    assert (
        send(
            staff, "patch", f"/api/v1/opportunity-spaces/{space_b.pk}/", {"title": "x"}, **if_match(space_b)
        ).status_code
        == 404
    )
    assert send(staff, "delete", f"/api/v1/activities/{activity_b.pk}/", **if_match(activity_b)).status_code == 404
    assert (
        send(staff, "patch", f"/api/v1/needs-and-offers/{need_b.pk}/", {"title": "x"}, **if_match(need_b)).status_code
        == 403
    )
    assert database_state() == before


def test_spaces_and_needs_are_not_deleted_and_files_not_uploaded_through_the_api(site, planner):
    client = api(planner)
    space, need = site["space_a"], site["offer_a"]
    assert send(client, "delete", f"/api/v1/opportunity-spaces/{space.pk}/", **if_match(space)).status_code == 405
    assert send(client, "delete", f"/api/v1/needs-and-offers/{need.pk}/", **if_match(need)).status_code == 405
    upload = client.post(
        "/api/v1/attachments/", {"activity": site["activity_a"].pk, "file": SimpleUploadedFile("a.pdf", PDF)}
    )
    assert upload.status_code == 405
    assert Attachment.objects.count() == 2


# --- Attachments ------------------------------------------------------------------------------------------------


def test_a_file_is_downloaded_as_the_browser_serves_it_and_revalidated_without_sending_it_again(
    site, staff_a, steering_member
):
    attachment = site["file_a"]
    browser = client_for(staff_a).get(f"/attachments/{attachment.pk}/")
    client = api(staff_a)
    listed = client.get("/api/v1/attachments/", {"activity": site["activity_a"].pk}).json()["results"]
    assert [row["original_name"] for row in listed] == ["referat.pdf"]
    assert listed[0]["download"].endswith(f"/api/v1/attachments/{attachment.pk}/download/")
    response = client.get(f"/api/v1/attachments/{attachment.pk}/download/", HTTP_ACCEPT="application/pdf")
    assert response.status_code == 200
    assert content_of(response) == content_of(browser) == PDF
    for header in ("Content-Type", "Content-Disposition", "X-Content-Type-Options"):
        assert response[header] == browser[header], header
    again = client.get(f"/api/v1/attachments/{attachment.pk}/download/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert api(steering_member).get(f"/api/v1/attachments/{attachment.pk}/download/").status_code == 200


def test_a_file_missing_from_the_storage_is_a_404(site, staff_a):
    attachment = site["file_a"]
    attachment.file.storage.delete(attachment.file.name)
    response = api(staff_a).get(f"/api/v1/attachments/{attachment.pk}/download/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


# --- Conditional reads --------------------------------------------------------------------------------------------


def test_a_space_is_revalidated_by_its_version_until_it_changes(site, staff_a):
    space = site["space_a"]
    client = api(staff_a)
    read = client.get(f"/api/v1/opportunity-spaces/{space.pk}/")
    assert read["ETag"] == version_etag(version_of(space))
    assert client.get(f"/api/v1/opportunity-spaces/{space.pk}/", HTTP_IF_NONE_MATCH=read["ETag"]).status_code == 304
    send(client, "patch", f"/api/v1/opportunity-spaces/{space.pk}/", {"title": "Nyt"}, HTTP_IF_MATCH=read["ETag"])
    assert client.get(f"/api/v1/opportunity-spaces/{space.pk}/", HTTP_IF_NONE_MATCH=read["ETag"]).status_code == 200


# --- Query counts -----------------------------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        assert response.status_code == 200, url
    return len(captured)


def _more(plan, organisations, staff_a, staff_b, n: int) -> None:
    principles = list(Principle.objects.filter(plan=plan)[:2])
    for i in range(n):
        for staff, slug in ((staff_a, "gab"), (staff_b, "dab")):
            space = create_space(
                plan=plan,
                data={
                    "title": f"Rum {slug} {i}",
                    "kind": "social",
                    "organisation": organisations[slug],
                    "partners": [organisations["gladsaxe"]],
                    "principles": principles,
                    "perspectives": list(Perspective.objects.all()[:2]),
                },
                by=staff,
            )
            activity = log(space, staff, title=f"Møde {i}")
            add_attachment(activity=activity, upload=SimpleUploadedFile("a.pdf", PDF), by=staff)
            save_need_or_offer(
                item=NeedOrOffer(plan=plan),
                data={
                    "type": "need" if slug == "gab" else "offer",
                    "organisation": organisations[slug],
                    "category": "premises",
                    "title": f"{slug} {i}",
                },
                by=staff,
            )
    recompute_meeting_place_index()


@pytest.mark.parametrize("persona", ["planner", "staff_a"])
def test_the_lists_run_the_same_queries_with_few_and_many_rows(
    request, site, plan, organisations, staff_a, staff_b, persona
):
    client = api(request.getfixturevalue(persona))
    client.get("/api/v1/")  # the key's first use is recorded: not a list's query
    urls = [*LISTS, "/api/v1/opportunity-spaces/?format=csv", "/api/v1/activities/?format=csv"]
    few = [_queries(client, url) for url in urls]
    _more(plan, organisations, staff_a, staff_b, 6)
    assert OpportunitySpace.objects.count() == 14
    assert [_queries(client, url) for url in urls] == few


def test_a_needs_history_is_read_by_its_own_organisation_and_the_readers_of_all_spaces_only(
    site, steering_member, staff_a, staff_b
):
    url = f"/api/v1/needs-and-offers/{site['need_b'].pk}/history/"
    for user in (steering_member, staff_b):
        [record] = api(user).get(url).json()
        assert record["actor_name"] == "Dan Testesen"
    refused = api(staff_a).get(url)
    assert refused.status_code == 403
    assert "Dan" not in refused.content.decode()


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/api/v1/activities/", "space"),
        ("/api/v1/meeting-place-scores/", "space"),
        ("/api/v1/attachments/", "activity"),
        ("/api/v1/indicator-values/", "year_from"),
        ("/api/v1/classifications/", "list_year"),
    ],
)
@pytest.mark.parametrize("value", ["-3.402823466e+38", "2.5", "99999999999999999999", "0"])
def test_an_id_or_year_filter_that_no_row_can_have_is_a_400_naming_it_not_a_server_error(
    site, planner, path, name, value
):
    response = api(planner).get(path, {name: value})
    assert response.status_code == 400, response.content
    assert name in response.json()["error"]["fields"]
