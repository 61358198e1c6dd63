"""The admin: accounts are managed there; organisations and collaboration models are only shown (the app edits them
through its services, with history); admin actions send their jobs once the admin's changes are committed."""

import pytest

from base.models import ChangeRecord, CollaborationModel, Organisation
from strategy.models import RecomputeRun, RuleSet
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_an_administrator_reads_organisations_in_the_admin_but_changes_them_in_the_app(administrator, organisations):
    client = client_for(administrator)
    gab = organisations["gab"]
    assert client.get("/admin/governance/organisation/").status_code == 200
    assert client.get("/admin/governance/organisation/add/").status_code == 403
    response = client.post(f"/admin/governance/organisation/{gab.pk}/change/", {"name": "Omdøbt", "kind": gab.kind})
    assert response.status_code == 403
    assert Organisation.objects.get(pk=gab.pk).name == "GAB"
    assert client.get("/admin/governance/collaborationmodel/add/").status_code == 403
    assert not CollaborationModel.objects.exists()


def test_an_organisation_changed_in_the_app_keeps_its_history(administrator, organisations):
    gab = organisations["gab"]
    response = client_for(administrator).post(
        f"/governance/organisations/{gab.pk}/edit/",
        {"name": "GAB – Gladsaxe Almennyttige Boligselskab", "kind": gab.kind, "version": 0},
    )
    assert response.status_code == 302
    record = ChangeRecord.objects.filter(content_type__model="organisation", object_id=gab.pk).first()
    assert record.changes == [{"field": "name", "old": "GAB", "new": "GAB – Gladsaxe Almennyttige Boligselskab"}]


def test_the_recompute_action_sends_its_job_once_the_admin_has_committed(
    administrator, django_capture_on_commit_callbacks
):
    rule_set = RuleSet.objects.first()
    with django_capture_on_commit_callbacks() as callbacks:
        response = client_for(administrator).post(
            "/admin/strategy/ruleset/", {"action": "recompute", "_selected_action": [rule_set.pk]}
        )
        assert response.status_code == 302
        assert not RecomputeRun.objects.exists()  # nothing ran inside the admin's transaction
    assert len(callbacks) == 1
    callbacks[0]()
    assert RecomputeRun.objects.get().state == RecomputeRun.State.SUCCEEDED
