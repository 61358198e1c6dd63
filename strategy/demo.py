"""The demo's strategy: "Bagsværd i social balance" as the source presentation words it, the example baselines and
target values of the shipped indicators, and the synthetic example statistics (``demo_statistics``).

Idempotent: everything is looked up by its natural key and written through the services, so a second run
changes nothing (and records no history). Wording the source does not give (the five principles' text, the
links between moves, targets and principles) is marked as example wording in the data itself. The whole demo is
loaded by ``manage.py load_demo`` (the project's command), which calls these.
"""

import datetime
from decimal import Decimal

from .demo_statistics import EXAMPLE_FILE_NAME, ensure_demo_areas, example_statistics_csv
from .models import (
    Area,
    IndicatorDefinition,
    MainMove,
    Move,
    OpeningMove,
    Perspective,
    Principle,
    StatisticsImport,
    Strategy,
    StrategyPlan,
    Target,
    Vision,
)
from .services import create_strategy_object, update_strategy_object, upsert_plan
from .services.indicators import save_indicator_definition
from .services.statistics import ImportReport, import_statistics

# Example baselines (2018) and target values (by 2030) for the shipped indicators: (code, target number,
# baseline, target value). Invented for the demo, like the statistics they are measured on.
EXAMPLE_INDICATOR_TARGETS = [
    ("passed_9th_grade_share", 1, Decimal("78"), Decimal("90")),
    ("daycare_share_0_5", 1, Decimal("82"), Decimal("92")),
    ("education_or_work_15_29", 2, Decimal("82"), Decimal("95")),
    ("employed_share_moving_in", 3, Decimal("58"), Decimal("70")),
    ("convicted_relative_to_national", 4, Decimal("3.2"), Decimal("1.5")),
    ("feel_safe_share", 4, Decimal("65"), Decimal("85")),
]

VISION = (
    "”Alle bydele skal være i social balance. De skal være attraktive, velfungerende og fri for "
    "bandekriminalitet. Det sted, man vokser op, må ikke i sig selv være begrænsende for muligheden for at "
    "leve et selvstændigt, aktivt, sundt og ansvarligt liv”"
)

# The four pejlemærker, word for word as in the presentation.
TARGETS = [
    "Alle børn og unge i Værebro Park har gode fremtidsmuligheder",
    "Alle borgere under 30 år i Værebro Park er i uddannelse eller beskæftigelse",
    "Værebro Park tiltrækker og fastholder ressourcestærke beboere",
    "Værebro Park er fri for bande kriminalitet",
]

EXAMPLE_NOTE = (
    "Eksempelformulering i demodata – præsentationen nævner de fem principper uden at gengive dem. "
    "Erstattes af planlæggernes egen formulering."
)
PRINCIPLES = [
    ("Ligeværdighed mellem perspektiver og aktører", "Udefra, indefra, oppefra og nedefra mødes som ligeværdige."),
    ("Værebro Park kobles sammen med bydelen", "Sociale, organisatoriske og fysiske mulighedsrum bygger bro."),
    ("Behov + behov = løsning", "Indsatser bygger på fælles behov, så flere ser en fordel i at deltage."),
    ("Afprøv 1:1 tidligt", "Komplekse strategier omsættes tidligt til konkrete, nærværende tiltag."),
    ("Kernedriften arbejder bystrategisk", "Planer og indsatser drejes, så de understøtter hovedgrebet."),
]

STRATEGIES = {
    Strategy.Kind.PHYSICAL: {
        "title": "Den fysiske strategi",
        "quote": "",
        "moves": [("Forandre", ""), ("Forbinde", ""), ("Forvandle", "")],
    },
    Strategy.Kind.SOCIAL: {
        "title": "Den sociale strategi",
        "quote": "”Attraktive byrum handler om mangfoldighed og sammenhængskraft” – Helle Juul, specialist i byrum",
        "moves": [
            ("Mangfoldige (by)rum", "Mødesteder på tværs"),
            ("Spejlingsmuligheder", "Inspiration"),
            ("Valgmuligheder", "Chancelighed"),
        ],
    },
    Strategy.Kind.ORGANISATIONAL: {
        "title": "Den organisatoriske strategi",
        "quote": "",
        "moves": [
            ("Arbejde på tværs", "Udvikling og styrkelse af tværgående fora"),
            ("Tænke (by)strategisk", "Styrkelse af strategisk ledelse og strategiske kompetencer i kernedriften"),
            ("Agere fleksibelt", "GLX's og DABs roller og positioner i forskellige projekter – de fire modeller"),
        ],
    },
}

# Example links (the presentation does not draw them): (strategy kind, move number) -> targets, principles,
# perspectives.
EXAMPLE_LINKS = {
    (Strategy.Kind.PHYSICAL, 2): ([3], [2], ["udefra", "oppefra"]),
    (Strategy.Kind.SOCIAL, 1): ([1, 3], [1, 2], ["indefra", "nedefra"]),
    (Strategy.Kind.SOCIAL, 3): ([1, 2], [3], ["nedefra"]),
    (Strategy.Kind.ORGANISATIONAL, 1): ([2, 4], [1, 5], ["oppefra", "indefra"]),
    (Strategy.Kind.ORGANISATIONAL, 2): ([4], [5], ["oppefra"]),
}

PLAN_SUMMARY = (
    "Strategien for Værebro Park og Bagsværd: fra potentielle mulighedsrum over fem principper, tre strategier "
    "og et hovedgreb til sociale mødesteder, pejlemærker og social balance. Demodata: vision, pejlemærker, "
    "strategier, greb og hovedgreb er gengivet fra præsentationen; princippernes tekst og koblingerne mellem greb, "
    "pejlemærker og principper er eksempler."
)

MAIN_MOVE = {
    "title": "Fra Vadstrupvej til Bindeleddet",
    "description": (
        "Griber udfordringer og potentialer og opfylder vision og mål i en overbevisende ide, som nøgleaktørerne "
        "kan se sig selv i og vil spille aktivt ind i."
    ),
}
OPENING_MOVE = {"title": "Hængslet", "place": "Hængslet", "description": "Her ligger åbningstrækket."}


def _upsert(model, lookup: dict, *, parent, data: dict, create_only: dict | None = None):
    existing = model.objects.filter(**lookup).first()
    if existing is None:
        return create_strategy_object(model=model, parent=parent, data={**data, **(create_only or {})}, by=None)
    return update_strategy_object(obj=existing, data=data, by=None)


def load_strategy_demo() -> StrategyPlan:
    """The plan as the presentation words it: areas, vision, targets, the principles (example wording), the three
    strategies and their moves, the main move and the opening move. Idempotent."""
    ensure_demo_areas()
    estate = Area.objects.get(code="159-vaerebro-park")

    plan = upsert_plan(slug="bagsvaerd", title="Bagsværd i social balance", summary=PLAN_SUMMARY, area=estate)

    vision = plan.visions.filter(is_active=True).first()
    if vision is None:
        create_strategy_object(model=Vision, parent=plan, data={"statement": VISION}, by=None)
    else:
        update_strategy_object(obj=vision, data={"statement": VISION}, by=None)

    targets = {}
    for number, title in enumerate(TARGETS, start=1):
        targets[number] = _upsert(
            Target, {"plan": plan, "number": number}, parent=plan, data={"number": number, "title": title}
        )
    principles = {}
    for number, (title, text) in enumerate(PRINCIPLES, start=1):
        data = {
            "number": number,
            "title": title,
            "description": f"{text}\n\n{EXAMPLE_NOTE}",
            "is_example_wording": True,
        }
        principles[number] = _upsert(Principle, {"plan": plan, "number": number}, parent=plan, data=data)

    perspectives = {p.code: p for p in Perspective.objects.all()}
    moves = {}
    for kind, spec in STRATEGIES.items():
        strategy = _upsert(
            Strategy,
            {"plan": plan, "kind": kind},
            parent=plan,
            data={"title": spec["title"], "quote": spec["quote"]},
            create_only={"kind": kind},
        )
        for number, (title, text) in enumerate(spec["moves"], start=1):
            target_numbers, principle_numbers, perspective_codes = EXAMPLE_LINKS.get((kind, number), ([], [], []))
            data = {
                "number": number,
                "title": title,
                "description": text,
                "targets": [targets[n] for n in target_numbers],
                "principles": [principles[n] for n in principle_numbers],
                "perspectives": [perspectives[c] for c in perspective_codes],
            }
            moves[(kind, number)] = _upsert(Move, {"strategy": strategy, "number": number}, parent=strategy, data=data)

    main_move = _upsert(
        MainMove,
        {"plan": plan},
        parent=plan,
        data={
            **MAIN_MOVE,
            "moves": [moves[(Strategy.Kind.PHYSICAL, 2)], moves[(Strategy.Kind.SOCIAL, 1)]],
            "targets": [targets[2], targets[3]],
        },
    )
    _upsert(
        OpeningMove,
        {"main_move": main_move, "title": OPENING_MOVE["title"]},
        parent=main_move,
        data=OPENING_MOVE,
    )
    return plan


def link_example_indicators(plan: StrategyPlan) -> None:
    """Link the shipped indicator definitions to the demo's targets, with example baselines and targets."""
    estate = Area.objects.get(code="159-vaerebro-park")
    for code, number, baseline, target_value in EXAMPLE_INDICATOR_TARGETS:
        definition = IndicatorDefinition.objects.filter(code=code).first()
        if definition is None:
            continue
        save_indicator_definition(
            definition=definition,
            data={
                "target": plan.targets.get(number=number),
                "area": estate,
                "baseline_year": 2018,
                "baseline_value": baseline,
                "target_value": target_value,
                "deadline": datetime.date(2030, 12, 31),
            },
            by=None,
        )


def load_example_statistics() -> ImportReport:
    """Import the synthetic figures through the ordinary importer; its commit schedules the recompute."""
    report = import_statistics(data=example_statistics_csv(), file_name=EXAMPLE_FILE_NAME, by=None)
    if report.statistics_import is not None:
        StatisticsImport.objects.filter(pk=report.statistics_import.pk).update(is_example=True)
    return report
