"""What a space's page shows of its meeting-place index: the latest score by dimension, why the space does or does
not qualify (in the reader's language), and the trend as coordinates for the page's SVG chart. Pure: it reads the
scores it is given (``selectors.scores_of``)."""

import math
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import DIMENSIONS, MeetingPlaceScore

CHART_WIDTH, CHART_HEIGHT = 640, 200
CHART_LEFT, CHART_RIGHT, CHART_TOP, CHART_BOTTOM = 44, 8, 12, 28


def _dimension_names(codes) -> str:
    return ", ".join(str(DIMENSIONS[code][0]).lower() for code in codes if code in DIMENSIONS)


def reason_sentences(score: MeetingPlaceScore) -> list[str]:
    """Why a space does or does not qualify, from the score's ``reasons`` (see ``opportunities.index.score``), as
    sentences in the reader's language. Unknown codes are skipped: a newer index job may add reasons."""
    sentences = []
    for reason in score.reasons:
        code = reason.get("code")
        if code == "attendance":
            values = {"came": reason["came"], "needed": reason["needed"]}
            if reason["met"]:
                sentences.append(
                    _("Attendance is high enough: %(came)s came in the period, %(needed)s are needed.") % values
                )
            else:
                sentences.append(
                    _("Attendance is too low: %(came)s came in the period, %(needed)s are needed.") % values
                )
        elif code == "dimensions":
            reached = reason.get("reached", [])
            values = {
                "count": len(reached),
                "needed": reason["needed"],
                "threshold": formats.number_format(Decimal(reason["threshold"]), 2),
                "names": _dimension_names(reached),
            }
            if reason["met"]:
                sentence = ngettext(
                    "Attendance is diverse enough: %(count)s dimension (%(names)s) reaches a diversity of "
                    "%(threshold)s, %(needed)s are needed.",
                    "Attendance is diverse enough: %(count)s dimensions (%(names)s) reach a diversity of "
                    "%(threshold)s, %(needed)s are needed.",
                    len(reached),
                )
            elif reached:
                sentence = ngettext(
                    "Attendance is not diverse enough: %(count)s dimension (%(names)s) reaches a diversity of "
                    "%(threshold)s, %(needed)s are needed.",
                    "Attendance is not diverse enough: %(count)s dimensions (%(names)s) reach a diversity of "
                    "%(threshold)s, %(needed)s are needed.",
                    len(reached),
                )
            else:
                sentence = _(
                    "Attendance is not diverse enough: no dimension reaches a diversity of %(threshold)s, "
                    "%(needed)s are needed."
                )
            sentences.append(sentence % values)
        elif code == "unknown":
            sentences.append(
                _("Nothing was recorded for %(names)s: these dimensions are left out, never counted against the space.")
                % {"names": _dimension_names(reason.get("dimensions", []))}
            )
    return sentences


def _trend_chart(scores: list[MeetingPlaceScore]) -> dict | None:
    """A bar per month-end: the index (0–1). Coordinates for the template's SVG; labels in the reader's format."""
    if not any(score.index is not None for score in scores):
        return None
    inner_w = CHART_WIDTH - CHART_LEFT - CHART_RIGHT
    inner_h = CHART_HEIGHT - CHART_TOP - CHART_BOTTOM
    slot = inner_w / len(scores)
    label_every = math.ceil(len(scores) / 6)
    bars, ticks = [], []
    for position, score in enumerate(scores):
        x = CHART_LEFT + position * slot
        if score.index is not None:
            height = float(score.index) * inner_h
            bars.append(
                {
                    "x": round(x + slot * 0.15, 1),
                    "y": round(CHART_TOP + inner_h - height, 1),
                    "width": round(slot * 0.7, 1),
                    "height": round(height, 1),
                    "qualifies": score.qualifies,
                    "title": f"{formats.date_format(score.month_end, 'YEAR_MONTH_FORMAT')}: "
                    f"{formats.number_format(score.index, 2)}",
                }
            )
        if (len(scores) - 1 - position) % label_every == 0:  # the latest month always has a label
            ticks.append({"x": round(x + slot / 2, 1), "label": formats.date_format(score.month_end, "M y")})
    y_ticks = [
        {"y": round(CHART_TOP + inner_h * (1 - value), 1), "label": formats.number_format(Decimal(str(value)), 1)}
        for value in (0, 0.5, 1)
    ]
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "left": CHART_LEFT,
        "right": CHART_WIDTH - CHART_RIGHT,
        "label_y": CHART_HEIGHT - 8,
        "bars": bars,
        "x_ticks": ticks,
        "y_ticks": y_ticks,
    }


def meeting_place_panel(scores: list[MeetingPlaceScore]) -> dict | None:
    """What the space page shows of the index: the latest score, each dimension, the reasons, the trend."""
    if not scores:
        return None
    latest = scores[-1]
    reached: set[str] = set()
    threshold = None
    for reason in latest.reasons:
        if reason.get("code") == "dimensions":
            reached = set(reason.get("reached", []))
            threshold = Decimal(reason["threshold"])
    dimensions = []
    for code, (label, _groups) in DIMENSIONS.items():
        value = latest.dimensions.get(code)
        dimensions.append(
            {
                "code": code,
                "label": label,
                "value": None if value is None else Decimal(value),
                "reached": code in reached,
            }
        )
    return {
        "score": latest,
        "dimensions": dimensions,
        "threshold": threshold,
        "reasons": reason_sentences(latest),
        "trend": _trend_chart(scores),
        "scores": list(reversed(scores)),  # the table: newest first
    }
