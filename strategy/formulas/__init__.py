"""Indicator formulas: a small, safe language over statistics variables, and its evaluator.

Planners define an indicator as a formula over variable codes, e.g. ``100 * (residents_15_29 - neet_15_29) /
residents_15_29``. The text is read by a hand-written tokenizer and recursive-descent parser (never ``eval`` or
Python's ``ast``)::

    expr    := term (('+' | '-') term)*
    term    := unary (('*' | '/') unary)*
    unary   := ('-' | '+') unary | primary
    primary := NUMBER | VARIABLE | FUNCTION '(' args ')' | '(' expr ')'

Functions: ``previous(expr, n)`` (expr n years earlier), ``average(expr, n)`` (mean over the n years up to and
including the year), ``ancestor(kind, expr)`` (expr on the area's ancestor of that kind). ``n`` is a whole number
from 1 to 30 written as a literal.

Evaluation is exact ``Decimal`` arithmetic (precision 28). Unknown input, division by zero and a missing ancestor
make the result unknown (``None``), never 0. Counts of 1–4 persons, and everything computed from them, are marked
suppressed (Danish statistics practice).

Every error is a ``FormulaError`` with a user-facing message (translated), the 0-based position of the offending
token and its text.
"""

from .evaluation import Evaluated, evaluate, evaluate_many
from .syntax import (
    AREA_KINDS,
    FUNCTIONS,
    MAX_DEPTH,
    MAX_LENGTH,
    MAX_YEARS,
    SMALLEST_SHOWN_COUNT,
    Formula,
    FormulaError,
    parse_formula,
)

__all__ = [
    "AREA_KINDS",
    "FUNCTIONS",
    "MAX_DEPTH",
    "MAX_LENGTH",
    "MAX_YEARS",
    "SMALLEST_SHOWN_COUNT",
    "Evaluated",
    "Formula",
    "FormulaError",
    "evaluate",
    "evaluate_many",
    "parse_formula",
]
