"""Municipal projects and core operations the strategy depends on: the list, a project's page with its milestones
and dependencies, the forms that change them, and the timeline.

Everyone with a role reads; planners and administrators create and edit projects, milestones and dependencies.
A dependency that would close a circle is refused by ``add_dependency`` with the circle named.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from base.forms import add_service_errors, posted, save_form
from base.permissions import can_edit_governance, can_read_governance
from base.permissions import require as _require
from strategy.selectors import default_plan

from ..filters.projects import ProjectFilter
from ..forms.projects import DependencyForm, MilestoneForm, ProjectForm
from ..models import Milestone, Project, ProjectDependency
from ..selectors.elements import links_of
from ..selectors.records import get_for_user, project_relations, projects_of, summarise_milestones, timeline_projects
from ..services import add_dependency, delete_milestone, remove_dependency, save_milestone, save_project
from ..timeline import from_projects, layout, milestone_state

PAGE_SIZE = 50


def _page(request, template: str, context: dict):
    return render(request, template, {"tab": "projects", "nav_section": "governance_home", **context})


def project_list(request):
    _require(can_read_governance(request.user))
    plan = default_plan()
    if plan is None:
        return render(request, "strategy/no_plan.html", {})
    projects = projects_of(plan, request.user).order_by(F("starts_on").asc(nulls_last=True), "name", "id")
    filterset = ProjectFilter(request.GET, queryset=projects)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    projects = list(page.object_list)
    summarise_milestones(projects, timezone.localdate())
    return _page(
        request,
        "partnership/project_list.html",
        {
            "projects": projects,
            "page": page,
            "filter": filterset,
            "today": timezone.localdate(),
            "can_edit": can_edit_governance(request.user),
        },
    )


def project_timeline(request):
    _require(can_read_governance(request.user))
    plan = default_plan()
    if plan is None:
        return render(request, "strategy/no_plan.html", {})
    items, dependencies = from_projects(timeline_projects(plan))
    timeline = layout(items, dependencies, timezone.localdate())
    return _page(
        request,
        "partnership/project_timeline.html",
        {
            "timeline": timeline,
            "table_groups": [timeline.rows, timeline.undated],
            "statuses": Project.Status.choices,
            "can_edit": can_edit_governance(request.user),
        },
    )


def project_detail(request, pk: int):
    project = get_for_user(request.user, Project, pk)
    relations = project_relations(project, request.user)
    today = timezone.localdate()
    for milestone in relations["milestones"]:
        milestone.state = milestone_state(milestone.due_on, milestone.done_on, today)
    return _page(
        request,
        "partnership/project_detail.html",
        {
            "project": project,
            **relations,
            "has_links": bool(links_of(project)),
            "can_edit": can_edit_governance(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def project_create(request):
    _require(can_edit_governance(request.user))
    plan = default_plan()
    if plan is None:
        return render(request, "strategy/no_plan.html", {})
    project = Project(plan=plan)
    form = ProjectForm(posted(request), instance=project, plan=plan, user=request.user)
    if save_form(request, form, save_project, project=project):
        messages.success(request, _("«%(object)s» is created.") % {"object": project})
        return redirect("project_detail", pk=project.pk)
    return _page(request, "partnership/project_form.html", {"form": form, "object": None})


@require_http_methods(["GET", "POST"])
def project_edit(request, pk: int):
    project = get_for_user(request.user, Project, pk, write=True)
    form = ProjectForm(
        posted(request),
        instance=project,
        plan=project.plan,
        user=request.user,
    )
    if save_form(request, form, save_project, project=project):
        messages.success(request, _("Your changes to «%(object)s» are saved.") % {"object": project})
        return redirect("project_detail", pk=project.pk)
    return _page(request, "partnership/project_form.html", {"form": form, "object": project})


@require_http_methods(["GET", "POST"])
def milestone_create(request, pk: int):
    project = get_for_user(request.user, Project, pk, write=True)
    milestone = Milestone(project=project)
    form = MilestoneForm(posted(request), instance=milestone)
    if save_form(request, form, save_milestone, milestone=milestone):
        messages.success(
            request,
            _("The milestone «%(milestone)s» is added to «%(project)s».")
            % {"milestone": milestone, "project": project},
        )
        return redirect("project_detail", pk=project.pk)
    return _page(request, "partnership/milestone_form.html", {"form": form, "project": project, "object": None})


@require_http_methods(["GET", "POST"])
def milestone_edit(request, pk: int):
    milestone = get_for_user(request.user, Milestone, pk, write=True)
    form = MilestoneForm(posted(request), instance=milestone)
    if save_form(request, form, save_milestone, milestone=milestone):
        messages.success(request, _("Your changes to «%(object)s» are saved.") % {"object": milestone})
        return redirect("project_detail", pk=milestone.project_id)
    return _page(
        request,
        "partnership/milestone_form.html",
        {"form": form, "project": milestone.project, "object": milestone},
    )


@require_http_methods(["GET", "POST"])
def milestone_delete(request, pk: int):
    milestone = get_for_user(request.user, Milestone, pk, write=True)
    if request.method == "POST":
        delete_milestone(milestone=milestone, by=request.user)
        messages.success(
            request, _("«%(object)s» is deleted. The history keeps its last values.") % {"object": milestone}
        )
        return redirect("project_detail", pk=milestone.project_id)
    return _page(request, "partnership/milestone_delete.html", {"milestone": milestone, "project": milestone.project})


@require_http_methods(["GET", "POST"])
def dependency_add(request, pk: int):
    project = get_for_user(request.user, Project, pk, write=True)
    form = DependencyForm(posted(request), project=project)
    if request.method == "POST" and form.is_valid():
        other, kind = form.cleaned_data["depends_on"], form.cleaned_data["kind"]
        try:
            dependency = add_dependency(project=project, depends_on=other, kind=kind, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The dependency is added: «%(project)s» %(kind)s «%(other)s».")
                % {"project": project, "kind": dependency.get_kind_display(), "other": other},
            )
            return redirect("project_detail", pk=project.pk)
    return _page(request, "partnership/dependency_form.html", {"form": form, "project": project})


@require_http_methods(["GET", "POST"])
def dependency_remove(request, pk: int):
    dependency = get_for_user(request.user, ProjectDependency, pk, write=True)
    if request.method == "POST":
        remove_dependency(dependency=dependency, by=request.user)
        messages.success(
            request,
            _("The dependency is removed: «%(project)s» no longer depends on «%(other)s».")
            % {"project": dependency.project, "other": dependency.depends_on},
        )
        return redirect("project_detail", pk=dependency.project_id)
    return _page(request, "partnership/dependency_remove.html", {"dependency": dependency})
