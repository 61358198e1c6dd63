"""Example opportunity spaces, activity logs, needs and offers for the demo (``manage.py load_demo``).

Everything here is invented for the demo and says so: spaces and needs/offers are ``is_example``, their
descriptions end with "Eksempeldata: …", the collaboration models are example wording. The presentation names
only two opportunity spaces ("Iværksættermiljø i Værebro Park", "Nordisk mytologi i Værebro Park"); their stages,
activities and attendance are examples too.

All writes go through the services (``by=None``: the system), so every space has a stage history and an audit
trail. Dates lie in the two years before ``today`` and are generated from fixed seeds, so a given ``today`` always
gives the same data. Idempotent: a space, need or offer that already exists (same plan, title and organisation) is
left as it is, with its log, so a second run adds nothing.
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from base.models import CollaborationModel, Organisation
from base.services.accounts import upsert_organisation
from strategy.models import Move, Perspective, StrategyPlan

from .models import (
    ALLOWED_TRANSITIONS,
    Activity,
    AttendanceCount,
    MeetingPlaceScore,
    NeedOrOffer,
    OpportunitySpace,
    Stage,
)
from .services import change_stage, create_space, log_activity, recompute_meeting_place_index, save_need_or_offer

SEED = "bagsvaerd-demo"
NOTE = "Eksempeldata: opdigtet til demoen – stadier, aktiviteter og fremmøde er ikke virkelige tal."
NOTE_NEEDS = "Eksempeldata: opdigtet behov eller tilbud til demoen."
ACTIVITY_NOTE = "Eksempeldata: opdigtet aktivitet og fremmøde til demoen."

# Organisations the demo adds to those of load_demo: clearly fictional.
EXAMPLE_ORGANISATIONS = [
    ("eksempel-virksomhed", "Eksempel-virksomhed ApS", Organisation.Kind.COMPANY),
    ("vaerebro-park-if", "Værebro Park Idrætsforening (eksempel)", Organisation.Kind.ASSOCIATION),
]

MODELS_NOTE = (
    "Eksempelformulering i demodata – præsentationen nævner kun «GLX's og DAB's roller og positioner i "
    "forskellige projekter – de fire modeller» uden at beskrive dem. Erstattes af partnerskabets egne modeller."
)
COLLABORATION_MODELS = [
    ("Model 1 (eksempel): Boligorganisationen driver", "Boligorganisationen ejer og driver; kommunen støtter."),
    ("Model 2 (eksempel): Kommunen driver", "Kommunen ejer og driver; boligorganisationen bidrager."),
    ("Model 3 (eksempel): Fælles drift i partnerskab", "Kommune og boligorganisation driver sammen med fælles mål."),
    ("Model 4 (eksempel): Vært for andres initiativ", "Boligorganisationen lægger rum til foreninger og virksomheder."),
]

# Where people came from, per kind of activity: relative weights per group, and the share of participants whose
# group was recorded (the rest were "not recorded"). Dimensions left out were not recorded at all.
PROFILES: dict[str, dict[str, tuple[dict[str, float], float]]] = {
    # Across age, gender, residence, culture and occupation: qualifies as a social meeting place.
    "diverse": {
        "age": ({"0_12": 2, "13_17": 1.5, "18_29": 1.5, "30_49": 2.2, "50_64": 1.6, "65_plus": 1.3}, 1.0),
        "gender": ({"women": 1.1, "men": 1, "other": 0.03}, 1.0),
        "residence": ({"estate": 3, "neighbourhood": 2, "municipality": 1.2, "outside": 0.5}, 0.9),
        "culture": ({"danish": 1.4, "western": 0.5, "non_western": 1.8}, 0.7),
        "occupation": ({"working": 2, "studying": 2, "outside": 1, "retired": 1.1}, 0.6),
    },
    "adults": {
        "age": ({"18_29": 3, "30_49": 4, "50_64": 2, "65_plus": 0.4}, 1.0),
        "gender": ({"women": 0.9, "men": 1}, 1.0),
        "residence": ({"estate": 2.5, "neighbourhood": 1.5, "municipality": 1.5, "outside": 1}, 0.9),
        "culture": ({"danish": 1, "western": 0.4, "non_western": 1.6}, 0.8),
        "occupation": ({"working": 2, "studying": 1.2, "outside": 2, "retired": 0.2}, 0.9),
    },
    # Only the required dimensions recorded (culture and occupation left out).
    "mixed_without_optional": {
        "age": ({"0_12": 0.5, "13_17": 0.5, "18_29": 1, "30_49": 2, "50_64": 2.5, "65_plus": 3}, 1.0),
        "gender": ({"women": 1.6, "men": 1}, 1.0),
        "residence": ({"estate": 2, "neighbourhood": 2, "municipality": 0.6, "outside": 0.2}, 0.9),
    },
    # Dominated by one group: do not qualify.
    "children": {
        "age": ({"0_12": 6, "13_17": 4, "18_29": 0.3}, 1.0),
        "gender": ({"women": 1.1, "men": 1}, 1.0),
        "residence": ({"estate": 12, "neighbourhood": 1}, 1.0),
        "culture": ({"danish": 1, "non_western": 8}, 0.5),
    },
    "girls": {
        "age": ({"0_12": 3, "13_17": 6}, 1.0),
        "gender": ({"women": 20, "men": 0.3}, 1.0),
        "residence": ({"estate": 6, "neighbourhood": 2}, 1.0),
    },
    "professionals": {
        "age": ({"30_49": 3, "50_64": 2}, 1.0),
        "gender": ({"women": 1.5, "men": 1}, 1.0),
        "residence": ({"municipality": 1, "outside": 4}, 1.0),
        "occupation": ({"working": 1}, 1.0),
    },
    "young_jobseekers": {
        "age": ({"13_17": 1.5, "18_29": 8, "30_49": 0.5}, 1.0),
        "gender": ({"women": 0.8, "men": 1}, 1.0),
        "residence": ({"estate": 6, "neighbourhood": 1}, 0.9),
        "occupation": ({"working": 0.5, "studying": 2, "outside": 4}, 0.9),
    },
    "older_men": {
        "age": ({"50_64": 2, "65_plus": 5}, 1.0),
        "gender": ({"women": 1, "men": 6}, 1.0),
        "residence": ({"estate": 4, "neighbourhood": 1}, 1.0),
    },
}

SOURCE_ENTREPRENEURS = (
    "Præsentationen nævner «Iværksættermiljø i Værebro Park – et eksempel på et mulighedsrum» og peger på "
    "«rum til at nye aktører kan være med til at formulere og gribe mulighedsrum. Der ligger en stærk kraft her "
    "(eksempel Iværksætter, og samarbejde med Novo Nordisk)»."
)
SOURCE_MYTHOLOGY = (
    "Præsentationen nævner «Nordisk mytologi i Værebro Park» som eksempel på et mulighedsrum og henviser til "
    "TV 2 Lorrys indslag «Nordisk mytologi i Værebroparken» fra 20. marts 2018."
)

# One dict per space. "stages": (stage, days before today, reason) after the idea; "log": (first and last activity
# in days before today, days between, (fewest, most) participants, profile, titles). "stale": the space has not been
# updated since its last event (which lies more than 8 weeks back).
SPACES: list[dict] = [
    {
        "title": "Iværksættermiljø i Værebro Park",
        "source": SOURCE_ENTREPRENEURS,
        "kind": "organisational",
        "owner": "gab",
        "partners": ["eksempel-virksomhed", "gladsaxe"],
        "idea": 690,
        "stages": [("clarification", 620, ""), ("pilot", 520, ""), ("operating", 330, "")],
        "place": (Decimal("55.77055"), Decimal("12.44890")),
        "links": {"principles": [3, 4], "moves": [("social", 3), ("organisational", 1)], "targets": [2, 3]},
        "perspectives": ["indefra", "nedefra", "udefra"],
        "model": 3,
        "confidence": 4,
        "log": (500, 5, 21, (12, 30), "adults", ["Iværksættercafé", "Workshop om forretningsplan", "Netværksmøde"]),
    },
    {
        "title": "Nordisk mytologi i Værebro Park",
        "source": SOURCE_MYTHOLOGY,
        "kind": "social",
        "owner": "afdelingsbestyrelsen",
        "partners": ["gab"],
        "idea": 720,
        "stages": [("clarification", 680, ""), ("pilot", 600, ""), ("operating", 450, ""), ("anchored", 120, "")],
        "place": (Decimal("55.76940"), Decimal("12.44620")),
        "links": {"principles": [1, 2], "moves": [("social", 1), ("social", 2)], "targets": [1]},
        "perspectives": ["nedefra", "indefra"],
        "model": 4,
        "confidence": 5,
        "log": (590, 10, 30, (15, 60), "diverse", ["Fortælleaften", "Rollespil i parken", "Sagnvandring"]),
    },
    {
        "title": "Lektiecafé i fælleshuset",
        "description": "Hjælp til lektier to eftermiddage om ugen for børn og unge i Værebro Park.",
        "kind": "social",
        "owner": "gab",
        "partners": ["gladsaxe"],
        "idea": 400,
        "stages": [("clarification", 360, ""), ("pilot", 300, ""), ("operating", 200, "")],
        "place": (Decimal("55.77110"), Decimal("12.44700")),
        "links": {"moves": [("social", 3)], "targets": [1]},
        "perspectives": ["indefra"],
        "model": 1,
        "confidence": 4,
        "log": (290, 3, 14, (8, 20), "children", ["Lektiecafé", "Lektiecafé med eksamenstræning"]),
    },
    {
        "title": "Fællesspisning på tværs",
        "description": "Fællesspisning en gang om måneden, hvor beboere og naboer fra bydelen laver mad sammen.",
        "kind": "social",
        "owner": "afdelingsbestyrelsen",
        "partners": ["dab", "vaerebro-park-if"],
        "idea": 560,
        "stages": [("clarification", 540, ""), ("pilot", 500, ""), ("operating", 420, "")],
        "place": (Decimal("55.77090"), Decimal("12.44560")),
        "links": {"principles": [1, 3], "moves": [("social", 1)], "targets": [3]},
        "perspectives": ["nedefra"],
        "model": 4,
        "confidence": 4,
        "log": (400, 2, 28, (25, 70), "diverse", ["Fællesspisning", "Fællesspisning med madbod"]),
    },
    {
        "title": "Gåfællesskab langs Vadstrupvej",
        "description": "Ugentlige gåture fra Værebro Park langs Vadstrupvej og ud i bydelen.",
        "kind": "social",
        "owner": "vaerebro-park-if",
        "partners": [],
        "idea": 300,
        "stages": [("clarification", 280, ""), ("pilot", 220, "")],
        "place": (Decimal("55.77280"), Decimal("12.45150")),
        "links": {"moves": [("physical", 2), ("social", 1)], "targets": [3]},
        "main_move": True,
        "perspectives": ["nedefra", "udefra"],
        "confidence": 3,
        "log": (215, 4, 14, (6, 18), "mixed_without_optional", ["Gåtur", "Gåtur med kaffe"]),
    },
    {
        "title": "Pigefodbold i Værebro Park",
        "description": "Træning for piger to gange om ugen på banen ved Værebro Park.",
        "kind": "social",
        "owner": "vaerebro-park-if",
        "partners": ["gab"],
        "idea": 480,
        "stages": [("clarification", 450, ""), ("pilot", 400, ""), ("operating", 300, "")],
        "place": (Decimal("55.76880"), Decimal("12.44980")),
        "links": {"moves": [("social", 3)], "targets": [1]},
        "perspectives": ["indefra"],
        "model": 4,
        "confidence": 4,
        "log": (395, 2, 14, (10, 22), "girls", ["Træning", "Stævne"]),
    },
    {
        "title": "Hængslet som midlertidigt mødested",
        "description": "Midlertidige aktiviteter på Hængslet, hvor åbningstrækket ligger, mens stedet planlægges.",
        "kind": "physical",
        "owner": "gladsaxe",
        "partners": ["gab", "dab"],
        "idea": 260,
        "stages": [("clarification", 200, ""), ("pilot", 90, "")],
        "place": (Decimal("55.77320"), Decimal("12.44420")),
        "links": {"principles": [2, 4], "moves": [("physical", 1), ("physical", 2)], "targets": [3]},
        "main_move": True,
        "opening_move": True,
        "perspectives": ["oppefra", "udefra"],
        "model": 3,
        "confidence": 3,
        "log": (85, 6, 20, (20, 80), "mixed_without_optional", ["Åbent byrum", "Loppemarked", "Sommerbio"]),
    },
    {
        "title": "Sikker stiforbindelse over Vadstrupvej",
        "description": "En tryg krydsning, så Værebro Park hænger bedre sammen med resten af Bagsværd.",
        "kind": "physical",
        "owner": "gladsaxe",
        "partners": [],
        "idea": 150,
        "stages": [("clarification", 40, "")],
        "place": (Decimal("55.77400"), Decimal("12.45250")),
        "links": {"principles": [2], "moves": [("physical", 2)], "targets": [3, 4]},
        "main_move": True,
        "perspectives": ["oppefra"],
        "model": 2,
        "confidence": 2,
    },
    {
        "title": "Legeplads og opholdssted for alle aldre",
        "description": "Idé om at omdanne et af gårdrummene til et sted, hvor både børn og ældre har lyst at være.",
        "kind": "physical",
        "owner": "dab",
        "partners": ["afdelingsbestyrelsen"],
        "idea": 30,
        "stages": [],
        "place": (Decimal("55.76990"), Decimal("12.44780")),
        "links": {"moves": [("physical", 3), ("social", 1)]},
        "perspectives": ["indefra", "nedefra"],
        "confidence": 2,
    },
    {
        "title": "Tværgående forum for kernedriften",
        "description": "Fast møde mellem kommunens og boligorganisationernes medarbejdere om fælles indsatser.",
        "kind": "organisational",
        "owner": "gladsaxe",
        "partners": ["gab", "dab"],
        "idea": 700,
        "stages": [("clarification", 650, ""), ("pilot", 560, ""), ("operating", 400, "")],
        "links": {"principles": [1, 5], "moves": [("organisational", 1), ("organisational", 2)], "targets": [4]},
        "perspectives": ["oppefra", "indefra"],
        "model": 3,
        "confidence": 4,
        "log": (550, 12, 42, (8, 16), "professionals", ["Forummøde", "Temamøde om tryghed"]),
    },
    {
        "title": "Praktikpladser og mentorer for unge",
        "description": "Praktikpladser og mentorer fra en lokal virksomhed til unge fra Værebro Park.",
        "kind": "organisational",
        "owner": "eksempel-virksomhed",
        "partners": ["gab", "gladsaxe"],
        "idea": 330,
        "stages": [("clarification", 290, ""), ("pilot", 180, "")],
        "links": {"principles": [3], "moves": [("social", 3), ("organisational", 1)], "targets": [2]},
        "perspectives": ["udefra"],
        "model": 4,
        "confidence": 3,
        "log": (175, 8, 30, (5, 14), "young_jobseekers", ["Virksomhedsbesøg", "Mentormøde"]),
    },
    {
        "title": "Reparationscafé i kælderen",
        "description": "Frivillige hjælper med at reparere cykler, tøj og småting.",
        "kind": "social",
        "owner": "dab",
        "partners": [],
        "idea": 600,
        "stages": [
            ("clarification", 570, ""),
            ("pilot", 500, ""),
            (
                "stopped",
                380,
                "Eksempeldata: Kælderlokalet kunne ikke godkendes til værkstedsbrug, og der var for få frivillige "
                "til at holde åbent.",
            ),
        ],
        "links": {"moves": [("social", 1)]},
        "perspectives": ["nedefra"],
        "model": 1,
        "confidence": 1,
        "log": (495, 390, 21, (4, 12), "older_men", ["Reparationscafé"]),
    },
    {
        "title": "Kollektivhuset gentænkt – nye fællesskaber",
        "description": "Idé med afsæt i præsentationens potentiale «gentænkning af kollektivhuset, nye boformer og "
        "fællesskaber».",
        "kind": "physical",
        "owner": "gab",
        "partners": [],
        "idea": 20,
        "stages": [],
        "links": {"moves": [("physical", 3)], "targets": [3]},
        "perspectives": ["udefra", "oppefra"],
    },
    {
        "title": "Job- og uddannelsesvejledning i Værebro Park",
        "description": "Vejledning om job og uddannelse i boligområdet, tæt på de unge.",
        "kind": "organisational",
        "owner": "dab",
        "partners": ["gladsaxe"],
        "idea": 420,
        "stages": [
            ("clarification", 390, ""),
            ("pilot", 330, ""),
            ("clarification", 150, "Eksempeldata: Forløbet tages tilbage til afklaring af, hvem der bemander det."),
        ],
        "links": {"principles": [3], "moves": [("social", 3)], "targets": [2]},
        "perspectives": ["oppefra", "nedefra"],
        "model": 1,
        "confidence": 2,
        "log": (325, 155, 21, (3, 10), "young_jobseekers", ["Åben vejledning", "Vejledning i lektiecaféen"]),
        "stale": True,
    },
    {
        "title": "Kulturnat i Værebro Park",
        "description": "En årlig aften med musik, mad og aktiviteter for hele bydelen.",
        "kind": "social",
        "owner": "afdelingsbestyrelsen",
        "partners": ["gladsaxe", "vaerebro-park-if"],
        "idea": 710,
        "stages": [("clarification", 690, ""), ("pilot", 640, ""), ("operating", 520, ""), ("anchored", 300, "")],
        "place": (Decimal("55.77000"), Decimal("12.44900")),
        "links": {"principles": [1, 2], "moves": [("social", 1), ("social", 2)], "targets": [3]},
        "perspectives": ["nedefra", "udefra", "indefra", "oppefra"],
        "model": 3,
        "confidence": 5,
        "log": (630, 90, 180, (120, 300), "diverse", ["Kulturnat"]),
        "stale": True,
    },
    {
        "title": "Nyttehaver mellem blokkene",
        "description": "Dyrkningskasser og nyttehaver, som beboerne passer sammen.",
        "kind": "physical",
        "owner": "afdelingsbestyrelsen",
        "partners": ["gab"],
        "idea": 650,
        "stages": [
            ("clarification", 600, ""),
            ("stopped", 520, "Eksempeldata: Sat i bero, mens arealets fremtid blev afklaret."),
            ("idea", 200, "Eksempeldata: Taget op igen efter ønske fra beboerne."),
            ("clarification", 110, ""),
        ],
        "place": (Decimal("55.76850"), Decimal("12.44650")),
        "links": {"moves": [("physical", 3)], "targets": [3]},
        "perspectives": ["nedefra"],
        "confidence": 3,
        "stale": True,
    },
]

# (organisation slug, type, category, title, description, status). The first pairs are what the matcher suggests:
# open, the same category, different organisations.
NEEDS_AND_OFFERS = [
    ("gab", "need", "premises", "Lokaler til lektiecafé", "Et større lokale to eftermiddage om ugen.", "open"),
    ("dab", "offer", "premises", "Ledige lokaler i fælleshuset", "Ledigt på hverdage før kl. 17.", "open"),
    (
        "gab",
        "need",
        "trainee_places",
        "Praktik- og fritidsjob til unge",
        "Unge fra boligområdet søger deres første erfaring med arbejdslivet.",
        "open",
    ),
    (
        "eksempel-virksomhed",
        "offer",
        "trainee_places",
        "Praktikpladser for unge",
        "Op til fire praktikpladser om året i lager og administration.",
        "open",
    ),
    (
        "afdelingsbestyrelsen",
        "need",
        "mentors",
        "Mentorer til unge iværksættere",
        "Erfarne folk, der vil sparre med beboere, som vil starte egen virksomhed.",
        "open",
    ),
    (
        "eksempel-virksomhed",
        "offer",
        "mentors",
        "Frivillige mentorer fra virksomheden",
        "Medarbejdere, der vil være mentorer et par timer om måneden.",
        "open",
    ),
    (
        "vaerebro-park-if",
        "need",
        "volunteers",
        "Frivillige trænere til pigefodbold",
        "To trænere mere, så holdet kan tage imod flere piger.",
        "open",
    ),
    (
        "gladsaxe",
        "offer",
        "knowledge",
        "Hjælp til fondsansøgninger",
        "Kommunens fundraiser hjælper foreninger med ansøgninger.",
        "open",
    ),
    ("dab", "need", "equipment", "Værktøj til reparationscafé", "Værktøj og arbejdsborde.", "closed"),
]


def _organisations(organisations: dict[str, Organisation]) -> dict[str, Organisation]:
    extra = {slug: upsert_organisation(slug=slug, name=name, kind=kind) for slug, name, kind in EXAMPLE_ORGANISATIONS}
    return {**organisations, **extra}


def _collaboration_models() -> dict[int, CollaborationModel]:
    # An administrators' list without history (no service): kept by name, like load_demo's organisations.
    return {
        position: CollaborationModel.objects.update_or_create(
            name=name, defaults={"description": f"{text}\n\n{MODELS_NOTE}", "position": position}
        )[0]
        for position, (name, text) in enumerate(COLLABORATION_MODELS, start=1)
    }


def _split(rng: random.Random, total: int, weights: dict[str, float]) -> dict[str, int]:
    """``total`` people over the groups, about in proportion to ``weights`` (largest remainders)."""
    noisy = {group: weight * rng.uniform(0.7, 1.3) for group, weight in weights.items()}
    scale = sum(noisy.values())
    exact = {group: total * weight / scale for group, weight in noisy.items()}
    counts = {group: int(value) for group, value in exact.items()}
    for group in sorted(exact, key=lambda g: counts[g] - exact[g])[: total - sum(counts.values())]:
        counts[group] += 1
    return {group: count for group, count in counts.items() if count}


def _attendance(rng: random.Random, participants: int, profile: str) -> dict[str, dict[str, int]]:
    attendance = {}
    for dimension, (weights, recorded_share) in PROFILES[profile].items():
        recorded = min(participants, round(participants * recorded_share))
        attendance[dimension] = _split(rng, recorded, weights)
    return attendance


def _log(space: OpportunitySpace, spec: dict, today: datetime.date) -> datetime.date | None:
    """Log the space's example activities; returns the last date logged."""
    first, last, every, (fewest, most), profile, titles = spec["log"]
    # One generator per space, so a space's log does not depend on which other spaces were loaded before.
    rng = random.Random(f"{SEED}:{spec['title']}")  # noqa: S311 - example data, not security
    days_ago, logged = first, None
    while days_ago >= last:
        on = today - datetime.timedelta(days=days_ago)
        participants = rng.randint(fewest, most)
        log_activity(
            space=space,
            data={"on": on, "title": rng.choice(titles), "note": ACTIVITY_NOTE, "participants": participants},
            attendance=_attendance(rng, participants, profile),
            by=None,
            schedule_index=False,  # the index of every example space is computed once, after loading
        )
        logged = on
        days_ago -= max(1, every + rng.randint(-every // 4, every // 4))
    return logged


def _links(plan: StrategyPlan) -> dict:
    return {
        "principles": {p.number: p for p in plan.principles.all()},
        "targets": {t.number: t for t in plan.targets.all()},
        "moves": {
            (move.strategy.kind, move.number): move
            for move in Move.objects.filter(strategy__plan=plan).select_related("strategy")
        },
        "perspectives": {p.code: p for p in Perspective.objects.all()},
        "main_move": getattr(plan, "main_move", None),
    }


def _space_data(spec: dict, organisations: dict, links: dict, models: dict) -> dict:
    main_move = links["main_move"]
    opening_move = main_move.opening_moves.order_by("pk").first() if main_move else None
    wanted = spec.get("links", {})
    text = spec.get("source") or spec["description"]
    data = {
        "title": spec["title"],
        "description": f"{text}\n\n{NOTE}",
        "kind": spec["kind"],
        "organisation": organisations[spec["owner"]],
        "partners": [organisations[slug] for slug in spec["partners"]],
        "principles": [links["principles"][n] for n in wanted.get("principles", []) if n in links["principles"]],
        "moves": [links["moves"][key] for key in wanted.get("moves", []) if key in links["moves"]],
        "targets": [links["targets"][n] for n in wanted.get("targets", []) if n in links["targets"]],
        "perspectives": [links["perspectives"][c] for c in spec["perspectives"] if c in links["perspectives"]],
        "main_move": main_move if spec.get("main_move") else None,
        "opening_move": opening_move if spec.get("opening_move") else None,
        "collaboration_model": models.get(spec.get("model")),
        "confidence": spec.get("confidence"),
    }
    if "place" in spec:
        data["latitude"], data["longitude"] = spec["place"]
        data["address"] = "Værebro Park, 2880 Bagsværd (eksempelplacering)"
    return data


def _create_space(plan, spec, organisations, links, models, today) -> None:
    start = today - datetime.timedelta(days=spec["idea"])
    data = _space_data(spec, organisations, links, models)
    # The space starts as an idea on its (past) start date, so that the stage changes after it can be dated.
    space = create_space(plan=plan, data=data, by=None, is_example=True, started_on=start)
    last_event = start
    current = Stage.IDEA
    for to_stage, days_ago, reason in spec["stages"]:
        if to_stage not in ALLOWED_TRANSITIONS[current]:  # change_stage would refuse it too, less helpfully
            raise ValueError(f"{spec['title']}: {current} → {to_stage} is not an allowed transition")
        change_stage(
            space=space, to_stage=to_stage, by=None, reason=reason, on=today - datetime.timedelta(days=days_ago)
        )
        current = to_stage
        last_event = max(last_event, today - datetime.timedelta(days=days_ago))
    if "log" in spec:
        logged = _log(space, spec, today)
        if logged is not None:
            last_event = max(last_event, logged)
    if spec.get("stale"):
        # The services stamp updated_at with the time of loading; a stale example must look as if nobody touched it
        # since its last event (more than 8 weeks ago), so it is set back here, after all writes.
        OpportunitySpace.objects.filter(pk=space.pk).update(updated_at=_noon(last_event))


def _noon(day: datetime.date) -> datetime.datetime:
    return min(timezone.make_aware(datetime.datetime.combine(day, datetime.time(12))), timezone.now())


def _create_need_or_offer(plan, organisations, row) -> bool:
    slug, type_, category, title, description, status = row
    organisation = organisations[slug]
    if NeedOrOffer.objects.filter(plan=plan, organisation=organisation, type=type_, title=title).exists():
        return False
    save_need_or_offer(
        item=NeedOrOffer(plan=plan, is_example=True),
        data={
            "type": type_,
            "organisation": organisation,
            "category": category,
            "title": title,
            "description": f"{description}\n\n{NOTE_NEEDS}",
            "status": status,
        },
        by=None,
    )
    return True


@transaction.atomic
def load_opportunity_demo(
    *, plan: StrategyPlan, organisations: dict[str, Organisation], today: datetime.date | None = None
) -> dict[str, int]:
    """Load the example spaces (with stage histories and activity logs), collaboration models, needs and offers
    into ``plan``, then compute the meeting-place index of the example spaces.

    ``organisations``: load_demo's organisations by slug (at least gladsaxe, gab, dab, afdelingsbestyrelsen); two
    example organisations are added. ``today`` (default: the local date) anchors every date; it must not lie in the
    future. Existing spaces and needs/offers (same plan, title and organisation) are left alone. Returns counts
    of the example rows now in the database, and how many spaces and needs/offers this run created."""
    today = today or timezone.localdate()
    organisations = _organisations(organisations)
    models = _collaboration_models()
    links = _links(plan)
    created = 0
    for spec in SPACES:
        owner = organisations[spec["owner"]]
        if OpportunitySpace.objects.filter(plan=plan, title=spec["title"], organisation=owner).exists():
            continue  # loaded before: its log stays as it is, so nothing is logged twice
        _create_space(plan, spec, organisations, links, models, today)
        created += 1
    new_items = sum(_create_need_or_offer(plan, organisations, row) for row in NEEDS_AND_OFFERS)
    spaces = OpportunitySpace.objects.filter(plan=plan, is_example=True)
    recompute_meeting_place_index(space_ids=list(spaces.values_list("pk", flat=True)), today=today)
    return {
        "organisations": len(EXAMPLE_ORGANISATIONS),
        "collaboration_models": len(models),
        "spaces": spaces.count(),
        "spaces_created": created,
        "activities": Activity.objects.filter(space__in=spaces).count(),
        "attendance_counts": AttendanceCount.objects.filter(activity__space__in=spaces).count(),
        "scores": MeetingPlaceScore.objects.filter(space__in=spaces).count(),
        "needs_and_offers": NeedOrOffer.objects.filter(plan=plan, is_example=True).count(),
        "needs_and_offers_created": new_items,
    }
