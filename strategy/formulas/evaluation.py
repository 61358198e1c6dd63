"""Evaluating a parsed formula in exact decimal arithmetic, with small-count suppression."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Context, Decimal, DecimalException, DivisionByZero, InvalidOperation, Overflow
from decimal import localcontext as decimal_context

from .syntax import SMALLEST_SHOWN_COUNT, Ancestor, Average, Chain, Formula, Negate, Node, Number, Previous, Variable

_CONTEXT = Context(prec=28, rounding=ROUND_HALF_EVEN, traps=[InvalidOperation, DivisionByZero, Overflow])


@dataclass(frozen=True)
class Evaluated:
    value: Decimal | None  # None: unknown
    suppressed: bool  # a person count of 1–4 went into the value: do not show it


# --- Evaluating ------------------------------------------------------------------------------------------------

_Result = tuple[Decimal | None, bool]


class _Evaluator:
    def __init__(
        self,
        value_of: Callable[[int, int, str], Decimal | None],
        ancestor_of: Callable[[int, str], int | None],
        is_person_count: Callable[[str], bool],
    ) -> None:
        self.value_of = value_of
        self.ancestor_of = ancestor_of
        self.is_person_count = is_person_count
        # Each (area, year, variable) is read once, and each node is evaluated once per (area, year): nested
        # average(…, 30) would otherwise cost 30 ** depth evaluations.
        self.reads: dict[tuple[int, int, str], _Result] = {}
        self.ancestors: dict[tuple[int, str], int | None] = {}
        self.results: dict[tuple[int, int, int], _Result] = {}

    def evaluate(self, node: Node, area: int, year: int) -> _Result:
        key = (id(node), area, year)
        if key not in self.results:
            self.results[key] = self.compute(node, area, year)
        return self.results[key]

    def compute(self, node: Node, area: int, year: int) -> _Result:
        match node:
            case Number(value):
                return value, False
            case Variable(code):
                return self.read(area, year, code)
            case Negate(operand):
                value, suppressed = self.evaluate(operand, area, year)
                return _arithmetic("-", Decimal(0), value), suppressed
            case Chain(first, rest):
                value, suppressed = self.evaluate(first, area, year)
                for operator, operand in rest:
                    other, other_suppressed = self.evaluate(operand, area, year)
                    value = _arithmetic(operator, value, other)
                    suppressed = suppressed or other_suppressed
                return value, suppressed
            case Previous(operand, years):
                return self.evaluate(operand, area, year - years)
            case Average(operand, years):
                results = [self.evaluate(operand, area, year - back) for back in range(years)]
                suppressed = any(suppressed for _value, suppressed in results)
                values = [value for value, _suppressed in results]
                if any(value is None for value in values):
                    return None, suppressed
                return _arithmetic("/", sum(values, Decimal(0)), Decimal(years)), suppressed
            case Ancestor(kind, operand):
                ancestor = self.ancestor(area, kind)
                if ancestor is None:
                    return None, False
                return self.evaluate(operand, ancestor, year)
        raise TypeError(node)

    def read(self, area: int, year: int, code: str) -> _Result:
        key = (area, year, code)
        if key not in self.reads:
            value = self.value_of(area, year, code)
            if value is None:
                self.reads[key] = (None, False)
            elif isinstance(value, bool) or not isinstance(value, Decimal | int):
                raise TypeError(f"value_of must return a Decimal or None, not {type(value).__name__} ({code})")
            else:
                value = Decimal(value)
                if not value.is_finite():
                    self.reads[key] = (None, False)
                else:
                    small = 1 <= value < SMALLEST_SHOWN_COUNT and self.is_person_count(code)
                    self.reads[key] = (value, small)
        return self.reads[key]

    def ancestor(self, area: int, kind: str) -> int | None:
        key = (area, kind)
        if key not in self.ancestors:
            self.ancestors[key] = self.ancestor_of(area, kind)
        return self.ancestors[key]


def _arithmetic(operator: str, left: Decimal | None, right: Decimal | None) -> Decimal | None:
    if left is None or right is None:
        return None
    if operator == "/" and right.is_zero():
        return None
    try:
        match operator:
            case "+":
                return left + right
            case "-":
                return left - right
            case "*":
                return left * right
            case "/":
                return left / right
    except DecimalException:  # overflow: too large to know
        return None
    raise ValueError(operator)


def evaluate(
    formula: Formula,
    *,
    area: int,
    year: int,
    value_of: Callable[[int, int, str], Decimal | None],
    ancestor_of: Callable[[int, str], int | None],
    is_person_count: Callable[[str], bool],
) -> Evaluated:
    """The formula's value for ``area`` in ``year``.

    ``value_of`` is called once for each (area, year, variable) the formula reads, and for no other. ``suppressed``
    is true when any person count of 1–4 was read, whether or not the value turned out known.
    """
    [(_point, result)] = evaluate_many(
        formula, [(area, year)], value_of=value_of, ancestor_of=ancestor_of, is_person_count=is_person_count
    )
    return result


def evaluate_many(
    formula: Formula,
    points: Iterable[tuple[int, int]],
    *,
    value_of: Callable[[int, int, str], Decimal | None],
    ancestor_of: Callable[[int, str], int | None],
    is_person_count: Callable[[str], bool],
) -> list[tuple[tuple[int, int], Evaluated]]:
    """``evaluate`` for many (area, year) points at once: ``((area, year), Evaluated)`` in the points' order.

    One evaluator serves all points, so what the points share (the years an average or ``previous`` reads, an
    ancestor's values) is read and computed once: a recompute evaluates every area and year this way."""
    evaluator = _Evaluator(value_of, ancestor_of, is_person_count)
    results = []
    # A list, not a generator: the decimal context must not stay set in the caller's code between items.
    with decimal_context(_CONTEXT):
        for area, year in points:
            value, suppressed = evaluator.evaluate(formula.root, area, year)
            if value is not None and value.is_zero() and value.is_signed():
                value = value.copy_abs()  # -0 (from -3 * 0) is shown as 0
            results.append(((area, year), Evaluated(value=value, suppressed=suppressed)))
    return results
