"""Load the demo: the strategy "Bagsværd i social balance" as the source presentation words it.

Idempotent: everything is looked up by its natural key and written through the services, so a second run
changes nothing (and records no history). Wording the source does not give (the five principles' text, the
links between moves, targets and principles) is marked as example wording in the data itself.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from governance.demo import load_governance_demo
from governance.models import Organisation, Role
from governance.services import upsert_organisation, upsert_user_with_role
from opportunities.demo import load_opportunity_demo
from strategy.demo_statistics import EXAMPLE_FILE_NAME, ensure_demo_areas, example_statistics_csv
from strategy.models import (
    Area,
    IndicatorDefinition,
    MainMove,
    Move,
    OpeningMove,
    Perspective,
    Principle,
    StatisticsImport,
    Strategy,
    Target,
    Vision,
)
from strategy.services import create_strategy_object, update_strategy_object, upsert_plan
from strategy.services.indicators import save_indicator_definition
from strategy.services.statistics import import_statistics

DEMO_PASSWORD = "bagsvaerd-demo-2026"

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

ORGANISATIONS = [
    ("gladsaxe", "Gladsaxe Kommune", Organisation.Kind.MUNICIPALITY),
    ("gab", "GAB – Gladsaxe Almennyttige Boligselskab", Organisation.Kind.HOUSING_ASSOCIATION),
    ("dab", "DAB – Danmarks Almene Boliger", Organisation.Kind.ADMINISTRATOR),
    ("afdelingsbestyrelsen", "Afdelingsbestyrelsen i Værebro Park", Organisation.Kind.RESIDENTS_BOARD),
]

# username, first name, last name, organisation slug, role
USERS = [
    ("planlaegger", "Pia", "Planlægger (demo)", "gladsaxe", Role.PLANNER),
    ("styregruppe", "Søren", "Styregruppemedlem (demo)", "gladsaxe", Role.STEERING_MEMBER),
    ("gab", "Gitte", "Boligsocial medarbejder (demo)", "gab", Role.HOUSING_STAFF),
    ("dab", "Dan", "Administrationsmedarbejder (demo)", "dab", Role.HOUSING_STAFF),
    ("admin", "Anne", "Administrator (demo)", "gladsaxe", Role.ADMINISTRATOR),
]


def _upsert(model, lookup: dict, *, parent, data: dict, create_only: dict | None = None):
    existing = model.objects.filter(**lookup).first()
    if existing is None:
        return create_strategy_object(model=model, parent=parent, data={**data, **(create_only or {})}, by=None)
    return update_strategy_object(obj=existing, data=data, by=None)


class Command(BaseCommand):
    help = "Load the demo strategy 'Bagsværd i social balance', its organisations and one demo user per role."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="Load even with DEBUG off (the demo users have a published password).",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["allow_without_debug"]:
            raise CommandError(
                "load_demo creates users with a published password; it runs only with DEBUG=true "
                "(or --allow-without-debug on a machine nobody else can reach)."
            )
        with transaction.atomic():
            plan = self._load_strategy()
            self._load_people()
            self._link_indicators(plan)
            opportunities = load_opportunity_demo(
                plan=plan, organisations={org.slug: org for org in Organisation.objects.all()}
            )
            governance = load_governance_demo(
                plan=plan, organisations={org.slug: org for org in Organisation.objects.all()}
            )
        statistics = self._load_example_statistics()
        self.stdout.write(self.style.SUCCESS(f"Demo loaded: «{plan.title}»."))
        self.stdout.write(
            f"Synthetic example statistics ({statistics.created} new, {statistics.updated} changed values) – "
            "invented for the demo, not official figures."
        )
        self.stdout.write(
            f"Example opportunity spaces ({opportunities['spaces']} spaces, {opportunities['activities']} activities, "
            f"{opportunities['needs_and_offers']} needs and offers) – invented for the demo."
        )
        self.stdout.write(
            f"Governance: the presentation's obstacles and potentials ({governance['risks']}) and recommendations "
            f"({governance['recommendations']}) word for word, the projects and core operations it names "
            f"({governance['projects']}); people ({governance['people']}), meetings ({governance['meetings']}), "
            f"decisions ({governance['decisions']}), scores, owners, dates and status are examples invented for the "
            "demo."
        )
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        names = {slug: name for slug, name, _kind in ORGANISATIONS}
        for username, _first, _last, org, role in USERS:
            self.stdout.write(f"  {username:<12} {Role(role).label} – {names[org]}")

    def _load_strategy(self):
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
                moves[(kind, number)] = _upsert(
                    Move, {"strategy": strategy, "number": number}, parent=strategy, data=data
                )

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

    def _load_example_statistics(self):
        """Import the synthetic figures through the ordinary importer; its commit schedules the recompute."""
        report = import_statistics(data=example_statistics_csv(), file_name=EXAMPLE_FILE_NAME, by=None)
        if report.statistics_import is not None:
            StatisticsImport.objects.filter(pk=report.statistics_import.pk).update(is_example=True)
        return report

    def _link_indicators(self, plan):
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

    def _load_people(self):
        organisations = {
            slug: upsert_organisation(slug=slug, name=name, kind=kind) for slug, name, kind in ORGANISATIONS
        }
        for username, first, last, org, role in USERS:
            upsert_user_with_role(
                username=username,
                password=DEMO_PASSWORD,
                organisation=organisations[org],
                role=role,
                first_name=first,
                last_name=last,
            )
