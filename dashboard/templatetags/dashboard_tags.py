"""What the dashboard app adds to lower apps' pages (docs/architecture.md): a meeting's packs on its page."""

from django import template

from opportunities.models import Stage
from partnership.models.steering import WorkStatus
from strategy.models import RuleCriterion

from ..models import MeetingPack

register = template.Library()


@register.simple_tag
def meeting_packs(meeting) -> list[MeetingPack]:
    """The meeting's packs, newest first: ``{% meeting_packs meeting as packs %}``."""
    return list(
        MeetingPack.objects.filter(meeting=meeting)
        .order_by("-prepared_at", "-id")
        .only("id", "prepared_at", "prepared_by_name", "meeting_id")
    )


@register.filter
def stage_label(value: str) -> str:
    """A frozen stage code in the reader's language."""
    return str(dict(Stage.choices).get(value, value))


@register.filter
def work_status_label(value: str) -> str:
    """A frozen decision's or action item's status code in the reader's language."""
    return str(dict(WorkStatus.choices).get(value, value))


@register.filter
def comparison_label(value: str) -> str:
    """A frozen criterion's comparison ("gt", "ge", …) in the reader's language."""
    return str(dict(RuleCriterion.Comparison.choices).get(value, value))
