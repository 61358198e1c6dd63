"""Indicator definitions for the four targets (pejlemærker), shipped as data planners can change.

Baselines, target values and deadlines are the planners' to set; the definitions here carry only the formula.
"""

from django.db import migrations

SHARE_CONVICTED = "100 * convicted_18_plus / residents_18_plus"

# code, Danish name, English name, unit, direction, formula
INDICATORS = [
    (
        "passed_9th_grade_share",
        "Andel af 9.-klasseelever, der består afgangsprøven",
        "Share of 9th-graders who pass the leaving examination",
        "%",
        "higher",
        "100 * pupils_9th_grade_passed / pupils_9th_grade",
    ),
    (
        "daycare_share_0_5",
        "Andel af 0–5-årige i dagtilbud",
        "Share of children aged 0–5 in daycare",
        "%",
        "higher",
        "100 * children_0_5_in_daycare / children_0_5",
    ),
    (
        "education_or_work_15_29",
        "Andel af 15–29-årige i uddannelse eller beskæftigelse",
        "Share of 15–29-year-olds in education or work",
        "%",
        "higher",
        "100 * (residents_15_29 - neet_15_29) / residents_15_29",
    ),
    (
        "employed_share_moving_in",
        "Andel i beskæftigelse blandt tilflyttere 18–64 år",
        "Share employed among people aged 18–64 moving in",
        "%",
        "higher",
        "100 * moved_in_employed_18_64 / moved_in_18_64",
    ),
    (
        "convicted_relative_to_national",
        "Andel dømte i forhold til landsgennemsnittet (2-årigt gennemsnit)",
        "Share convicted relative to the national average (2-year average)",
        "×",
        "lower",
        f"average({SHARE_CONVICTED}, 2) / ancestor(country, average({SHARE_CONVICTED}, 2))",
    ),
    (
        "feel_safe_share",
        "Andel, der føler sig trygge",
        "Share who feel safe",
        "%",
        "higher",
        "100 * safety_survey_feel_safe / safety_survey_respondents",
    ),
]


def create(apps, schema_editor):
    IndicatorDefinition = apps.get_model("strategy", "IndicatorDefinition")
    for code, name_da, name_en, unit, direction, formula in INDICATORS:
        IndicatorDefinition.objects.get_or_create(
            code=code,
            defaults={"name_da": name_da, "name_en": name_en, "unit": unit, "direction": direction, "formula": formula},
        )


class Migration(migrations.Migration):
    dependencies = [("strategy", "0005_import_is_example")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
