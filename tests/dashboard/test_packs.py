"""Meeting packs: preparing a meeting freezes what the dashboard shows; later data never change a pack; the change
page lists each kind of change since the group's previous pack."""

import datetime

import pytest
from django.test import Client

from base.models import User
from dashboard.models import MeetingPack
from dashboard.packs import changes_between, prepare_meeting_pack
from opportunities.models import OpportunitySpace
from partnership.models import Decision, Meeting, Risk
from strategy.models import IndicatorValue

pytestmark = pytest.mark.django_db


def client_as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _meetings() -> tuple[Meeting, Meeting]:
    held = Meeting.objects.filter(status="held").order_by("-starts_at").first()
    planned = Meeting.objects.filter(status="planned", group=held.group).order_by("starts_at").first()
    return held, planned


def test_a_steering_member_prepares_a_pack_from_the_meeting_page(demo):
    _held, planned = _meetings()
    client = client_as(demo["styregruppe"])
    page = client.get(f"/governance/meetings/{planned.pk}/").content.decode()
    assert "Forbered en mødepakke nu" in page
    response = client.post(f"/governance/meetings/{planned.pk}/packs/new/")
    pack = MeetingPack.objects.get()
    assert response["Location"] == f"/governance/packs/{pack.pk}/"
    assert pack.meeting == planned and pack.prepared_by == demo["styregruppe"]
    shown = client.get(response["Location"]).content.decode()
    assert "Mødepakken er forberedt" in shown
    for target in pack.content["targets"]:
        assert target["title"] in shown
    assert pack.content["example"] and "Syntetiske eksempeltal" in shown  # the demo's figures say they are examples
    assert f"/governance/packs/{pack.pk}/" in client.get(f"/governance/meetings/{planned.pk}/").content.decode()


def test_preparing_again_with_nothing_changed_keeps_the_one_pack_and_says_so(demo):
    _held, planned = _meetings()
    client = client_as(demo["styregruppe"])
    first = client.post(f"/governance/meetings/{planned.pk}/packs/new/")
    pack = MeetingPack.objects.get()

    again = client.post(f"/governance/meetings/{planned.pk}/packs/new/")  # a second click

    assert again["Location"] == first["Location"] == f"/governance/packs/{pack.pk}/"
    assert MeetingPack.objects.count() == 1
    shown = client.get(again["Location"]).content.decode()
    assert "Intet i mødepakken er ændret, siden den blev forberedt" in shown
    # Once something the pack holds has changed, preparing makes a new pack beside the first.
    risk = Risk.objects.filter(plan=planned.group.plan).exclude(status="closed").first()
    Risk.objects.filter(pk=risk.pk).update(impact=1 if risk.impact != 1 else 2)
    client.post(f"/governance/meetings/{planned.pk}/packs/new/")
    assert MeetingPack.objects.filter(meeting=planned).count() == 2


@pytest.mark.parametrize("username", ["gab", "dab"])
def test_housing_staff_read_packs_but_neither_prepare_them_nor_see_other_organisations_spaces(demo, username):
    _held, planned = _meetings()
    pack, _made = prepare_meeting_pack(meeting=planned, by=demo["planlaegger"])
    client = client_as(demo[username])
    assert client.post(f"/governance/meetings/{planned.pk}/packs/new/").status_code == 403
    page = client.get(f"/governance/packs/{pack.pk}/").content.decode()
    own = set(demo[username].memberships.values_list("organisation_id", flat=True))
    for space in pack.content["spaces"]:
        assert (f'<th scope="row">{space["title"]}</th>' in page) == (space["organisation_id"] in own)


def test_without_a_role_no_pack_is_read(demo):
    _held, planned = _meetings()
    pack, _made = prepare_meeting_pack(meeting=planned, by=None)
    nobody = User.objects.create_user(username="ingen", password="ingen-rolle-adgangskode-2026")
    assert client_as(nobody).get(f"/governance/packs/{pack.pk}/").status_code == 403


def test_a_frozen_pack_does_not_change_when_later_data_arrive(demo):
    _held, planned = _meetings()
    pack, _made = prepare_meeting_pack(meeting=planned, by=demo["planlaegger"])
    client = client_as(demo["planlaegger"])
    before = client.get(f"/governance/packs/{pack.pk}/").content.decode()

    # Later: new indicator values, a space moves on, a risk is rescored, a decision is carried out.
    IndicatorValue.objects.update(value=1)
    space = OpportunitySpace.objects.order_by("id").first()
    OpportunitySpace.objects.filter(pk=space.pk).update(stage="stopped", stopped_reason="Stoppet", title="Omdøbt rum")
    Risk.objects.update(likelihood=1, impact=1)
    Decision.objects.update(status="done", done_on=datetime.date(2026, 12, 1))

    pack.refresh_from_db()
    after = client.get(f"/governance/packs/{pack.pk}/").content.decode()
    assert (
        after[after.index("<main") : after.index("</main>")] == before[before.index("<main") : before.index("</main>")]
    )
    with pytest.raises(ValueError):
        pack.save()  # never changed


def test_the_change_page_lists_each_kind_of_change_since_the_previous_pack(demo):
    held, planned = _meetings()
    first, _made = prepare_meeting_pack(meeting=held, by=demo["planlaegger"])
    content = first.content
    # What happened between the two meetings, as the second pack will find it.
    indicator = content["targets"][0]["indicators"][0]
    IndicatorValue.objects.filter(definition__code=indicator["code"], year=indicator["year"]).update(value=1)
    moved = OpportunitySpace.objects.exclude(stage="stopped").order_by("id")[0]
    stopped = OpportunitySpace.objects.exclude(stage="stopped").order_by("id")[1]
    OpportunitySpace.objects.filter(pk=moved.pk).update(stage="anchored" if moved.stage != "anchored" else "operating")
    OpportunitySpace.objects.filter(pk=stopped.pk).update(stage="stopped", stopped_reason="Ingen midler")
    started = OpportunitySpace.objects.create(
        plan=moved.plan, title="Et helt nyt rum", kind="social", organisation=moved.organisation
    )
    up = Risk.objects.filter(likelihood__lt=5).order_by("id").first()
    Risk.objects.filter(pk=up.pk).update(likelihood=5)
    down = Risk.objects.exclude(pk=up.pk).filter(likelihood__gt=1).order_by("id").first()
    Risk.objects.filter(pk=down.pk).update(likelihood=1)
    Decision.objects.create(meeting=held, text="En ny beslutning om fælleshuset")
    second, _made = prepare_meeting_pack(meeting=planned, by=demo["planlaegger"])

    changes = changes_between(first.content, second.content)
    assert [c["new"]["code"] for c in changes["indicators"]][:1] == [indicator["code"]]
    assert [s["id"] for s in changes["started"]] == [started.pk]
    assert [c["new"]["id"] for c in changes["moved"]] == [moved.pk]
    assert [s["id"] for s in changes["stopped"]] == [stopped.pk]
    assert [c["new"]["id"] for c in changes["risks_up"]] == [up.pk]
    assert [c["new"]["id"] for c in changes["risks_down"]] == [down.pk]
    assert [d["text"] for d in changes["decisions_made"]] == ["En ny beslutning om fælleshuset"]

    page = client_as(demo["styregruppe"]).get(f"/governance/packs/{second.pk}/changes/").content.decode()
    for heading in (
        "Indikatorværdier og status",
        "Startet",
        "Flyttet til en anden fase",
        "Stoppet",
        "Nye sociale mødesteder",
        "Vurderet højere",
        "Vurderet lavere",
        "Beslutninger truffet",
    ):
        assert heading in page, heading
    assert "Et helt nyt rum" in page and "En ny beslutning om fælleshuset" in page
    assert f"{moved.title}:" in page


def test_places_newly_qualified_and_dropped_are_listed():
    space = {"id": 1, "title": "Fælleshuset", "stage": "operating", "organisation_id": 1, "meeting_place": False}
    before = {
        "targets": [],
        "spaces": [space, {**space, "id": 2, "title": "Caféen", "meeting_place": True}],
        "risks": [],
        "decisions": [],
    }
    after = {
        "targets": [],
        "spaces": [{**space, "meeting_place": True}, {**space, "id": 2, "title": "Caféen"}],
        "risks": [],
        "decisions": [],
    }
    changes = changes_between(before, after)
    assert [s["title"] for s in changes["places_new"]] == ["Fælleshuset"]
    assert [s["title"] for s in changes["places_gone"]] == ["Caféen"]
