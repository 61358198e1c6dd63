"""Whether a target's indicator is on track: a documented, pure rule (docs/indicators.md).

The path from the baseline (year, value) to the target value at the deadline's year is a straight line.
With the latest known value in year y, and "better" meaning higher or lower as the indicator says:
- **on track**: the value is at least as good as the path expects for year y (or the target is reached);
- **at risk**: the value is better than the baseline but behind the path;
- **off track**: the value is no better than the baseline (or the deadline has passed without the target);
- **unknown**: no baseline, target, deadline or value.
"""

from decimal import Decimal

ON_TRACK, AT_RISK, OFF_TRACK, UNKNOWN = "on_track", "at_risk", "off_track", "unknown"


def indicator_status(
    *,
    higher_is_better: bool,
    baseline_year: int | None,
    baseline_value: Decimal | None,
    target_value: Decimal | None,
    deadline_year: int | None,
    year: int | None,
    value: Decimal | None,
) -> str:
    if None in (baseline_year, baseline_value, target_value, deadline_year, year, value):
        return UNKNOWN
    sign = 1 if higher_is_better else -1

    def better_or_equal(a: Decimal, b: Decimal) -> bool:
        return sign * (a - b) >= 0

    if better_or_equal(value, target_value):
        return ON_TRACK
    if year >= deadline_year:
        return OFF_TRACK
    if deadline_year <= baseline_year:
        expected = target_value
    else:
        share = Decimal(max(0, year - baseline_year)) / Decimal(deadline_year - baseline_year)
        expected = baseline_value + (target_value - baseline_value) * share
    if better_or_equal(value, expected):
        return ON_TRACK
    if sign * (value - baseline_value) > 0:
        return AT_RISK
    return OFF_TRACK
