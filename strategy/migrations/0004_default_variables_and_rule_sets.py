"""The data dictionary's default variables and the official criteria's rule sets (almenboligloven §§ 61 a, 61 b).

Both are data: planners add variables, administrators correct thresholds. Re-running this migration's
function leaves existing rows as they are except for the shipped fields it sets.
"""

from decimal import Decimal

from django.db import migrations

# code, Danish name, English name, unit, is a count of persons
VARIABLES = [
    ("residents", "Beboere i alt", "Residents", "persons", True),
    ("residents_18_64", "Beboere 18–64 år", "Residents aged 18–64", "persons", True),
    (
        "outside_work_education_18_64",
        "18–64-årige uden for arbejde og uddannelse (fuldtidspersoner)",
        "Aged 18–64 outside work and education (full-time persons)",
        "full_time_persons",
        True,
    ),
    ("residents_18_plus", "Beboere 18 år og derover", "Residents aged 18 and over", "persons", True),
    (
        "convicted_18_plus",
        "Dømte for overtrædelse af straffeloven, våbenloven eller lov om euforiserende stoffer, 18 år og derover",
        "Convicted under the criminal code, the weapons act or the narcotics act, aged 18 and over",
        "persons",
        True,
    ),
    ("residents_30_59", "Beboere 30–59 år", "Residents aged 30–59", "persons", True),
    (
        "basic_education_only_30_59",
        "30–59-årige med alene grundskoleuddannelse",
        "Aged 30–59 with only basic education",
        "persons",
        True,
    ),
    (
        "basic_or_unknown_education_30_59",
        "30–59-årige med grundskoleuddannelse eller uoplyst uddannelse",
        "Aged 30–59 with basic or unknown education",
        "persons",
        True,
    ),
    (
        "avg_gross_income_15_64_excl_students",
        "Gennemsnitlig bruttoindkomst for skattepligtige 15–64 år ekskl. uddannelsessøgende (kr.)",
        "Average gross income of taxpayers aged 15–64 excluding students (DKK)",
        "dkk",
        False,
    ),
    (
        "non_western_immigrants_descendants",
        "Indvandrere og efterkommere fra ikke-vestlige lande",
        "Immigrants and descendants from non-western countries",
        "persons",
        True,
    ),
    ("residents_15_29", "Beboere 15–29 år", "Residents aged 15–29", "persons", True),
    (
        "neet_15_29",
        "15–29-årige uden for uddannelse og beskæftigelse",
        "Aged 15–29 not in education or employment",
        "persons",
        True,
    ),
    ("children_0_5", "Børn 0–5 år", "Children aged 0–5", "persons", True),
    ("children_0_5_in_daycare", "Børn 0–5 år i dagtilbud", "Children aged 0–5 in daycare", "persons", True),
    ("pupils_9th_grade", "Elever i 9. klasse", "Pupils in 9th grade", "persons", True),
    (
        "pupils_9th_grade_passed",
        "Elever i 9. klasse, der har bestået afgangsprøven",
        "Pupils in 9th grade who passed the leaving examination",
        "persons",
        True,
    ),
    ("moved_in_18_64", "Tilflyttere 18–64 år", "People aged 18–64 moving in", "persons", True),
    (
        "moved_in_employed_18_64",
        "Tilflyttere 18–64 år i beskæftigelse",
        "People aged 18–64 moving in who are employed",
        "persons",
        True,
    ),
    ("gang_related_charges", "Sigtelser med relation til bander", "Gang-related charges", "number", False),
    ("safety_survey_respondents", "Besvarelser i tryghedsmålingen", "Respondents to the safety survey", "persons", True),
    (
        "safety_survey_feel_safe",
        "Besvarelser i tryghedsmålingen, der føler sig trygge",
        "Safety survey respondents who feel safe",
        "persons",
        True,
    ),
]

D = Decimal
# (group, minimum met in the group, criterion code, measure, comparison, threshold, years averaged)
RULE_SETS = {
    "2010": {
        "name": "Ghettolisten 2010–2012",
        "scheme": "ghetto_2010",
        "first": 2010,
        "last": 2012,
        "legal_basis": "Almenboligloven § 61 a som affattet i 2010 (ghettoområde: mindst 2 af 3 kriterier)",
        "criteria": [
            ("ghetto", 2, "non_western", "pct_non_western", "gt", D("50"), 1),
            ("ghetto", 2, "outside_work_education", "pct_outside_work_education", "gt", D("40"), 4),
            # More than 270 convicted per 10,000 residents aged 18 and over = more than 2.70 %.
            ("ghetto", 2, "convicted", "pct_convicted", "gt", D("2.70"), 4),
        ],
    },
    "2013": {
        "name": "Ghettolisten 2013–2017",
        "scheme": "ghetto_2013",
        "first": 2013,
        "last": 2017,
        "legal_basis": "Almenboligloven § 61 a som affattet i 2013 (ghettoområde: mindst 3 af 5 kriterier)",
        "criteria": [
            ("ghetto", 3, "outside_work_education", "pct_outside_work_education", "gt", D("40"), 2),
            ("ghetto", 3, "non_western", "pct_non_western", "gt", D("50"), 1),
            ("ghetto", 3, "convicted", "pct_convicted", "gt", D("2.70"), 2),
            ("ghetto", 3, "basic_education", "pct_basic_or_unknown", "gt", D("50"), 1),
            ("ghetto", 3, "income", "pct_income_region", "lt", D("55"), 1),
        ],
    },
    "2018": {
        "name": "Udsatte boligområder og ghettoområder 2018–2020",
        "scheme": "udsat_2018",
        "first": 2018,
        "last": 2020,
        "legal_basis": "Almenboligloven § 61 a som affattet i 2018",
        "criteria": [
            ("udsat", 2, "outside_work_education", "pct_outside_work_education", "gt", D("40"), 2),
            ("udsat", 2, "convicted", "ratio_convicted_national", "gte", D("3"), 2),
            ("udsat", 2, "basic_education", "pct_basic_only", "gt", D("60"), 1),
            ("udsat", 2, "income", "pct_income_region", "lt", D("55"), 1),
            ("non_western", 1, "non_western", "pct_non_western", "gt", D("50"), 1),
        ],
    },
    "2021": {
        "name": "Udsatte boligområder, parallelsamfund, omdannelses- og forebyggelsesområder fra 2021",
        "scheme": "udsat_2021",
        "first": 2021,
        "last": None,
        "legal_basis": "Almenboligloven §§ 61 a og 61 b som affattet i 2021",
        "criteria": [
            ("udsat", 2, "outside_work_education", "pct_outside_work_education", "gt", D("40"), 2),
            ("udsat", 2, "convicted", "ratio_convicted_national", "gte", D("3"), 2),
            ("udsat", 2, "basic_education", "pct_basic_only", "gt", D("60"), 1),
            ("udsat", 2, "income", "pct_income_region", "lt", D("55"), 1),
            ("non_western", 1, "non_western", "pct_non_western", "gt", D("50"), 1),
            ("prevention", 2, "outside_work_education", "pct_outside_work_education", "gt", D("30"), 2),
            ("prevention", 2, "convicted", "ratio_convicted_national", "gte", D("2"), 2),
            ("prevention", 2, "basic_education", "pct_basic_only", "gt", D("60"), 1),
            ("prevention", 2, "income", "pct_income_region", "lt", D("65"), 1),
            ("prevention_non_western", 1, "non_western", "pct_non_western", "gt", D("30"), 1),
        ],
    },
}


def create(apps, schema_editor):
    Variable = apps.get_model("strategy", "Variable")
    RuleSet = apps.get_model("strategy", "RuleSet")
    RuleCriterion = apps.get_model("strategy", "RuleCriterion")
    for code, name_da, name_en, unit, is_count in VARIABLES:
        Variable.objects.update_or_create(
            code=code,
            defaults={
                "name_da": name_da,
                "name_en": name_en,
                "unit": unit,
                "is_person_count": is_count,
                "is_builtin": True,
            },
        )
    for code, spec in RULE_SETS.items():
        rule_set, _ = RuleSet.objects.update_or_create(
            code=code,
            defaults={
                "name": spec["name"],
                "scheme": spec["scheme"],
                "first_list_year": spec["first"],
                "last_list_year": spec["last"],
                "legal_basis": spec["legal_basis"],
                "min_residents": 1000,
                "streak_years": 5,
            },
        )
        for group, minimum, criterion, measure, comparison, threshold, years in spec["criteria"]:
            RuleCriterion.objects.update_or_create(
                rule_set=rule_set,
                group=group,
                code=criterion,
                defaults={
                    "measure": measure,
                    "comparison": comparison,
                    "threshold": threshold,
                    "years_averaged": years,
                    "group_minimum": minimum,
                },
            )


class Migration(migrations.Migration):
    dependencies = [("strategy", "0003_statistics_and_criteria")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
