"""The meeting-place index: how evenly a space's attendance spreads over each dimension, as a pure computation.

A social meeting place "attracts and gathers people across age, culture, social status and gender". For each
dimension the attendance counts of the window (12 months by default) are added up per group, and their spread
is measured as **normalised Shannon entropy** (Pielou's evenness)::

    J = H / ln(k),   H = − Σ pᵢ · ln pᵢ   over the groups with pᵢ > 0,

where pᵢ is group i's share of the dimension's counted attendance and k the number of groups the dimension
has. J is 0 when everyone is in one group and 1 when every group has the same count; it does not depend on how
many came. A dimension with no counts in the window is unknown (``None``), not 0: it is left out, never held
against the space. For gender the index compares women and men (k = 2); people of another gender are counted
as participants but do not pull a space away from "even".

The combined index is the mean of the known dimensions' J. A space qualifies as a social meeting place when,
in the window, at least ``min_attendance`` people came and at least ``dimensions_needed`` dimensions reach
``threshold`` (``MeetingPlaceRule``, edited by administrators). See docs/opportunities.md.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Context, Decimal

from .models import DIMENSIONS

# The groups whose spread is measured, where not all of the dimension's groups.
INDEX_GROUPS: dict[str, tuple[str, ...]] = {"gender": ("women", "men")}
_CONTEXT = Context(prec=28, rounding=ROUND_HALF_EVEN)
_PLACES = Decimal("0.001")


def groups_of(dimension: str) -> tuple[str, ...]:
    return INDEX_GROUPS.get(dimension) or tuple(group for group, _label in DIMENSIONS[dimension][1])


def evenness(counts: Mapping[str, int], groups: Iterable[str]) -> Decimal | None:
    """Pielou's evenness of ``counts`` over ``groups`` (0–1, three decimals); None when nothing was counted."""
    groups = tuple(groups)
    if len(groups) < 2:
        raise ValueError("evenness needs at least two groups")
    values = [counts.get(group, 0) for group in groups]
    if any(value < 0 for value in values):
        raise ValueError("counts cannot be negative")
    total = sum(values)
    if total == 0:
        return None
    entropy = Decimal(0)
    for value in values:
        if value:
            share = _CONTEXT.divide(Decimal(value), Decimal(total))
            entropy = _CONTEXT.subtract(entropy, _CONTEXT.multiply(share, share.ln(_CONTEXT)))
    result = _CONTEXT.divide(entropy, Decimal(len(groups)).ln(_CONTEXT))
    # Rounding can land a hair outside 0–1 (e.g. 0.99999… for an even split): clamp, then round.
    return min(max(result, Decimal(0)), Decimal(1)).quantize(_PLACES, rounding=ROUND_HALF_EVEN)


@dataclass(frozen=True)
class Rule:
    threshold: Decimal
    dimensions_needed: int
    min_attendance: int


@dataclass
class Score:
    attendance: int
    activities: int
    dimensions: dict[str, Decimal | None]
    index: Decimal | None
    qualifies: bool
    reasons: list[dict] = field(default_factory=list)


def score(*, attendance: int, activities: int, counts: Mapping[str, Mapping[str, int]], rule: Rule) -> Score:
    """The index of one window: ``attendance`` (participants), ``counts`` {dimension: {group: count}} added up
    over the window's activities. ``reasons`` say why the space does or does not qualify, as data the page
    turns into sentences: ``attendance`` (came, needed), ``dimensions`` (reached, needed, the codes reached),
    and ``unknown`` (dimensions without counts)."""
    dimensions = {dimension: evenness(counts.get(dimension, {}), groups_of(dimension)) for dimension in DIMENSIONS}
    known = [value for value in dimensions.values() if value is not None]
    index = None
    if known:
        index = _CONTEXT.divide(sum(known, Decimal(0)), Decimal(len(known))).quantize(_PLACES)
    reached = [code for code, value in dimensions.items() if value is not None and value >= rule.threshold]
    unknown = [code for code, value in dimensions.items() if value is None]
    enough_people = attendance >= rule.min_attendance
    enough_dimensions = len(reached) >= rule.dimensions_needed
    reasons = [
        {"code": "attendance", "met": enough_people, "came": attendance, "needed": rule.min_attendance},
        {
            "code": "dimensions",
            "met": enough_dimensions,
            "reached": reached,
            "needed": rule.dimensions_needed,
            "threshold": str(rule.threshold),
        },
    ]
    if unknown:
        reasons.append({"code": "unknown", "dimensions": unknown})
    return Score(
        attendance=attendance,
        activities=activities,
        dimensions=dimensions,
        index=index,
        qualifies=enough_people and enough_dimensions,
        reasons=reasons,
    )
