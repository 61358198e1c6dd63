"""The projects' services: projects and milestones with history, and dependencies kept free of cycles — a cycle is
refused in Danish with the projects in it named, and nothing is written."""

import datetime

import pytest
from django.core import serializers
from django.core.exceptions import ValidationError

from base.history import history_of, version_of
from base.models import ChangeRecord
from partnership.models import Milestone, Project, ProjectDependency
from partnership.services import (
    add_dependency,
    delete_milestone,
    find_cycle,
    remove_dependency,
    save_milestone,
    save_project,
)

pytestmark = pytest.mark.django_db

D = datetime.date


def new_project(plan, name, by=None, **data):
    return save_project(project=Project(plan=plan), data={"name": name, **data}, by=by)


def database_state() -> str:
    tables = [Project, Milestone, ProjectDependency, ChangeRecord]
    return "".join(serializers.serialize("json", model.objects.order_by("pk")) for model in tables)


def message_of(error: ValidationError, field: str = "depends_on") -> str:
    return " ".join(error.value.message_dict[field])


@pytest.fixture
def abc(plan, planner):
    return {name: new_project(plan, name, by=planner) for name in ("Vadstrupvej", "Ringbo", "Hængslet")}


def test_a_project_is_created_with_its_fields_and_its_history(plan, planner, organisations):
    project = new_project(
        plan,
        "Vadstrupvej",
        by=planner,
        kind="municipal_project",
        organisation=organisations["gladsaxe"],
        starts_on=D(2026, 1, 1),
        ends_on=D(2028, 12, 31),
        status="ongoing",
        targets=list(plan.targets.all()[:1]),
    )

    project.refresh_from_db()
    assert (project.name, project.organisation, project.status) == ("Vadstrupvej", organisations["gladsaxe"], "ongoing")
    assert [t.number for t in project.targets.all()] == [1]
    record = history_of(project).get()
    assert (record.action, record.actor, record.plan_id) == ("create", planner, plan.pk)


def test_a_project_cannot_end_before_it_starts(plan, planner):
    before = database_state()

    with pytest.raises(ValidationError) as error:
        new_project(plan, "Baglæns", by=planner, starts_on=D(2027, 1, 1), ends_on=D(2026, 1, 1))

    assert message_of(error, "ends_on") == "Slut kan ikke ligge før start."
    assert database_state() == before


def test_a_project_edit_over_a_newer_change_is_refused(plan, planner, administrator):
    project = new_project(plan, "Ringbo", by=planner)
    seen = version_of(project)
    save_project(project=project, data={"status": "ongoing"}, by=administrator)

    with pytest.raises(ValidationError) as error:
        save_project(project=Project.objects.get(pk=project.pk), data={"name": "X"}, by=planner, expected_version=seen)

    assert error.value.code == "conflict"
    assert Project.objects.get(pk=project.pk).name == "Ringbo"


def test_a_milestone_is_saved_and_deleted_with_history_under_the_plan(plan, planner):
    project = new_project(plan, "Hængslet", by=planner)
    milestone = save_milestone(
        milestone=Milestone(project=project), data={"title": "Lokalplan vedtaget", "due_on": D(2026, 6, 1)}, by=planner
    )
    save_milestone(milestone=milestone, data={"done_on": D(2026, 6, 3)}, by=planner)
    milestone_id = milestone.pk

    delete_milestone(milestone=milestone, by=planner)

    assert not Milestone.objects.filter(pk=milestone_id).exists()
    actions = list(
        ChangeRecord.objects.filter(object_id=milestone_id, content_type__model="milestone")
        .order_by("id")
        .values_list("action", "plan_id")
    )
    assert actions == [("create", plan.pk), ("update", plan.pk), ("delete", plan.pk)]
    deleted = ChangeRecord.objects.filter(action="delete", content_type__model="milestone").get()
    assert {c["field"]: c["old"] for c in deleted.changes}["title"] == "Lokalplan vedtaget"


def test_a_milestone_edit_over_a_newer_change_is_refused(plan, planner, administrator):
    """The service takes the version its form was opened at (a fix: it ignored it before)."""
    project = new_project(plan, "Hængslet", by=planner)
    milestone = save_milestone(
        milestone=Milestone(project=project), data={"title": "Udbud", "due_on": D(2026, 6, 1)}, by=planner
    )
    seen = version_of(milestone)
    save_milestone(milestone=milestone, data={"title": "Udbud afsluttet"}, by=administrator)

    with pytest.raises(ValidationError) as error:
        save_milestone(
            milestone=Milestone.objects.get(pk=milestone.pk), data={"title": "Mit"}, by=planner, expected_version=seen
        )

    assert error.value.code == "conflict"
    assert Milestone.objects.get(pk=milestone.pk).title == "Udbud afsluttet"


def test_a_dependency_is_added_and_removed_with_history(plan, planner, abc):
    dependency = add_dependency(project=abc["Ringbo"], depends_on=abc["Vadstrupvej"], kind="follows", by=planner)

    assert (dependency.project, dependency.depends_on, dependency.kind) == (
        abc["Ringbo"],
        abc["Vadstrupvej"],
        "follows",
    )
    created = history_of(dependency).get()
    assert (created.action, created.actor, created.plan_id) == ("create", planner, plan.pk)
    assert {c["field"]: c["new"] for c in created.changes} == {
        "project": "Ringbo",
        "depends_on": "Vadstrupvej",
        "kind": "follows",
    }
    dependency_id = dependency.pk

    remove_dependency(dependency=dependency, by=planner)

    assert not ProjectDependency.objects.exists()
    removed = ChangeRecord.objects.get(
        object_id=dependency_id, action="delete", content_type__model="projectdependency"
    )
    assert removed.plan_id == plan.pk


def test_a_direct_cycle_is_refused_naming_both_projects(plan, planner, abc):
    add_dependency(project=abc["Vadstrupvej"], depends_on=abc["Ringbo"], kind="blocks", by=planner)
    before = database_state()

    with pytest.raises(ValidationError) as error:
        add_dependency(project=abc["Ringbo"], depends_on=abc["Vadstrupvej"], kind="follows", by=planner)

    assert message_of(error) == (
        "Denne afhængighed ville lave en ring: Ringbo → Vadstrupvej → Ringbo. Et projekt kan ikke gennem andre "
        "afhænge af sig selv."
    )
    assert database_state() == before


def test_a_cycle_through_three_projects_is_refused_naming_all_of_them_in_order(plan, planner, abc):
    add_dependency(project=abc["Vadstrupvej"], depends_on=abc["Ringbo"], kind="blocks", by=planner)
    add_dependency(project=abc["Ringbo"], depends_on=abc["Hængslet"], kind="follows", by=planner)
    before = database_state()

    with pytest.raises(ValidationError) as error:
        add_dependency(project=abc["Hængslet"], depends_on=abc["Vadstrupvej"], kind="blocks", by=planner)

    assert "Hængslet → Vadstrupvej → Ringbo → Hængslet" in message_of(error)
    assert database_state() == before


def test_a_project_cannot_depend_on_itself(plan, planner, abc):
    before = database_state()

    with pytest.raises(ValidationError) as error:
        add_dependency(project=abc["Ringbo"], depends_on=abc["Ringbo"], kind="blocks", by=planner)

    assert message_of(error) == "Et projekt kan ikke afhænge af sig selv."
    assert database_state() == before


def test_a_project_cannot_depend_on_a_project_of_another_strategy(plan, other_plan, planner, abc):
    elsewhere = new_project(other_plan, "Et andet sted", by=planner)
    before = database_state()

    with pytest.raises(ValidationError) as error:
        add_dependency(project=abc["Ringbo"], depends_on=elsewhere, kind="blocks", by=planner)

    assert message_of(error) == "Vælg et projekt i samme strategi."
    assert database_state() == before


def test_the_same_dependency_cannot_be_added_twice(plan, planner, abc):
    add_dependency(project=abc["Ringbo"], depends_on=abc["Hængslet"], kind="blocks", by=planner)
    before = database_state()

    with pytest.raises(ValidationError) as error:
        add_dependency(project=abc["Ringbo"], depends_on=abc["Hængslet"], kind="follows", by=planner)

    assert message_of(error) == "«Ringbo» afhænger allerede af «Hængslet»."
    assert database_state() == before


def test_an_unknown_kind_of_dependency_is_refused(plan, planner, abc):
    with pytest.raises(ValidationError) as error:
        add_dependency(project=abc["Ringbo"], depends_on=abc["Hængslet"], kind="sometimes", by=planner)

    assert "kind" in error.value.message_dict
    assert not ProjectDependency.objects.exists()


def test_two_projects_may_share_a_prerequisite_without_it_being_a_cycle(plan, planner, abc):
    add_dependency(project=abc["Ringbo"], depends_on=abc["Vadstrupvej"], kind="blocks", by=planner)
    add_dependency(project=abc["Hængslet"], depends_on=abc["Vadstrupvej"], kind="blocks", by=planner)
    add_dependency(project=abc["Hængslet"], depends_on=abc["Ringbo"], kind="follows", by=planner)

    assert ProjectDependency.objects.count() == 3


def test_find_cycle_returns_the_closed_path_or_none():
    edges = [(1, 2), (2, 3), (4, 3)]

    assert find_cycle(edges, (3, 1)) == [3, 1, 2, 3]
    assert find_cycle(edges, (3, 4)) == [3, 4, 3]
    assert find_cycle(edges, (1, 4)) is None  # 1 → 4 → 3 and 1 → 2 → 3: a diamond, no cycle
    assert find_cycle(edges, (5, 5)) == [5, 5]
    assert find_cycle([], (1, 2)) is None
