"""The plan's history and governance histories never show housing staff another organisation's opportunity space."""

import pytest

from opportunities.services import create_space
from partnership.models import Risk
from partnership.services import assign_responsibility, save_risk
from tests.conftest import client_for


@pytest.fixture
def dab_space(plan, organisations, staff_b):
    return create_space(
        plan=plan,
        data={"title": "DABs hemmelige lektiecafé", "kind": "social", "organisation": organisations["dab"]},
        by=staff_b,
    )


def test_housing_staff_do_not_see_another_organisations_space_in_the_plan_history(plan, dab_space, staff_a, planner):
    assign_responsibility(element=dab_space, organisation=dab_space.organisation, letter="R", by=planner)
    response = client_for(staff_a).get(f"/plans/{plan.slug}/history/")
    assert response.status_code == 200
    assert "DABs hemmelige lektiecafé" not in response.content.decode()
    # Planners see it all.
    assert "DABs hemmelige lektiecafé" in client_for(planner).get(f"/plans/{plan.slug}/history/").content.decode()


def test_the_kind_filter_offers_every_kind_in_the_readers_records_and_no_kind_kept_from_them(
    plan, dab_space, staff_a, planner
):
    target = plan.targets.get(number=1)
    assign_responsibility(element=target, organisation=dab_space.organisation, letter="R", by=planner)

    def kinds(user) -> dict[str, str]:
        form = client_for(user).get(f"/plans/{plan.slug}/history/").context["filter"].form
        return {value: str(label) for value, label in form.fields["kind"].choices if value}

    planner_kinds = kinds(planner)
    # The small governance objects are there too, with their names in Danish.
    assert planner_kinds["responsibility"] == "Ansvar"
    assert planner_kinds["opportunityspace"] == "Mulighedsrum"
    staff_kinds = kinds(staff_a)
    assert "responsibility" not in staff_kinds and "opportunityspace" not in staff_kinds
    assert set(staff_kinds) < set(planner_kinds)
    # Choosing a kind shows only its records.
    page = client_for(planner).get(f"/plans/{plan.slug}/history/", {"kind": "responsibility"})
    assert {record.content_type.model for record in page.context["records"]} == {"responsibility"}


def test_a_risks_history_leaves_out_its_links_to_spaces_for_housing_staff(plan, dab_space, staff_a, planner):
    risk = save_risk(
        risk=Risk(plan=plan),
        data={
            "kind": "obstacle",
            "title": "Lovgivningsmæssige barrierer",
            "likelihood": 2,
            "impact": 4,
            "status": "open",
            "spaces": [dab_space],
        },
        by=planner,
    )
    for_staff = client_for(staff_a).get(f"/governance/risk/{risk.pk}/history/")
    assert for_staff.status_code == 200
    assert "Lovgivningsmæssige barrierer" in for_staff.content.decode()
    assert "DABs hemmelige lektiecafé" not in for_staff.content.decode()
    for_planner = client_for(planner).get(f"/governance/risk/{risk.pk}/history/")
    assert "DABs hemmelige lektiecafé" in for_planner.content.decode()
