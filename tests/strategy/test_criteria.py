"""The official criteria, with hand-computed cases on and around every threshold, for every shipped rule set.

The rule sets are read from the database as the migration ships them, so these tests check the shipped
thresholds as well as the engine. Figures are synthetic: an estate of 2,000 residents in a country whose
conviction share is exactly 1 % and a region whose average income is 300,000 DKK.
"""

from decimal import Decimal

import pytest

from strategy.criteria import AreaInfo, Judge
from strategy.services.recompute import rule_set_specs

pytestmark = pytest.mark.django_db

COUNTRY, REGION, ESTATE = 1, 2, 10
AREA = AreaInfo(id=ESTATE, code="estate", is_housing_area=True, country_id=COUNTRY, region_id=REGION)

# A calm year: every criterion clearly not met.
CALM = {
    "residents": 2000,
    "residents_18_64": 1000,
    "outside_work_education_18_64": 300,  # 30 %
    "residents_18_plus": 1500,
    "convicted_18_plus": 15,  # 1 % = 1 × the national share
    "residents_30_59": 800,
    "basic_education_only_30_59": 300,  # 37.5 %
    "basic_or_unknown_education_30_59": 320,  # 40 %
    "avg_gross_income_15_64_excl_students": 240_000,  # 80 % of the region
    "non_western_immigrants_descendants": 500,  # 25 %
}


class World:
    def __init__(self):
        self.values: dict[tuple[int, int, str], Decimal] = {}

    def year(self, year: int, **changes) -> "World":
        for code, value in {**CALM, **changes}.items():
            if value is not None:
                self.values[(ESTATE, year, code)] = Decimal(str(value))
            else:
                self.values.pop((ESTATE, year, code), None)
        self.values[(COUNTRY, year, "residents_18_plus")] = Decimal(4_000_000)
        self.values[(COUNTRY, year, "convicted_18_plus")] = Decimal(40_000)
        self.values[(REGION, year, "avg_gross_income_15_64_excl_students")] = Decimal(300_000)
        return self

    def years(self, first: int, last: int, **changes) -> "World":
        for year in range(first, last + 1):
            self.year(year, **changes)
        return self

    def judge(self, list_year: int):
        judge = Judge(rule_set_specs(), lambda a, y, code: self.values.get((a, y, code)))
        return judge.verdict(AREA, list_year)


def criterion(verdict, group: str, code: str):
    return next(c for c in verdict.criteria if c.group == group and c.code == code)


# Conditions that meet one criterion each under the 2018/2021 rules.
OUTSIDE_MET = {"outside_work_education_18_64": 450}  # 45 %
CONVICTED_MET = {"convicted_18_plus": 60}  # 4 % = 4 ×
BASIC_MET = {"basic_education_only_30_59": 560}  # 70 %
INCOME_MET = {"avg_gross_income_15_64_excl_students": 150_000}  # 50 %


# --- 2021 on: § 61 a ----------------------------------------------------------------------------


def test_outside_work_and_education_of_exactly_40_percent_is_not_over_40():
    verdict = World().years(2020, 2021, outside_work_education_18_64=400).judge(2022)
    result = criterion(verdict, "udsat", "outside_work_education")
    assert result.value == Decimal(40)
    assert result.met is False


def test_outside_work_and_education_just_over_40_percent_is_met():
    verdict = World().years(2020, 2021, outside_work_education_18_64="400.01").judge(2022)
    assert criterion(verdict, "udsat", "outside_work_education").met is True


def test_the_40_percent_criterion_averages_the_yearly_shares_of_two_years():
    # 38 % and 42.5 % average to 40.25 %: met, although the latest year alone would decide the same way.
    world = World().year(2020, outside_work_education_18_64=380).year(2021, outside_work_education_18_64=425)
    result = criterion(world.judge(2022), "udsat", "outside_work_education")
    assert result.value == Decimal("40.25")
    assert result.met is True
    # 41 % then 38.5 %: the latest year is under 40, the average (39.75 %) decides: not met.
    world = World().year(2020, outside_work_education_18_64=410).year(2021, outside_work_education_18_64=385)
    assert criterion(world.judge(2022), "udsat", "outside_work_education").met is False


def test_convicted_at_exactly_3_times_the_national_share_is_met():
    verdict = World().years(2020, 2021, convicted_18_plus=45).judge(2022)  # 3 % against 1 %
    result = criterion(verdict, "udsat", "convicted")
    assert result.value == Decimal(3)
    assert result.met is True


def test_convicted_just_under_3_times_the_national_share_is_not_met():
    verdict = World().years(2020, 2021, convicted_18_plus="44.99").judge(2022)
    assert criterion(verdict, "udsat", "convicted").met is False


def test_the_conviction_criterion_compares_two_year_averages_with_the_countrys_own():
    world = World().years(2020, 2021, convicted_18_plus=45)
    world.values[(COUNTRY, 2020, "convicted_18_plus")] = Decimal(60_000)  # 1.5 % that year; average 1.25 %
    result = criterion(world.judge(2022), "udsat", "convicted")
    assert result.value == Decimal("2.4")  # 3 % / 1.25 %
    assert result.met is False


def test_income_of_exactly_55_percent_of_the_region_is_not_less_than_55():
    verdict = World().year(2021, avg_gross_income_15_64_excl_students=165_000).judge(2022)
    result = criterion(verdict, "udsat", "income")
    assert result.value == Decimal(55)
    assert result.met is False


def test_income_just_under_55_percent_of_the_region_is_met():
    verdict = World().year(2021, avg_gross_income_15_64_excl_students=164_999).judge(2022)
    assert criterion(verdict, "udsat", "income").met is True


def test_basic_education_of_exactly_60_percent_is_not_over_60():
    verdict = World().year(2021, basic_education_only_30_59=480).judge(2022)
    assert criterion(verdict, "udsat", "basic_education").value == Decimal(60)
    assert criterion(verdict, "udsat", "basic_education").met is False


def test_two_of_four_criteria_make_a_vulnerable_area_and_one_does_not():
    assert World().years(2020, 2021, **OUTSIDE_MET, **INCOME_MET).judge(2022).categories == ("udsat_boligomraade",)
    assert World().years(2020, 2021, **OUTSIDE_MET).judge(2022).categories == ()


def test_999_residents_is_not_eligible_and_1000_is():
    conditions = {**OUTSIDE_MET, **INCOME_MET}
    small = World().years(2020, 2021, **conditions, residents=999).judge(2022)
    assert small.eligible is False
    assert small.categories == ()
    assert criterion(small, "udsat", "income").met is True  # the criteria are still shown
    large = World().years(2020, 2021, **conditions, residents=1000, non_western_immigrants_descendants=250).judge(2022)
    assert large.eligible is True
    assert large.categories == ("udsat_boligomraade",)


def test_a_parallel_society_needs_more_than_50_percent_non_western():
    conditions = {**OUTSIDE_MET, **INCOME_MET}
    exactly = World().years(2020, 2021, **conditions, non_western_immigrants_descendants=1000).judge(2022)
    # § 61 b is judged on its own conditions: over 30 % non-western and 2 of its 4 criteria are met too.
    assert exactly.categories == ("udsat_boligomraade", "forebyggelsesomraade")
    over = World().years(2020, 2021, **conditions, non_western_immigrants_descendants=1001).judge(2022)
    assert over.categories == ("udsat_boligomraade", "parallelsamfund", "forebyggelsesomraade")


def test_a_prevention_area_needs_over_30_percent_non_western_and_two_of_its_own_criteria():
    # 35 % outside work (over 30) and 2.5 × convictions (at least 2), non-western 31 %: § 61 b, not § 61 a.
    conditions = {
        "outside_work_education_18_64": 350,
        "convicted_18_plus": "37.5",
        "non_western_immigrants_descendants": 620,
    }
    verdict = World().years(2020, 2021, **conditions).judge(2022)
    assert verdict.categories == ("forebyggelsesomraade",)
    assert criterion(verdict, "prevention", "convicted").value == Decimal("2.5")
    at_30 = World().years(2020, 2021, **{**conditions, "non_western_immigrants_descendants": 600}).judge(2022)
    assert at_30.categories == ()
    # Income exactly 65 % is not "less than 65 %": with only one other criterion the area is not on the list.
    one = (
        World()
        .years(
            2020,
            2021,
            outside_work_education_18_64=350,
            avg_gross_income_15_64_excl_students=195_000,
            non_western_immigrants_descendants=620,
        )
        .judge(2022)
    )
    assert criterion(one, "prevention", "income").met is False
    assert one.categories == ()


# --- Missing data --------------------------------------------------------------------------------


def test_a_missing_year_makes_the_criterion_unknown_never_met():
    world = World().year(2021, **OUTSIDE_MET, **INCOME_MET)  # 2020 is missing: no two-year average
    verdict = world.judge(2022)
    assert criterion(verdict, "udsat", "outside_work_education").value is None
    assert criterion(verdict, "udsat", "outside_work_education").met is None
    # Income alone is met; the unknown criteria could make a second one: undetermined, not listed.
    assert verdict.categories == ()
    assert "udsat_boligomraade" in verdict.undetermined


def test_unknown_residents_leave_eligibility_unknown():
    verdict = World().years(2020, 2021, **OUTSIDE_MET, **INCOME_MET, residents=None).judge(2022)
    assert verdict.eligible is None
    assert verdict.categories == ()
    assert verdict.undetermined[0] == "udsat_boligomraade"


# --- 2018–2020 -----------------------------------------------------------------------------------


def test_2018_a_ghetto_is_a_vulnerable_area_with_over_50_percent_non_western():
    conditions = {**OUTSIDE_MET, **BASIC_MET, "non_western_immigrants_descendants": 1100}
    verdict = World().years(2017, 2018, **conditions).judge(2019)
    assert verdict.rule_set == "2018"
    assert verdict.categories == ("udsat_boligomraade", "ghettoomraade")


# --- 2013–2017 -----------------------------------------------------------------------------------


def test_2013_three_of_five_criteria_make_a_ghetto_and_50_percent_basic_or_unknown_is_not_over_50():
    # Non-western 55 %, outside work 45 %, basic or unknown education exactly 50 %: 2 of 5.
    conditions = {
        "non_western_immigrants_descendants": 1100,
        "outside_work_education_18_64": 450,
        "basic_or_unknown_education_30_59": 400,
    }
    two = World().years(2013, 2014, **conditions).judge(2015)
    assert two.rule_set == "2013"
    assert criterion(two, "ghetto", "basic_education").value == Decimal(50)
    assert two.categories == ()
    three = World().years(2013, 2014, **{**conditions, "basic_or_unknown_education_30_59": 401}).judge(2015)
    assert three.categories == ("ghettoomraade",)


def test_2013_convictions_are_a_percentage_of_residents_over_2_70():
    at = World().years(2013, 2014, convicted_18_plus="40.5").judge(2015)  # exactly 2.70 %
    assert criterion(at, "ghetto", "convicted").value == Decimal("2.7")
    assert criterion(at, "ghetto", "convicted").met is False
    over = World().years(2013, 2014, convicted_18_plus="40.6").judge(2015)
    assert criterion(over, "ghetto", "convicted").met is True


# --- 2010–2012 -----------------------------------------------------------------------------------


def test_2010_averages_four_years_and_needs_two_of_three():
    # Outside work 41 % in 2008–2010 and 39 % in 2007: the four-year average is 40.5 %.
    world = World().years(2007, 2010, non_western_immigrants_descendants=1100)
    for year in (2008, 2009, 2010):
        world.year(year, outside_work_education_18_64=410, non_western_immigrants_descendants=1100)
    world.year(2007, outside_work_education_18_64=390, non_western_immigrants_descendants=1100)
    verdict = world.judge(2011)
    assert verdict.rule_set == "2010"
    assert criterion(verdict, "ghetto", "outside_work_education").value == Decimal("40.5")
    assert verdict.categories == ("ghettoomraade",)
    # Three years of data are not enough for a four-year average.
    short = World().years(2008, 2010, outside_work_education_18_64=410, non_western_immigrants_descendants=1100)
    assert criterion(short.judge(2011), "ghetto", "outside_work_education").met is None


# --- Streaks across rule-set changes -------------------------------------------------------------


PARALLEL_2018_ON = {**OUTSIDE_MET, **BASIC_MET, "non_western_immigrants_descendants": 1100}
# Under the 2013 rules the same estate meets non-western, outside work and basic-or-unknown education (3 of 5).
GHETTO_2013 = {**PARALLEL_2018_ON, "basic_or_unknown_education_30_59": 600}


def test_a_transformation_area_is_a_parallel_society_in_each_of_five_list_years_across_rule_sets():
    # List years 2017 (2013 rules: ghetto), 2018–2020 (ghetto) and 2021 (parallel society).
    world = World().years(2014, 2020, **GHETTO_2013)
    assert world.judge(2017).categories == ("ghettoomraade",)
    assert world.judge(2020).categories == ("udsat_boligomraade", "ghettoomraade", "haardt_ghettoomraade")
    assert world.judge(2021).categories == (
        "udsat_boligomraade",
        "parallelsamfund",
        "omdannelsesomraade",
        "forebyggelsesomraade",
    )


def test_one_year_off_the_list_breaks_the_streak():
    world = World().years(2014, 2020, **GHETTO_2013)
    world.year(2017, **{**GHETTO_2013, "non_western_immigrants_descendants": 1000})  # list year 2018: exactly 50 %
    assert "ghettoomraade" not in world.judge(2018).categories
    assert world.judge(2021).categories == ("udsat_boligomraade", "parallelsamfund", "forebyggelsesomraade")


def test_a_year_with_unknown_data_leaves_the_streak_undetermined():
    world = World().years(2014, 2020, **GHETTO_2013)
    for code in ("outside_work_education_18_64", "basic_education_only_30_59", "avg_gross_income_15_64_excl_students"):
        world.values.pop((ESTATE, 2017, code))
        world.values.pop((ESTATE, 2016, code), None)
    verdict = world.judge(2021)
    assert "omdannelsesomraade" not in verdict.categories
    assert "omdannelsesomraade" in verdict.undetermined


def test_a_value_from_a_count_of_one_to_four_persons_is_suppressed():
    verdict = World().years(2020, 2021, convicted_18_plus=3).judge(2022)
    assert criterion(verdict, "udsat", "convicted").suppressed is True
    assert criterion(verdict, "prevention", "convicted").suppressed is True  # the same shares, read again
    assert criterion(verdict, "udsat", "outside_work_education").suppressed is False
    assert (
        criterion(World().years(2020, 2021, convicted_18_plus=0).judge(2022), "udsat", "convicted").suppressed is False
    )
