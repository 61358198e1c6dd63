"""Needs and offers: everyone with a role reads them all; housing staff register and edit their own organisations'
only; steering members read; a planner turns a suggested match into an opportunity space."""

import pytest
from django.conf import settings
from django.core import serializers
from django.db import connection
from django.test.utils import CaptureQueriesContext

from base.models import ChangeRecord
from base.services.accounts import upsert_organisation
from opportunities.models import NeedOrOffer, OpportunitySpace
from opportunities.services import save_need_or_offer
from tests.conftest import client_for as _client_for

pytestmark = pytest.mark.django_db


def client_for(user):
    """A logged-in client that reads the pages in English (the msgids), so the checked texts do not change when
    the Danish translations are written."""
    client = _client_for(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def register(plan, organisation, type, category, title, by=None, description=""):
    item = NeedOrOffer(plan=plan)
    data = {"type": type, "organisation": organisation, "category": category, "title": title}
    return save_need_or_offer(item=item, data={**data, "description": description}, by=by)


def database_state() -> str:
    tables = [NeedOrOffer, OpportunitySpace, ChangeRecord]
    return "".join(serializers.serialize("json", model.objects.order_by("pk")) for model in tables)


@pytest.fixture
def company(db):
    return upsert_organisation(slug="bagsvaerd-byg", name="Bagsværd Byg ApS", kind="company")


@pytest.fixture
def dab_offer(plan, organisations):
    return register(plan, organisations["dab"], "offer", "mentors", "Mentorer fra DAB's ejendomskontor")


@pytest.fixture
def match(plan, organisations, company):
    """A GAB need for premises and a company's offer of premises: a match across organisations."""
    need = register(plan, organisations["gab"], "need", "premises", "Lokaler til lektiecafé")
    offer = register(plan, company, "offer", "premises", "Mødelokale om eftermiddagen", description="Ledigt 14–18.")
    return need, offer


# --- Housing staff ----------------------------------------------------------------------------------------


def test_housing_staff_register_a_need_for_their_own_organisation(plan, organisations, staff_a):
    client = client_for(staff_a)
    form = client.get("/needs-and-offers/new/?type=need")
    assert form.status_code == 200
    assert 'value="need" class="form-radio" checked' in form.content.decode()

    response = client.post(
        "/needs-and-offers/new/",
        {"type": "need", "organisation": organisations["gab"].pk, "category": "premises", "title": "Lokaler"},
        follow=True,
    )

    assert response.redirect_chain == [("/needs-and-offers/", 302)]
    item = NeedOrOffer.objects.get()
    assert (item.type, item.organisation, item.category, item.status) == (
        "need",
        organisations["gab"],
        "premises",
        "open",
    )
    assert item.plan == plan
    assert ChangeRecord.objects.filter(object_id=item.pk, actor=staff_a).exists()
    assert "Lokaler" in response.content.decode()


def test_the_only_organisation_of_a_staff_member_is_preselected(plan, organisations, staff_a):
    response = client_for(staff_a).get("/needs-and-offers/new/")
    form = response.context["form"]
    assert list(form.fields["organisation"].queryset) == [organisations["gab"]]
    assert form["organisation"].value() == organisations["gab"].pk
    assert "status" not in form.fields  # a new need or offer is open


def test_housing_staff_cannot_register_for_another_organisation(plan, organisations, staff_a):
    before = database_state()

    response = client_for(staff_a).post(
        "/needs-and-offers/new/",
        {"type": "offer", "organisation": organisations["dab"].pk, "category": "premises", "title": "Forfalsket"},
    )

    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert database_state() == before
    assert NeedOrOffer.objects.count() == 0
    assert 'aria-invalid="true"' in response.content.decode()


def test_housing_staff_cannot_edit_another_organisations_offer(plan, dab_offer, staff_a):
    before = database_state()
    client = client_for(staff_a)

    assert client.get(f"/needs-and-offers/{dab_offer.pk}/edit/").status_code == 403
    response = client.post(
        f"/needs-and-offers/{dab_offer.pk}/edit/",
        {"type": "offer", "organisation": dab_offer.organisation_id, "category": "mentors", "title": "Overtaget"},
    )

    assert response.status_code == 403
    assert database_state() == before
    dab_offer.refresh_from_db()
    assert dab_offer.title == "Mentorer fra DAB's ejendomskontor"


def test_housing_staff_edit_their_own_need_and_can_close_it(plan, organisations, staff_a):
    need = register(plan, organisations["gab"], "need", "volunteers", "Frivillige til sommerfest", by=staff_a)
    client = client_for(staff_a)
    form = client.get(f"/needs-and-offers/{need.pk}/edit/")
    assert form.status_code == 200
    version = form.context["form"]["version"].value()

    response = client.post(
        f"/needs-and-offers/{need.pk}/edit/",
        {
            "type": "need",
            "organisation": organisations["gab"].pk,
            "category": "volunteers",
            "title": "Frivillige til sommerfesten",
            "status": "closed",
            "version": version,
        },
        follow=True,
    )

    assert response.redirect_chain == [("/needs-and-offers/", 302)]
    need.refresh_from_db()
    assert (need.title, need.status) == ("Frivillige til sommerfesten", "closed")
    assert "Frivillige til sommerfesten" in response.content.decode()


def test_an_edit_over_someone_elses_newer_change_is_refused_and_keeps_the_input(plan, organisations, staff_a, planner):
    need = register(plan, organisations["gab"], "need", "funding", "Midler til udflugt", by=staff_a)
    client = client_for(staff_a)
    version = client.get(f"/needs-and-offers/{need.pk}/edit/").context["form"]["version"].value()
    save_need_or_offer(item=need, data={"title": "Midler til udflugten"}, by=planner)

    data = {"type": "need", "organisation": organisations["gab"].pk, "category": "funding", "status": "open"}
    response = client.post(f"/needs-and-offers/{need.pk}/edit/", {**data, "title": "Min titel", "version": version})

    assert response.status_code == 200
    need.refresh_from_db()
    assert need.title == "Midler til udflugten"
    assert "while you were editing" in response.content.decode()
    assert 'value="Min titel"' in response.content.decode()


def test_housing_staff_see_other_organisations_offers_in_the_list_and_the_matches(
    plan, organisations, staff_a, dab_offer
):
    register(plan, organisations["gab"], "need", "mentors", "Mentorer til unge i Værebro Park")
    client = client_for(staff_a)

    listing = client.get("/needs-and-offers/")
    assert listing.status_code == 200
    text = listing.content.decode()
    assert "Mentorer fra DAB&#x27;s ejendomskontor" in text
    assert "Register a need or an offer" in text
    assert f"/needs-and-offers/{dab_offer.pk}/edit/" not in text  # DAB's: read, not edit

    matches = client.get("/needs-and-offers/matches/")
    assert matches.status_code == 200
    assert [(n.title, o.title) for n, o in matches.context["matches"]] == [
        ("Mentorer til unge i Værebro Park", "Mentorer fra DAB's ejendomskontor")
    ]
    assert "Mentorer fra DAB&#x27;s ejendomskontor" in matches.content.decode()
    assert "/space/" not in matches.content.decode()  # turning a match into a space is the planners' call


def test_the_list_filters_by_type_category_organisation_status_and_text(plan, organisations, planner, dab_offer):
    register(plan, organisations["gab"], "need", "premises", "Lokaler til lektiecafé")
    client = client_for(planner)

    def titles(query):
        return [item.title for item in client.get(f"/needs-and-offers/?{query}").context["items"]]

    assert titles("type=offer") == ["Mentorer fra DAB's ejendomskontor"]
    assert titles("category=premises") == ["Lokaler til lektiecafé"]
    assert titles(f"organisation={organisations['dab'].pk}") == ["Mentorer fra DAB's ejendomskontor"]
    assert titles("status=matched") == []
    assert titles("q=lektiecaf") == ["Lokaler til lektiecafé"]
    assert "No need or offer matches the filter." in client.get("/needs-and-offers/?q=ingenting").content.decode()


# --- Steering members, users without a role, anonymous visitors ----------------------------------------------


def test_steering_members_read_the_list_but_cannot_write(plan, organisations, steering_member, dab_offer, match):
    need, offer = match
    before = database_state()
    client = client_for(steering_member)

    listing = client.get("/needs-and-offers/")
    assert listing.status_code == 200
    assert "Lokaler til lektiecafé" in listing.content.decode()
    assert "Register a need or an offer" not in listing.content.decode()
    assert "/edit/" not in listing.content.decode()
    assert client.get("/needs-and-offers/matches/").status_code == 200

    valid = {"type": "need", "organisation": organisations["gladsaxe"].pk, "category": "other", "title": "Styret"}
    space = {"title": "Lektiecafé", "kind": "social", "organisation": need.organisation_id}
    for url, data in [
        ("/needs-and-offers/new/", valid),
        (f"/needs-and-offers/{dab_offer.pk}/edit/", {**valid, "status": "closed"}),
        (f"/needs-and-offers/matches/{need.pk}/{offer.pk}/space/", space),
    ]:
        assert client.get(url).status_code == 403, url
        assert client.post(url, data).status_code == 403, url

    assert database_state() == before


def test_a_user_without_a_role_is_refused_everywhere(plan, user_without_role, match):
    need, offer = match
    client = client_for(user_without_role)
    for url in [
        "/needs-and-offers/",
        "/needs-and-offers/new/",
        f"/needs-and-offers/{need.pk}/edit/",
        "/needs-and-offers/matches/",
        f"/needs-and-offers/matches/{need.pk}/{offer.pk}/space/",
    ]:
        assert client.get(url).status_code == 403, url


def test_an_anonymous_visitor_is_sent_to_the_login(plan, match):
    need, offer = match
    for url in [
        "/needs-and-offers/",
        "/needs-and-offers/new/",
        f"/needs-and-offers/{need.pk}/edit/",
        "/needs-and-offers/matches/",
        f"/needs-and-offers/matches/{need.pk}/{offer.pk}/space/",
    ]:
        response = client_for(None).get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/login/?next="), url


# --- Matches ----------------------------------------------------------------------------------------------


def test_a_need_and_an_offer_of_the_same_category_from_two_organisations_are_suggested(
    plan, organisations, company, planner, match
):
    need, offer = match
    register(plan, organisations["gab"], "offer", "premises", "GAB's eget fælleshus")  # same organisation
    register(plan, company, "offer", "funding", "Sponsorat fra Bagsværd Byg")  # another category

    response = client_for(planner).get("/needs-and-offers/matches/")

    assert response.status_code == 200
    assert [(n.pk, o.pk) for n, o in response.context["matches"]] == [(need.pk, offer.pk)]
    text = response.content.decode()
    assert "Lokaler til lektiecafé" in text
    assert "Bagsværd Byg ApS" in text
    assert "GAB&#x27;s eget fælleshus" not in text
    assert "Sponsorat fra Bagsværd Byg" not in text
    assert f'href="/needs-and-offers/matches/{need.pk}/{offer.pk}/space/"' in text
    assert "same category" in text


def test_beyond_50_matches_the_page_shows_the_newest_50_and_says_there_are_more(plan, organisations, company, planner):
    offer = register(plan, company, "offer", "premises", "Lokaler hos Bagsværd Byg")
    client = client_for(planner)
    for number in range(1, 51):
        register(plan, organisations["gab"], "need", "premises", f"Behov {number}")
    page = client.get("/needs-and-offers/matches/")
    assert len(page.context["matches"]) == 50
    assert "There are more matches" not in page.content.decode()

    register(plan, organisations["gab"], "need", "premises", "Behov 51")
    page = client.get("/needs-and-offers/matches/")

    assert [need.title for need, _offer in page.context["matches"]][:2] == ["Behov 51", "Behov 50"]
    assert len(page.context["matches"]) == 50
    assert all(match_offer == offer for _need, match_offer in page.context["matches"])
    assert "There are more matches than the 50 shown here, newest needs first." in page.content.decode()


def test_a_planner_turns_a_match_into_an_opportunity_space(plan, organisations, company, planner, match):
    need, offer = match
    client = client_for(planner)
    url = f"/needs-and-offers/matches/{need.pk}/{offer.pk}/space/"
    form = client.get(url)
    assert form.status_code == 200
    assert form.context["form"]["title"].value() == "Lokaler til lektiecafé"
    assert form.context["form"]["organisation"].value() == organisations["gab"].pk
    assert "Ledigt 14–18." in form.context["form"]["description"].value()

    response = client.post(
        url,
        {
            "title": "Lektiecafé i Bagsværd Byg",
            "kind": "social",
            "organisation": organisations["gab"].pk,
            "description": "Lektiecafé i firmaets mødelokale.",
        },
    )

    space = OpportunitySpace.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/spaces/{space.pk}/"
    assert (space.title, space.kind, space.stage) == ("Lektiecafé i Bagsværd Byg", "social", "idea")
    assert (space.from_need, space.from_offer) == (need, offer)
    assert space.organisation == organisations["gab"]
    assert list(space.partners.all()) == [company]
    need.refresh_from_db()
    offer.refresh_from_db()
    assert (need.status, offer.status) == ("matched", "matched")
    matches = client.get("/needs-and-offers/matches/")
    assert matches.context["matches"] == []
    assert "Lokaler til lektiecafé" not in matches.content.decode()


def test_a_match_that_is_no_longer_open_is_refused_with_the_reason(plan, organisations, planner, match):
    need, offer = match
    save_need_or_offer(item=offer, data={"status": "closed"}, by=planner)
    before = database_state()

    response = client_for(planner).post(
        f"/needs-and-offers/matches/{need.pk}/{offer.pk}/space/",
        {"title": "Lektiecafé", "kind": "social", "organisation": organisations["gab"].pk},
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["«Mødelokale om eftermiddagen» is no longer open."]
    assert database_state() == before
    assert "is no longer open" in response.content.decode()


def test_two_needs_are_not_a_match(plan, organisations, planner, company, match):
    need, _offer = match
    other_need = register(plan, company, "need", "premises", "Lager til værktøj")
    before = database_state()

    response = client_for(planner).post(
        f"/needs-and-offers/matches/{need.pk}/{other_need.pk}/space/",
        {"title": "Lektiecafé", "kind": "social", "organisation": organisations["gab"].pk},
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["Choose a need and an offer."]
    assert database_state() == before


def test_a_match_with_an_unknown_id_is_not_found(plan, planner, match):
    need, offer = match
    client = client_for(planner)
    assert client.get(f"/needs-and-offers/matches/{need.pk}/999999/space/").status_code == 404
    assert client.get(f"/needs-and-offers/matches/999999/{offer.pk}/space/").status_code == 404


def test_housing_staff_cannot_turn_a_match_into_a_space(plan, organisations, staff_a, match):
    need, offer = match
    before = database_state()
    client = client_for(staff_a)
    url = f"/needs-and-offers/matches/{need.pk}/{offer.pk}/space/"

    assert client.get(url).status_code == 403
    response = client.post(url, {"title": "Lektiecafé", "kind": "social", "organisation": organisations["gab"].pk})

    assert response.status_code == 403
    assert database_state() == before
    assert not OpportunitySpace.objects.exists()


# --- Performance ------------------------------------------------------------------------------------------


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/needs-and-offers/")
    assert response.status_code == 200
    return len(queries)


def test_the_list_needs_the_same_number_of_queries_for_5_and_100_items(plan, organisations, company, staff_a):
    owners = [organisations["gab"], organisations["dab"], organisations["gladsaxe"], company]

    def add(count, start):
        NeedOrOffer.objects.bulk_create(
            NeedOrOffer(
                plan=plan,
                type=("need", "offer")[n % 2],
                organisation=owners[n % len(owners)],
                category=NeedOrOffer.Category.values[n % len(NeedOrOffer.Category.values)],
                title=f"Behov {n}",
            )
            for n in range(start, start + count)
        )

    client = client_for(staff_a)
    add(5, 0)
    few = _list_queries(client)
    add(95, 5)
    many = _list_queries(client)

    assert len(client.get("/needs-and-offers/").context["items"]) == 50
    assert many == few
