"""A long checkbox list gets a search field: with a few hundred opportunity spaces (the benchmark's large set has a
thousand) the list of what a risk concerns could not be read through. Typing hides the options whose name does not
match; ticked ones stay in view, and a choice hidden by a search is still saved."""

import pytest

from opportunities.models import OpportunitySpace
from partnership.models import Risk
from partnership.services import save_risk
from tests.browser.conftest import assert_accessible, assert_fits_width, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAMES = ["Lektiecafé", "Løbeklub", "Fællesspisning", "Repair café", "Bydelsmødre", "Cykelværksted", "Strikkeklub"]


@pytest.fixture
def risk_with_many_spaces(plan, organisations, planner):
    spaces = OpportunitySpace.objects.bulk_create(
        OpportunitySpace(plan=plan, title=f"{name} {n}", kind="social", organisation=organisations["gab"])
        for n in range(2)
        for name in NAMES
    )
    risk = save_risk(
        risk=Risk(plan=plan),
        data={"kind": "obstacle", "title": "Få frivillige", "likelihood": 3, "impact": 3, "spaces": [spaces[0]]},
        by=planner,
    )
    return risk, spaces


@pytest.mark.parametrize("width", [390, 1280])
def test_a_planner_finds_a_space_among_many_by_typing_part_of_its_name(
    page, live_server, planner, risk_with_many_spaces, width
):
    risk, spaces = risk_with_many_spaces  # the risk concerns spaces[0], "Lektiecafé 0"
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, planner.username)
    page.goto(f"{live_server.url}/governance/risks/{risk.pk}/edit/")
    assert page.locator("details.link-fields[open]").count() == 1  # unfolded: the risk concerns a space

    spaces_list = page.locator("fieldset[data-filter]")
    assert spaces_list.count() == 1  # the spaces (14); the short lists (targets, principles …) get no search
    options = spaces_list.locator(".form-group-checkbox")
    assert options.count() == len(spaces)
    search = page.get_by_label("Søg i listen")

    search.fill("  KLUB ")  # any case, spaces around ignored
    shown = [text.strip() for text in options.filter(visible=True).all_inner_texts()]
    assert sorted(shown) == ["Lektiecafé 0", "Løbeklub 0", "Løbeklub 1", "Strikkeklub 0", "Strikkeklub 1"]
    assert page.get_by_text("Viser 5 af 14; de afkrydsede vises altid.").is_visible()
    assert_accessible(page)
    assert_fits_width(page)

    search.press("Enter")  # searches, does not send the form
    assert page.url.endswith(f"/governance/risks/{risk.pk}/edit/")
    page.get_by_label("Strikkeklub 1").check()
    search.fill("café")
    shown = [text.strip() for text in options.filter(visible=True).all_inner_texts()]
    assert sorted(shown) == ["Lektiecafé 0", "Lektiecafé 1", "Repair café 0", "Repair café 1", "Strikkeklub 1"]
    search.fill("")
    assert options.filter(visible=True).count() == len(spaces)

    search.fill("repair café 1")
    page.get_by_label("Repair café 1").check()
    search.fill("ingen rammer dette")
    assert options.filter(visible=True).count() == 3  # only the ticked ones
    page.get_by_role("button", name="Gem").click()
    page.wait_for_url(f"**/governance/risks/{risk.pk}/")
    chosen = Risk.objects.get(pk=risk.pk).spaces.order_by("title").values_list("title", flat=True)
    assert list(chosen) == ["Lektiecafé 0", "Repair café 1", "Strikkeklub 1"]
