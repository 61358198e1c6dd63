"""Small server-rendered line charts (SVG coordinates computed here; templates draw them).

Coordinates are plain numbers for SVG (the template turns localisation off); labels are text in the reader's
number format.

Readable without JavaScript and in print; each chart is paired with a table of the same numbers.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format

WIDTH, HEIGHT = 640, 240
# A small chart, one of several side by side (small multiples): drawn at about the size it is shown, so its labels
# keep the page's text size (a wide chart squeezed into a narrow column shrinks them past reading).
SMALL = (240, 160)
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 32


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    segments: list[str]  # polyline points ("x,y x,y …"), a new segment after each unknown value
    dots: list[tuple[float, float, str, str]]  # x, y, year, value text
    reference: str  # the threshold / target line
    x_ticks: list[tuple[float, str]]
    y_ticks: list[tuple[float, str]]
    # Further threshold lines, each with its style's name (one per list, when a measure is judged for several).
    more_references: tuple[tuple[str, str], ...] = ()


def _padded_range(values: list[Decimal]) -> tuple[Decimal, Decimal]:
    """The values' range with a tenth's margin, not below 0 when no value is."""
    low, high = min(values), max(values)
    if low == high:
        low, high = low - 1, high + 1
    pad = (high - low) / 10
    bottom = low - pad
    if low >= 0 > bottom:
        bottom = Decimal(0)
    return bottom, high + pad


def _polylines(points, x, y) -> tuple[list[str], list[tuple[int, Decimal]]]:
    """The SVG polylines of a series by year ("x,y x,y …"), a new one after each unknown value, and its known points
    in year order."""
    segments, current, known = [], [], []
    for year, value in sorted(points):
        if value is None:
            if current:
                segments.append(" ".join(current))
            current = []
            continue
        current.append(f"{x(year):.1f},{y(value)}")
        known.append((year, value))
    if current:
        segments.append(" ".join(current))
    return segments, known


def line_chart(
    points: list[tuple[int, Decimal | None]],
    reference: list[tuple[int, Decimal]] | None = None,
    *,
    size: tuple[int, int] = (WIDTH, HEIGHT),
    more_references: list[tuple[str, list[tuple[int, Decimal]]]] = (),
) -> Chart | None:
    """``points``: (year, value or None); ``reference``: (year, threshold) drawn as a step line; ``size``: the
    drawing's width and height (``SMALL`` for one of several side by side); ``more_references``: further step lines,
    each with the name of its style (one per list, when one measure has a threshold for each)."""
    width, height = size
    known = [v for _y, v in points if v is not None] + [
        t for line in [reference or [], *(line for _style, line in more_references)] for _y, t in line
    ]
    if not points or not known:
        return None
    years = [y for y, _v in points]
    first, last = min(years), max(years)
    low, high = _padded_range(known)
    inner_w, inner_h = width - LEFT - RIGHT, height - TOP - BOTTOM

    def x(year: int) -> float:
        return LEFT + (inner_w * (year - first) / (last - first) if last > first else inner_w / 2)

    def y(value: Decimal) -> float:
        return round(TOP + float((high - value) / (high - low)) * inner_h, 1)

    segments, known = _polylines(points, x, y)
    dots = [(round(x(year), 1), y(value), str(year), number_format(value, 1)) for year, value in known]

    def step_line(line: list[tuple[int, Decimal]]) -> str:
        """Each year's threshold as a level step of a year's width, centred on the year."""
        half = (inner_w / max(1, last - first)) / 2
        steps = []
        for year, threshold in sorted(line):
            steps.append(f"{x(year) - half:.1f},{y(threshold)}")
            steps.append(f"{x(year) + half:.1f},{y(threshold)}")
        return " ".join(steps)

    reference_path = step_line(reference) if reference else ""

    most = 6 if width >= 480 else 4  # year labels that fit side by side
    step = max(1, (last - first) // most + 1)
    x_ticks = [(round(x(year), 1), str(year)) for year in range(first, last + 1, step)]
    places = 0 if high - low >= 8 else 1
    y_ticks = [(y(low + (high - low) * i / 4), number_format(low + (high - low) * i / 4, places)) for i in range(5)]
    more = tuple((step_line(line), style) for style, line in more_references if line)
    return Chart(width, height, segments, dots, reference_path, x_ticks, y_ticks, more)


SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD = 120, 32, 3


@dataclass(frozen=True)
class Sparkline:
    """A word-sized line of a series' years: no axes; the last known value marked. Read beside its numbers."""

    width: int
    height: int
    segments: list[str]
    last: tuple[float, float] | None  # x, y of the last known value
    target: float | None  # y of the target value, when it lies within the drawn range


def sparkline(points: list[tuple[int, Decimal | None]], target: Decimal | None = None) -> Sparkline | None:
    """``points``: (year, value or None); None when no value is known. The target value, when given, widens the
    range so that its line is drawn too."""
    known = [v for _y, v in points if v is not None]
    if not known:
        return None
    years = [y for y, _v in points]
    first, last_year = min(years), max(years)
    low, high = (
        min(known + ([target] if target is not None else [])),
        max(known + ([target] if target is not None else [])),
    )
    if low == high:
        low, high = low - 1, high + 1
    inner_w, inner_h = SPARK_WIDTH - 2 * SPARK_PAD, SPARK_HEIGHT - 2 * SPARK_PAD

    def x(year: int) -> float:
        return round(
            SPARK_PAD + (inner_w * (year - first) / (last_year - first) if last_year > first else inner_w / 2), 1
        )

    def y(value: Decimal) -> float:
        return round(SPARK_PAD + float((high - value) / (high - low)) * inner_h, 1)

    segments, known = _polylines(points, x, y)
    last = (x(known[-1][0]), y(known[-1][1]))
    return Sparkline(SPARK_WIDTH, SPARK_HEIGHT, segments, last, y(target) if target is not None else None)
