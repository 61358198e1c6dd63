"""Meeting packs: freezing what the dashboard shows, and what changed between two packs.

The content is plain JSON (numbers as text, so a decimal stays exactly as it was): the targets' indicators with their
values and statuses, the official criteria of the plan's housing areas, every opportunity space with its stage and
whether it is a social meeting place, the risks and potentials with their scores, and the decisions and action items
with their status. Spaces carry their organisation, so a reader who sees only their own organisation's spaces sees
only those in a pack too.
"""

import datetime
import json
from decimal import Decimal

from django.db import transaction
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone

from base.generation import data_changed
from base.permissions import can_read_all_spaces, staff_organisation_ids
from base.services.audit import actor_name
from opportunities.models import MeetingPlaceScore, OpportunitySpace
from partnership.models import ActionItem, Decision, Meeting
from strategy.models import RecomputeRun, StrategyPlan
from strategy.selectors.statistics import statistics_include_examples
from strategy.selectors.targets import target_tiles

from .models import MeetingPack
from .selectors import criteria_panel, housing_areas_of

FORMAT = 1


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def _day(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def freeze(plan: StrategyPlan) -> dict:
    """What the dashboard shows now, as values, for every reader (spaces of all organisations)."""
    targets = [
        {
            "number": tile.target.number,
            "title": tile.target.title,
            "status": tile.status,
            "indicators": [
                {
                    "code": item.definition.code,
                    "name_da": item.definition.name_da,
                    "name_en": item.definition.name_en,
                    "unit": item.definition.unit,
                    "area": item.area.name if item.area else "",
                    "year": item.latest_year,
                    "value": _text(item.latest_value),
                    "target_value": _text(item.definition.target_value),
                    "deadline_year": item.definition.deadline.year if item.definition.deadline else None,
                    "status": item.status,
                }
                for item in tile.indicators
            ],
        }
        for tile in target_tiles(plan)
    ]
    criteria = [
        {
            "area_code": row.area.code,
            "area_name": row.area.name,
            "list_year": row.latest.list_year if row.latest else None,
            "categories": list(row.latest.categories) if row.latest else [],
            "criteria": [
                {
                    "group": r.result.group,
                    "code": r.result.code,
                    "label": str(r.result.get_code_display()),
                    "value": None if r.result.suppressed else _text(r.result.value),
                    "suppressed": r.result.suppressed,
                    "threshold": _text(r.result.threshold),
                    "comparison": r.result.comparison,
                    "met": r.result.met,
                }
                for r in row.rows
            ],
        }
        for row in criteria_panel(housing_areas_of(plan))
    ]
    latest_score = MeetingPlaceScore.objects.filter(space=OuterRef("pk")).order_by("-month_end")
    spaces = [
        {
            "id": space.pk,
            "title": space.title,
            "stage": space.stage,
            "organisation_id": space.organisation_id,
            "organisation": space.organisation.name,
            "meeting_place": bool(space.qualifies),
            "index": _text(space.index),
        }
        for space in OpportunitySpace.objects.filter(plan=plan)
        .select_related("organisation")
        .annotate(
            qualifies=Subquery(latest_score.values("qualifies")[:1]), index=Subquery(latest_score.values("index")[:1])
        )
        .order_by("title", "id")
    ]
    risks = [
        {
            "id": risk.pk,
            "title": risk.title,
            "kind": risk.kind,
            "likelihood": risk.likelihood,
            "impact": risk.impact,
            "status": risk.status,
        }
        for risk in plan.risks.order_by("kind", F("likelihood") * F("impact"), "title", "id")
    ]
    decisions = [
        {"id": d.pk, "text": d.text, "status": d.status, "due_on": _day(d.due_on), "meeting_id": d.meeting_id}
        for d in Decision.objects.filter(meeting__group__plan=plan).order_by("id")
    ]
    action_items = [
        {"id": a.pk, "text": a.text, "status": a.status, "due_on": _day(a.due_on), "meeting_id": a.meeting_id}
        for a in ActionItem.objects.filter(meeting__group__plan=plan).order_by("id")
    ]
    run = RecomputeRun.objects.order_by("-started_at", "-id").first()
    years = [i["year"] for t in targets for i in t["indicators"] if i["year"]]
    return {
        "format": FORMAT,
        # Synthetic example figures (the demo's): the pack says so, as every page showing them does.
        "example": statistics_include_examples(),
        "statistics_year": max(years) if years else None,
        "last_run": {"started_at": run.started_at.isoformat(), "state": run.state} if run else None,
        "targets": targets,
        "criteria": criteria,
        "spaces": spaces,
        "risks": risks,
        "decisions": decisions,
        "action_items": action_items,
    }


@transaction.atomic
def prepare_meeting_pack(*, meeting: Meeting, by) -> tuple[MeetingPack, bool]:
    """Freeze what the dashboard shows now as a new pack of ``meeting``, and say whether one was made. When nothing
    a pack holds has changed since the meeting's newest pack (the button clicked twice, or again to be sure), that
    pack stays the meeting's and no identical copy is added beside it. The dashboard compares with the newest pack,
    so its cached copies are left behind when one is made (a new data generation)."""
    # Two clicks at once wait for each other here, so the second sees the first's pack.
    Meeting.objects.select_for_update().filter(pk=meeting.pk).exists()
    content = json.loads(json.dumps(freeze(meeting.group.plan)))  # as the JSON column gives it back
    newest = MeetingPack.objects.filter(meeting=meeting).order_by("-prepared_at", "-id").first()
    if newest is not None and newest.content == content:
        return newest, False
    data_changed()
    pack = MeetingPack.objects.create(
        meeting=meeting,
        prepared_at=timezone.now(),
        prepared_by=by,
        prepared_by_name=actor_name(by),
        content=content,
    )
    return pack, True


def visible_content(pack: MeetingPack, user) -> dict:
    """The pack's content as ``user`` may read it: housing staff see only their own organisations' spaces."""
    content = dict(pack.content)
    if not can_read_all_spaces(user):
        own = staff_organisation_ids(user)
        content["spaces"] = [space for space in content["spaces"] if space["organisation_id"] in own]
    return content


def previous_pack(pack: MeetingPack) -> MeetingPack | None:
    """The newest pack of an earlier meeting of the same steering group (or an earlier pack of the same meeting)."""
    return (
        MeetingPack.objects.filter(meeting__group_id=pack.meeting.group_id)
        .exclude(pk=pack.pk)
        .filter(prepared_at__lte=pack.prepared_at)
        .order_by("-prepared_at", "-id")
        .first()
    )


def _score(risk: dict) -> int:
    return risk["likelihood"] * risk["impact"]


def changes_between(before: dict, after: dict) -> dict:
    """What changed from ``before`` to ``after`` (two packs' contents, as the reader may see them)."""
    old_indicators = {i["code"]: i for t in before["targets"] for i in t["indicators"]}
    indicators = []
    for target in after["targets"]:
        for item in target["indicators"]:
            old = old_indicators.get(item["code"])
            if old is None or (old["value"], old["year"], old["status"]) != (
                item["value"],
                item["year"],
                item["status"],
            ):
                indicators.append({"target": target["number"], "old": old, "new": item})
    old_spaces = {s["id"]: s for s in before["spaces"]}
    new_spaces = {s["id"]: s for s in after["spaces"]}
    started = [s for pk, s in new_spaces.items() if pk not in old_spaces]
    moved = [
        {"old": old_spaces[pk], "new": s}
        for pk, s in new_spaces.items()
        if pk in old_spaces and old_spaces[pk]["stage"] != s["stage"] and s["stage"] != "stopped"
    ]
    stopped = [
        s
        for pk, s in new_spaces.items()
        if s["stage"] == "stopped" and old_spaces.get(pk, {}).get("stage") != "stopped"
    ]
    places_new = [
        s for pk, s in new_spaces.items() if s["meeting_place"] and not old_spaces.get(pk, {}).get("meeting_place")
    ]
    places_gone = [
        s for pk, s in old_spaces.items() if s["meeting_place"] and not new_spaces.get(pk, {}).get("meeting_place")
    ]
    old_risks = {r["id"]: r for r in before["risks"]}
    risks_up, risks_down, risks_new = [], [], []
    for risk in after["risks"]:
        old = old_risks.get(risk["id"])
        if old is None:
            risks_new.append(risk)
        elif _score(risk) > _score(old):
            risks_up.append({"old": old, "new": risk})
        elif _score(risk) < _score(old):
            risks_down.append({"old": old, "new": risk})
    old_decisions = {d["id"]: d for d in before["decisions"]}
    decisions_made = [d for d in after["decisions"] if d["id"] not in old_decisions]
    decisions_done = [
        d
        for d in after["decisions"]
        if d["status"] == "done" and old_decisions.get(d["id"], {}).get("status") not in (None, "done")
    ]
    return {
        "indicators": indicators,
        "started": started,
        "moved": moved,
        "stopped": stopped,
        "places_new": places_new,
        "places_gone": places_gone,
        "risks_up": risks_up,
        "risks_down": risks_down,
        "risks_new": risks_new,
        "decisions_made": decisions_made,
        "decisions_done": decisions_done,
    }


def since_last_pack(plan: StrategyPlan, user, *, places: list, open_risks: list) -> dict | None:
    """What the dashboard shows against the plan's newest meeting pack (what the steering group last reviewed):
    the social meeting places that newly qualify or no longer qualify, and the open risks that rose or are new. None
    when no pack has been prepared. ``places``: the spaces ``user`` may see that qualify now; ``open_risks``: the
    plan's open risks now. One query (two for housing staff, whose organisations limit the pack's spaces)."""
    pack = (
        MeetingPack.objects.filter(meeting__group__plan=plan)
        .select_related("meeting")
        .order_by("-prepared_at", "-id")
        .first()
    )
    if pack is None:
        return None
    before = visible_content(pack, user)
    qualified = {space["id"]: space for space in before["spaces"] if space["meeting_place"]}
    now_qualifying = {space.pk for space in places}
    old_risks = {risk["id"]: risk for risk in before["risks"]}
    risks_up, risks_new = [], []
    for risk in open_risks:
        old = old_risks.get(risk.pk)
        if old is None:
            risks_new.append(risk)
        elif risk.likelihood * risk.impact > _score(old):
            risks_up.append({"old": old, "new": risk})
    return {
        "pack": pack,
        "places_new": [space for space in places if space.pk not in qualified],
        "places_gone": [space for pk, space in qualified.items() if pk not in now_qualifying],
        "risks_up": risks_up,
        "risks_new": risks_new,
    }
