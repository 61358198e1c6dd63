"""Synthetic example statistics for the demo: invented, deterministic figures, labelled as examples everywhere.

None of these numbers is official. They are shaped so the demo shows something: Værebro Park and Høje Gladsaxe
cross some thresholds in some years and improve later; the country's and region's figures are round,
plausible orders of magnitude. They are imported through the ordinary importer (so they carry an import
record marked ``is_example``), then the recompute runs.
"""

import csv
import io
import random

from .services.plan import upsert_area

FIRST_YEAR, LAST_YEAR = 2012, 2025
EXAMPLE_FILE_NAME = "syntetiske-eksempeltal-demo.csv"

# code, name, kind, parent code
DEMO_AREAS = [
    ("DK", "Danmark", "country", None),
    ("1084", "Region Hovedstaden", "region", "DK"),
    ("159", "Gladsaxe Kommune", "municipality", "1084"),
    ("159-bagsvaerd", "Bagsværd", "district", "159"),
    ("159-morkhoj", "Mørkhøj", "district", "159"),
    ("159-vaerebro-park", "Værebro Park", "housing_area", "159-bagsvaerd"),
    ("159-hoeje-gladsaxe", "Høje Gladsaxe", "housing_area", "159"),
]

# Rough sizes (residents) for each area; everything else is derived as shares of these.
SIZE = {
    "DK": 5_900_000,
    "1084": 1_880_000,
    "159": 70_000,
    "159-bagsvaerd": 16_000,
    "159-morkhoj": 9_000,
    "159-vaerebro-park": 2_900,
    "159-hoeje-gladsaxe": 2_300,
}
# Shares per area at the start (2012) and the end (2025): (outside work %, convicted %, basic only %,
# income % of the region's, non-western %); the years between move linearly, with a little noise.
PROFILE = {
    "DK": ((19, 1.0, 22, 92, 9), (16, 0.8, 18, 93, 10)),
    "1084": ((18, 1.1, 20, 100, 12), (15, 0.9, 17, 100, 13)),
    "159": ((17, 0.9, 19, 105, 14), (14, 0.8, 16, 104, 15)),
    "159-bagsvaerd": ((19, 1.0, 22, 98, 16), (16, 0.9, 18, 99, 16)),
    "159-morkhoj": ((15, 0.7, 18, 110, 11), (13, 0.6, 16, 109, 12)),
    "159-vaerebro-park": ((44, 3.4, 63, 52, 58), (33, 1.9, 52, 63, 49)),
    "159-hoeje-gladsaxe": ((41, 2.6, 58, 56, 55), (36, 2.2, 55, 60, 53)),
}
NATIONAL_INCOME = 330_000


def _rows() -> list[tuple[str, int, str, str]]:
    rng = random.Random(2026)  # noqa: S311 - example figures, not security
    rows = []
    for code, size in SIZE.items():
        start, end = PROFILE[code]
        for year in range(FIRST_YEAR, LAST_YEAR + 1):
            t = (year - FIRST_YEAR) / (LAST_YEAR - FIRST_YEAR)
            outside, convicted, basic, income, non_western = (
                a + (b - a) * t + rng.uniform(-0.6, 0.6) * (0.3 if i in (1,) else 1)
                for i, (a, b) in enumerate(zip(start, end, strict=True))
            )
            residents = round(size * (1 + rng.uniform(-0.01, 0.01)))
            r18_64 = round(residents * 0.62)
            r18_plus = round(residents * 0.78)
            r30_59 = round(residents * 0.40)
            r15_29 = round(residents * 0.21)
            children = round(residents * 0.08)
            pupils = max(5, round(residents * 0.012))
            moved_in = max(5, round(residents * 0.07))
            respondents = max(5, round(residents * 0.05))
            region_income = NATIONAL_INCOME * 1.08
            values = {
                "residents": residents,
                "residents_18_64": r18_64,
                "outside_work_education_18_64": round(r18_64 * outside / 100, 1),
                "residents_18_plus": r18_plus,
                "convicted_18_plus": round(r18_plus * convicted / 100),
                "residents_30_59": r30_59,
                "basic_education_only_30_59": round(r30_59 * basic / 100),
                "basic_or_unknown_education_30_59": round(r30_59 * (basic + 3) / 100),
                "avg_gross_income_15_64_excl_students": round(region_income * income / 100, -2),
                "non_western_immigrants_descendants": round(residents * non_western / 100),
                "residents_15_29": r15_29,
                "neet_15_29": round(r15_29 * (outside / 100) * 0.45),
                "children_0_5": children,
                "children_0_5_in_daycare": round(children * min(0.97, 0.70 + (100 - outside) / 400)),
                "pupils_9th_grade": pupils,
                "pupils_9th_grade_passed": round(pupils * min(0.98, 0.55 + (100 - basic) / 200)),
                "moved_in_18_64": moved_in,
                "moved_in_employed_18_64": round(moved_in * min(0.95, (100 - outside) / 100)),
                "gang_related_charges": round(residents * convicted / 1000),
                "safety_survey_respondents": respondents,
                "safety_survey_feel_safe": round(respondents * min(0.97, 0.98 - convicted / 10)),
            }
            rows.extend((code, year, variable, str(value)) for variable, value in values.items())
    return rows


def example_statistics_csv() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["area_code", "year", "variable", "value"])
    writer.writerows(_rows())
    return out.getvalue().encode()


def ensure_demo_areas() -> None:
    areas = {}
    for code, name, kind, parent in DEMO_AREAS:
        areas[code] = upsert_area(code=code, name=name, kind=kind, parent=areas.get(parent))
