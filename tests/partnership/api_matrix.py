"""The partnership API's rows of the permission matrix (``tests/api_matrix.py`` says how they are written and the
requests made). The data is ``tests.site``: the demo, whose one steering group the steering persona sits in.

Everyone with a role reads; planners and administrators write the governance; the steering member records minutes,
decisions and action items (their group's meetings). A method the browser does not offer for an object (deleting a
decision, changing a rule-of-play letter) is 405 for those who may write the object type, 403 for the rest.
"""

import datetime

from django.utils import timezone

from base.models import Organisation
from partnership.models import (
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
    Responsibility,
    Risk,
    SteeringGroup,
    SteeringGroupMember,
)
from partnership.services import find_cycle
from strategy.models import Target
from tests.api_matrix import Endpoint

#                anon  ro-key planner admin steering gab  dab  no-role
READ = "          401   200    200     200   200      200  200  403"
# Planners and administrators only.
CREATE = "        401   403    201     201   403      403  403  403"
CHANGE = "        401   403    200     200   403      403  403  403"
DELETE = "        401   403    204     204   403      403  403  403"
NOT_OFFERED = "   401   403    405     405   403      403  403  403"
# Also the steering member, for their own group's meetings.
RECORD = "        401   403    201     201   201      403  403  403"
RECORD_CHANGE = " 401   403    200     200   200      403  403  403"
RECORD_DELETE = " 401   403    204     204   204      403  403  403"
NOT_OFFERED_TO_RECORDERS = "401 403 405 405 405 403 403 403"


def _first(model, **filters):
    return lambda: model.objects.filter(**filters).order_by("id").first()


def _rows(*, create=CREATE, change=CHANGE, delete=DELETE, extra=None) -> dict[tuple[str, str], str]:
    rows = {
        ("list", "GET"): READ,
        ("list", "POST"): create,
        ("detail", "GET"): READ,
        ("detail", "PUT"): change,
        ("detail", "PATCH"): change,
        ("detail", "DELETE"): delete,
        ("history", "GET"): READ,
    }
    return {**rows, **(extra or {})}


def _meeting() -> Meeting:
    return Meeting.objects.order_by("-starts_at", "id").first()


def _new_letter() -> dict:
    """A letter the demo has not given: a target, an organisation and a letter not yet combined."""
    taken = set(Responsibility.objects.values_list("element_type__model", "element_id", "organisation_id", "letter"))
    for target in Target.objects.order_by("id"):
        for organisation in Organisation.objects.order_by("id"):
            for letter in "RACI":
                if ("target", target.pk, organisation.pk, letter) not in taken:
                    return {
                        "element_kind": "target",
                        "element_id": target.pk,
                        "organisation": organisation.pk,
                        "letter": letter,
                    }
    raise AssertionError("every letter is given")


def _new_member() -> dict:
    group = SteeringGroup.objects.order_by("id").first()
    person = Person.objects.exclude(steering_memberships__group=group).order_by("id").first()
    return {"group": group.pk, "person": person.pk, "function": "member"}


def _new_dependency() -> dict:
    """Two projects of a plan that may depend on each other without a circle."""
    edges = list(ProjectDependency.objects.values_list("project_id", "depends_on_id"))
    projects = list(Project.objects.order_by("id"))
    for project in projects:
        for other in projects:
            same_plan = other.plan_id == project.plan_id and other.pk != project.pk
            if same_plan and (project.pk, other.pk) not in edges and find_cycle(edges, (project.pk, other.pk)) is None:
                return {"project": project.pk, "depends_on": other.pk, "kind": "follows"}
    raise AssertionError("no dependency can be added")


def _today() -> str:
    return timezone.localdate().isoformat()


def _later() -> str:
    return (timezone.localdate() + datetime.timedelta(days=400)).isoformat()


ENDPOINTS = [
    Endpoint(
        "organisation",
        _first(Organisation),
        _rows(delete=NOT_OFFERED),
        {("list", "POST"): lambda: {"name": "Bagsværd Boldklub", "kind": "association"}},
    ),
    Endpoint(
        "person",
        _first(Person),
        _rows(delete=NOT_OFFERED),
        {("list", "POST"): lambda: {"name": "Ny Person", "organisation": Organisation.objects.order_by("id")[0].pk}},
    ),
    Endpoint(
        "rule-of-play",
        _first(Responsibility, element_type__model="target"),
        _rows(change=NOT_OFFERED),
        {("list", "POST"): _new_letter},
    ),
    Endpoint(
        "steering-group",
        _first(SteeringGroup),
        _rows(delete=NOT_OFFERED),
        {("list", "POST"): lambda: {"name": "Følgegruppen", "description": ""}},
    ),
    Endpoint(
        "steering-group-member",
        _first(SteeringGroupMember),
        _rows(change=NOT_OFFERED),
        {("list", "POST"): _new_member},
    ),
    Endpoint(
        "meeting",
        _meeting,
        _rows(delete=NOT_OFFERED, extra={("minutes", "POST"): RECORD_CHANGE}),
        {
            ("list", "POST"): lambda: {
                "group": SteeringGroup.objects.order_by("id")[0].pk,
                "starts_at": f"{_later()}T14:00:00+01:00",
                "location": "Bagsværd Bibliotek",
                "status": "planned",
            },
            ("minutes", "POST"): lambda: {"minutes": "Referat fra API'et."},
        },
    ),
    Endpoint(
        "agenda-item",
        _first(AgendaItem),
        _rows(),
        {("list", "POST"): lambda: {"meeting": _meeting().pk, "title": "Nyt punkt"}},
    ),
    Endpoint(
        "decision",
        _first(Decision),
        _rows(create=RECORD, change=RECORD_CHANGE, delete=NOT_OFFERED_TO_RECORDERS),
        {("list", "POST"): lambda: {"meeting": _meeting().pk, "text": "Styregruppen beslutter det."}},
    ),
    Endpoint(
        "action-item",
        _first(ActionItem),
        _rows(create=RECORD, change=RECORD_CHANGE, delete=RECORD_DELETE),
        {("list", "POST"): lambda: {"meeting": _meeting().pk, "text": "Send referatet."}},
    ),
    Endpoint(
        "risk",
        _first(Risk),
        _rows(delete=NOT_OFFERED, extra={("reviewed", "POST"): CHANGE}),
        {("list", "POST"): lambda: {"kind": "obstacle", "title": "Ny forhindring", "likelihood": 2, "impact": 3}},
    ),
    Endpoint(
        "recommendation",
        _first(Recommendation),
        _rows(delete=NOT_OFFERED),
        {
            ("list", "POST"): lambda: {
                "number": Recommendation.objects.order_by("-number")[0].number + 1,
                "title": "Ny anbefaling",
            }
        },
    ),
    Endpoint(
        "progress-note",
        # Not the only evidence of a recommendation that is done: deleting it is allowed.
        lambda: ProgressNote.objects.exclude(recommendation__status="done").order_by("id").first(),
        _rows(change=NOT_OFFERED),
        {
            ("list", "POST"): lambda: {
                "recommendation": Recommendation.objects.order_by("id")[0].pk,
                "noted_on": _today(),
                "text": "Fremskridt.",
            }
        },
    ),
    Endpoint(
        "project",
        _first(Project),
        _rows(delete=NOT_OFFERED),
        {("list", "POST"): lambda: {"name": "Nyt projekt", "kind": "municipal_project"}},
    ),
    Endpoint(
        "milestone",
        _first(Milestone),
        _rows(),
        {
            ("list", "POST"): lambda: {
                "project": Project.objects.order_by("id")[0].pk,
                "title": "Ny milepæl",
                "due_on": _later(),
            }
        },
    ),
    Endpoint(
        "project-dependency",
        _first(ProjectDependency),
        _rows(change=NOT_OFFERED),
        {("list", "POST"): _new_dependency},
    ),
]
