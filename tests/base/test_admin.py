"""The admin: accounts are managed there; organisations and collaboration models are only shown (the app edits them
through its services, with history); admin actions send their jobs once the admin's changes are committed; every
write made there goes into the history with old and new values."""

import pytest

from base.models import ChangeRecord, CollaborationModel, Membership, Organisation, User
from strategy.models import RecomputeRun, RuleSet, Variable
from tests.conftest import admin_form_as_posted, client_for

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


# --- Every write made in the admin goes into the history, with old and new values ------------------------------


def _records(instance) -> list[ChangeRecord]:
    return list(ChangeRecord.objects.filter(content_type__model=instance._meta.model_name, object_id=instance.pk))


def test_a_threshold_changed_in_the_admin_is_in_the_history_with_its_old_and_new_value(administrator):
    rule_set = RuleSet.objects.get(code="2021")
    criterion = rule_set.criteria.get(group="udsat", code="outside_work_education")
    client = client_for(administrator)
    url = f"/admin/strategy/ruleset/{rule_set.pk}/change/"
    data = admin_form_as_posted(client.get(url))
    assert client.post(url, data).status_code == 302
    assert not _records(rule_set) and not _records(criterion)  # saved unchanged: nothing to record

    prefix = next(key for key, value in data.items() if key.endswith("-id") and value == str(criterion.pk))[:-3]
    data[f"{prefix}-threshold"] = "35.0000"
    data["min_residents"] = "900"
    assert client.post(url, data).status_code == 302

    (record,) = _records(criterion)
    assert record.action == ChangeRecord.Action.UPDATE
    assert record.changes == [{"field": "threshold", "old": "40", "new": "35"}]
    assert (record.actor, record.actor_name) == (administrator, administrator.get_full_name())
    (set_record,) = _records(rule_set)
    assert set_record.changes == [{"field": "min_residents", "old": 1000, "new": 900}]

    page = client.get(f"/admin/governance/changerecord/{record.pk}/change/").content.decode()
    assert '<th scope="row">Grænse</th><td class="history-old">40</td><td class="history-new">35</td>' in page
    # Every label in Danish, and the header names the app rather than Django.
    assert "Objekttype:" in page and "Content type" not in page
    assert "Bagsværd i social balance: administration" in page and "Django administration" not in page


def test_a_criterion_added_and_one_removed_in_the_admin_are_in_the_history(administrator):
    rule_set = RuleSet.objects.get(code="2010")
    removed = rule_set.criteria.get(code="non_western")
    client = client_for(administrator)
    url = f"/admin/strategy/ruleset/{rule_set.pk}/change/"
    data = admin_form_as_posted(client.get(url))
    prefix = next(key for key, value in data.items() if key.endswith("-id") and value == str(removed.pk))[:-3]
    data[f"{prefix}-DELETE"] = "on"
    formset = prefix.rsplit("-", 1)[0]
    new = f"{formset}-{data[f'{formset}-TOTAL_FORMS']}"
    data[f"{formset}-TOTAL_FORMS"] = str(int(data[f"{formset}-TOTAL_FORMS"]) + 1)
    data.update(
        {
            f"{new}-group": "ghetto",
            f"{new}-code": "basic_education",
            f"{new}-measure": "pct_basic_only",
            f"{new}-comparison": "gt",
            f"{new}-threshold": "50",
            f"{new}-years_averaged": "1",
            f"{new}-group_minimum": "2",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"]

    (deleted,) = _records(removed)
    assert deleted.action == ChangeRecord.Action.DELETE
    assert {"field": "threshold", "old": "50", "new": None} in deleted.changes
    added = rule_set.criteria.get(code="basic_education")
    (created,) = _records(added)
    assert created.action == ChangeRecord.Action.CREATE
    assert {"field": "threshold", "old": None, "new": "50"} in created.changes


def test_a_role_given_in_the_admin_is_in_the_history_and_no_password_hash_is(administrator, organisations):
    client = client_for(administrator)
    response = client.post(
        "/admin/governance/user/add/",
        {
            "username": "ny-medarbejder",
            "usable_password": "true",
            "password1": "en-lang-adgangskode-2026",
            "password2": "en-lang-adgangskode-2026",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-0-organisation": str(organisations["gab"].pk),
            "memberships-0-role": "housing_staff",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="ny-medarbejder")
    (created,) = _records(user)
    assert created.action == ChangeRecord.Action.CREATE
    assert {"field": "username", "old": None, "new": "ny-medarbejder"} in created.changes
    membership = Membership.objects.get(user=user)
    (given,) = _records(membership)
    assert {"field": "role", "old": None, "new": "housing_staff"} in given.changes
    assert {"field": "organisation", "old": None, "new": "GAB"} in given.changes
    assert not any(user.password in str(record.changes) for record in ChangeRecord.objects.all())
    assert not any("password" in change["field"] for r in ChangeRecord.objects.all() for change in r.changes)

    url = f"/admin/governance/user/{user.pk}/change/"
    data = admin_form_as_posted(client.get(url))
    data.pop("is_active")  # the box unticked: the account is closed
    assert client.post(url, data).status_code == 302
    closed = _records(user)[0]
    assert closed.changes == [{"field": "is_active", "old": True, "new": False}]


def test_a_variable_deleted_and_the_meeting_place_rule_changed_in_the_admin_are_in_the_history(administrator):
    from opportunities.models import MeetingPlaceRule

    variable = Variable.objects.create(code="egen_variabel", name_da="Egen variabel", name_en="Own variable")
    variable_id = variable.pk
    client = client_for(administrator)
    response = client.post(f"/admin/strategy/variable/{variable_id}/delete/", {"post": "yes"})
    assert response.status_code == 302
    (deleted,) = ChangeRecord.objects.filter(content_type__model="variable", object_id=variable_id)
    assert deleted.action == ChangeRecord.Action.DELETE
    assert {"field": "code", "old": "egen_variabel", "new": None} in deleted.changes

    rule = MeetingPlaceRule.objects.get_or_create()[0]
    url = f"/admin/opportunities/meetingplacerule/{rule.pk}/change/"
    data = admin_form_as_posted(client.get(url))
    data["min_attendance"] = str(rule.min_attendance + 10)
    assert client.post(url, data).status_code == 302
    assert _records(rule)[0].changes == [
        {"field": "min_attendance", "old": rule.min_attendance, "new": rule.min_attendance + 10}
    ]


def test_a_new_law_s_rule_set_is_named_by_its_year_as_the_shipped_ones_and_keeps_its_code(administrator):
    client = client_for(administrator)
    new_rule_set = {
        "code": "2026",
        "name": "Regler fra 2026 (eksempel)",
        "scheme": "udsat_2021",
        "first_list_year": "2026",
        "min_residents": "1000",
        "streak_years": "4",
        "criteria-TOTAL_FORMS": "0",
        "criteria-INITIAL_FORMS": "0",
    }
    response = client.post("/admin/strategy/ruleset/add/", new_rule_set)
    assert response.status_code == 302
    rule_set = RuleSet.objects.get(code="2026")
    assert _records(rule_set)[0].action == ChangeRecord.Action.CREATE

    page = client.get(f"/admin/strategy/ruleset/{rule_set.pk}/change/")
    assert "code" not in page.context["adminform"].form.fields  # the API and the exports name it by its code

    refused = client.post(
        "/admin/strategy/ruleset/add/", {**new_rule_set, "code": "Ny regel", "first_list_year": "2027"}
    )
    assert refused.status_code == 200
    assert refused.context["adminform"].form.errors["code"] == ["Brug kun små bogstaver, tal og _."]


def test_text_pasted_into_the_admin_is_stored_tidy_as_everywhere_else(administrator):
    rule_set = RuleSet.objects.get(code="2021")
    client = client_for(administrator)
    url = f"/admin/strategy/ruleset/{rule_set.pk}/change/"
    data = admin_form_as_posted(client.get(url))
    data["legal_basis"] = "Almenboligloven\x0b§ 61 a\x07"
    assert client.post(url, data).status_code == 302
    rule_set.refresh_from_db()
    assert rule_set.legal_basis == "Almenboligloven § 61 a"
    (record,) = _records(rule_set)
    assert record.changes[0]["new"] == "Almenboligloven § 61 a"
