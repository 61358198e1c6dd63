"""What every page's frame shows: who is logged in, the plan the main menu points at, the menu and the governance
section's tabs. In the project package, which may read every app: the menu spans them all."""

from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from base.permissions import role_summary
from strategy.selectors import default_plan

# The main menu: URL name, label, and whether the URL takes the plan's slug.
NAV_ITEMS = [
    ("dashboard", _("Dashboard"), False),
    ("plan_overview", _("Overview"), True),
    ("plan_vision", _("Vision"), True),
    ("plan_targets", _("Targets"), True),
    ("plan_principles", _("Principles"), True),
    ("plan_strategies", _("Strategies"), True),
    ("plan_main_move", _("Main move"), True),
    ("space_list", _("Opportunity spaces"), False),
    ("need_list", _("Needs and offers"), False),
    ("area_list", _("Indicators"), False),
    ("governance_home", _("Governance"), False),
    ("plan_history", _("History"), True),
]


# The governance section's own tabs: URL name, label, and the ``tab`` key a view passes to mark it.
GOVERNANCE_TABS = [
    ("governance_home", _("Overview"), "home"),
    ("meeting_list", _("Steering group"), "meetings"),
    ("overdue_list", _("Overdue"), "overdue"),
    ("risk_list", _("Obstacles and potentials"), "risks"),
    ("recommendation_list", _("Recommendations"), "recommendations"),
    ("project_list", _("Projects"), "projects"),
    ("responsibility_matrix", _("Rules of play"), "rules"),
    ("organisation_list", _("Organisations and people"), "organisations"),
    ("collaboration_model_list", _("Collaboration models"), "collaboration_models"),
]


def roles(request) -> dict:
    """The header's "who am I" line and the plan the navigation points at.

    ``nav_current`` (the menu item marked as the current page: the page's own URL name, none on an error page for an
    unknown address) and ``nav_section`` (the item a sub-page belongs to) are defaults a view may override."""
    match = getattr(request, "resolver_match", None)
    navigation = {
        "governance_tabs": GOVERNANCE_TABS,
        "nav_current": match.url_name if match is not None else "",
        "nav_section": "",
    }
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"role_summary": "", "current_plan": None, **navigation}
    # Lazy: pages about a plan pass their own ``current_plan`` and this is never evaluated.
    return {"role_summary": role_summary(user), "current_plan": SimpleLazyObject(default_plan), **navigation}
