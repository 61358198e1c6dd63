"""Indicator formulas: read safely, computed exactly, unknown stays unknown and small person counts are suppressed."""

import decimal
from decimal import Decimal

import pytest
from django.utils import translation

from strategy import formulas
from strategy.formulas import Evaluated, FormulaError, evaluate, evaluate_many, parse_formula

KNOWN = frozenset(
    {
        "residents",
        "residents_15_29",
        "neet_15_29",
        "convicted_18_plus",
        "residents_18_plus",
        "income",
        "x",
        "y",
    }
)
PERSON_COUNTS = frozenset({"residents", "residents_15_29", "neet_15_29", "convicted_18_plus", "residents_18_plus"})

# The area tree: Bagsværd (district) in Gladsaxe (municipality) in Hovedstaden (region) in Denmark (country).
BAGSVAERD, GLADSAXE, HOVEDSTADEN, DENMARK = 1, 2, 3, 4
ANCESTORS = {
    (BAGSVAERD, "municipality"): GLADSAXE,
    (BAGSVAERD, "region"): HOVEDSTADEN,
    (BAGSVAERD, "country"): DENMARK,
    (GLADSAXE, "region"): HOVEDSTADEN,
    (GLADSAXE, "country"): DENMARK,
    (HOVEDSTADEN, "country"): DENMARK,
}
YEAR = 2024


class Statistics:
    """A preloaded table of values that remembers what the evaluator asked for."""

    def __init__(self, values=None, *, default=None):
        self.values = {key: Decimal(value) for key, value in (values or {}).items()}
        self.default = default
        self.calls = []

    def value_of(self, area, year, code):
        self.calls.append((area, year, code))
        return self.values.get((area, year, code), self.default)


def parse(text):
    return parse_formula(text, known_variables=KNOWN)


def run(text, values=None, *, area=BAGSVAERD, year=YEAR, statistics=None) -> Evaluated:
    statistics = statistics or Statistics(values)
    return evaluate(
        parse(text),
        area=area,
        year=year,
        value_of=statistics.value_of,
        ancestor_of=lambda area_id, kind: ANCESTORS.get((area_id, kind)),
        is_person_count=lambda code: code in PERSON_COUNTS,
    )


def value(text, values=None, **kwargs):
    return run(text, values, **kwargs).value


def error_of(text) -> FormulaError:
    with translation.override("en"), pytest.raises(FormulaError) as caught:
        parse(text)
    return caught.value


# --- Arithmetic ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2 + 3 * 4", Decimal(14)),
        ("(2 + 3) * 4", Decimal(20)),
        ("2 * 3 + 4", Decimal(10)),
        ("2 * (3 + 4)", Decimal(14)),
        ("10 - 4 - 3", Decimal(3)),  # left to right, not 10 - (4 - 3)
        ("48 / 4 / 2", Decimal(6)),  # left to right, not 48 / (4 / 2)
        ("2 * 3 - 4 / 8", Decimal("5.5")),
        ("10 - 2 * 3 + 1", Decimal(5)),
        ("((1 + 2) * (3 + 4)) / 7", Decimal(3)),
        ("7", Decimal(7)),
        ("0.5 * 4", Decimal(2)),
    ],
)
def test_multiplication_and_division_bind_tighter_than_addition_and_parentheses_override(text, expected):
    assert value(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("-3 + 5", Decimal(2)),
        ("-(2 + 3) * 2", Decimal(-10)),
        ("2 * -3", Decimal(-6)),
        ("- -4", Decimal(4)),
        ("+-+2", Decimal(-2)),
        ("+2", Decimal(2)),
        ("1 - -1", Decimal(2)),
        ("-2 * -2", Decimal(4)),
    ],
)
def test_unary_minus_and_plus_work_before_any_value(text, expected):
    assert value(text) == expected


def test_a_negated_zero_is_plain_zero():
    result = value("-x", {(BAGSVAERD, YEAR, "x"): 0})
    assert str(result) == "0"


def test_arithmetic_is_exact_decimal_never_float():
    assert value("100 * 2 / 8") == Decimal(25)
    assert str(value("100 * 2 / 8")) == "25"
    assert value("0.1 + 0.2") == Decimal("0.3")  # 0.30000000000000004 with floats
    assert value("1 / 3 * 3") == Decimal("0.9999999999999999999999999999")  # 28 significant digits
    assert value("2 / 3") == Decimal("0.6666666666666666666666666667")
    assert isinstance(value("1 / 4"), Decimal)


def test_the_precision_is_28_digits_whatever_the_callers_decimal_context_says():
    with decimal.localcontext(prec=5):
        assert value("2 / 3") == Decimal("0.6666666666666666666666666667")
        assert decimal.getcontext().prec == 5


def test_the_youth_indicator_is_computed_from_the_area_statistics():
    values = {(BAGSVAERD, YEAR, "residents_15_29"): 400, (BAGSVAERD, YEAR, "neet_15_29"): 36}
    result = run("100 * (residents_15_29 - neet_15_29) / residents_15_29", values)
    assert result == Evaluated(value=Decimal(91), suppressed=False)


@pytest.mark.parametrize("text", ["x / 0", "x / (y - y)", "0 / 0", "1 / (2 - 2) + 5", "average(1 / 0, 2)"])
def test_division_by_zero_makes_the_result_unknown(text):
    assert value(text, {(BAGSVAERD, YEAR, "x"): 7, (BAGSVAERD, YEAR, "y"): 3}) is None


@pytest.mark.parametrize("text", ["x + 1", "0 * x", "x - x", "y / x", "-x", "1 + 2 * (3 - x)"])
def test_a_missing_value_makes_the_result_unknown_not_zero(text):
    assert value(text, {(BAGSVAERD, YEAR, "y"): 3}) is None


def test_a_value_that_is_not_a_number_makes_the_result_unknown():
    assert value("x + 1", {(BAGSVAERD, YEAR, "x"): Decimal("NaN")}) is None
    assert value("x + 1", {(BAGSVAERD, YEAR, "x"): Decimal("Infinity")}) is None


def test_a_result_too_large_to_represent_is_unknown():
    assert value("x * x", {(BAGSVAERD, YEAR, "x"): Decimal("1E+999990")}) is None


def test_a_float_from_the_data_source_is_refused():
    statistics = Statistics(default=None)
    statistics.value_of = lambda area, year, code: 0.5
    with pytest.raises(TypeError):
        run("x + 1", statistics=statistics)


def test_whole_numbers_from_the_data_source_are_accepted():
    statistics = Statistics()
    statistics.value_of = lambda area, year, code: 3
    assert run("x / 2", statistics=statistics).value == Decimal("1.5")


# --- previous, average, ancestor -------------------------------------------------------------------------------


def test_previous_reads_the_value_that_many_years_earlier_and_nothing_else():
    statistics = Statistics({(BAGSVAERD, 2022, "x"): 11, (BAGSVAERD, 2024, "x"): 99})
    assert run("previous(x, 2)", statistics=statistics).value == Decimal(11)
    assert statistics.calls == [(BAGSVAERD, 2022, "x")]


def test_the_change_since_last_year_combines_this_year_and_previous():
    values = {(BAGSVAERD, 2024, "x"): 120, (BAGSVAERD, 2023, "x"): 100}
    assert value("100 * (x - previous(x, 1)) / previous(x, 1)", values) == Decimal(20)


def test_nested_previous_adds_up_the_years():
    statistics = Statistics({(BAGSVAERD, 2021, "x"): 5})
    assert run("previous(previous(x, 1), 2)", statistics=statistics).value == Decimal(5)
    assert statistics.calls == [(BAGSVAERD, 2021, "x")]


def test_average_is_the_mean_of_the_year_and_the_years_before_it():
    statistics = Statistics({(BAGSVAERD, 2024, "x"): 10, (BAGSVAERD, 2023, "x"): 20, (BAGSVAERD, 2022, "x"): 33})
    assert run("average(x, 3)", statistics=statistics).value == Decimal(21)
    assert sorted(statistics.calls) == [(BAGSVAERD, 2022, "x"), (BAGSVAERD, 2023, "x"), (BAGSVAERD, 2024, "x")]


def test_evaluating_many_years_at_once_gives_each_years_own_value_and_reads_each_value_once():
    values = {(BAGSVAERD, year, "x"): year - 2000 for year in range(2018, 2025)}
    values[(BAGSVAERD, 2021, "x")] = 3  # a small person count: suppresses the averages that include 2021
    statistics = Statistics(values)
    points = [(BAGSVAERD, year) for year in range(2020, 2025)]
    results = evaluate_many(
        parse("average(x, 3)"),
        points,
        value_of=statistics.value_of,
        ancestor_of=lambda area_id, kind: None,
        is_person_count=lambda code: code == "x",
    )
    assert [point for point, _result in results] == points
    # 2018–2024: 18, 19, 20, 3, 22, 23, 24; each year averages itself and the two before it.
    assert [result.value for _point, result in results] == [19, 14, 15, 16, 23]
    assert [result.suppressed for _point, result in results] == [False, True, True, True, False]
    assert sorted(statistics.calls) == sorted({(BAGSVAERD, year, "x") for year in range(2018, 2025)})


def test_average_over_one_year_is_the_value_itself():
    assert value("average(x, 1)", {(BAGSVAERD, 2024, "x"): 17}) == Decimal(17)


def test_average_is_unknown_when_any_of_its_years_is_missing():
    values = {(BAGSVAERD, 2024, "x"): 10, (BAGSVAERD, 2022, "x"): 30}
    assert value("average(x, 3)", values) is None
    assert value("average(x, 1)", values) == Decimal(10)


def test_average_of_previous_reads_the_shifted_years():
    statistics = Statistics({(BAGSVAERD, 2023, "x"): 4, (BAGSVAERD, 2022, "x"): 8})
    assert run("average(previous(x, 1), 2)", statistics=statistics).value == Decimal(6)
    assert sorted(statistics.calls) == [(BAGSVAERD, 2022, "x"), (BAGSVAERD, 2023, "x")]


def test_ancestor_evaluates_on_the_ancestor_area():
    values = {(BAGSVAERD, YEAR, "income"): 300, (GLADSAXE, YEAR, "income"): 400}
    assert value("income / ancestor(municipality, income)", values) == Decimal("0.75")


def test_ancestor_is_unknown_when_the_area_has_no_ancestor_of_that_kind():
    values = {(DENMARK, YEAR, "income"): 400, (BAGSVAERD, YEAR, "income"): 400}
    assert value("ancestor(municipality, income)", values, area=DENMARK) is None
    assert value("ancestor(district, income)", values) is None


def test_nested_functions_compare_a_two_year_rate_with_the_country():
    values = {
        (BAGSVAERD, 2024, "convicted_18_plus"): 30,
        (BAGSVAERD, 2024, "residents_18_plus"): 1000,
        (BAGSVAERD, 2023, "convicted_18_plus"): 20,
        (BAGSVAERD, 2023, "residents_18_plus"): 800,
        (DENMARK, 2024, "convicted_18_plus"): 60000,
        (DENMARK, 2024, "residents_18_plus"): 4800000,
        (DENMARK, 2023, "convicted_18_plus"): 50000,
        (DENMARK, 2023, "residents_18_plus"): 4000000,
    }
    statistics = Statistics(values)
    text = (
        "average(100 * convicted_18_plus / residents_18_plus, 2)"
        " / ancestor(country, average(100 * convicted_18_plus / residents_18_plus, 2))"
    )
    # Bagsværd: (3 + 2.5) / 2 = 2.75; Denmark: (1.25 + 1.25) / 2 = 1.25; 2.75 / 1.25 = 2.2
    assert run(text, statistics=statistics) == Evaluated(value=Decimal("2.2"), suppressed=False)
    assert set(statistics.calls) == set(values)
    assert len(statistics.calls) == len(values)  # each is asked for once


def test_a_value_used_twice_is_asked_for_once():
    statistics = Statistics({(BAGSVAERD, YEAR, "x"): 3})
    assert run("x * x + x", statistics=statistics).value == Decimal(12)
    assert statistics.calls == [(BAGSVAERD, YEAR, "x")]


def test_deeply_nested_averages_are_evaluated_without_blowing_up():
    text = "average(" * 12 + "x" + ", 30)" * 12
    statistics = Statistics(default=Decimal(5))
    formula = parse(text)
    assert formula.years_back == 12 * 29
    assert run(text, statistics=statistics).value == Decimal(5)
    assert len(statistics.calls) == 12 * 29 + 1
    assert {year for _area, year, _code in statistics.calls} == set(range(YEAR - 12 * 29, YEAR + 1))


# --- What a formula uses ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "variables", "years_back", "kinds"),
    [
        ("1 + 2", set(), 0, set()),
        ("x + y * x", {"x", "y"}, 0, set()),
        ("previous(x, 2)", {"x"}, 2, set()),
        ("average(x, 3)", {"x"}, 2, set()),
        ("average(x, 1)", {"x"}, 0, set()),
        ("average(previous(x, 2), 3)", {"x"}, 4, set()),
        ("previous(average(x, 5), 1)", {"x"}, 5, set()),
        ("previous(x, 1) + average(y, 5)", {"x", "y"}, 4, set()),
        ("ancestor(country, previous(x, 2)) + ancestor(region, y)", {"x", "y"}, 2, {"country", "region"}),
        ("ancestor(municipality, ancestor(district, income))", {"income"}, 0, {"municipality", "district"}),
    ],
)
def test_a_formula_knows_its_variables_years_back_and_ancestor_kinds(text, variables, years_back, kinds):
    formula = parse(text)
    assert formula.text == text
    assert formula.variables == frozenset(variables)
    assert formula.years_back == years_back
    assert formula.ancestor_kinds == frozenset(kinds)


def test_a_variable_named_like_an_area_kind_is_a_variable_outside_ancestor():
    formula = parse_formula("ancestor(region, region)", known_variables={"region"})
    assert formula.variables == frozenset({"region"})
    assert formula.ancestor_kinds == frozenset({"region"})


# --- Suppression of small person counts -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "suppressed"),
    [(0, False), (1, True), (3, True), (4, True), (5, False), (250, False)],
)
def test_a_person_count_of_one_to_four_suppresses_the_result(count, suppressed):
    result = run("residents", {(BAGSVAERD, YEAR, "residents"): count})
    assert result == Evaluated(value=Decimal(count), suppressed=suppressed)


def test_a_small_value_of_a_variable_that_is_no_person_count_is_not_suppressed():
    assert run("income * 2", {(BAGSVAERD, YEAR, "income"): 3}) == Evaluated(value=Decimal(6), suppressed=False)


def test_suppression_follows_a_small_count_through_arithmetic():
    values = {(BAGSVAERD, YEAR, "neet_15_29"): 3, (BAGSVAERD, YEAR, "residents_15_29"): 400}
    result = run("100 * neet_15_29 / residents_15_29", values)
    assert result == Evaluated(value=Decimal("0.75"), suppressed=True)


def test_suppression_follows_a_small_count_through_ancestor():
    values = {(BAGSVAERD, YEAR, "residents"): 900, (GLADSAXE, YEAR, "residents"): 2}
    assert run("residents / ancestor(municipality, residents)", values).suppressed is True
    assert run("residents", values).suppressed is False


def test_suppression_follows_a_small_count_through_previous_and_average():
    values = {(BAGSVAERD, 2024, "residents"): 900, (BAGSVAERD, 2023, "residents"): 4, (BAGSVAERD, 2022, "residents"): 0}
    assert run("previous(residents, 1)", values).suppressed is True
    assert run("previous(residents, 2)", values).suppressed is False
    assert run("average(residents, 2)", values) == Evaluated(value=Decimal(452), suppressed=True)
    assert run("average(previous(residents, 2), 1)", values).suppressed is False


# --- Errors ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "position", "token", "message"),
    [
        ("residents + foo", 12, "foo", "Unknown variable «foo» at character 13."),
        ("Residents", 0, "Residents", "Unknown variable «Residents» at character 1."),
        ("lambda", 0, "lambda", "Unknown variable «lambda» at character 1."),
        ("0,5 * x", 0, "0,5", "Use a point as decimal separator: «0,5» at character 1."),
        ("100 * 0,25", 6, "0,25", "Use a point as decimal separator: «0,25» at character 7."),
        ("previous(x, 1,5)", 12, "1,5", "Use a point as decimal separator: «1,5» at character 13."),
        ("x + 1)", 5, ")", "«)» at character 6 has no matching «(»."),
        ("(x + 1", 6, "", "The formula ends too early: a value or «)» is missing."),
        ("x +", 3, "", "The formula ends too early: a value or «)» is missing."),
        ("x * ", 4, "", "The formula ends too early: a value or «)» is missing."),
        ("previous(x, 2", 13, "", "The formula ends too early: a value or «)» is missing."),
        ("x 1", 2, "1", "Unexpected «1» at character 3."),
        ("x y", 2, "y", "Unexpected «y» at character 3."),
        ("()", 1, ")", "Unexpected «)» at character 2."),
        ("(x + 1) (y)", 8, "(", "Unexpected «(» at character 9."),
        ("1 , 2", 2, ",", "Unexpected «,» at character 3."),
        (
            "median(x, 3)",
            0,
            "median",
            "Unknown function «median» at character 1. The functions are previous, average and ancestor.",
        ),
        (
            "Previous(x, 1)",
            0,
            "Previous",
            "Unknown function «Previous» at character 1. The functions are previous, average and ancestor.",
        ),
        ("previous x", 9, "x", "Expected «(» after previous at character 10."),
        ("previous(x)", 10, ")", "previous takes 2 arguments."),
        ("previous()", 9, ")", "previous takes 2 arguments."),
        ("previous(x, 1, 5)", 13, ",", "previous takes 2 arguments."),
        ("average(x, 2, 3, 4)", 12, ",", "average takes 2 arguments."),
        ("ancestor(country)", 16, ")", "ancestor takes 2 arguments."),
        ("ancestor(country, x, y)", 19, ",", "ancestor takes 2 arguments."),
        (
            "previous(x, y)",
            12,
            "y",
            "The number of years in previous must be a whole number from 1 to 30: «y» at character 13.",
        ),
        (
            "previous(x, 31)",
            12,
            "31",
            "The number of years in previous must be a whole number from 1 to 30: «31» at character 13.",
        ),
        (
            "average(x, 0)",
            11,
            "0",
            "The number of years in average must be a whole number from 1 to 30: «0» at character 12.",
        ),
        (
            "average(x, 1.5)",
            11,
            "1.5",
            "The number of years in average must be a whole number from 1 to 30: «1.5» at character 12.",
        ),
        (
            "previous(x, -1)",
            12,
            "-",
            "The number of years in previous must be a whole number from 1 to 30: «-» at character 13.",
        ),
        (
            "ancestor(county, x)",
            9,
            "county",
            "Unknown area kind «county» at character 10. Use country, region, municipality or district.",
        ),
        (
            "ancestor(x, country)",
            9,
            "x",
            "Unknown area kind «x» at character 10. Use country, region, municipality or district.",
        ),
        ("", 0, "", "The formula is empty."),
        ("   \n ", 0, "", "The formula is empty."),
    ],
)
def test_it_rejects_a_wrong_formula_and_points_at_the_offending_token(text, position, token, message):
    error = error_of(text)
    assert (error.position, error.token, error.message) == (position, token, message)
    assert str(error) == message


def test_it_rejects_an_unknown_variable_and_points_at_it():
    error = error_of("residents + foo")
    assert error.token == "foo"
    assert error.position == 12
    assert isinstance(error, ValueError)


@pytest.mark.parametrize(
    ("text", "position", "token", "message"),
    [
        (
            "__import__('os')",
            0,
            "__import__",
            "Unknown function «__import__» at character 1. The functions are previous, average and ancestor.",
        ),
        ("residents.__class__", 9, ".", "«.» at character 10 is not allowed in a formula."),
        ("residents ** 2", 11, "*", "Unexpected «*» at character 12."),
        ('"abc"', 0, '"', '«"» at character 1 is not allowed in a formula.'),
        ("'abc'", 0, "'", "«'» at character 1 is not allowed in a formula."),
        ("x[0]", 1, "[", "«[» at character 2 is not allowed in a formula."),
        ("residents; import os", 9, ";", "«;» at character 10 is not allowed in a formula."),
        ("x % 2", 2, "%", "«%» at character 3 is not allowed in a formula."),
        ("x ^ 2", 2, "^", "«^» at character 3 is not allowed in a formula."),
        ("x == 1", 2, "=", "«=» at character 3 is not allowed in a formula."),
        ("1.", 1, ".", "«.» at character 2 is not allowed in a formula."),
        (".5", 0, ".", "«.» at character 1 is not allowed in a formula."),
        ("børn", 0, "børn", "Unknown variable «børn» at character 1."),
        ("1e5", 0, "1e5", "Write the number «1e5» at character 1 out in full; exponent notation is not allowed."),
        (
            "x * 2.5E-3",
            4,
            "2.5E-3",
            "Write the number «2.5E-3» at character 5 out in full; exponent notation is not allowed.",
        ),
        ("foo + 'x'", 0, "foo", "Unknown variable «foo» at character 1."),  # the leftmost problem is reported
        ("x + 'x'", 4, "'", "«'» at character 5 is not allowed in a formula."),
    ],
)
def test_it_rejects_hostile_input_without_running_any_of_it(text, position, token, message):
    error = error_of(text)
    assert (error.position, error.token, error.message) == (position, token, message)


def test_a_formula_of_1000_characters_is_accepted_and_one_of_1001_is_not():
    longest = "1" + "+1" * 499 + " "
    assert len(longest) == 1000
    assert value(longest) == Decimal(500)

    error = error_of(longest + "1")
    assert (error.position, error.token) == (1000, "")
    assert error.message == "The formula is too long: 1001 characters, at most 1000 are allowed."


def test_a_huge_formula_is_rejected_before_it_is_read():
    error = error_of("(" * 1_000_000)
    assert (error.position, error.token) == (1000, "")


def test_fifty_levels_of_parentheses_are_accepted_and_fifty_one_are_not():
    assert value("(" * 50 + "x" + ")" * 50, {(BAGSVAERD, YEAR, "x"): 2}) == Decimal(2)

    error = error_of("(" * 51 + "x" + ")" * 51)
    assert (error.position, error.token) == (50, "(")
    assert error.message == "The formula is nested too deeply: more than 50 levels of parentheses at character 51."


def test_function_calls_count_as_levels_of_nesting():
    assert parse("previous(" * 50 + "x" + ", 1)" * 50).years_back == 50

    error = error_of("previous(" * 51 + "x" + ", 1)" * 51)
    assert (error.position, error.token) == (50 * len("previous(") + len("previous"), "(")


def test_unbalanced_deep_input_is_an_error_not_a_crash():
    assert error_of("(" * 999).position == 50
    assert error_of(")" * 999).position == 0
    assert error_of("-(" * 499).position == 101


def test_a_long_run_of_signs_is_read_without_recursion():
    assert value("-" * 999 + "x", {(BAGSVAERD, YEAR, "x"): 2}) == Decimal(-2)
    assert value("-" * 998 + "x", {(BAGSVAERD, YEAR, "x"): 2}) == Decimal(2)


def test_whitespace_is_allowed_between_all_tokens():
    values = {(BAGSVAERD, 2023, "x"): 3}
    assert value("\t previous (\n x ,\t1 ) * 2 ", values) == Decimal(6)
    assert value("previous(x,1)*2", values) == Decimal(6)


def test_messages_go_through_the_translation_machinery(monkeypatch):
    monkeypatch.setattr(formulas.syntax, "_", lambda message: "[" + message + "]")
    with pytest.raises(FormulaError) as caught:
        parse("residents + foo")
    assert caught.value.message == "[Unknown variable «foo» at character 13.]"


def test_a_formula_in_words_names_the_variables_and_says_what_each_function_does():

    from strategy.formulas.words import in_words

    known = {"convicted_18_plus", "residents_18_plus", "neet_15_29"}
    names = {"convicted_18_plus": "dømte 18+", "residents_18_plus": "beboere 18+"}
    relative = parse_formula(
        "average(100 * convicted_18_plus / residents_18_plus, 2)"
        " / ancestor(country, average(100 * convicted_18_plus / residents_18_plus, 2))",
        known_variables=known,
    )
    with translation.override("da"):
        assert in_words(relative, names) == (
            "gennemsnittet over 2 år af (100 × dømte 18+ ÷ beboere 18+)"
            " ÷ gennemsnittet over 2 år af (100 × dømte 18+ ÷ beboere 18+) i hele landet"
        )
        assert in_words(parse_formula("previous(neet_15_29, 1) - 2.5", known_variables=known), {}) == (
            "neet_15_29 1 år før − 2,5"
        )
    with translation.override("en"):
        assert in_words(parse_formula("average(neet_15_29, 3)", known_variables=known), {}).startswith(
            "the average over 3 years of"
        )
