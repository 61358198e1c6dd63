"""The risk register (obstacles and potentials, heat maps, the "not reviewed in 3 months" marking) and the
recommendations with their evidence of progress: everyone with a role reads them; planners and administrators
write them; anyone else is refused and nothing changes. The pages are read in Danish, as users read them."""

import datetime

import pytest
from django.core import serializers
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from base.history import version_of
from base.models import ChangeRecord
from opportunities.services import create_space
from partnership.models import ProgressNote, Recommendation, Risk
from partnership.services import add_progress_note, save_recommendation, save_risk
from strategy.models import Target
from tests.conftest import client_for, with_version

pytestmark = pytest.mark.django_db

LONG_AGO = datetime.date(2025, 1, 6)
NOT_REVIEWED = "Ikke gennemgået i 3 måneder"


def database_state() -> str:
    tables = [Risk, Risk.targets.through, Recommendation, ProgressNote, ChangeRecord]
    return "".join(serializers.serialize("json", model.objects.order_by("pk")) for model in tables)


def make_risk(plan, by, **data) -> Risk:
    values = {"kind": "obstacle", "title": "Kompleksiteten er høj", "likelihood": 4, "impact": 5, **data}
    return save_risk(risk=Risk(plan=plan), data=values, by=by)


@pytest.fixture
def risk(plan, planner, people):
    """An obstacle last reviewed long ago, owned by the planner's person, threatening target 1."""
    return make_risk(
        plan,
        planner,
        description="Det er svært at formidle, hvad vi gør og hvorfor.",
        mitigation="Pixi-udgave til det politiske niveau.",
        owner=people["planner"],
        reviewed_on=LONG_AGO,
        targets=[Target.objects.get(plan=plan, number=1)],
    )


@pytest.fixture
def recommendation(plan, planner, people):
    """Recommendation 1, in progress, with one progress note."""
    item = save_recommendation(
        recommendation=Recommendation(plan=plan),
        data={"number": 1, "title": "Etablering af spilleregler", "owner": people["gab"]},
        by=planner,
    )
    add_progress_note(
        recommendation=item,
        data={"noted_on": timezone.localdate(), "text": "Spillereglerne blev drøftet i styregruppen."},
        by=planner,
    )
    item.refresh_from_db()
    return item


@pytest.fixture
def evidence(recommendation):
    return recommendation.progress_notes.get()


# --- Reading: the register and its heat maps ---------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["planner", "administrator", "steering_member", "staff_a"])
def test_everyone_with_a_role_reads_the_register_with_its_heat_maps_and_review_marking(
    persona, request, plan, planner, risk
):
    make_risk(plan, planner, title="Nye boformer og fællesskaber", kind="potential", likelihood=2, impact=3)
    make_risk(plan, planner, title="Lukket forhindring", status="closed", likelihood=1, impact=1, reviewed_on=LONG_AGO)

    response = client_for(request.getfixturevalue(persona)).get("/governance/risks/")

    assert response.status_code == 200
    text = response.content.decode()
    assert "<h1>Forhindringer og potentialer</h1>" in text
    assert "Forhindringer (åbne og under håndtering)" in text  # the heat maps say what they count
    assert "/governance/risks/?kind=obstacle&amp;likelihood=4&amp;impact=5" in text
    assert "/governance/risks/?kind=potential&amp;likelihood=2&amp;impact=3" in text
    assert "?kind=obstacle&amp;likelihood=1&amp;impact=1" not in text  # closed: off the map, still in the list
    assert [r.title for r in response.context["risks"]] == [
        "Kompleksiteten er høj",
        "Lukket forhindring",
        "Nye boformer og fællesskaber",
    ]
    # The marking is in words, for the one open item reviewed long ago only.
    assert text.count(NOT_REVIEWED) == 1 + 1  # the row, and the filter's choice
    assert "06.01.2025" in text
    assert "Pia Testesen (Gladsaxe Kommune)" in text
    assert '<a href="/targets/' in text and "Pejlemærke 1" in text  # what it threatens
    assert "table--responsive-headers" in text  # stacks into cards on a phone
    # Potentials are chances: their heat map has its own colour scale, never the obstacles' red.
    assert '<table class="table heat-map heat-map--obstacle">' in text
    assert '<table class="table heat-map heat-map--potential">' in text


def test_a_heat_map_cell_opens_the_register_filtered_to_that_cell(plan, planner, risk, steering_member):
    make_risk(plan, planner, title="Lovgivningsmæssige barrierer", likelihood=3, impact=5)
    make_risk(plan, planner, title="Stærke fysiske forbindelser", kind="potential", likelihood=4, impact=5)

    response = client_for(steering_member).get("/governance/risks/?kind=obstacle&likelihood=4&impact=5")

    assert response.status_code == 200
    assert [r.title for r in response.context["risks"]] == ["Kompleksiteten er høj"]
    text = response.content.decode()
    assert "Forhindringer, der passer til filteret (åbne og under håndtering)" in text
    assert "Potentialer, der passer" not in text  # filtered to obstacles: only their map
    assert 'impact=5" aria-current="true"' in text  # the chosen cell is marked


def test_review_due_lists_open_items_not_reviewed_for_three_months_or_never(plan, planner, risk, staff_a):
    make_risk(plan, planner, title="Gennemgået i dag")
    never = make_risk(plan, planner, title="Aldrig gennemgået", kind="potential")
    Risk.objects.filter(pk=never.pk).update(reviewed_on=None)
    make_risk(plan, planner, title="Lukket for længe siden", status="closed", reviewed_on=LONG_AGO)

    response = client_for(staff_a).get("/governance/risks/?review=due")

    assert response.status_code == 200
    assert [r.title for r in response.context["risks"]] == ["Kompleksiteten er høj", "Aldrig gennemgået"]
    text = response.content.decode()
    assert "Aldrig" in text
    assert "2 punkter er ikke gennemgået i 3 måneder" in text


def test_the_register_filters_by_status_responsible_likelihood_impact_and_text(plan, planner, people, risk):
    make_risk(plan, planner, title="Mangel på politisk opbakning", likelihood=3, impact=4, status="active")
    client = client_for(planner)

    def titles(query):
        return [r.title for r in client.get(f"/governance/risks/?{query}").context["risks"]]

    assert titles("status=active") == ["Mangel på politisk opbakning"]
    assert titles(f"owner={people['planner'].pk}") == ["Kompleksiteten er høj"]
    assert titles("likelihood=3") == ["Mangel på politisk opbakning"]
    assert titles("impact=5") == ["Kompleksiteten er høj"]
    assert titles("q=pixi") == ["Kompleksiteten er høj"]  # the response is searched too
    assert titles("kind=potential") == []
    assert (
        "Ingen forhindringer eller potentialer passer til filteret."
        in client.get("/governance/risks/?q=ingenting").content.decode()
    )


def test_housing_staff_see_no_edit_buttons_and_editors_do(plan, risk, staff_a, planner):
    staff_text = client_for(staff_a).get("/governance/risks/").content.decode()
    staff_detail = client_for(staff_a).get(f"/governance/risks/{risk.pk}/").content.decode()
    planner_text = client_for(planner).get("/governance/risks/").content.decode()
    planner_detail = client_for(planner).get(f"/governance/risks/{risk.pk}/").content.decode()

    for text in (staff_text, staff_detail):
        assert "/governance/risks/new/" not in text
        assert f"/governance/risks/{risk.pk}/reviewed/" not in text
        assert f"/governance/risks/{risk.pk}/edit/" not in text
    assert "/governance/risks/new/?kind=obstacle" in planner_text
    assert f'action="/governance/risks/{risk.pk}/reviewed/"' in planner_text
    assert f'href="/governance/risks/{risk.pk}/edit/"' in planner_detail
    assert "Markér som gennemgået" in planner_detail


def test_the_detail_shows_description_response_scores_links_and_history(plan, risk, steering_member):
    response = client_for(steering_member).get(f"/governance/risks/{risk.pk}/")

    assert response.status_code == 200
    text = response.content.decode()
    assert "<h1>Kompleksiteten er høj</h1>" in text
    assert "Det er svært at formidle, hvad vi gør og hvorfor." in text
    assert "Håndtering: sådan mindskes den" in text and "Pixi-udgave til det politiske niveau." in text
    assert "20 af 25" in text
    assert "Pejlemærke 1" in text
    assert f'href="/governance/risk/{risk.pk}/history/"' in text
    assert NOT_REVIEWED in text and "Sidst gennemgået 06.01.2025." in text


def test_links_to_another_organisations_space_are_hidden_from_housing_staff(plan, organisations, planner, staff_a):
    own = create_space(
        plan=plan,
        data={"title": "Iværksættermiljø", "kind": "social", "organisation": organisations["gab"]},
        by=planner,
    )
    other = create_space(
        plan=plan, data={"title": "DABs lektiecafé", "kind": "social", "organisation": organisations["dab"]}, by=planner
    )
    risk = make_risk(plan, planner, kind="potential", title="Behov + behov = løsning", spaces=[own, other])

    listing = client_for(staff_a).get("/governance/risks/").content.decode()
    detail = client_for(staff_a).get(f"/governance/risks/{risk.pk}/").content.decode()
    planner_detail = client_for(planner).get(f"/governance/risks/{risk.pk}/").content.decode()

    for text in (listing, detail):
        assert "Iværksættermiljø" in text
        assert "DABs lektiecafé" not in text
    assert "DABs lektiecafé" in planner_detail


@pytest.mark.parametrize(
    "url",
    [
        "/governance/risks/",
        "/governance/risks/{risk}/",
        "/governance/recommendations/",
        "/governance/recommendations/{rec}/",
    ],
)
def test_reading_pages_refuse_a_user_without_a_role_and_send_visitors_to_log_in(
    url, risk, recommendation, user_without_role
):
    url = url.format(risk=risk.pk, rec=recommendation.pk)
    assert client_for(user_without_role).get(url).status_code == 403
    response = client_for(None).get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_a_missing_risk_or_recommendation_is_not_found(plan, planner):
    client = client_for(planner)
    assert client.get("/governance/risks/999999/").status_code == 404
    assert client.get("/governance/recommendations/999999/").status_code == 404
    assert client.post("/governance/risks/999999/reviewed/").status_code == 404


def test_the_register_is_paginated_and_the_pages_keep_the_filter(plan, planner):
    Risk.objects.bulk_create(
        Risk(plan=plan, kind="obstacle", title=f"Forhindring {n:03}", likelihood=2, impact=2) for n in range(120)
    )
    client = client_for(planner)

    first = client.get("/governance/risks/?kind=obstacle")
    last = client.get("/governance/risks/?kind=obstacle&page=3")

    assert len(first.context["risks"]) == 50
    assert "Side 1 af 3" in first.content.decode()
    assert 'href="?kind=obstacle&amp;page=2"' in first.content.decode()
    assert [r.title for r in last.context["risks"]][-1] == "Forhindring 119"
    assert len(last.context["risks"]) == 20


# --- Query counts ---------------------------------------------------------------------------------------------


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("url", ["/governance/risks/", "/governance/risks/?review=due&kind=obstacle"])
def test_the_register_with_heat_maps_needs_the_same_queries_for_3_and_300_risks(url, plan, planner, people):
    target = Target.objects.get(plan=plan, number=1)
    for n, kind in enumerate(["obstacle", "obstacle", "potential"]):
        make_risk(
            plan, planner, title=f"Få {n}", kind=kind, owner=people["gab"], targets=[target], reviewed_on=LONG_AGO
        )
    client = client_for(planner)
    client.get(url)  # warm the caches (content types, session)
    few = count_queries(client, url)

    many = Risk.objects.bulk_create(
        Risk(
            plan=plan,
            kind=("obstacle", "potential")[n % 2],
            title=f"Risiko {n}",
            likelihood=n % 5 + 1,
            impact=(n // 5) % 5 + 1,
            owner=(people["gab"], people["dab"], None)[n % 3],
            reviewed_on=(None, LONG_AGO, timezone.localdate())[n % 3],
        )
        for n in range(297)
    )
    Risk.targets.through.objects.bulk_create(Risk.targets.through(risk=r, target=target) for r in many)
    assert Risk.objects.count() == 300

    assert count_queries(client, url) == few


def test_the_recommendation_list_needs_the_same_queries_for_few_and_many(plan, planner, people, recommendation):
    client = client_for(planner)
    client.get("/governance/recommendations/")
    few = count_queries(client, "/governance/recommendations/")

    more = Recommendation.objects.bulk_create(
        Recommendation(plan=plan, number=n, title=f"Anbefaling {n}", owner=people["dab"]) for n in range(2, 60)
    )
    ProgressNote.objects.bulk_create(
        ProgressNote(recommendation=r, noted_on=timezone.localdate(), text=f"Fremdrift {i}")
        for r in more
        for i in range(3)
    )

    response_count = count_queries(client, "/governance/recommendations/")
    assert response_count == few


# --- Writing: who may ----------------------------------------------------------------------------------------


def write_requests(risk, recommendation, evidence) -> list[tuple[str, dict]]:
    """Every write view: its URL and a valid POST body."""
    today = timezone.localdate().isoformat()
    risk_data = {"kind": "obstacle", "title": "Ændret forhindring", "likelihood": 2, "impact": 2, "status": "open"}
    return [
        ("/governance/risks/new/", {**risk_data, "title": "Ny forhindring"}),
        (f"/governance/risks/{risk.pk}/edit/", {**risk_data, "version": version_of(risk)}),
        (f"/governance/risks/{risk.pk}/reviewed/", {"version": version_of(risk)}),
        ("/governance/recommendations/new/", {"number": 2, "title": "Ny anbefaling", "status": "not_started"}),
        (
            f"/governance/recommendations/{recommendation.pk}/edit/",
            {"number": 1, "title": "Ændret anbefaling", "status": "in_progress", "version": version_of(recommendation)},
        ),
        (f"/governance/recommendations/{recommendation.pk}/progress/new/", {"noted_on": today, "text": "Sket"}),
        (f"/governance/progress-notes/{evidence.pk}/delete/", {}),
    ]


WRITE_VIEWS = ["risk_create", "risk_edit", "risk_reviewed", "rec_create", "rec_edit", "note_create", "note_delete"]


@pytest.mark.parametrize("view", range(len(WRITE_VIEWS)), ids=WRITE_VIEWS)
@pytest.mark.parametrize("persona", ["steering_member", "staff_a", "user_without_role"])
def test_a_persona_without_the_right_is_refused_every_write_view_and_nothing_changes(
    persona, view, request, risk, recommendation, evidence
):
    url, data = write_requests(risk, recommendation, evidence)[view]
    client = client_for(request.getfixturevalue(persona))
    before = database_state()

    if not url.endswith("/reviewed/"):
        assert client.get(url).status_code == 403
    assert client.post(url, data).status_code == 403

    assert database_state() == before


@pytest.mark.parametrize("view", range(len(WRITE_VIEWS)), ids=WRITE_VIEWS)
def test_a_visitor_is_sent_to_log_in_by_every_write_view_and_nothing_changes(view, risk, recommendation, evidence):
    url, data = write_requests(risk, recommendation, evidence)[view]
    before = database_state()

    response = client_for(None).post(url, data)

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
    assert database_state() == before


@pytest.mark.parametrize("view", range(len(WRITE_VIEWS)), ids=WRITE_VIEWS)
@pytest.mark.parametrize("persona", ["planner", "administrator"])
def test_planners_and_administrators_may_use_every_write_view(persona, view, request, risk, recommendation, evidence):
    url, data = write_requests(risk, recommendation, evidence)[view]
    user = request.getfixturevalue(persona)
    client = client_for(user)
    if not url.endswith("/reviewed/"):
        assert client.get(url).status_code == 200
    before = ChangeRecord.objects.count()

    response = client.post(url, data)

    assert response.status_code == 302
    latest = ChangeRecord.objects.order_by("-id").first()
    assert ChangeRecord.objects.count() > before
    assert latest.actor == user


def test_marking_as_reviewed_is_by_post_only(risk, planner):
    assert client_for(planner).get(f"/governance/risks/{risk.pk}/reviewed/").status_code == 405
    risk.refresh_from_db()
    assert risk.reviewed_on == LONG_AGO


# --- Writing: what happens ------------------------------------------------------------------------------------


def test_a_planner_registers_a_potential_with_links_and_it_counts_as_reviewed_today(plan, planner, people):
    client = client_for(planner)
    form = client.get("/governance/risks/new/?kind=potential")
    assert form.status_code == 200
    assert 'value="potential" class="form-radio" checked' in form.content.decode()
    target = Target.objects.get(plan=plan, number=2)

    response = client.post(
        "/governance/risks/new/",
        {
            "kind": "potential",
            "title": "Gentænkning af kollektivhuset",
            "likelihood": 3,
            "impact": 4,
            "owner": people["dab"].pk,
            "mitigation": "Afprøv 1:1 i Værebro Park.",
            "status": "open",
            "targets": [target.pk],
        },
        follow=True,
    )

    risk = Risk.objects.get()
    assert response.redirect_chain == [(f"/governance/risks/{risk.pk}/", 302)]
    assert (risk.plan, risk.kind, risk.score, risk.owner, risk.reviewed_on) == (
        plan,
        "potential",
        12,
        people["dab"],
        timezone.localdate(),
    )
    assert list(risk.targets.all()) == [target]
    assert ChangeRecord.objects.filter(object_id=risk.pk, action="create", actor=planner).exists()
    text = response.content.decode()
    assert "«Gentænkning af kollektivhuset» er føjet til risikoregistret." in text
    assert "Håndtering: sådan gribes det" in text and "Pejlemærke 2" in text


def test_taking_the_example_flag_off_says_the_scores_are_now_assessed(plan, planner):
    example = make_risk(plan, planner, title="Eksempel fra præsentationen", is_example=True)
    plain = make_risk(plan, planner, title="Vurderet")
    client = client_for(planner)
    assert "is_example" not in client.get(f"/governance/risks/{plain.pk}/edit/").context["form"].fields
    assert "Eksempel på vurdering" in client.get(f"/governance/risks/{example.pk}/").content.decode()

    response = client.post(
        f"/governance/risks/{example.pk}/edit/",
        with_version(
            example,
            {
                "kind": "obstacle",
                "title": "Eksempel fra præsentationen",
                "likelihood": 3,
                "impact": 3,
                "status": "open",
            },
        ),
    )

    assert response.status_code == 302
    example.refresh_from_db()
    assert (example.is_example, example.score) == (False, 9)


def test_a_review_date_in_the_future_is_refused_on_the_form(plan, planner, risk):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    before = database_state()

    response = client_for(planner).post(
        f"/governance/risks/{risk.pk}/edit/",
        with_version(
            risk,
            {"kind": "obstacle", "title": "X", "likelihood": 1, "impact": 1, "status": "open", "reviewed_on": tomorrow},
        ),
    )

    assert response.status_code == 200
    assert "Datoen for gennemgang kan ikke ligge i fremtiden." in response.content.decode()
    assert database_state() == before


def test_an_edit_over_a_newer_change_is_refused_and_keeps_the_input(plan, planner, administrator, risk):
    client = client_for(planner)
    version = client.get(f"/governance/risks/{risk.pk}/edit/").context["form"]["version"].value()
    save_risk(risk=risk, data={"title": "Kompleksiteten er meget høj"}, by=administrator)

    data = {"kind": "obstacle", "likelihood": 4, "impact": 5, "status": "open", "version": version}
    response = client.post(f"/governance/risks/{risk.pk}/edit/", {**data, "title": "Min titel"})

    assert response.status_code == 200
    risk.refresh_from_db()
    assert risk.title == "Kompleksiteten er meget høj"
    assert 'value="Min titel"' in response.content.decode()
    assert "mens du redigerede" in response.content.decode()


def test_marking_reviewed_from_the_register_returns_to_the_same_filtered_list(plan, planner, risk):
    response = client_for(planner).post(
        f"/governance/risks/{risk.pk}/reviewed/",
        {"next": "/governance/risks/?review=due", "version": version_of(risk)},
        follow=True,
    )

    assert response.redirect_chain == [("/governance/risks/?review=due", 302)]
    risk.refresh_from_db()
    assert risk.reviewed_on == timezone.localdate()
    assert response.context["risks"] == []
    assert "er markeret som gennemgået i dag" in response.content.decode()


def test_marking_reviewed_never_redirects_away_from_the_register(plan, planner, risk):
    response = client_for(planner).post(
        f"/governance/risks/{risk.pk}/reviewed/", {"next": "https://example.com/", "version": version_of(risk)}
    )
    assert response["Location"] == f"/governance/risks/{risk.pk}/"


def test_scores_changed_after_the_page_was_opened_are_not_marked_as_reviewed_unseen(plan, planner, administrator, risk):
    register = client_for(planner).get("/governance/risks/").content.decode()
    seen = version_of(risk)
    assert f'<input type="hidden" name="version" value="{seen}">' in register  # each row's form says what it showed
    client_for(administrator).post(
        f"/governance/risks/{risk.pk}/edit/",
        {"kind": "obstacle", "title": risk.title, "likelihood": 5, "impact": 5, "status": "open", "version": seen},
    )

    response = client_for(planner).post(
        f"/governance/risks/{risk.pk}/reviewed/", {"next": "/governance/risks/", "version": seen}, follow=True
    )

    assert response.redirect_chain == [(f"/governance/risks/{risk.pk}/", 302)]
    page = response.content.decode()
    assert "Anne Testesen ændrede «" in page and "er ikke markeret som gennemgået" in page
    risk.refresh_from_db()
    assert risk.reviewed_on != timezone.localdate()
    assert f'name="version" value="{version_of(risk)}"' in page  # marking it now vouches for what is shown
    again = client_for(planner).post(f"/governance/risks/{risk.pk}/reviewed/", {"version": version_of(risk)})
    assert again.status_code == 302
    risk.refresh_from_db()
    assert risk.reviewed_on == timezone.localdate()


def test_a_reviewed_mark_without_the_version_seen_is_not_made(plan, planner, risk):
    response = client_for(planner).post(f"/governance/risks/{risk.pk}/reviewed/", {}, follow=True)
    assert "ikke markeret som gennemgået" in response.content.decode()
    risk.refresh_from_db()
    assert risk.reviewed_on != timezone.localdate()


# --- Recommendations --------------------------------------------------------------------------------------------


def test_the_recommendation_list_shows_number_responsible_status_latest_progress_and_count(
    recommendation, staff_a, plan, planner
):
    add_progress_note(
        recommendation=recommendation,
        data={"noted_on": timezone.localdate(), "text": "Seneste: spillereglerne er vedtaget."},
        by=planner,
    )

    response = client_for(staff_a).get("/governance/recommendations/")

    assert response.status_code == 200
    [row] = response.context["recommendations"]
    assert (row.number, row.note_count, row.latest_note.text) == (1, 2, "Seneste: spillereglerne er vedtaget.")
    text = response.content.decode()
    assert f'href="/governance/recommendations/{recommendation.pk}/"' in text
    assert "Gitte Boligsen (GAB)" in text
    assert "I gang" in text
    assert "/governance/recommendations/new/" not in text  # housing staff read only


def test_the_recommendation_detail_lists_its_evidence(recommendation, evidence, steering_member):
    ProgressNote.objects.filter(pk=evidence.pk).update(link="https://gladsaxe.dk/referat-1")

    response = client_for(steering_member).get(f"/governance/recommendations/{recommendation.pk}/")

    assert response.status_code == 200
    text = response.content.decode()
    assert "Spillereglerne blev drøftet i styregruppen." in text
    assert 'href="https://gladsaxe.dk/referat-1"' in text
    assert timezone.localdate().strftime("%d.%m.%Y") in text
    assert "/progress/new/" not in text and "/delete/" not in text


def test_done_without_evidence_is_refused_on_the_form_with_the_danish_message(plan, planner):
    recommendation = save_recommendation(
        recommendation=Recommendation(plan=plan), data={"number": 4, "title": "Samarbejdsmodeller"}, by=planner
    )
    before = database_state()

    response = client_for(planner).post(
        f"/governance/recommendations/{recommendation.pk}/edit/",
        {"number": 4, "title": "Samarbejdsmodeller", "status": "done", "version": version_of(recommendation)},
    )

    assert response.status_code == 200
    assert "status" in response.context["form"].errors
    assert (
        "En anbefaling markeres kun som gennemført med dokumentation: tilføj først en note om fremdrift, der viser "
        "det." in response.content.decode()
    )
    assert database_state() == before


def test_a_planner_adds_a_recommendation_with_the_next_number(plan, planner, recommendation, people):
    client = client_for(planner)
    assert client.get("/governance/recommendations/new/").context["form"]["number"].value() == 2

    response = client.post(
        "/governance/recommendations/new/",
        {
            "number": 2,
            "title": "Tidlig og løbende involvering",
            "owner": people["steering"].pk,
            "status": "not_started",
        },
        follow=True,
    )

    created = Recommendation.objects.get(number=2)
    assert response.redirect_chain == [(f"/governance/recommendations/{created.pk}/", 302)]
    assert (created.plan, created.owner, created.status) == (plan, people["steering"], "not_started")
    assert "<h1>Tidlig og løbende involvering</h1>" in response.content.decode()


def test_an_example_recommendation_says_so_until_a_planner_takes_the_flag_off(plan, planner, people, recommendation):
    example = save_recommendation(
        recommendation=Recommendation(plan=plan),
        data={"number": 2, "title": "Tidlig og løbende involvering", "owner": people["gab"], "is_example": True},
        by=None,
    )
    client = client_for(planner)
    assert (
        "is_example" not in client.get(f"/governance/recommendations/{recommendation.pk}/edit/").context["form"].fields
    )
    assert "is_example" in client.get(f"/governance/recommendations/{example.pk}/edit/").context["form"].fields
    heading = "Eksempel på ansvarlig og status"
    assert heading in client.get(f"/governance/recommendations/{example.pk}/").content.decode()
    assert heading not in client.get(f"/governance/recommendations/{recommendation.pk}/").content.decode()
    listing = client.get("/governance/recommendations/").content.decode()
    assert listing.count('<span class="badge badge-info">Eksempel</span>') == 1

    response = client.post(
        f"/governance/recommendations/{example.pk}/edit/",
        {
            "number": 2,
            "title": "Tidlig og løbende involvering",
            "owner": people["steering"].pk,
            "status": "in_progress",
            "version": version_of(example),
        },
    )

    assert response.status_code == 302
    example.refresh_from_db()
    assert (example.is_example, example.owner, example.status) == (False, people["steering"], "in_progress")
    assert heading not in client.get(f"/governance/recommendations/{example.pk}/").content.decode()


def test_a_progress_note_added_on_the_form_is_shown_and_then_done_is_accepted(plan, planner):
    recommendation = save_recommendation(
        recommendation=Recommendation(plan=plan), data={"number": 5, "title": "1:1-afprøvninger"}, by=planner
    )
    client = client_for(planner)
    today = timezone.localdate()

    response = client.post(
        f"/governance/recommendations/{recommendation.pk}/progress/new/",
        {"noted_on": today.isoformat(), "text": "Første 1:1-afprøvning holdt.", "link": "https://gladsaxe.dk/a"},
        follow=True,
    )

    assert response.redirect_chain == [(f"/governance/recommendations/{recommendation.pk}/", 302)]
    note = ProgressNote.objects.get()
    assert (note.recommendation, note.noted_on, note.created_by) == (recommendation, today, planner)
    recommendation.refresh_from_db()
    assert recommendation.status == "in_progress"
    assert "Første 1:1-afprøvning holdt." in response.content.decode()

    done = client.post(
        f"/governance/recommendations/{recommendation.pk}/edit/",
        {"number": 5, "title": "1:1-afprøvninger", "status": "done", "version": version_of(recommendation)},
    )
    assert done.status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.status == "done"


def test_a_progress_note_dated_in_the_future_is_refused_on_the_form(recommendation, planner):
    before = database_state()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    response = client_for(planner).post(
        f"/governance/recommendations/{recommendation.pk}/progress/new/", {"noted_on": tomorrow, "text": "For tidligt"}
    )

    assert response.status_code == 200
    assert "Datoen kan ikke ligge i fremtiden." in response.content.decode()
    assert database_state() == before


def test_deleting_a_progress_note_asks_first_then_deletes_it(recommendation, evidence, planner):
    client = client_for(planner)
    confirm = client.get(f"/governance/progress-notes/{evidence.pk}/delete/")
    assert confirm.status_code == 200
    assert "Vil du slette noten om fremdrift" in confirm.content.decode()
    assert ProgressNote.objects.filter(pk=evidence.pk).exists()

    response = client.post(f"/governance/progress-notes/{evidence.pk}/delete/", follow=True)

    assert response.redirect_chain == [(f"/governance/recommendations/{recommendation.pk}/", 302)]
    assert not ProgressNote.objects.filter(pk=evidence.pk).exists()
    assert ChangeRecord.objects.filter(object_id=evidence.pk, action="delete", actor=planner).exists()
    assert "Der er endnu ikke noteret nogen fremdrift." in response.content.decode()


def test_deleting_the_only_evidence_of_a_done_recommendation_is_refused_with_the_danish_message(
    recommendation, evidence, planner
):
    save_recommendation(recommendation=recommendation, data={"status": "done"}, by=planner)
    before = database_state()

    response = client_for(planner).post(f"/governance/progress-notes/{evidence.pk}/delete/")

    assert response.status_code == 200
    assert (
        "Det er den eneste dokumentation for en anbefaling, der er markeret som gennemført: skift først dens status."
        in response.content.decode()
    )
    assert database_state() == before
