"""Access functions and lists for the governance records: organisations and people, collaboration models, the
steering group's meetings, decisions and action items, risks and potentials, recommendations and projects.

Every view fetches a governance object through ``get_for_user`` (or the meeting/decision/action item functions,
which add the steering-group member's right to record), never any other way.
"""

import datetime

from django.db.models import Count, F, Model, Prefetch, Q, QuerySet, prefetch_related_objects
from django.http import Http404
from django.utils import timezone

from base.models import Organisation
from base.permissions import can_edit_governance, can_read_governance
from base.permissions import require as _require
from strategy.models import StrategyPlan

from ..models import (
    ActionItem,
    AgendaItem,
    Decision,
    Meeting,
    Milestone,
    Person,
    ProgressNote,
    Project,
    ProjectDependency,
    Recommendation,
    Risk,
    SteeringGroup,
    SteeringGroupMember,
)
from ..models.risks import REVIEW_INTERVAL
from ..models.steering import UNFINISHED
from .access import can_record_for_group
from .elements import link_prefetches

# The related rows each kind needs to show itself and to find its plan.
_RELATED: dict[type[Model], tuple[str, ...]] = {
    Person: ("organisation", "user"),
    SteeringGroup: ("plan",),
    SteeringGroupMember: ("group", "person__organisation"),
    AgendaItem: ("meeting__group",),
    Risk: ("owner__organisation", "plan"),
    Recommendation: ("owner__organisation", "plan"),
    ProgressNote: ("recommendation__plan",),
    Project: ("organisation", "collaboration_model", "plan"),
    Milestone: ("project__plan",),
    ProjectDependency: ("project__plan", "depends_on"),
}


def get_for_user(user, model: type[Model], pk: int, *, write: bool = False) -> Model:
    """A governance object for reading (everyone with a role) or editing (planners and administrators): 403
    without the right, 404 when it does not exist."""
    _require(can_edit_governance(user) if write else can_read_governance(user))
    queryset = model.objects.all()
    if model in _RELATED:
        queryset = queryset.select_related(*_RELATED[model])
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def get_meeting_for_user(user, pk: int, *, write: bool = False, record: bool = False) -> Meeting:
    """``write``: change the meeting itself (time, place, agenda): planners and administrators. ``record``: write
    its minutes, decisions and action items: also the members of its steering group."""
    _require(can_edit_governance(user) if write else can_read_governance(user))
    meeting = Meeting.objects.select_related("group__plan").filter(pk=pk).first()
    if meeting is None:
        raise Http404
    if record:
        _require(can_record_for_group(user, meeting.group_id))
    return meeting


def get_decision_for_user(user, pk: int, *, write: bool = False) -> Decision:
    _require(can_read_governance(user))
    decision = (
        Decision.objects.select_related("meeting__group__plan", "owner__organisation", "agenda_item")
        .filter(pk=pk)
        .first()
    )
    if decision is None:
        raise Http404
    if write:
        _require(can_record_for_group(user, decision.meeting.group_id))
    return decision


def get_action_item_for_user(user, pk: int, *, write: bool = False) -> ActionItem:
    _require(can_read_governance(user))
    item = ActionItem.objects.select_related("meeting__group__plan", "owner", "decision").filter(pk=pk).first()
    if item is None:
        raise Http404
    if write:
        _require(can_record_for_group(user, item.meeting.group_id))
    return item


# --- The partnership ---------------------------------------------------------------------------------------


def organisations_with_people() -> QuerySet[Organisation]:
    return Organisation.objects.prefetch_related(
        Prefetch("people", queryset=Person.objects.select_related("user").order_by("name"))
    ).order_by("name")


def people() -> QuerySet[Person]:
    return Person.objects.select_related("organisation", "user").order_by("name")


def steering_groups_of(plan: StrategyPlan) -> QuerySet[SteeringGroup]:
    return plan.steering_groups.prefetch_related(
        Prefetch(
            "memberships",
            queryset=SteeringGroupMember.objects.select_related("person__organisation").order_by(
                "function", "person__name"
            ),
        )
    )


# --- Meetings, decisions, action items -------------------------------------------------------------------------


def meetings_of(plan: StrategyPlan) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(group__plan=plan)
        .select_related("group")
        .annotate(decision_count=Count("decisions", distinct=True), item_count=Count("agenda_items", distinct=True))
    )


def next_meeting(plan: StrategyPlan, *, now: datetime.datetime | None = None) -> Meeting | None:
    """The first planned meeting from now on (the start of today counts, so today's meeting stays "next")."""
    now = now or timezone.now()
    start_of_day = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return (
        Meeting.objects.filter(group__plan=plan, status=Meeting.Status.PLANNED, starts_at__gte=start_of_day)
        .select_related("group")
        .order_by("starts_at", "id")
        .first()
    )


def meeting_detail(meeting: Meeting, user) -> dict:
    """A meeting's agenda, decisions and action items with their links: a fixed number of queries."""
    prefetches = link_prefetches(user)
    agenda = list(meeting.agenda_items.prefetch_related(*prefetches))
    decisions = list(
        meeting.decisions.select_related("owner__organisation", "agenda_item").prefetch_related(*prefetches)
    )
    action_items = list(meeting.action_items.select_related("owner__organisation", "decision"))
    return {"agenda": agenda, "decisions": decisions, "action_items": action_items}


def decisions_of(plan: StrategyPlan, user) -> QuerySet[Decision]:
    return (
        Decision.objects.filter(meeting__group__plan=plan)
        .select_related("meeting__group", "owner__organisation")
        .prefetch_related(*link_prefetches(user))
    )


def overdue_of(plan: StrategyPlan, user, *, today: datetime.date | None = None) -> dict:
    """Decisions and action items past their due date and not carried out or cancelled, oldest due first."""
    today = today or timezone.localdate()
    late = Q(status__in=UNFINISHED, due_on__lt=today)
    return {
        "decisions": list(decisions_of(plan, user).filter(late).order_by("due_on", "id")),
        "action_items": list(
            ActionItem.objects.filter(late, meeting__group__plan=plan)
            .select_related("meeting__group", "owner__organisation", "decision")
            .order_by("due_on", "id")
        ),
        "today": today,
    }


def _start_of_day(now: datetime.datetime | None = None) -> datetime.datetime:
    return timezone.localtime(now or timezone.now()).replace(hour=0, minute=0, second=0, microsecond=0)


def upcoming_meetings(plan: StrategyPlan, *, now: datetime.datetime | None = None) -> QuerySet[Meeting]:
    """Meetings from the start of today on, soonest first (as ``next_meeting`` counts them)."""
    return meetings_of(plan).filter(starts_at__gte=_start_of_day(now)).order_by("starts_at", "id")


def past_meetings(plan: StrategyPlan, *, now: datetime.datetime | None = None) -> QuerySet[Meeting]:
    """Meetings before today, newest first."""
    return meetings_of(plan).filter(starts_at__lt=_start_of_day(now)).order_by("-starts_at", "-id")


# --- Risks, potentials, recommendations -----------------------------------------------------------------------


def risks_of(plan: StrategyPlan, user) -> QuerySet[Risk]:
    return plan.risks.select_related("owner__organisation").prefetch_related(*link_prefetches(user))


def review_due_before(today: datetime.date | None = None) -> datetime.date:
    return (today or timezone.localdate()) - REVIEW_INTERVAL


def heat_map(risks: QuerySet[Risk]) -> dict[str, list[list[int]]]:
    """Per kind, a 5 × 5 grid of counts: ``grid[kind][5 - impact][likelihood - 1]`` (highest impact first, as
    the map is drawn). One aggregate query, whatever the number of risks."""
    grids = {kind: [[0] * 5 for _ in range(5)] for kind in Risk.Kind.values}
    rows = risks.order_by().values("kind", "likelihood", "impact").annotate(n=Count("id"))
    for row in rows:
        grids[row["kind"]][5 - row["impact"]][row["likelihood"] - 1] = row["n"]
    return grids


def recommendations_of(plan: StrategyPlan) -> QuerySet[Recommendation]:
    return plan.recommendations.select_related("owner__organisation").prefetch_related(
        Prefetch("progress_notes", queryset=ProgressNote.objects.order_by("-noted_on", "-id"))
    )


def risk_register(plan: StrategyPlan, user) -> QuerySet[Risk]:
    """The register's rows: obstacles, then potentials, each with the highest score (likelihood × impact) first.
    The links are prefetched for ``user`` (one query per kind of element)."""

    return (
        risks_of(plan, user)
        .annotate(score_order=F("likelihood") * F("impact"))
        .order_by("kind", "-score_order", "-impact", "title", "id")
    )


def risks_due_for_review(risks: QuerySet[Risk], *, today: datetime.date | None = None) -> QuerySet[Risk]:
    """Those of ``risks`` that are not closed and were not reviewed for ``REVIEW_INTERVAL`` (or never)."""
    return risks.exclude(status=Risk.Status.CLOSED).filter(
        Q(reviewed_on__isnull=True) | Q(reviewed_on__lt=review_due_before(today))
    )


def risk_with_links(risk: Risk, user) -> Risk:
    """``risk`` with its links prefetched for ``user`` (spaces they may not see left out)."""

    prefetch_related_objects([risk], *link_prefetches(user))
    return risk


def progress_notes_of(recommendation: Recommendation) -> QuerySet[ProgressNote]:
    """The evidence of progress on a recommendation, newest first, with who noted it."""
    return recommendation.progress_notes.select_related("created_by").order_by("-noted_on", "-id")


# --- Projects ------------------------------------------------------------------------------------------------------


def projects_of(plan: StrategyPlan, user) -> QuerySet[Project]:
    return plan.projects.select_related("organisation", "collaboration_model").prefetch_related(
        Prefetch("milestones", queryset=Milestone.objects.order_by("due_on", "id")),
        Prefetch("dependencies", queryset=ProjectDependency.objects.select_related("depends_on")),
        Prefetch("dependents", queryset=ProjectDependency.objects.select_related("project")),
        *link_prefetches(user),
    )


def timeline_projects(plan: StrategyPlan) -> QuerySet[Project]:
    """The plan's projects for the timeline, each with its milestones and the dependencies it has (prerequisites
    by id only): three queries, whatever the number of projects."""

    return (
        plan.projects.select_related("organisation")
        .prefetch_related(
            Prefetch("milestones", queryset=Milestone.objects.order_by("due_on", "id")),
            Prefetch("dependencies", queryset=ProjectDependency.objects.order_by("id")),
        )
        .order_by(F("starts_on").asc(nulls_last=True), "name", "id")
    )


def project_relations(project: Project, user) -> dict:
    """What a project's page shows besides its own fields: its milestones, what it depends on, what depends on
    it, and its links (prefetched onto ``project``, opportunity spaces only those ``user`` may see)."""

    prefetch_related_objects([project], *link_prefetches(user))
    return {
        "milestones": list(project.milestones.order_by("due_on", "id")),
        "depends_on": list(project.dependencies.select_related("depends_on").order_by("depends_on__name", "id")),
        "depended_on_by": list(project.dependents.select_related("project").order_by("project__name", "id")),
    }


def dependency_choices(project: Project) -> QuerySet[Project]:
    """The projects ``project`` may be made to depend on: the others of its plan."""
    return Project.objects.filter(plan_id=project.plan_id).exclude(pk=project.pk).order_by("name", "id")


def summarise_milestones(projects: list[Project], today: datetime.date) -> None:
    """Set ``next_milestone`` (the first one not reached, or None) and ``late_count`` (not reached, past due) on
    each project, from its prefetched milestones."""
    for project in projects:
        open_milestones = [m for m in project.milestones.all() if m.done_on is None]
        project.next_milestone = open_milestones[0] if open_milestones else None
        project.late_count = sum(1 for m in open_milestones if m.due_on < today)


# --- The section's front page ------------------------------------------------------------------------------------


def governance_overview(plan: StrategyPlan, *, today: datetime.date | None = None) -> dict:
    """The front page's figures: next meeting, overdue decisions and action items, heat maps of what is not closed,
    items due for review, recommendations by status, late milestones. Eight queries, whatever the numbers."""
    today = today or timezone.localdate()
    late = Q(status__in=UNFINISHED, due_on__lt=today)
    open_risks = plan.risks.exclude(status=Risk.Status.CLOSED)
    by_status = dict(plan.recommendations.order_by().values_list("status").annotate(n=Count("id")))
    return {
        "next_meeting": next_meeting(plan),
        "overdue_decisions": Decision.objects.filter(late, meeting__group__plan=plan).count(),
        "overdue_actions": ActionItem.objects.filter(late, meeting__group__plan=plan).count(),
        "heat_map": heat_map(open_risks),
        "risks_to_review": risks_due_for_review(plan.risks.all(), today=today).count(),
        "recommendation_counts": [(label, by_status.get(value, 0)) for value, label in Recommendation.Status.choices],
        "late_milestones": Milestone.objects.filter(project__plan=plan, done_on__isnull=True, due_on__lt=today).count(),
    }
