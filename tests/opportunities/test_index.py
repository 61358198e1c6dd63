"""The meeting-place index: evenness per dimension (normalised Shannon entropy), the combined index, the rule."""

import math
from decimal import Decimal

import pytest

from opportunities.index import Rule, evenness, groups_of, score

RULE = Rule(threshold=Decimal("0.600"), dimensions_needed=3, min_attendance=50)
AGE = groups_of("age")  # six age bands


def test_everyone_in_one_group_gives_zero():
    assert evenness({"18_29": 40}, AGE) == Decimal("0.000")


def test_the_same_count_in_every_group_gives_one():
    assert evenness(dict.fromkeys(AGE, 7), AGE) == Decimal("1.000")
    assert evenness({"women": 13, "men": 13}, groups_of("gender")) == Decimal("1.000")


def test_a_hand_computed_uneven_spread():
    # 30 women, 10 men: H = -(0.75 ln 0.75 + 0.25 ln 0.25) = 0.562335…; / ln 2 = 0.811278…
    assert evenness({"women": 30, "men": 10}, groups_of("gender")) == Decimal("0.811")
    # Two of the four residence groups, evenly: ln 2 / ln 4 = 0.5 exactly.
    assert evenness({"estate": 5, "outside": 5}, groups_of("residence")) == Decimal("0.500")
    # Three of six age bands at 1:1:2: H = 1.039721…; / ln 6 = 0.580275…
    expected = -(0.25 * math.log(0.25) * 2 + 0.5 * math.log(0.5)) / math.log(6)
    assert evenness({"0_12": 1, "13_17": 1, "18_29": 2}, AGE) == Decimal(str(round(expected, 3)))


def test_it_does_not_depend_on_how_many_came():
    assert evenness({"women": 3, "men": 1}, groups_of("gender")) == evenness(
        {"women": 300, "men": 100}, groups_of("gender")
    )


def test_a_dimension_without_counts_is_unknown_not_zero():
    assert evenness({}, AGE) is None
    assert evenness({"18_29": 0}, AGE) is None


def test_people_of_another_gender_are_counted_but_not_measured_against_evenness():
    assert evenness({"women": 10, "men": 10, "other": 3}, groups_of("gender")) == Decimal("1.000")


def test_negative_counts_are_refused():
    with pytest.raises(ValueError):
        evenness({"women": -1, "men": 3}, groups_of("gender"))


def even(dimension):
    return dict.fromkeys(groups_of(dimension), 10)


def test_a_space_qualifies_with_enough_people_and_enough_even_dimensions():
    counts = {"age": even("age"), "gender": even("gender"), "residence": even("residence")}
    result = score(attendance=60, activities=3, counts=counts, rule=RULE)
    assert result.qualifies is True
    assert result.dimensions["age"] == result.dimensions["gender"] == result.dimensions["residence"] == 1
    assert result.dimensions["culture"] is None and result.dimensions["occupation"] is None
    assert result.index == Decimal("1.000")  # the mean of the known dimensions only
    assert {"code": "unknown", "dimensions": ["culture", "occupation"]} in result.reasons


def test_too_few_people_keep_an_even_space_from_qualifying_and_say_so():
    counts = {"age": even("age"), "gender": even("gender"), "residence": even("residence")}
    result = score(attendance=49, activities=2, counts=counts, rule=RULE)
    assert result.qualifies is False
    assert {"code": "attendance", "met": False, "came": 49, "needed": 50} in result.reasons


def test_too_few_even_dimensions_keep_a_busy_space_from_qualifying():
    counts = {"age": {"18_29": 100}, "gender": even("gender"), "residence": even("residence")}
    result = score(attendance=100, activities=5, counts=counts, rule=RULE)
    assert result.qualifies is False
    reason = next(r for r in result.reasons if r["code"] == "dimensions")
    assert reason == {
        "code": "dimensions",
        "met": False,
        "reached": ["gender", "residence"],
        "needed": 3,
        "threshold": "0.600",
    }
    assert result.index == Decimal("0.667")  # (0 + 1 + 1) / 3


def test_a_dimension_exactly_on_the_threshold_counts_as_reached():
    rule = Rule(threshold=Decimal("0.500"), dimensions_needed=1, min_attendance=1)
    result = score(attendance=10, activities=1, counts={"residence": {"estate": 5, "outside": 5}}, rule=rule)
    assert result.dimensions["residence"] == Decimal("0.500")
    assert result.qualifies is True


def test_nothing_recorded_gives_no_index():
    result = score(attendance=0, activities=0, counts={}, rule=RULE)
    assert result.index is None
    assert result.qualifies is False
