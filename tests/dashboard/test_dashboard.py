"""The steering group's dashboard: who sees it and what, that its filters work, and that its queries do not grow
with the data."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from base.generation import start_new_generation
from base.models import Organisation, User
from opportunities.models import OpportunitySpace
from partnership.models import Risk
from strategy.models import (
    Area,
    Classification,
    CriterionResult,
    IndicatorDefinition,
    IndicatorValue,
    Move,
    Principle,
    RuleSet,
    StrategyPlan,
)
from strategy.services.recompute import recompute_indicators
from tests.conftest import assert_only_what_every_request_reads

pytestmark = pytest.mark.django_db

VAEREBRO = "159-vaerebro-park"


def client_as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def main_of(page: str) -> str:
    return page[page.index("<main") : page.index("</main>")]


def page_of(user, query: str = "") -> str:
    response = client_as(user).get(f"/dashboard/{query}")
    assert response.status_code == 200
    return response.content.decode()


def test_a_steering_member_lands_on_the_dashboard_and_everyone_with_a_role_finds_it_in_the_menu(demo):
    steering = client_as(demo["styregruppe"])
    assert steering.get("/")["Location"] == "/dashboard/"
    planner = client_as(demo["planlaegger"])
    assert planner.get("/")["Location"].startswith("/plans/")  # planners start at the plan they edit
    for username in ("planlaegger", "styregruppe", "gab", "dab"):
        menu = client_as(demo[username]).get("/dashboard/").content.decode()
        assert '<a href="/dashboard/" class="nav-link" aria-current="page">' in menu


def test_an_account_without_a_role_is_refused(demo):
    nobody = User.objects.create_user(username="ingen", password="ingen-rolle-adgangskode-2026")
    assert client_as(nobody).get("/dashboard/").status_code == 403


def test_the_dashboard_shows_each_target_with_its_indicators_status_and_numbers(demo):
    page = page_of(demo["styregruppe"])
    plan = StrategyPlan.objects.get()
    for target in plan.targets.all():
        assert f"{target.number}. {target.title}" in page
    definition = IndicatorDefinition.objects.filter(target__isnull=False, area__isnull=False).order_by("code").first()
    latest = (
        IndicatorValue.objects.filter(definition=definition, area=definition.area, suppressed=False)
        .order_by("-year")
        .first()
    )
    assert definition.name_da in page
    assert f"({latest.year})" in page
    assert 'class="sparkline"' in page and "<caption>" in page
    assert any(status in page for status in ("På rette spor", "I risiko", "Ikke på rette spor"))
    assert "Syntetiske eksempeltal" in page  # the demo's figures are examples, and the page says so


def test_the_criteria_panel_names_each_housing_area_of_the_plan_and_links_each_criterion(demo):
    page = page_of(demo["styregruppe"])
    classification = Classification.objects.filter(area__code=VAEREBRO).order_by("-list_year").first()
    assert classification is not None
    result = classification.criteria.order_by("group", "code").first()
    assert f'href="/areas/{VAEREBRO}/criteria/#criterion-{result.group}-{result.code}"' in page
    assert f"Listeår {classification.list_year}" in page


def test_the_plans_housing_areas_are_those_in_its_area_and_a_filter_chooses_one(demo):
    plan = StrategyPlan.objects.get()
    # The plan is Værebro Park's: the estate and any housing area within it count, its neighbours do not.
    Area.objects.create(code="159-ny", name="Værebro Park Nord", kind="housing_area", parent=plan.area)
    Area.objects.create(code="159-bagsvaerd-syd", name="Bagsværd Syd", kind="housing_area", parent=plan.area.parent)
    page = page_of(demo["styregruppe"])
    assert f"/areas/{VAEREBRO}/criteria/" in page and "/areas/159-ny/criteria/" in page
    assert "/areas/159-bagsvaerd-syd/criteria/" not in page
    assert "/areas/159-hoeje-gladsaxe/criteria/" not in page
    one = page_of(demo["styregruppe"], f"?area={VAEREBRO}")
    assert f"/areas/{VAEREBRO}/criteria/" in one and "/areas/159-ny/criteria/" not in one
    assert "– Værebro Park" in one


def test_an_unknown_filter_value_is_named_and_ignored(demo):
    page = page_of(demo["styregruppe"], "?area=findes-ikke&strategy=999999")
    assert "Marker en gyldig valgmulighed. findes-ikke er ikke en af de tilgængelige valgmuligheder." in page
    assert f"/areas/{VAEREBRO}/criteria/" in page  # nothing was filtered away


def test_housing_staff_count_only_their_own_organisations_spaces(demo):
    gab = demo["gab"]
    own = OpportunitySpace.objects.filter(organisation__in=Organisation.objects.filter(memberships__user=gab)).count()
    assert own < OpportunitySpace.objects.count()
    page = page_of(gab)
    assert f"<li><strong>{own}</strong> rum</li>" in page
    assert "Kun din egen organisations rum er talt med." in page
    planner_page = page_of(demo["planlaegger"])
    assert f"<li><strong>{OpportunitySpace.objects.count()}</strong> rum</li>" in planner_page


def test_a_period_limits_the_indicators_years_and_the_list_year(demo):
    everything = page_of(demo["styregruppe"])
    latest = IndicatorValue.objects.order_by("-year").values_list("year", flat=True).first()
    assert f'<th scope="row">{latest}</th>' in everything
    page = page_of(demo["styregruppe"], "?year_from=2019&year_to=2021")
    assert "De fire pejlemærker (2019–2021)" in page
    tables = [part.split("</table>")[0] for part in main_of(page).split('<div class="sr-only"><table>')[1:]]
    years = {int(cell.split("<")[0]) for table in tables for cell in table.split('<th scope="row">')[1:]}
    assert years == {2019, 2020, 2021}  # each indicator's table of values: the period's years only
    assert "(2021)" in page and f"({latest})" not in page  # the latest value shown is the period's last
    listed = Classification.objects.filter(area__code=VAEREBRO, list_year__lte=2021).order_by("-list_year").first()
    assert f"Listeår {listed.list_year}" in page
    # The downloads and the one-page report keep the period.
    assert "?area=&year_from" not in page and "year_from=2019&amp;year_to=2021" in page


def test_a_period_that_ends_before_it_starts_is_named_and_its_end_ignored(demo):
    page = page_of(demo["styregruppe"], "?year_from=2022&year_to=2019&year_to=2019")
    assert "Perioden skal slutte i eller efter det år, den begynder." in page
    assert "De fire pejlemærker (2022–…)" in page


def test_the_places_and_risks_that_changed_since_the_newest_meeting_pack_are_shown(
    demo, django_capture_on_commit_callbacks
):
    from opportunities.models import MeetingPlaceScore
    from partnership.models import Meeting
    from partnership.services.risks import save_risk

    steering = client_as(demo["styregruppe"])
    assert "Der er endnu ikke forberedt en mødepakke" in steering.get("/dashboard/").content.decode()
    meeting = Meeting.objects.filter(status="planned").order_by("starts_at").first()
    with django_capture_on_commit_callbacks(execute=True):
        assert steering.post(f"/governance/meetings/{meeting.pk}/packs/new/").status_code == 302
    page = steering.get("/dashboard/").content.decode()  # the cached copy is not served after the pack
    assert "Siden mødepakken af" in page and "Der er endnu ikke forberedt en mødepakke" not in page

    # After the pack: a risk is scored higher, one is new, one place drops out and another qualifies.
    risk = Risk.objects.filter(likelihood__lt=5).exclude(status="closed").order_by("id").first()
    save_risk(risk=risk, data={"likelihood": 5}, by=demo["planlaegger"])
    new = save_risk(
        risk=Risk(plan=risk.plan, kind="obstacle"),
        data={"title": "Fælleshuset lukker om aftenen", "likelihood": 4, "impact": 4, "status": "open"},
        by=demo["planlaegger"],
    )
    latest = MeetingPlaceScore.objects.filter(qualifies=True).order_by("-month_end").first()
    dropped = latest.space
    MeetingPlaceScore.objects.filter(space=dropped).update(qualifies=False)
    rising = OpportunitySpace.objects.exclude(scores__qualifies=True).exclude(stage="stopped").order_by("id").first()
    newest_month = MeetingPlaceScore.objects.order_by("-month_end").values_list("month_end", flat=True).first()
    MeetingPlaceScore.objects.update_or_create(
        space=rising,
        month_end=newest_month,
        defaults={"attendance": 40, "activities": 4, "index": Decimal("0.9"), "qualifies": True},
    )
    start_new_generation()  # as the meeting-place job does when it has written its scores

    changes = main_of(steering.get("/dashboard/").content.decode())
    places = changes[changes.index('id="places-heading"') : changes.index('id="risks-heading"')]
    newly = places[
        places.index("<dt>Nye sociale mødesteder</dt>") : places.index("<dt>Ikke længere sociale mødesteder")
    ]
    assert f'<a href="/spaces/{rising.pk}/">{rising.title}</a>' in newly and dropped.title not in newly
    gone = places[places.index("<dt>Ikke længere sociale mødesteder") :]
    assert dropped.title in gone and rising.title not in gone
    risks = changes[changes.index('id="risks-heading"') : changes.index('id="due-heading"')]
    higher = risks[risks.index("<dt>Vurderet højere</dt>") : risks.index("<dt>Nye</dt>")]
    assert f'<a href="/governance/risks/{risk.pk}/">{risk.title}</a>' in higher and f"→ 5 × {risk.impact}" in higher
    assert (
        f'<a href="/governance/risks/{new.pk}/">Fælleshuset lukker om aftenen</a>'
        in risks[risks.index("<dt>Nye</dt>") :]
    )


def test_filtering_to_a_strategy_counts_the_spaces_serving_it(demo):
    plan = StrategyPlan.objects.get()
    strategy = plan.strategies.get(kind="social")
    serving = OpportunitySpace.objects.filter(moves__strategy=strategy).distinct().count()
    page = page_of(demo["planlaegger"], f"?strategy={strategy.pk}")
    assert f"<li><strong>{serving}</strong> rum</li>" in page


def _queries(user, query: str = "") -> int:
    """The queries of one request with the cache cold."""
    client = client_as(user)
    start_new_generation()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(f"/dashboard/{query}").status_code == 200
    return len(captured)


def _large_set(plan: StrategyPlan, organisation: Organisation) -> None:
    """The bench's 1,200 housing areas (not the plan's; each judged in two list years), 20 more housing areas of
    the plan's own, 1,000 spaces serving moves and principles, and 300 risks."""
    country = Area.objects.get(kind="country")
    town = Area.objects.create(code="synthetic-town", name="Syntetisk kommune", kind="municipality", parent=country)
    areas = Area.objects.bulk_create(
        [Area(code=f"syn-{n}", name=f"Boligområde {n}", kind="housing_area", parent=town) for n in range(1200)]
        + [Area(code=f"own-{n}", name=f"Eget område {n}", kind="housing_area", parent=plan.area) for n in range(20)]
    )
    rule_set = RuleSet.objects.order_by("-first_list_year").first()
    classifications = Classification.objects.bulk_create(
        [
            Classification(area=area, list_year=year, rule_set=rule_set, residents=1500, eligible=True, categories=[])
            for area in areas
            for year in (2024, 2025)
        ]
    )
    CriterionResult.objects.bulk_create(
        [
            CriterionResult(
                classification=c, group="ghetto", code=code, value=Decimal("40"), threshold=Decimal(50), comparison="gt"
            )
            for c in classifications
            for code in ("employment", "crime")
        ]
    )
    moves = list(Move.objects.filter(strategy__plan=plan))
    principles = list(Principle.objects.filter(plan=plan))
    spaces = OpportunitySpace.objects.bulk_create(
        [
            OpportunitySpace(
                plan=plan,
                title=f"Rum {n}",
                kind="social",
                organisation=organisation,
                stage="idea" if n % 2 else "pilot",
            )
            for n in range(1000)
        ]
    )
    OpportunitySpace.moves.through.objects.bulk_create(
        [OpportunitySpace.moves.through(opportunityspace=s, move=moves[n % len(moves)]) for n, s in enumerate(spaces)]
    )
    OpportunitySpace.principles.through.objects.bulk_create(
        [
            OpportunitySpace.principles.through(opportunityspace=s, principle=principles[n % len(principles)])
            for n, s in enumerate(spaces)
        ]
    )
    Risk.objects.bulk_create(
        [
            Risk(
                plan=plan,
                kind="obstacle" if n % 3 else "potential",
                title=f"Risiko {n}",
                likelihood=1 + n % 5,
                impact=1 + (n // 5) % 5,
                reviewed_on=timezone.localdate() - datetime.timedelta(days=n),
            )
            for n in range(300)
        ]
    )


def test_the_dashboard_makes_as_many_queries_on_a_national_scale_set_as_on_the_demo(demo):
    plan = StrategyPlan.objects.get()
    steering, planner, gab = demo["styregruppe"], demo["planlaegger"], demo["gab"]
    on_demo = {
        "steering": _queries(steering),
        "planner": _queries(planner),
        "staff": _queries(gab),
        "area": _queries(steering, f"?area={VAEREBRO}"),
        "strategy": _queries(steering, f"?strategy={plan.strategies.first().pk}"),
        "period": _queries(steering, "?year_from=2015&year_to=2020"),
    }
    _large_set(plan, Organisation.objects.filter(memberships__user=gab).first())
    on_large = {
        "steering": _queries(steering),
        "planner": _queries(planner),
        "staff": _queries(gab),
        "area": _queries(steering, f"?area={VAEREBRO}"),
        "strategy": _queries(steering, f"?strategy={plan.strategies.first().pk}"),
        "period": _queries(steering, "?year_from=2015&year_to=2020"),
    }
    assert on_large == on_demo
    assert on_demo["steering"] <= 31, on_demo


# --- The cache: warm pages cost almost nothing and are never stale --------------------------------------------


def test_a_warm_dashboard_is_served_from_the_cache_with_the_same_body(demo):
    client = client_as(demo["styregruppe"])
    client.get("/dashboard/")  # the CSRF cookie, as a browser has it from the login page
    cold = client.get("/dashboard/").content.decode()
    with CaptureQueriesContext(connection) as captured:
        warm = client.get("/dashboard/").content.decode()
    assert warm == cold  # this session's copy of the whole page
    # The user with their memberships (one statement), and the session unless Redis holds it: none of the
    # dashboard's own queries, and not the menu's plan (kept with the body).
    assert_only_what_every_request_reads(captured)
    other = client_as(demo["styregruppe"]).get("/dashboard/").content.decode()  # another browser of the same user
    assert main_of(other) == main_of(cold) and other != cold  # the same body, its own CSRF tokens


def _logout_token(page: str) -> str:
    form = page[page.index('action="/logout/"') :]
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)


def test_the_forms_of_a_kept_page_work_for_its_session_only(demo):
    user = demo["styregruppe"]
    browser, other = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    browser.force_login(user)
    other.force_login(user)
    browser.get("/dashboard/")  # the CSRF cookie
    browser.get("/dashboard/")  # the page kept
    kept = browser.get("/dashboard/").content.decode()
    other.get("/dashboard/")
    # Another session's cookie does not go with this page's token.
    assert other.post("/logout/", {"csrfmiddlewaretoken": _logout_token(kept)}).status_code == 403
    assert browser.post("/logout/", {"csrfmiddlewaretoken": _logout_token(kept)})["Location"] == "/login/"
    assert browser.get("/dashboard/")["Location"].startswith("/login/")


def test_a_kept_page_sends_the_csrf_cookie_again_with_the_same_secret(demo, settings):
    client = client_as(demo["styregruppe"])
    client.get("/dashboard/")  # the CSRF cookie
    secret = client.cookies["csrftoken"].value
    client.get("/dashboard/")  # the page kept
    with CaptureQueriesContext(connection) as captured:
        kept = client.get("/dashboard/")
    assert_only_what_every_request_reads(captured)  # the kept copy, not a rendered page
    cookie = kept.cookies["csrftoken"]
    # Renewed with the full lifetime, so a reader who only sees kept copies is not left with an expired cookie.
    assert cookie.value == secret
    assert cookie["max-age"] == settings.CSRF_COOKIE_AGE


def test_a_message_waiting_is_shown_once_and_never_kept_in_the_page(demo):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpRequest

    client = client_as(demo["styregruppe"])
    client.get("/dashboard/")
    client.get("/dashboard/")  # the page is kept for this session
    # As a save on another page leaves it for the next one.
    client.cookies[CookieStorage.cookie_name] = CookieStorage(HttpRequest())._encode(
        [Message(constants.SUCCESS, "Gemt.")]
    )
    assert "Gemt." in client.get("/dashboard/").content.decode()
    assert "Gemt." not in client.get("/dashboard/").content.decode()


def test_a_role_given_or_taken_away_shows_in_the_kept_page_at_once(demo):
    from base.models import Membership, Organisation, Role

    user = demo["styregruppe"]
    client = client_as(user)
    client.get("/dashboard/")
    assert "Planlægger" not in client.get("/dashboard/").content.decode()
    added = Membership.objects.create(user=user, organisation=Organisation.objects.get(slug="gab"), role=Role.PLANNER)
    assert "Planlægger, GAB" in client.get("/dashboard/").content.decode()
    added.delete()
    assert "Planlægger" not in client.get("/dashboard/").content.decode()


def test_no_tile_is_stale_after_an_edit(demo, django_capture_on_commit_callbacks):
    from strategy.services import update_strategy_object

    client = client_as(demo["styregruppe"])
    target = StrategyPlan.objects.get().targets.order_by("number").first()
    assert target.title in client.get("/dashboard/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        update_strategy_object(
            obj=target, data={"number": target.number, "title": "Et nyt pejlemærke", "description": ""}, by=None
        )
    assert "1. Et nyt pejlemærke" in client.get("/dashboard/").content.decode()


def test_no_risk_is_stale_after_an_edit(demo, django_capture_on_commit_callbacks):
    from partnership.services import save_risk

    client = client_as(demo["planlaegger"])
    client.get("/dashboard/")
    risk = Risk.objects.filter(kind="obstacle").exclude(status="closed").order_by("id").first()
    with django_capture_on_commit_callbacks(execute=True):
        save_risk(risk=risk, data={"title": "En helt ny forhindring", "likelihood": 5, "impact": 5}, by=None)
    assert "En helt ny forhindring" in client.get("/dashboard/").content.decode()


def test_no_indicator_is_stale_after_an_import_and_its_recompute(demo, django_capture_on_commit_callbacks):
    from strategy.services.statistics import import_statistics

    client = client_as(demo["styregruppe"])
    before = client.get("/dashboard/").content.decode()
    assert "Statistik til og med 2025." in before
    rows = "\n".join(
        f"{VAEREBRO},2026,{variable},{value}"
        for variable, value in (("children_0_5", 200), ("children_0_5_in_daycare", 190))
    )
    with django_capture_on_commit_callbacks(execute=True):  # the import, then the recompute it schedules
        import_statistics(data=f"area_code,year,variable,value\n{rows}\n".encode(), file_name="2026.csv", by=None)
    after = client.get("/dashboard/").content.decode()
    assert "Statistik til og med 2026." in after
    assert '<strong>95,0</strong> % <span class="form-hint">(2026)</span>' in after  # 190 of 200 in daycare


def test_every_job_that_writes_in_bulk_makes_a_new_generation(demo, django_capture_on_commit_callbacks):
    from base.generation import data_generation
    from opportunities.services import recompute_meeting_place_index

    before = data_generation()
    with django_capture_on_commit_callbacks(execute=True):
        recompute_meeting_place_index()
    after_index = data_generation()
    assert after_index != before
    with django_capture_on_commit_callbacks(execute=True):
        recompute_indicators()
    assert data_generation() != after_index


def test_a_change_in_the_admin_makes_a_new_generation(demo, django_capture_on_commit_callbacks):
    """The admin records every change it makes as a log entry; the entry is what makes the new generation."""
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType

    from base.generation import data_generation

    rule_set = RuleSet.objects.order_by("code").first()
    before = data_generation()
    with django_capture_on_commit_callbacks(execute=True):
        LogEntry.objects.create(
            user=User.objects.get(username="admin"),
            content_type=ContentType.objects.get_for_model(RuleSet),
            object_id=str(rule_set.pk),
            object_repr=str(rule_set),
            action_flag=CHANGE,
            change_message="[]",
        )
    assert data_generation() != before
