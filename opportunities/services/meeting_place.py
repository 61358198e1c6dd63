"""The meeting-place index job's service: each space's scores over the last months, stored (see ``..index``)."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from base.generation import data_changed

from ..index import Rule, score
from ..models import Activity, MeetingPlaceRule, MeetingPlaceScore, OpportunitySpace

# --- The meeting-place index ---------------------------------------------------------------------------------

TREND_MONTHS = 24  # month-ends kept per space: the page's trend


def _month_end(day: datetime.date) -> datetime.date:
    following = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return following - datetime.timedelta(days=1)


def _months_back(month_end: datetime.date, months: int) -> datetime.date:
    """The month-end ``months`` months before ``month_end``."""
    year, month = divmod(month_end.year * 12 + month_end.month - 1 - months, 12)
    return _month_end(datetime.date(year, month + 1, 1))


def meeting_place_rule() -> tuple[int, Rule]:
    """The stored rule (the migration creates its one row): the window in months, and the rule itself."""
    stored = MeetingPlaceRule.objects.order_by("pk").first() or MeetingPlaceRule()
    return stored.window_months, Rule(
        threshold=Decimal(str(stored.threshold)),
        dimensions_needed=stored.dimensions_needed,
        min_attendance=stored.min_attendance,
    )


@transaction.atomic
def recompute_meeting_place_index(*, space_ids=None, today: datetime.date | None = None) -> int:
    """Compute each space's index for the windows ending at each of the last ``TREND_MONTHS`` month-ends (this
    month included) and store them, replacing what was stored for those spaces: run twice, the same rows.
    ``space_ids`` None: every space. Returns the number of scores written."""
    today = today or timezone.localdate()
    window, rule = meeting_place_rule()
    spaces = OpportunitySpace.objects.all() if space_ids is None else OpportunitySpace.objects.filter(pk__in=space_ids)
    space_ids = list(spaces.values_list("pk", flat=True))
    last = _month_end(today)
    month_ends = [_months_back(last, back) for back in range(TREND_MONTHS - 1, -1, -1)]
    earliest = _months_back(month_ends[0], window) + datetime.timedelta(days=1)
    activities: dict[int, list[Activity]] = {}
    for activity in (
        Activity.objects.filter(space_id__in=space_ids, on__gte=earliest, on__lte=last)
        .prefetch_related("attendance")
        .order_by("on", "id")
    ):
        activities.setdefault(activity.space_id, []).append(activity)
    rows = []
    for space_id in space_ids:
        logged = activities.get(space_id, [])
        if not logged:
            continue
        first_month = _month_end(logged[0].on)
        for month_end in month_ends:
            if month_end < first_month:
                continue
            start = _months_back(month_end, window)
            in_window = [a for a in logged if start < a.on <= month_end]
            counts: dict[str, dict[str, int]] = {}
            for activity in in_window:
                for count in activity.attendance.all():
                    groups = counts.setdefault(count.dimension, {})
                    groups[count.group] = groups.get(count.group, 0) + count.count
            result = score(
                attendance=sum(a.participants for a in in_window),
                activities=len(in_window),
                counts=counts,
                rule=rule,
            )
            rows.append(
                MeetingPlaceScore(
                    space_id=space_id,
                    month_end=month_end,
                    attendance=result.attendance,
                    activities=result.activities,
                    dimensions={k: (None if v is None else str(v)) for k, v in result.dimensions.items()},
                    index=result.index,
                    qualifies=result.qualifies,
                    reasons=result.reasons,
                )
            )
    MeetingPlaceScore.objects.filter(space_id__in=space_ids).delete()
    MeetingPlaceScore.objects.bulk_create(rows, batch_size=2000)
    data_changed()
    return len(rows)
