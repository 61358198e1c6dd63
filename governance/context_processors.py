from django.utils.functional import SimpleLazyObject

from .selectors import role_summary


def roles(request) -> dict:
    """The header's "who am I" line and the plan the navigation points at."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"role_summary": "", "current_plan": None}
    # Imported here: strategy depends on governance, not the other way round.
    from strategy.selectors import default_plan

    # Lazy: pages about a plan pass their own ``current_plan`` and this is never evaluated.
    return {"role_summary": role_summary(user), "current_plan": SimpleLazyObject(default_plan)}
