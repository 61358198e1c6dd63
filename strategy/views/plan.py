"""The strategy's pages. Each view: access function → (form → service → redirect) or (selector → render).

The seven kinds of strategy object share one set of views, configured by ``KINDS``; every view receives the
kind from its URL pattern, so the URLs stay literal (``/targets/3/edit/``).
"""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from base.filters import ChangeRecordFilter
from base.forms import posted, save_form
from base.history import history_of, history_of_plan, history_page
from base.permissions import can_edit_strategy, can_record_as_steering_member

from .. import selectors
from ..forms import FORMS
from ..models import MainMove, Move, OpeningMove, Principle, Strategy, StrategyPlan, Target, Vision
from ..selectors.statistics import statistics_include_examples
from ..selectors.targets import target_tiles
from ..services import activate_vision, create_strategy_object, delete_strategy_object, update_strategy_object


@dataclass(frozen=True)
class Kind:
    model: type[models.Model]
    url_prefix: str  # "targets" → /targets/<pk>/…
    label: str
    list_url_name: str  # where the object is listed within its plan
    detail_template: str
    new_label: str  # "New target": Danish nouns differ in gender, so each kind has its own
    list_label: str  # the page that lists it, as the menu names it (the breadcrumbs' middle step)


KINDS: dict[str, Kind] = {
    "vision": Kind(
        Vision,
        "visions",
        gettext_lazy("Vision"),
        "plan_vision",
        "strategy/vision_detail.html",
        gettext_lazy("New version of the vision"),
        gettext_lazy("Vision"),
    ),
    "target": Kind(
        Target,
        "targets",
        gettext_lazy("Target"),
        "plan_targets",
        "strategy/target_detail.html",
        gettext_lazy("New target"),
        gettext_lazy("Targets"),
    ),
    "principle": Kind(
        Principle,
        "principles",
        gettext_lazy("Principle"),
        "plan_principles",
        "strategy/principle_detail.html",
        gettext_lazy("New principle"),
        gettext_lazy("Principles"),
    ),
    "strategy": Kind(
        Strategy,
        "strategies",
        gettext_lazy("Strategy"),
        "plan_strategies",
        "strategy/strategy_detail.html",
        gettext_lazy("New strategy"),
        gettext_lazy("Strategies"),
    ),
    "move": Kind(
        Move,
        "moves",
        gettext_lazy("Move"),
        "plan_strategies",
        "strategy/move_detail.html",
        gettext_lazy("New move"),
        gettext_lazy("Strategies"),
    ),
    "main_move": Kind(
        MainMove,
        "main-moves",
        gettext_lazy("Main move"),
        "plan_main_move",
        "strategy/main_move_detail.html",
        gettext_lazy("New main move"),
        gettext_lazy("Main move"),
    ),
    "opening_move": Kind(
        OpeningMove,
        "opening-moves",
        gettext_lazy("Opening move"),
        "plan_main_move",
        "strategy/opening_move_detail.html",
        gettext_lazy("New opening move"),
        gettext_lazy("Main move"),
    ),
}
KIND_OF_MODEL = {kind.model: key for key, kind in KINDS.items()}


def url_of(obj: models.Model, action: str = "detail") -> str:
    return reverse(f"{KIND_OF_MODEL[type(obj)]}_{action}", args=[obj.pk])


def _context(request, plan: StrategyPlan, **extra) -> dict:
    return {"plan": plan, "current_plan": plan, "can_edit": can_edit_strategy(request.user), **extra}


# --- Plan pages -----------------------------------------------------------------------------


def home(request):
    """The front page after login: the dashboard for steering-group members (who review, not edit), the plan's
    overview for everyone else."""
    plan = selectors.default_plan()
    if plan is None:
        return render(request, "strategy/no_plan.html", {})
    if can_record_as_steering_member(request.user) and not can_edit_strategy(request.user):
        return redirect("dashboard")
    return redirect("plan_overview", slug=plan.slug)


def plan_overview(request, slug: str):
    plan = selectors.get_plan_for_user(request.user, slug)
    return render(request, "strategy/overview.html", _context(request, plan, **selectors.overview_of(plan)))


def plan_vision(request, slug: str):
    plan = selectors.get_plan_for_user(request.user, slug)
    visions = list(selectors.visions_of(plan))
    return render(request, "strategy/vision.html", _context(request, plan, visions=visions))


def plan_targets(request, slug: str):
    plan = selectors.get_plan_for_user(request.user, slug)
    tiles = target_tiles(plan, targets=selectors.targets_of(plan))
    example = statistics_include_examples()
    return render(request, "strategy/target_list.html", _context(request, plan, tiles=tiles, example=example))


def plan_principles(request, slug: str):
    plan = selectors.get_plan_for_user(request.user, slug)
    principles = selectors.principles_of(plan)
    return render(request, "strategy/principle_list.html", _context(request, plan, principles=principles))


def plan_strategies(request, slug: str):
    plan = selectors.get_plan_for_user(request.user, slug)
    strategies = selectors.strategies_of(plan)
    return render(request, "strategy/strategy_list.html", _context(request, plan, strategies=strategies))


def plan_main_move(request, slug: str):
    plan = selectors.get_plan_for_user(request.user, slug)
    main_move = selectors.main_move_of(plan)
    return render(request, "strategy/main_move.html", _context(request, plan, main_move=main_move))


def plan_history(request, slug: str):
    plan = selectors.get_plan_for_user(request.user, slug)
    filterset = ChangeRecordFilter(request.GET, queryset=history_of_plan(plan, request.user))
    page = history_page(filterset.qs, request.user, request.GET.get("page"))
    context = _context(request, plan, records=page.object_list, filter=filterset, page=page)
    return render(request, "strategy/plan_history.html", context)


# --- One object -----------------------------------------------------------------------------


def element_detail(request, pk: int, kind: str):
    config = KINDS[kind]
    obj = selectors.get_strategy_object_for_user(request.user, config.model, pk)
    plan = selectors.plan_of(obj)
    extra = {}
    if isinstance(obj, Target):  # its indicators' values and status, as on the dashboard
        extra["tiles"] = target_tiles(plan, targets=selectors.targets_of(plan).filter(pk=obj.pk))
        extra["example"] = statistics_include_examples()
    return render(
        request,
        config.detail_template,
        _context(request, plan, object=obj, kind=config, nav_section=config.list_url_name, **extra),
    )


@require_http_methods(["GET", "POST"])
def element_edit(request, pk: int, kind: str):
    config = KINDS[kind]
    obj = selectors.get_strategy_object_for_user(request.user, config.model, pk, write=True)
    plan = selectors.plan_of(obj)
    form = FORMS[config.model](posted(request), instance=obj, plan=plan)
    if save_form(request, form, update_strategy_object, obj=obj):
        messages.success(request, _("Your changes to «%(object)s» are saved.") % {"object": obj})
        return redirect(url_of(obj))
    return render(
        request,
        "strategy/element_form.html",
        _context(request, plan, form=form, object=obj, kind=config, nav_section=config.list_url_name),
    )


@require_http_methods(["GET", "POST"])
def element_create(request, kind: str, slug: str | None = None, parent_pk: int | None = None):
    config = KINDS[kind]
    if config.model is Move:
        parent = selectors.get_strategy_object_for_user(request.user, Strategy, parent_pk, write=True)
        plan = parent.plan
    elif config.model is OpeningMove:
        parent = selectors.get_strategy_object_for_user(request.user, MainMove, parent_pk, write=True)
        plan = parent.plan
    else:
        parent = plan = selectors.get_plan_for_user(request.user, slug, write=True)
    form = FORMS[config.model](posted(request), plan=plan, initial=_initial(config.model, parent))
    obj = save_form(request, form, create_strategy_object, model=config.model, parent=parent)
    if obj is not None:
        messages.success(request, _("«%(object)s» is created.") % {"object": obj})
        return redirect(url_of(obj))
    return render(
        request,
        "strategy/element_form.html",
        _context(request, plan, form=form, parent=parent, kind=config, nav_section=config.list_url_name),
    )


def _initial(model, parent) -> dict:
    """Suggest the next free number for numbered objects."""
    if model is Move:
        numbers = parent.moves.values_list("number", flat=True)
    elif model in (Target, Principle):
        numbers = model.objects.filter(plan=parent).values_list("number", flat=True)
    else:
        return {}
    return {"number": max(numbers, default=0) + 1}


@require_http_methods(["GET", "POST"])
def element_delete(request, pk: int, kind: str):
    config = KINDS[kind]
    obj = selectors.get_strategy_object_for_user(request.user, config.model, pk, write=True)
    plan = selectors.plan_of(obj)
    errors = []
    if request.method == "POST":
        try:
            delete_strategy_object(obj=obj, by=request.user)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(
                request, _("«%(object)s» is deleted. The history keeps its last values.") % {"object": obj}
            )
            return redirect(config.list_url_name, slug=plan.slug)
    return render(
        request,
        "strategy/element_delete.html",
        _context(request, plan, object=obj, kind=config, errors=errors, nav_section=config.list_url_name),
    )


def element_history(request, pk: int, kind: str):
    config = KINDS[kind]
    obj = selectors.get_strategy_object_for_user(request.user, config.model, pk)
    plan = selectors.plan_of(obj)
    page = history_page(history_of(obj), request.user, request.GET.get("page"))
    return render(
        request,
        "strategy/element_history.html",
        _context(
            request,
            plan,
            object=obj,
            kind=config,
            records=page.object_list,
            page=page,
            nav_section=config.list_url_name,
        ),
    )


@require_POST
def vision_activate(request, pk: int):
    vision = selectors.get_strategy_object_for_user(request.user, Vision, pk, write=True)
    activate_vision(vision=vision, by=request.user)
    messages.success(request, _("This version of the vision is now the active one."))
    return redirect("plan_vision", slug=vision.plan.slug)
