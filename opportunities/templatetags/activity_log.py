"""Filters of the activity log partial (``templates/opportunities/_activity_log.html``)."""

from django import template

from ..models import DIMENSIONS

register = template.Library()


@register.filter
def attendance_by_dimension(activity) -> list[dict]:
    """An activity's attendance for display, in the order and with the labels of ``DIMENSIONS``: per recorded
    dimension its label, its groups' (label, count) with a count, and how many participants were not recorded.
    Reads ``activity.attendance.all()``, so with the attendance prefetched it costs no query."""
    counts: dict[str, dict[str, int]] = {}
    for count in activity.attendance.all():
        counts.setdefault(count.dimension, {})[count.group] = count.count
    rows = []
    for dimension, (label, groups) in DIMENSIONS.items():
        recorded = counts.get(dimension)
        if not recorded:
            continue
        total = sum(recorded.values())
        rows.append(
            {
                "code": dimension,
                "label": label,
                "groups": [(group_label, recorded[group]) for group, group_label in groups if recorded.get(group)],
                "unrecorded": max(activity.participants - total, 0),
            }
        )
    return rows
