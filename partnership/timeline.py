"""The layout of the projects' timeline: where each bar, milestone marker, dependency arrow and tick goes.

A pure function of its input (no database, no translations, no clock): ``layout(projects, dependencies, today)``
returns SVG coordinates in user units of a ``width`` × ``height`` viewBox; the template draws them and writes the
words. The axis runs over whole calendar years, from the year of the earliest date shown (a start, a milestone or
today) to the end of the year of the latest one, so a project from 1 January to 1 July of a one-year axis spans
181/365 of the plot's width.

A project needs both a start and an end to get a bar; the others are returned apart (``Timeline.undated``), with
their milestones and dependencies, so a page can list them.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

WIDTH = 1000
PAD_LEFT, PAD_RIGHT = 16, 24
AXIS_TOP = 50  # room for the year and quarter labels and the "today" label above the first row
ROW_HEIGHT = 60
NAME_BASELINE = 14  # within a row: the project's name, then its bar, then the labels of late milestones
BAR_TOP, BAR_HEIGHT = 20, 16
LATE_BASELINE = 54
BOTTOM = 12
MIN_BAR_WIDTH = 3.0
MARKER_SIZE = 7
MIN_QUARTER_WIDTH = 36  # quarter ticks only when a quarter is at least this wide
MIN_YEAR_LABEL_WIDTH = 44  # label every n-th year when years get narrower than this
ARROW_STUB = 6  # how far an arrow leaves its bar horizontally before it turns

# A milestone's state: reached on time, reached after its due date, past due and not reached, not yet due.
OPEN, DONE, LATE, DONE_LATE = "open", "done", "late", "done_late"


def milestone_state(due_on: datetime.date, done_on: datetime.date | None, today: datetime.date) -> str:
    if done_on is not None:
        return DONE_LATE if done_on > due_on else DONE
    return LATE if due_on < today else OPEN


@dataclass(frozen=True)
class MilestoneInput:
    title: str
    due_on: datetime.date
    done_on: datetime.date | None = None
    id: int | None = None


@dataclass(frozen=True)
class ProjectInput:
    id: int
    name: str
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    status: str = ""
    milestones: Sequence[MilestoneInput] = ()
    obj: Any = None  # the model instance, for the page (kind, organisation, links)


@dataclass(frozen=True)
class DependencyInput:
    """``project_id`` depends on ``depends_on_id`` (``kind``: "blocks" — is blocked by it — or "follows")."""

    project_id: int
    depends_on_id: int
    kind: str
    id: int | None = None


@dataclass(frozen=True)
class Marker:
    milestone: MilestoneInput
    state: str
    x: float
    y: float  # centre
    points: str  # the polygon: a diamond, or a triangle when late

    @property
    def is_late(self) -> bool:
        return self.state in (LATE, DONE_LATE)


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float

    @property
    def end(self) -> float:
        return round(self.x + self.width, 1)

    @property
    def middle(self) -> float:
        return round(self.y + self.height / 2, 1)


@dataclass
class Row:
    project: ProjectInput
    index: int  # position among the drawn rows; -1 when not drawn
    y: float  # top of the row
    bar: Bar | None
    label_x: float = 0.0
    label_anchor: str = "start"
    markers: list[Marker] = field(default_factory=list)
    states: list[tuple[MilestoneInput, str]] = field(default_factory=list)  # every milestone, in date order
    depends_on: list[tuple[ProjectInput, str]] = field(default_factory=list)  # (prerequisite, kind)
    dependents: list[tuple[ProjectInput, str]] = field(default_factory=list)

    @property
    def late_count(self) -> int:
        return sum(1 for _milestone, state in self.states if state == LATE)

    @property
    def name_y(self) -> float:
        return self.y + NAME_BASELINE

    @property
    def late_label_y(self) -> float:
        return self.y + LATE_BASELINE


@dataclass(frozen=True)
class Arrow:
    dependency: DependencyInput
    x1: float  # leaves the prerequisite's bar at its end …
    y1: float
    x2: float  # … and points at the dependent's bar at its start
    y2: float
    path: str


@dataclass(frozen=True)
class Tick:
    x: float
    year: int
    quarter: int | None = None  # 2, 3, 4 for the quarter lines; None at the start of a year
    labelled: bool = True

    @property
    def label_x(self) -> float:
        return round(self.x + (3 if self.quarter else 4), 1)


@dataclass
class Timeline:
    width: int
    height: int
    start: datetime.date
    end: datetime.date
    today: datetime.date
    today_x: float | None
    rows: list[Row]
    undated: list[Row]
    arrows: list[Arrow]
    ticks: list[Tick]
    plot_top: float = AXIS_TOP
    plot_bottom: float = 0.0
    row_height: int = ROW_HEIGHT

    @property
    def today_label_anchor(self) -> str:
        """The "today" label reads to the right of its line, or to the left near the right edge."""
        return "end" if self.today_x is not None and self.today_x > self.width - 120 else "start"

    @property
    def today_label_x(self) -> float | None:
        if self.today_x is None:
            return None
        return round(self.today_x + (-4 if self.today_label_anchor == "end" else 4), 1)

    @property
    def late_count(self) -> int:
        return sum(row.late_count for row in [*self.rows, *self.undated])

    @property
    def first_year(self) -> int:
        return self.start.year

    @property
    def last_year(self) -> int:
        return self.end.year - 1


def _diamond(x: float, y: float, size: float = MARKER_SIZE) -> str:
    return f"{x:g},{y - size:g} {x + size:g},{y:g} {x:g},{y + size:g} {x - size:g},{y:g}"


def _triangle(x: float, y: float, size: float = MARKER_SIZE + 1) -> str:
    return f"{x:g},{y - size:g} {x + size:g},{y + size - 1:g} {x - size:g},{y + size - 1:g}"


def _arrow_path(x1: float, y1: float, x2: float, y2: float, row_top: float) -> str:
    """Out of the prerequisite's end to the right, down (or up) to the dependent's row, into its start. When the
    dependent starts before the prerequisite ends, the line turns along the top of the dependent's row first."""
    turn = round(x1 + ARROW_STUB, 1)
    if x2 - ARROW_STUB >= turn:
        return f"M{x1:g},{y1:g} H{turn:g} V{y2:g} H{x2:g}"
    back = round(x2 - ARROW_STUB, 1)
    return f"M{x1:g},{y1:g} H{turn:g} V{row_top:g} H{back:g} V{y2:g} H{x2:g}"


def layout(
    projects: Sequence[ProjectInput],
    dependencies: Iterable[DependencyInput],
    today: datetime.date,
    *,
    width: int = WIDTH,
) -> Timeline:
    """Lay out ``projects`` (in the order given, one row each when dated) on a time axis of whole years.

    Arrows go from the end of the prerequisite's bar to the start of the dependent's bar; a dependency with an
    undated end (or to a project not given) has no arrow but is still listed on both rows.
    """
    dated = [p for p in projects if p.starts_on is not None and p.ends_on is not None]
    dated_ids = {p.id for p in dated}
    dates = [today]
    for project in dated:
        dates += [project.starts_on, project.ends_on, *(m.due_on for m in project.milestones)]
        dates += [m.done_on for m in project.milestones if m.done_on is not None]
    start = datetime.date(min(dates).year, 1, 1)
    end = datetime.date(max(dates).year + 1, 1, 1)
    span = (end - start).days
    inner = width - PAD_LEFT - PAD_RIGHT

    def x(day: datetime.date) -> float:
        return round(PAD_LEFT + inner * (day - start).days / span, 1)

    rows: list[Row] = []
    undated: list[Row] = []
    by_id: dict[int, Row] = {}
    for project in projects:
        states = [(m, milestone_state(m.due_on, m.done_on, today)) for m in sorted(project.milestones, key=_due)]
        if project.id in dated_ids:
            index = len(rows)
            top = AXIS_TOP + index * ROW_HEIGHT
            left, right = x(project.starts_on), x(project.ends_on)
            bar = Bar(left, top + BAR_TOP, round(max(right - left, MIN_BAR_WIDTH), 1), BAR_HEIGHT)
            # The name starts at the bar; late in the axis it ends at the bar's end instead, so it stays inside.
            late_in_axis = left > PAD_LEFT + inner * 0.6
            row = Row(
                project,
                index,
                top,
                bar,
                label_x=bar.end if late_in_axis else left,
                label_anchor="end" if late_in_axis else "start",
                states=states,
            )
            middle = bar.middle
            for milestone, state in states:
                at = x(milestone.due_on)
                late = state in (LATE, DONE_LATE)
                points = _triangle(at, middle) if late else _diamond(at, middle)
                row.markers.append(Marker(milestone, state, at, middle, points))
            rows.append(row)
        else:
            row = Row(project, -1, 0.0, None, states=states)
            undated.append(row)
        by_id[project.id] = row

    arrows = []
    for dependency in dependencies:
        dependent, prerequisite = by_id.get(dependency.project_id), by_id.get(dependency.depends_on_id)
        if dependent is None or prerequisite is None:
            continue
        dependent.depends_on.append((prerequisite.project, dependency.kind))
        prerequisite.dependents.append((dependent.project, dependency.kind))
        if dependent.bar is None or prerequisite.bar is None:
            continue
        x1, y1 = prerequisite.bar.end, prerequisite.bar.middle
        x2, y2 = dependent.bar.x, dependent.bar.middle
        arrows.append(Arrow(dependency, x1, y1, x2, y2, _arrow_path(x1, y1, x2, y2, dependent.y + 2)))

    ticks = []
    years = end.year - start.year
    year_width = inner / years
    every = 1
    while year_width * every < MIN_YEAR_LABEL_WIDTH:
        every += 1
    for year in range(start.year, end.year):
        ticks.append(Tick(x(datetime.date(year, 1, 1)), year, None, (year - start.year) % every == 0))
        if year_width / 4 >= MIN_QUARTER_WIDTH:
            ticks += [Tick(x(datetime.date(year, month, 1)), year, q) for q, month in ((2, 4), (3, 7), (4, 10))]
    ticks.append(Tick(x(end), end.year, None, False))  # the axis' right edge

    plot_bottom = AXIS_TOP + max(len(rows), 1) * ROW_HEIGHT
    return Timeline(
        width=width,
        height=plot_bottom + BOTTOM,
        start=start,
        end=end,
        today=today,
        today_x=x(today),
        rows=rows,
        undated=undated,
        arrows=arrows,
        ticks=ticks,
        plot_bottom=plot_bottom,
    )


def _due(milestone: MilestoneInput) -> tuple:
    return (milestone.due_on, milestone.id or 0)


def from_projects(projects: Iterable[Any]) -> tuple[list[ProjectInput], list[DependencyInput]]:
    """The layout's input from ``Project`` instances whose ``milestones`` and ``dependencies`` are prefetched
    (``partnership.selectors.records.timeline_projects``): no query of its own."""
    items, dependencies = [], []
    for project in projects:
        milestones = tuple(MilestoneInput(m.title, m.due_on, m.done_on, m.pk) for m in project.milestones.all())
        items.append(
            ProjectInput(
                project.pk, project.name, project.starts_on, project.ends_on, project.status, milestones, project
            )
        )
        dependencies += [
            DependencyInput(d.project_id, d.depends_on_id, d.kind, d.pk) for d in project.dependencies.all()
        ]
    return items, dependencies
