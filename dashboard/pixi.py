"""The pixi report: the dashboard on one A4 page in plain Danish, for the politicians.

What it holds, chosen by rules written down here (and in docs/dashboard.md), never by hand:

- the vision in one sentence: the active vision's first sentence;
- each target with one number and one arrow: its first indicator (by code) with a known value, the arrow its
  direction since the year before, and the indicator's status in words;
- three highlights, the first three of: indicators on track (improving since the year before first, then by
  code); spaces started since the last meeting; spaces moved to
  another stage since the last meeting; social meeting places; the highest-scored open potential;
- three concerns, the first three of: indicators off track, then at risk; the plan's housing areas on a list in the
  latest list year; overdue decisions and action items; open obstacles scored 15 or more (likelihood × impact);
  spaces not updated for 8 weeks;
- the next decisions: those due soonest (overdue first), at most five, and the next meeting.

Suppressed values never appear: the tiles hold only values computed from five or more persons.
"""

from dataclasses import dataclass

from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from partnership.models.risks import HIGH_SCORE
from strategy.progress import AT_RISK, OFF_TRACK, ON_TRACK
from strategy.selectors.targets import IndicatorTile
from strategy.templatetags.strategy_tags import category_label

HIGHLIGHTS = CONCERNS = 3
DECISIONS = 5


@dataclass(frozen=True)
class Headline:
    number: int
    title: str
    indicator: IndicatorTile | None


def _value(tile: IndicatorTile) -> str:
    # floatformat rounds (number_format would cut the decimals off): the same figure as on the tiles.
    return f"{floatformat(tile.latest_value, 1)} {tile.definition.unit}".strip()


QUOTES = "\"'”“„«»‘’"


def first_sentence(text: str) -> str:
    """The text's first sentence, without the quotation marks a quoted vision comes in."""
    text = " ".join(text.split()).strip(QUOTES)
    ends = [text.index(end) for end in (". ", "! ", "? ") if end in text]
    sentence = text[: min(ends) + 1] if ends else text
    return sentence.strip(QUOTES)


def headlines(targets) -> list[Headline]:
    return [
        Headline(
            tile.target.number,
            tile.target.title,
            next((item for item in tile.indicators if item.latest_value is not None), None),
        )
        for tile in targets
    ]


def highlights(context: dict) -> list[str]:
    found = []
    tiles = [item for target in context["targets"] for item in target.indicators]
    on_track = [t for t in tiles if t.status == ON_TRACK and t.latest_value is not None]
    on_track.sort(key=lambda t: (t.improving is not True, t.definition.code))
    for tile in on_track:
        found.append(
            _("%(name)s: %(value)s (%(year)s), on track.")
            % {"name": tile.name, "value": _value(tile), "year": tile.latest_year}
        )
    portfolio = context["portfolio"]
    if context["since"] and portfolio["started"]:
        found.append(
            ngettext(
                "%(count)s new opportunity space since the last meeting.",
                "%(count)s new opportunity spaces since the last meeting.",
                portfolio["started"],
            )
            % {"count": portfolio["started"]}
        )
    if context["since"] and portfolio["moved"]:
        found.append(
            ngettext(
                "%(count)s opportunity space moved to another stage since the last meeting.",
                "%(count)s opportunity spaces moved to another stage since the last meeting.",
                portfolio["moved"],
            )
            % {"count": portfolio["moved"]}
        )
    if context["places"]["count"]:
        found.append(
            ngettext(
                "%(count)s opportunity space is a social meeting place.",
                "%(count)s opportunity spaces are social meeting places.",
                context["places"]["count"],
            )
            % {"count": context["places"]["count"]}
        )
    if context["risks"]["top_potentials"]:
        risk = context["risks"]["top_potentials"][0]
        found.append(_("Potential: %(title)s") % {"title": risk.title})
    return found[:HIGHLIGHTS]


def concerns(context: dict) -> list[str]:
    found = []
    tiles = [item for target in context["targets"] for item in target.indicators]
    for status, words in ((OFF_TRACK, _("off track")), (AT_RISK, _("at risk"))):
        for tile in sorted((t for t in tiles if t.status == status), key=lambda t: t.definition.code):
            found.append(
                _("%(name)s: %(value)s (%(year)s), %(status)s.")
                % {"name": tile.name, "value": _value(tile), "year": tile.latest_year, "status": words}
            )
    for row in context["criteria"]:
        if row.latest and row.latest.categories:
            found.append(
                _("%(area)s is on the list for %(year)s: %(lists)s.")
                % {
                    "area": row.area.name,
                    "year": row.latest.list_year,
                    "lists": ", ".join(category_label(code) for code in row.latest.categories),
                }
            )
    due = context["due"]
    late = due["decision_counts"]["late"] + due["item_counts"]["late"]
    if late:
        found.append(
            ngettext(
                "%(count)s decision or action item is overdue.",
                "%(count)s decisions and action items are overdue.",
                late,
            )
            % {"count": late}
        )
    for risk in context["risks"]["top_obstacles"]:
        if risk.likelihood * risk.impact >= HIGH_SCORE:
            found.append(
                _("Obstacle: %(title)s (%(l)s × %(i)s).")
                % {"title": risk.title, "l": risk.likelihood, "i": risk.impact}
            )
    if context["portfolio"]["stale"]:
        found.append(
            ngettext(
                "%(count)s opportunity space has not been updated for 8 weeks.",
                "%(count)s opportunity spaces have not been updated for 8 weeks.",
                context["portfolio"]["stale"],
            )
            % {"count": context["portfolio"]["stale"]}
        )
    return found[:CONCERNS]


def pixi(context: dict, vision) -> dict:
    """The report's parts from the dashboard's context (``selectors.dashboard``) and the active vision."""
    return {
        "vision": first_sentence(vision.statement) if vision else "",
        "headlines": headlines(context["targets"]),
        "highlights": highlights(context),
        "concerns": concerns(context),
        "decisions": context["due"]["decisions"][:DECISIONS],
    }
