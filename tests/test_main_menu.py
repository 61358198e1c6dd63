"""The main menu (``bagsvaerd.templatetags.navigation``): rendered once per language, plan, current page and section
in each process, and shown in the bar and in the phone drawer. What it shows must follow each of them."""

import re

import pytest

from strategy.models import StrategyPlan
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def menus(page: str) -> list[str]:
    """The menu's lists: the bar's and the drawer's."""
    return re.findall(r'<ul class="mainmenu">(.*?)</ul>', page, re.DOTALL)


def test_the_bar_and_the_drawer_show_the_same_menu_marking_the_current_page(planner, plan):
    page = client_for(planner).get(f"/plans/{plan.slug}/targets/").content.decode()
    bar, drawer = menus(page)
    assert bar == drawer
    assert f'<a href="/plans/{plan.slug}/targets/" class="nav-link" aria-current="page"><span>Pejlemærker</span>' in bar
    assert bar.count('aria-current="page"') == 1
    assert '<a href="/dashboard/" class="nav-link"><span>Status</span>' in bar


def test_a_sub_page_marks_its_section(planner, plan):
    target = plan.targets.order_by("number").first()
    bar, _drawer = menus(client_for(planner).get(f"/targets/{target.pk}/").content.decode())
    assert 'class="active"' in bar and 'aria-current="page"' not in bar


def test_the_menu_follows_the_language(planner, plan):
    client = client_for(planner)
    assert "<span>Pejlemærker</span>" in menus(client.get("/dashboard/").content.decode())[0]
    client.post("/i18n/setlang/", {"language": "en", "next": "/dashboard/"})
    english = menus(client.get("/dashboard/").content.decode())[0]
    assert "<span>Targets</span>" in english and "Pejlemærker" not in english


def test_the_menu_follows_the_plans_address(planner, plan):
    client = client_for(planner)
    assert f'href="/plans/{plan.slug}/vision/"' in client.get("/spaces/").content.decode()
    StrategyPlan.objects.filter(pk=plan.pk).update(slug="nyt-navn")
    page = client.get("/spaces/").content.decode()
    assert 'href="/plans/nyt-navn/vision/"' in page and f"/plans/{plan.slug}/" not in page


def test_without_a_login_there_is_no_menu(client, plan):
    assert menus(client.get("/login/").content.decode()) == []
