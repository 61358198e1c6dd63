"""The strategy's rows of the REST API's permission matrix (``tests/api_matrix.py`` explains them).

Everyone with a role reads the strategy, the statistics and the indicators; planners and administrators write the
plan and follow the recompute runs. The read-only key is the planner's: it reads what the planner reads and writes
nothing.
"""

from strategy.models import (
    Area,
    Classification,
    IndicatorDefinition,
    IndicatorValue,
    MainMove,
    Move,
    Observation,
    OpeningMove,
    Perspective,
    Principle,
    RecomputeRun,
    StatisticsImport,
    Strategy,
    StrategyPlan,
    Target,
    Variable,
    Vision,
)
from tests.api_matrix import Endpoint

#          anon  ro-key planner admin steering gab  dab  no-role
READ = "   401   200    200     200   200      200  200  403"
PLANNERS_READ = "401 200 200     200   403      403  403  403"
CREATE = " 401   403    201     201   403      403  403  403"
CHANGE = " 401   403    200     200   403      403  403  403"
DELETE = " 401   403    204     204   403      403  403  403"
REFUSED = "401   403    400     400   403      403  403  403"  # allowed, but the service refuses it (see the body)


def _read_only(basename, sample, read=READ):
    return Endpoint(basename, sample, {("list", "GET"): read, ("detail", "GET"): read})


def _element(basename, sample, body, *, create=CREATE, delete=DELETE, extra=None):
    return Endpoint(
        basename,
        sample,
        {
            ("list", "GET"): READ,
            ("list", "POST"): create,
            ("detail", "GET"): READ,
            ("detail", "PUT"): CHANGE,
            ("detail", "PATCH"): CHANGE,
            ("detail", "DELETE"): delete,
            ("history", "GET"): READ,
            **(extra or {}),
        },
        {("list", "POST"): body},
    )


def _plan():
    return StrategyPlan.objects.get(slug="bagsvaerd")


ENDPOINTS = [
    _read_only("area", lambda: Area.objects.filter(kind="housing_area").order_by("code").first()),
    _read_only("variable", lambda: Variable.objects.order_by("code").first()),
    # Planners and administrators add and change indicators; nobody deletes one (405 to whoever may ask at all).
    Endpoint(
        "indicator",
        lambda: IndicatorDefinition.objects.order_by("code").first(),
        {
            ("list", "GET"): READ,
            ("list", "POST"): CREATE,
            ("detail", "GET"): READ,
            ("detail", "PUT"): CHANGE,
            ("detail", "PATCH"): CHANGE,
            ("detail", "DELETE"): "401 403 405 405 405 405 405 403",
            ("history", "GET"): READ,
        },
        {
            ("list", "POST"): lambda: {
                "code": "test_share",
                "name_da": "Andel (test)",
                "name_en": "Share (test)",
                "unit": "%",
                "direction": "higher",
                "formula": "100 * residents_18_64 / residents",
            }
        },
    ),
    _read_only("indicator-value", lambda: IndicatorValue.objects.order_by("pk").first()),
    _read_only("classification", lambda: Classification.objects.filter(area__kind="housing_area").first()),
    _read_only("recompute-run", lambda: RecomputeRun.objects.order_by("pk").first(), read=PLANNERS_READ),
    _read_only("observation", lambda: Observation.objects.order_by("pk").first()),
    # An import is a file upload (multipart): the matrix's JSON body is refused as such (415), after the right.
    Endpoint(
        "statistics-import",
        lambda: StatisticsImport.objects.order_by("pk").first(),
        {
            ("list", "GET"): PLANNERS_READ,
            ("list", "POST"): "401 403 415 415 403 403 403 403",
            ("detail", "GET"): PLANNERS_READ,
        },
        {("list", "POST"): lambda: {"file": "not a file"}},
    ),
    _read_only("plan", _plan),
    _read_only("perspective", lambda: Perspective.objects.order_by("position").first()),
    # The active vision cannot be deleted (another version must be made active first).
    _element(
        "vision",
        lambda: Vision.objects.get(plan=_plan(), is_active=True),
        lambda: {"plan": "bagsvaerd", "statement": "En ny version af visionen."},
        delete=REFUSED,
        extra={("activate", "POST"): CHANGE},
    ),
    # A target that moves serve cannot be deleted.
    _element(
        "target",
        lambda: Target.objects.filter(plan=_plan(), moves__isnull=False).order_by("number").first(),
        lambda: {"plan": "bagsvaerd", "number": 99, "title": "Et nyt pejlemærke", "description": ""},
        delete=REFUSED,
    ),
    _element(
        "principle",
        lambda: Principle.objects.filter(plan=_plan(), moves__isnull=True).order_by("number").first(),
        lambda: {"plan": "bagsvaerd", "number": 99, "title": "Et nyt princip", "description": ""},
    ),
    # The three strategies exist, one of each kind: a fourth is refused; one with moves cannot be deleted.
    _element(
        "strategy",
        lambda: Strategy.objects.filter(plan=_plan(), moves__isnull=False).order_by("kind").first(),
        lambda: {"plan": "bagsvaerd", "kind": "social", "title": "Endnu en social strategi"},
        create=REFUSED,
        delete=REFUSED,
    ),
    _element(
        "move",
        lambda: Move.objects.filter(strategy__plan=_plan()).order_by("pk").first(),
        lambda: {
            "strategy": Strategy.objects.filter(plan=_plan()).order_by("kind").first().pk,
            "number": 99,
            "title": "Et nyt træk",
            "targets": [Target.objects.filter(plan=_plan()).order_by("number").first().pk],
        },
    ),
    # One main move per plan: a second is refused; it cannot be deleted while it has opening moves.
    _element(
        "main-move",
        lambda: MainMove.objects.get(plan=_plan()),
        lambda: {"plan": "bagsvaerd", "title": "Et andet hovedtræk"},
        create=REFUSED,
        delete=REFUSED,
    ),
    _element(
        "opening-move",
        lambda: OpeningMove.objects.filter(main_move__plan=_plan()).order_by("pk").first(),
        lambda: {"main_move": MainMove.objects.get(plan=_plan()).pk, "title": "Et nyt åbningstræk"},
    ),
]
