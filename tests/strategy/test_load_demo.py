"""The demo: the strategy as the presentation words it, loaded the same way however often."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings

from tests.conftest import client_for

pytestmark = pytest.mark.django_db

SOURCE_TARGETS = [
    "Alle børn og unge i Værebro Park har gode fremtidsmuligheder",
    "Alle borgere under 30 år i Værebro Park er i uddannelse eller beskæftigelse",
    "Værebro Park tiltrækker og fastholder ressourcestærke beboere",
    "Værebro Park er fri for bande kriminalitet",
]


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in {"strategy", "governance", "opportunities", "partnership"}
    }


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for this module (loading takes seconds), inside a transaction rolled back at the end;
    each test runs in a savepoint on top of it. Its value is what the command printed."""
    with django_db_blocker.unblock(), override_settings(DEBUG=True), transaction.atomic():
        out = StringIO()
        call_command("load_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def test_loading_the_demo_twice_leaves_identical_row_counts(demo, settings):
    settings.DEBUG = True
    first = row_counts()
    call_command("load_demo", stdout=StringIO())
    assert row_counts() == first
    assert first["strategy.Target"] == 4
    assert first["strategy.Principle"] == 5
    assert first["strategy.Strategy"] == 3
    assert first["strategy.Move"] == 9
    assert first["governance.ChangeRecord"] > 0


def test_the_overview_shows_the_four_targets_in_the_sources_wording(demo):
    from base.models import User

    page = client_for(User.objects.get(username="styregruppe")).get("/plans/bagsvaerd/").content.decode()
    for wording in SOURCE_TARGETS:
        assert wording in page
    assert "Fra Vadstrupvej til Bindeleddet" in page
    assert "Hængslet" in page
    assert "Eksempelformulering" in page  # the principles say they are examples


def test_each_demo_principle_says_it_is_example_wording(demo):
    from strategy.models import Principle

    for principle in Principle.objects.all():
        assert principle.is_example_wording
        assert "Eksempelformulering" in principle.description


def test_the_demo_prints_one_login_per_role(demo):
    text = demo
    for username in ("planlaegger", "styregruppe", "gab", "dab", "admin"):
        assert f"  {username} " in text
    assert "bagsvaerd-demo-2026" in text


def test_the_demo_refuses_to_load_with_debug_off(settings):
    settings.DEBUG = False
    before = row_counts()
    with pytest.raises(CommandError):
        call_command("load_demo")
    assert row_counts() == before


def test_the_overview_counts_the_spaces_by_stage_and_lists_the_meeting_places_each_linked(demo):
    """The overview's first and fifth elements show the demo's spaces by stage and the spaces that qualify as
    social meeting places now, each linked, instead of saying there are none."""
    from base.models import User
    from opportunities.models import OpportunitySpace, Stage
    from opportunities.selectors import portfolio

    planner = User.objects.get(username="planlaegger")
    page = client_for(planner).get("/plans/bagsvaerd/").content.decode()
    assert "Ingen registreret endnu" not in page and "Ingen endnu" not in page
    total = OpportunitySpace.objects.count()
    assert f'<a href="/spaces/">{total} mulighedsrum</a>' in page
    for stage in Stage:
        count = OpportunitySpace.objects.filter(stage=stage).count()
        if count:
            assert f'<a href="/spaces/?stage={stage.value}">{stage.label}: {count}</a>' in page
    places = list(portfolio(planner).filter(is_meeting_place=True))
    assert len(places) >= 5
    assert f'<a href="/spaces/?meeting_place=yes">{len(places)} sociale mødesteder</a>' in page
    for space in places:
        assert f'<a href="/spaces/{space.pk}/">{space.title}</a>' in page

    # Housing staff are told about their own organisation's spaces only.
    staff = User.objects.get(username="gab")
    own = OpportunitySpace.objects.filter(organisation__memberships__user=staff).count()
    page = client_for(staff).get("/plans/bagsvaerd/").content.decode()
    assert f'<a href="/spaces/">{own} mulighedsrum</a>' in page
    assert "Din organisations mulighedsrum." in page
