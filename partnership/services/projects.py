"""Municipal projects and core operations: the projects, their milestones, and the dependencies between them
(one directed graph per plan, kept free of cycles)."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from base.services.audit import delete_audited, record_change, snapshot

from ..models import LINK_FIELDS, Milestone, Project, ProjectDependency
from .common import save_with_links

PROJECT_FIELDS = (
    "name",
    "kind",
    "description",
    "organisation",
    "collaboration_model",
    "starts_on",
    "ends_on",
    "status",
    "is_example",
    *LINK_FIELDS,
)
MILESTONE_FIELDS = ("title", "due_on", "done_on")


@transaction.atomic
def save_project(*, project: Project, data: Mapping[str, Any], by, expected_version: int | None = None) -> Project:
    starts_on = data.get("starts_on", project.starts_on)
    ends_on = data.get("ends_on", project.ends_on)
    if starts_on is not None and ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end cannot be before the start.")})
    save_with_links(
        instance=project,
        data=data,
        allowed=PROJECT_FIELDS,
        plan=project.plan,
        by=by,
        expected_version=expected_version,
    )
    return project


@transaction.atomic
def save_milestone(
    *, milestone: Milestone, data: Mapping[str, Any], by, expected_version: int | None = None
) -> Milestone:
    save_with_links(
        instance=milestone,
        data=data,
        allowed=MILESTONE_FIELDS,
        plan=milestone.project.plan,
        by=by,
        expected_version=expected_version,
    )
    return milestone


@transaction.atomic
def delete_milestone(*, milestone: Milestone, by) -> None:
    delete_audited(instance=milestone, fields=MILESTONE_FIELDS, by=by, plan_id=milestone.project.plan_id)


def find_cycle(edges: Iterable[tuple[int, int]], new_edge: tuple[int, int]) -> list[int] | None:
    """The cycle that adding ``new_edge`` would close, or None.

    An edge ``(a, b)`` means "a depends on b". Adding ``(a, b)`` closes a cycle when ``b`` already depends on
    ``a``, directly or through others; the cycle is returned as ``[a, b, …, a]`` (each depending on the next).
    """
    a, b = new_edge
    if a == b:
        return [a, a]
    depends_on: dict[int, list[int]] = {}
    for source, target in edges:
        depends_on.setdefault(source, []).append(target)
    # Breadth-first from b along "depends on" edges, remembering the way back, until a is reached.
    came_from: dict[int, int] = {b: b}
    queue = [b]
    for node in queue:
        for nxt in depends_on.get(node, ()):
            if nxt in came_from:
                continue
            came_from[nxt] = node
            if nxt == a:
                path = [a]
                while path[-1] != b:
                    path.append(came_from[path[-1]])
                return [a, *reversed(path)]
            queue.append(nxt)
    return None


@transaction.atomic
def add_dependency(*, project: Project, depends_on: Project, kind: str, by) -> ProjectDependency:
    """Record that ``project`` depends on ``depends_on`` (blocked by it, or following after it). Refused in Danish
    when it would close a cycle, naming the projects in it."""
    if depends_on.plan_id != project.plan_id:
        raise ValidationError({"depends_on": _("Choose a project in the same strategy.")})
    if depends_on.pk == project.pk:
        raise ValidationError({"depends_on": _("A project cannot depend on itself.")})
    if ProjectDependency.objects.filter(project=project, depends_on=depends_on).exists():
        raise ValidationError(
            {
                "depends_on": _("«%(project)s» already depends on «%(other)s».")
                % {"project": project, "other": depends_on}
            }
        )
    # Lock the plan's projects so two concurrent additions cannot close a cycle between them.
    names = dict(Project.objects.select_for_update().filter(plan_id=project.plan_id).values_list("id", "name"))
    edges = ProjectDependency.objects.filter(project__plan_id=project.plan_id).values_list(
        "project_id", "depends_on_id"
    )
    cycle = find_cycle(edges, (project.pk, depends_on.pk))
    if cycle is not None:
        raise ValidationError(
            {
                "depends_on": _(
                    "This dependency would make a circle: %(cycle)s. A project cannot, through others, depend on "
                    "itself."
                )
                % {"cycle": " → ".join(names[pk] for pk in cycle)}
            }
        )
    dependency = ProjectDependency(project=project, depends_on=depends_on, kind=kind)
    dependency.full_clean()
    dependency.save()
    changes = [
        {"field": name, "old": None, "new": value}
        for name, value in snapshot(dependency, ["project", "depends_on", "kind"]).items()
    ]
    record_change(instance=dependency, action="create", by=by, changes=changes, plan_id=project.plan_id)
    return dependency


@transaction.atomic
def remove_dependency(*, dependency: ProjectDependency, by) -> None:
    delete_audited(
        instance=dependency, fields=["project", "depends_on", "kind"], by=by, plan_id=dependency.project.plan_id
    )
