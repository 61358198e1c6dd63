"""The demo: the strategy as the presentation words it, loaded the same way however often."""

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

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
        if model._meta.app_label in {"strategy", "governance", "opportunities"}
    }


def test_loading_the_demo_twice_leaves_identical_row_counts(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = row_counts()
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert row_counts() == first
    assert first["strategy.Target"] == 4
    assert first["strategy.Principle"] == 5
    assert first["strategy.Strategy"] == 3
    assert first["strategy.Move"] == 9
    assert first["governance.ChangeRecord"] > 0


def test_the_overview_shows_the_four_targets_in_the_sources_wording(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    from governance.models import User

    page = client_for(User.objects.get(username="styregruppe")).get("/", follow=True).content.decode()
    for wording in SOURCE_TARGETS:
        assert wording in page
    assert "Fra Vadstrupvej til Bindeleddet" in page
    assert "Hængslet" in page
    assert "Eksempelformulering" in page  # the principles say they are examples


def test_each_demo_principle_says_it_is_example_wording(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    from strategy.models import Principle

    for principle in Principle.objects.all():
        assert principle.is_example_wording
        assert "Eksempelformulering" in principle.description


def test_the_demo_prints_one_login_per_role(settings, capsys):
    settings.DEBUG = True
    from io import StringIO

    out = StringIO()
    call_command("load_demo", stdout=out)
    text = out.getvalue()
    for username in ("planlaegger", "styregruppe", "gab", "dab", "admin"):
        assert f"  {username} " in text
    assert "bagsvaerd-demo-2026" in text


def test_the_demo_refuses_to_load_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("load_demo")
    assert row_counts()["governance.User"] == 0
