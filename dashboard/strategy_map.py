"""The strategy map: the presentation's chain – opportunity spaces → the principles → the three strategies and their
moves → the main move → social meeting places → the targets → social balance – drawn as one diagram with a status
on every node and every node a link to its page.

``chain`` reads what the nodes say (a fixed number of queries, whatever the number of spaces); ``layout`` places
them (no queries): one column for phones, each link's band side by side for wider screens and print. The template
draws the boxes as SVG, so the map works without JavaScript and prints.

A node's status is text and colour, never colour alone:

- the opportunity spaces: how many the reader may see and how many of those have not been updated for 8 weeks;
- a principle, a strategy, a move, the main move: how many of the reader's visible spaces carry it (none: a
  warning, as nothing yet puts it into practice);
- the social meeting places: how many spaces qualify by their latest index;
- a target: its indicators' status against the path to the target (the dashboard's rule: the worst shows);
- social balance: how many targets are on track, with the worst target's colour.
"""

import textwrap
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from opportunities.models import Stage
from opportunities.selectors import spaces_for_user, stale_condition
from strategy.models import MainMove, Move, StrategyPlan
from strategy.progress import AT_RISK, OFF_TRACK, ON_TRACK, UNKNOWN
from strategy.selectors import active_vision
from strategy.selectors.plan import STRATEGY_ORDER
from strategy.selectors.targets import target_tiles

from .selectors import meeting_places

# A node's level: what its colour and its symbol say; the status text says the rest.
GOOD, WARNING, BAD, NONE = "good", "warning", "bad", "none"
SYMBOLS = {GOOD: "✓", WARNING: "!", BAD: "✕", NONE: "–"}
TARGET_LEVELS = {ON_TRACK: GOOD, AT_RISK: WARNING, OFF_TRACK: BAD, UNKNOWN: NONE}


@dataclass
class Node:
    title: str
    url: str
    level: str
    status: str
    children: list["Node"] = field(default_factory=list)

    @property
    def symbol(self) -> str:
        return SYMBOLS[self.level]


@dataclass
class Band:
    """One link of the chain: its number, its name and its nodes."""

    number: int
    label: str
    nodes: list[Node]


def _carried(count: int, none_text: str) -> tuple[str, str]:
    if not count:
        return WARNING, none_text
    return GOOD, ngettext("Carried by %(n)d opportunity space", "Carried by %(n)d opportunity spaces", count) % {
        "n": count
    }


def _target_status(status: str) -> str:
    return {
        ON_TRACK: _("On track"),
        AT_RISK: _("At risk"),
        OFF_TRACK: _("Off track"),
    }.get(status, _("No data"))


def chain(plan: StrategyPlan, user) -> list[Band]:
    """The chain's links with their nodes, as ``user`` may see them (housing staff: their organisations' spaces)."""
    spaces = spaces_for_user(user).filter(plan=plan)
    live = spaces.exclude(stage=Stage.STOPPED)
    totals = spaces.order_by().aggregate(
        total=Count("id"),
        live=Count("id", filter=~Q(stage=Stage.STOPPED)),
        stale=Count("id", filter=stale_condition()),
        # A plan has one main move: the plan's live spaces that name one name it.
        on_main_move=Count("id", filter=~Q(stage=Stage.STOPPED) & Q(main_move__isnull=False)),
    )
    visible = Q(opportunity_spaces__in=live)
    principles = list(
        plan.principles.order_by("number").annotate(n=Count("opportunity_spaces", filter=visible, distinct=True))
    )
    strategies = list(
        plan.strategies.order_by(STRATEGY_ORDER).annotate(
            n=Count("moves__opportunity_spaces", filter=Q(moves__opportunity_spaces__in=live), distinct=True)
        )
    )
    moves: dict[int, list] = {}
    for move in (
        Move.objects.filter(strategy__plan=plan)
        .order_by("strategy_id", "number")
        .annotate(n=Count("opportunity_spaces", filter=visible, distinct=True))
    ):
        moves.setdefault(move.strategy_id, []).append(move)
    main_move = MainMove.objects.filter(plan=plan).annotate(openings=Count("opening_moves")).first()
    places = meeting_places(plan, user)
    tiles = target_tiles(plan)
    vision = active_vision(plan)

    none_carry = _("No opportunity space carries it yet")
    bands = []

    if totals["total"]:
        level = WARNING if totals["stale"] else GOOD
        status = ngettext("%(n)d in progress", "%(n)d in progress", totals["live"]) % {"n": totals["live"]}
        if totals["stale"]:
            status += " · " + ngettext(
                "%(n)d not updated for 8 weeks", "%(n)d not updated for 8 weeks", totals["stale"]
            ) % {"n": totals["stale"]}
    else:
        level, status = NONE, _("None registered yet")
    title = ngettext("%(n)d opportunity space", "%(n)d opportunity spaces", totals["total"]) % {"n": totals["total"]}
    bands.append(Band(1, _("Opportunity spaces"), [Node(title, reverse("space_list"), level, status)]))

    nodes = []
    for principle in principles:
        level, status = _carried(principle.n, none_carry)
        nodes.append(Node(f"{principle.number}. {principle.title}", _url("principle", principle.pk), level, status))
    bands.append(Band(2, _("Principles"), nodes or [_nothing_yet(_("No principles yet"), "plan_principles", plan)]))

    nodes = []
    for strategy in strategies:
        children = []
        for move in moves.get(strategy.pk, []):
            level, status = _carried(move.n, none_carry)
            children.append(Node(f"{move.number}. {move.title}", _url("move", move.pk), level, status))
        level, status = _carried(strategy.n, none_carry)
        nodes.append(Node(strategy.title, _url("strategy", strategy.pk), level, status, children))
    bands.append(
        Band(
            3, _("Strategies and their moves"), nodes or [_nothing_yet(_("No strategies yet"), "plan_strategies", plan)]
        )
    )

    if main_move is not None:
        level, status = _carried(totals["on_main_move"], none_carry)
        status = (
            ngettext("%(n)d opening move", "%(n)d opening moves", main_move.openings) % {"n": main_move.openings}
            + " · "
            + status
        )
        nodes = [Node(main_move.title, _url("main_move", main_move.pk), level, status)]
    else:
        nodes = [_nothing_yet(_("No main move yet"), "plan_main_move", plan)]
    bands.append(Band(4, _("The main move"), nodes))

    count = places["count"]
    title = ngettext("%(n)d social meeting place", "%(n)d social meeting places", count) % {"n": count}
    status = (
        _("Qualify by their latest index") if count else _("None yet: a space qualifies when its activity log shows it")
    )
    bands.append(
        Band(
            5,
            _("Social meeting places"),
            [Node(title, reverse("space_list") + "?meeting_place=yes", GOOD if count else WARNING, status)],
        )
    )

    nodes = [
        Node(
            f"{tile.target.number}. {tile.target.title}",
            _url("target", tile.target.pk),
            TARGET_LEVELS[tile.status],
            _target_status(tile.status),
        )
        for tile in tiles
    ]
    bands.append(Band(6, _("Targets"), nodes or [_nothing_yet(_("No targets yet"), "plan_targets", plan)]))

    on_track = sum(1 for tile in tiles if tile.status == ON_TRACK)
    known = [tile.status for tile in tiles if tile.status != UNKNOWN]
    if not known:
        level = NONE
    elif OFF_TRACK in known:
        level = BAD
    elif AT_RISK in known or len(known) < len(tiles):
        level = WARNING
    else:
        level = GOOD
    status = ngettext("%(n)d of %(total)d target on track", "%(n)d of %(total)d targets on track", len(tiles)) % {
        "n": on_track,
        "total": len(tiles),
    }
    title = _("Social balance")
    if vision is not None:
        statement = vision.statement.strip().strip('”“"')
        title = f"{title}: {statement}"
    url = _url("vision", vision.pk) if vision is not None else reverse("plan_vision", args=[plan.slug])
    bands.append(Band(7, _("Social balance"), [Node(title, url, level, status)]))
    return bands


def _url(kind: str, pk: int) -> str:
    return reverse(f"{kind}_detail", args=[pk])


def _nothing_yet(title: str, page: str, plan: StrategyPlan) -> Node:
    """The node of a link the plan does not describe yet: to the page where it would be described."""
    return Node(title, reverse(page, args=[plan.slug]), NONE, _("Not described yet"))


# --- Layout --------------------------------------------------------------------------------------------------

FONT = 15  # the diagram's text size in its own units: at 1:1 on a phone, and on wide screens
LINE = 19
PAD = 10
BAR = 6  # the status colour's bar on a node's left edge
GAP = 12
BAND_LABEL = 30  # room for a link's name above its nodes
ARROW = 34  # room for the arrow between two links
# A glyph's average width in ems, for wrapping: the titles are bold. Measured on the design system's font
# (IBM Plex Sans) with the demo's titles, with a margin for wider fallback fonts.
TITLE_EM = 0.56
TEXT_EM = 0.52
MAX_LINES = 4


@dataclass
class Text:
    x: float
    y: float
    text: str


@dataclass
class Box:
    node: Node
    x: float
    y: float
    w: float
    h: float
    title: list[Text]
    status: list[Text]
    children: list["Box"] = field(default_factory=list)


@dataclass
class Arrow:
    x: float
    y1: float
    y2: float

    @property
    def head(self) -> str:
        """The arrowhead's path, pointing down at (x, y2)."""
        return f"M {self.x - 7:g} {self.y2 - 8:g} L {self.x:g} {self.y2:g} L {self.x + 7:g} {self.y2 - 8:g}"


@dataclass
class Diagram:
    width: int
    height: float
    labels: list[Text]
    boxes: list[Box]
    arrows: list[Arrow]
    font: int = FONT


def _wrap(text: str, width: float, em: float) -> list[str]:
    """``text`` in lines that fit a box ``width`` wide, at most ``MAX_LINES`` (the last one cut with "…")."""
    chars = max(8, int((width - 2 * PAD - BAR) / (FONT * em)))
    lines = textwrap.wrap(text, chars, break_long_words=True, break_on_hyphens=False) or [""]
    if len(lines) > MAX_LINES:
        lines = lines[:MAX_LINES]
        lines[-1] = lines[-1][: chars - 1].rstrip() + "…"
    return lines


def _box(node: Node, x: float, y: float, w: float) -> Box:
    """A node's box at (x, y), ``w`` wide: its title's lines, its status's, then its children's boxes inside it."""
    left = x + BAR + PAD
    title = [Text(left, y + PAD + FONT + i * LINE, line) for i, line in enumerate(_wrap(node.title, w, TITLE_EM))]
    top = title[-1].y + LINE + 2
    status_lines = _wrap(f"{node.symbol} {node.status}", w, TEXT_EM)
    status = [Text(left, top + i * LINE, line) for i, line in enumerate(status_lines)]
    bottom = status[-1].y + PAD
    children = []
    for child in node.children:
        box = _box(child, left, bottom + 4, w - BAR - 2 * PAD)
        children.append(box)
        bottom = box.y + box.h
    h = bottom + (PAD if node.children else 0) - y
    return Box(node, x, y, w, h, title, status, children)


# How many nodes of each link sit side by side on a wide diagram (principles, strategies, targets).
WIDE_WIDTH = 1120
NARROW_WIDTH = 360
SINGLE_WIDE = 520  # a link of one node is drawn this wide, centred


def layout(bands: list[Band], *, wide: bool) -> Diagram:
    """Place the chain top to bottom: on a narrow diagram every node under the one before; on a wide one each
    link's nodes in one row (its boxes as tall as its tallest), a single node centred."""
    width = WIDE_WIDTH if wide else NARROW_WIDTH
    y = 0.0
    labels, boxes, arrows = [], [], []
    for index, band in enumerate(bands):
        if index:
            arrows.append(Arrow(width / 2, y + 4, y + ARROW - 6))
            y += ARROW
        labels.append(Text(0, y + FONT + 4, f"{band.number}. {band.label}"))
        y += BAND_LABEL
        count = len(band.nodes)
        if wide and count > 1:
            w = round((width - GAP * (count - 1)) / count, 1)
            row = [_box(node, round(i * (w + GAP), 1), y, w) for i, node in enumerate(band.nodes)]
            tallest = max(box.h for box in row)
            for box in row:
                box.h = tallest
            boxes += row
            y += tallest
        elif wide:
            x = (width - SINGLE_WIDE) / 2
            box = _box(band.nodes[0], x, y, SINGLE_WIDE)
            boxes.append(box)
            y += box.h
        else:
            for i, node in enumerate(band.nodes):
                box = _box(node, 0, y + (GAP if i else 0), width)
                boxes.append(box)
                y = box.y + box.h
    return Diagram(width, round(y + 2, 1), labels, boxes, arrows)
