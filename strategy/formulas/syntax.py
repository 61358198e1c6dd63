"""Reading a formula: tokenizer, parser and syntax tree (see the package docstring for the language)."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

MAX_LENGTH = 1000
MAX_DEPTH = 50  # levels of parentheses, a function call's included
MAX_YEARS = 30  # n in previous(expr, n) and average(expr, n)
AREA_KINDS = frozenset({"country", "region", "municipality", "district"})
FUNCTIONS = frozenset({"previous", "average", "ancestor"})
SMALLEST_SHOWN_COUNT = 5  # person counts of 1 to 4 are suppressed; 0 is not

_VARIABLE = re.compile(r"[a-z][a-z0-9_]*")
_NAME = re.compile(r"[^\W\d]\w*")  # wider than a variable code, so "børn" is named as a whole
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_EXPONENT_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?[eE][+-]?[0-9]+")
_SYMBOLS = frozenset("+-*/(),")


class FormulaError(ValueError):
    """A formula that cannot be read. ``position`` is 0-based (``len(text)`` when the text ends too early)."""

    def __init__(self, message: str, *, position: int, token: str) -> None:
        super().__init__(message)
        self.message = message
        self.position = position
        self.token = token

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"FormulaError({self.message!r}, position={self.position!r}, token={self.token!r})"


# --- The syntax tree -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Number:
    value: Decimal


@dataclass(frozen=True)
class Variable:
    code: str


@dataclass(frozen=True)
class Negate:
    operand: Node


@dataclass(frozen=True)
class Chain:
    """``first op operand op operand …`` of one precedence level, applied left to right (kept flat, not nested)."""

    first: Node
    rest: tuple[tuple[str, Node], ...]


@dataclass(frozen=True)
class Previous:
    operand: Node
    years: int


@dataclass(frozen=True)
class Average:
    operand: Node
    years: int


@dataclass(frozen=True)
class Ancestor:
    kind: str
    operand: Node


Node = Number | Variable | Negate | Chain | Previous | Average | Ancestor


@dataclass(frozen=True)
class Formula:
    text: str
    variables: frozenset[str]  # every variable code used
    years_back: int  # how many years before the evaluated year the formula may read
    ancestor_kinds: frozenset[str]  # the kinds used with ancestor()
    root: Node


# --- Reading the text ------------------------------------------------------------------------------------------

_END = "end"
_ERROR = "error"
_NUMBER_KIND = "number"
_NAME_KIND = "name"
_SYMBOL_KIND = "symbol"


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    position: int
    error: FormulaError | None = None

    @property
    def end(self) -> int:
        return self.position + len(self.text)


def _tokenize(text: str) -> list[_Token]:
    """The tokens, ending with an end token, or with an error token where the text stops making sense.

    The error is raised only when the parser reaches it, so the user is told about the leftmost problem.
    """
    tokens: list[_Token] = []
    position = 0
    while position < len(text):
        character = text[position]
        if character.isspace():
            position += 1
            continue
        if exponent := _EXPONENT_NUMBER.match(text, position):
            error = FormulaError(
                _(
                    "Write the number «%(token)s» at character %(position)s out in full; "
                    "exponent notation is not allowed."
                )
                % {"token": exponent.group(), "position": position + 1},
                position=position,
                token=exponent.group(),
            )
            tokens.append(_Token(_ERROR, exponent.group(), position, error))
            return tokens
        if number := _NUMBER.match(text, position):
            tokens.append(_Token(_NUMBER_KIND, number.group(), position))
        elif name := _NAME.match(text, position):
            tokens.append(_Token(_NAME_KIND, name.group(), position))
        elif character in _SYMBOLS:
            tokens.append(_Token(_SYMBOL_KIND, character, position))
        else:
            error = FormulaError(
                _("«%(token)s» at character %(position)s is not allowed in a formula.")
                % {"token": character, "position": position + 1},
                position=position,
                token=character,
            )
            tokens.append(_Token(_ERROR, character, position, error))
            return tokens
        position = tokens[-1].end
    tokens.append(_Token(_END, "", len(text)))
    return tokens


class _Parser:
    def __init__(self, text: str, known_variables: Collection[str]) -> None:
        self.text = text
        self.known_variables = known_variables
        self.tokens = _tokenize(text)
        self.index = 0
        self.depth = 0

    # Moving through the tokens

    def peek(self, ahead: int = 0) -> _Token:
        token = self.tokens[min(self.index + ahead, len(self.tokens) - 1)]
        if token.error is not None and ahead == 0:
            raise token.error
        return token

    def advance(self) -> _Token:
        token = self.peek()
        self.index += 1
        return token

    def at(self, symbol: str) -> bool:
        token = self.peek()
        return token.kind == _SYMBOL_KIND and token.text == symbol

    # Errors

    def error(self, message: str, token: _Token, **values: object) -> FormulaError:
        values = {"token": token.text, "position": token.position + 1, **values}
        return FormulaError(message % values, position=token.position, token=token.text)

    def ended_too_early(self) -> FormulaError:
        return FormulaError(
            _("The formula ends too early: a value or «)» is missing."), position=len(self.text), token=""
        )

    def decimal_comma(self, comma: _Token) -> FormulaError | None:
        """``0,5``: a comma with a number right before and right after it (no spaces) that is no separator."""
        before = self.tokens[self.index - 1] if self.index > 0 else None
        after = self.peek(1)
        if (
            before is not None
            and before.kind == _NUMBER_KIND
            and before.end == comma.position
            and after.kind == _NUMBER_KIND
            and after.position == comma.end
        ):
            written = self.text[before.position : after.end]
            return FormulaError(
                _("Use a point as decimal separator: «%(token)s» at character %(position)s.")
                % {"token": written, "position": before.position + 1},
                position=before.position,
                token=written,
            )
        return None

    def unexpected(self, token: _Token) -> FormulaError:
        if token.kind == _END:
            return self.ended_too_early()
        if token.kind == _SYMBOL_KIND and token.text == ")" and self.depth == 0:
            return self.error(_("«)» at character %(position)s has no matching «(»."), token)
        if token.kind == _SYMBOL_KIND and token.text == "," and (error := self.decimal_comma(token)):
            return error
        return self.error(_("Unexpected «%(token)s» at character %(position)s."), token)

    def wrong_argument_count(self, function: str, token: _Token) -> FormulaError:
        return self.error(_("%(function)s takes %(count)s arguments."), token, function=function, count=2)

    # The grammar

    def formula(self) -> Node:
        root = self.expression()
        token = self.peek()
        if token.kind != _END:
            raise self.unexpected(token)
        return root

    def expression(self) -> Node:
        return self.chain(self.term, ("+", "-"))

    def term(self) -> Node:
        return self.chain(self.unary, ("*", "/"))

    def chain(self, operand: Callable[[], Node], operators: tuple[str, ...]) -> Node:
        first = operand()
        rest: list[tuple[str, Node]] = []
        while (token := self.peek()).kind == _SYMBOL_KIND and token.text in operators:
            self.advance()
            rest.append((token.text, operand()))
        return Chain(first, tuple(rest)) if rest else first

    def unary(self) -> Node:
        # Signs are read in a loop, not by recursion, so "- - - … x" cannot exhaust the stack.
        negative = False
        while self.at("-") or self.at("+"):
            negative ^= self.advance().text == "-"
        operand = self.primary()
        return Negate(operand) if negative else operand

    def primary(self) -> Node:
        token = self.peek()
        if token.kind == _NUMBER_KIND:
            self.advance()
            return Number(Decimal(token.text))
        if token.kind == _NAME_KIND:
            if token.text in FUNCTIONS:
                return self.call()
            following = self.peek(1)
            if following.kind == _SYMBOL_KIND and following.text == "(":
                raise self.error(
                    _(
                        "Unknown function «%(token)s» at character %(position)s. "
                        "The functions are previous, average and ancestor."
                    ),
                    token,
                )
            if _VARIABLE.fullmatch(token.text) and token.text in self.known_variables:
                self.advance()
                return Variable(token.text)
            raise self.error(_("Unknown variable «%(token)s» at character %(position)s."), token)
        if token.kind == _SYMBOL_KIND and token.text == "(":
            self.open_parenthesis()
            inner = self.expression()
            self.close_parenthesis()
            return inner
        raise self.unexpected(token)

    def open_parenthesis(self) -> None:
        token = self.advance()
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.error(
                _(
                    "The formula is nested too deeply: more than %(limit)s levels of parentheses "
                    "at character %(position)s."
                ),
                token,
                limit=MAX_DEPTH,
            )

    def close_parenthesis(self) -> None:
        if not self.at(")"):
            raise self.unexpected(self.peek())
        self.advance()
        self.depth -= 1

    def call(self) -> Node:
        function = self.advance().text
        if not self.at("("):
            token = self.peek()
            if token.kind == _END:
                raise self.ended_too_early()
            raise self.error(_("Expected «(» after %(function)s at character %(position)s."), token, function=function)
        self.open_parenthesis()
        if self.at(")"):
            raise self.wrong_argument_count(function, self.peek())
        if function == "ancestor":
            kind = self.area_kind()
            self.separator(function)
            operand = self.expression()
            self.end_of_call(function)
            return Ancestor(kind, operand)
        operand = self.expression()
        self.separator(function)
        years = self.years(function)
        self.end_of_call(function)
        return Previous(operand, years) if function == "previous" else Average(operand, years)

    def area_kind(self) -> str:
        token = self.peek()
        if token.kind == _END:
            raise self.ended_too_early()
        if token.kind != _NAME_KIND or token.text not in AREA_KINDS:
            raise self.error(
                _(
                    "Unknown area kind «%(token)s» at character %(position)s. "
                    "Use country, region, municipality or district."
                ),
                token,
            )
        self.advance()
        return token.text

    def years(self, function: str) -> int:
        token = self.peek()
        if token.kind == _END:
            raise self.ended_too_early()
        if token.kind != _NUMBER_KIND or not token.text.isdigit() or not 1 <= int(token.text) <= MAX_YEARS:
            raise self.error(
                _(
                    "The number of years in %(function)s must be a whole number from 1 to %(limit)s: "
                    "«%(token)s» at character %(position)s."
                ),
                token,
                function=function,
                limit=MAX_YEARS,
            )
        self.advance()
        return int(token.text)

    def separator(self, function: str) -> None:
        token = self.peek()
        if token.kind == _SYMBOL_KIND and token.text == ",":
            self.advance()
        elif token.kind == _SYMBOL_KIND and token.text == ")":
            raise self.wrong_argument_count(function, token)
        else:
            raise self.unexpected(token)

    def end_of_call(self, function: str) -> None:
        token = self.peek()
        if token.kind == _SYMBOL_KIND and token.text == ",":
            raise self.decimal_comma(token) or self.wrong_argument_count(function, token)
        self.close_parenthesis()


def _years_back(node: Node) -> int:
    match node:
        case Number() | Variable():
            return 0
        case Negate(operand) | Ancestor(_, operand):
            return _years_back(operand)
        case Chain(first, rest):
            return max(_years_back(n) for n in (first, *(operand for _op, operand in rest)))
        case Previous(operand, years):
            return years + _years_back(operand)
        case Average(operand, years):
            return years - 1 + _years_back(operand)
    raise TypeError(node)


def _walk(node: Node):
    yield node
    match node:
        case Negate(operand) | Ancestor(_, operand) | Previous(operand, _) | Average(operand, _):
            yield from _walk(operand)
        case Chain(first, rest):
            yield from _walk(first)
            for _op, operand in rest:
                yield from _walk(operand)


def parse_formula(text: str, *, known_variables: Collection[str]) -> Formula:
    """Read ``text``; raises ``FormulaError`` for anything outside the formula language."""
    if len(text) > MAX_LENGTH:
        raise FormulaError(
            _("The formula is too long: %(length)s characters, at most %(limit)s are allowed.")
            % {"length": len(text), "limit": MAX_LENGTH},
            position=MAX_LENGTH,
            token="",
        )
    if not text.strip():
        raise FormulaError(_("The formula is empty."), position=0, token="")
    root = _Parser(text, frozenset(known_variables)).formula()
    nodes = list(_walk(root))
    return Formula(
        text=text,
        variables=frozenset(node.code for node in nodes if isinstance(node, Variable)),
        years_back=_years_back(root),
        ancestor_kinds=frozenset(node.kind for node in nodes if isinstance(node, Ancestor)),
        root=root,
    )
