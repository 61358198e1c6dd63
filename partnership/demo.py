"""Example governance data for the demo (``manage.py load_demo``): the partnership, its steering group with three
past meetings and the next one, the obstacles, potentials and recommendations of the presentation, and the projects
and core operations it names.

What comes from the presentation (``seed/bagsvaerd-i-social-balance.txt``) is word for word: the four potentials,
the five obstacles, the seven recommendations, and the places and projects named on the slide "Kobling til
kernedrift og projekter" (Vadstrupvej, Bindeleddet, Hængslet, KBH's move out of Ringbo, Bymidten), quoted in the
projects' descriptions. Everything else is invented and says so: people are ``is_example`` and named "(eksempel)",
risks and projects are ``is_example`` (scores, owners, dates, milestones, status), meeting minutes open with an
"Eksempel:" line, decisions, action items, agenda descriptions, milestones and progress notes begin with
"Eksempel:", and the recommendations (owner, status) and the rules of play (RACI letters) are ``is_example``
too, shown as examples on their pages.

All writes go through ``governance.services`` (``by=None``: the system), so every object has its history. Dates
are relative to ``today``: three meetings in the past (one decision overdue), one ahead. Idempotent like the
opportunity demo: an object that already exists (same plan and name, title or number) is left as it is, the
steering group's meetings are made only with the group, so a second run on the same day adds nothing. On a later
day, when the demo group has no meeting ahead any more, one is planned, so the demo always has a next meeting.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from base.models import CollaborationModel, Organisation, User
from opportunities.demo import COLLABORATION_MODELS
from strategy.models import Move, StrategyPlan

from .models import (
    ActionItem,
    AgendaItem,
    Decision,
    Meeting,
    Milestone,
    Person,
    ProgressNote,
    Project,
    ProjectDependency,
    Recommendation,
    Responsibility,
    Risk,
    SteeringGroup,
    SteeringGroupMember,
)
from .services import (
    add_dependency,
    add_progress_note,
    add_steering_member,
    assign_responsibility,
    record_minutes,
    save_action_item,
    save_agenda_item,
    save_decision,
    save_meeting,
    save_milestone,
    save_person,
    save_project,
    save_recommendation,
    save_risk,
    save_steering_group,
)

# --- The partnership -----------------------------------------------------------------------------------------------

# key: (name, organisation slug, title, username of load_demo's account tied to the person, or None). Every person is
# made up; the ones with an account carry the demo user's name, so that logging in as them shows "their" decisions.
PEOPLE = {
    "chair": ("Karen Holm (eksempel)", "gladsaxe", "Kommunalbestyrelsesmedlem (eksempel)", None),
    "steering": (
        "Søren Styregruppemedlem (demo)",
        "gladsaxe",
        "Direktør, By- og Miljøforvaltningen (eksempel)",
        "styregruppe",
    ),
    "planner": ("Pia Planlægger (demo)", "gladsaxe", "Byplanlægger (eksempel)", "planlaegger"),
    "gab": ("Lars Berg (eksempel)", "gab", "Direktør (eksempel)", None),
    "gab_staff": ("Gitte Boligsocial medarbejder (demo)", "gab", "Boligsocial medarbejder (eksempel)", "gab"),
    "dab": ("Hanne Kjær (eksempel)", "dab", "Forretningsfører (eksempel)", None),
    "dab_staff": ("Dan Administrationsmedarbejder (demo)", "dab", "Administrationsmedarbejder (eksempel)", "dab"),
    "board": (
        "Yasmin Ali (eksempel)",
        "afdelingsbestyrelsen",
        "Formand for afdelingsbestyrelsen (eksempel)",
        None,
    ),
}

GROUP_NAME = "Styregruppen for Bagsværd i social balance"
GROUP_DESCRIPTION = (
    "Styregruppen følger strategien, træffer beslutningerne om den og følger op på dem. Præsentationen anbefaler "
    "«Tidlig og løbende involvering af styregruppen / de dagsordensættende parter (også politikere)».\n\n"
    "Eksempel: medlemmerne, møderne og beslutningerne i demodata er opdigtede – præsentationen nævner ikke, hvem "
    "der sidder i styregruppen."
)
# (person key, function), in the order they are added.
MEMBERS = [
    ("chair", "chair"),
    ("steering", "member"),
    ("gab", "member"),
    ("dab", "member"),
    ("board", "member"),
    ("planner", "secretary"),
]

# --- The steering group's meetings ---------------------------------------------------------------------------------

LOCATION = "Gladsaxe Rådhus (eksempel)"
MEETING_TIME = datetime.time(14, 0)
MINUTES_HEADER = (
    "Eksempel: mødet er opdigtet til demoen – tidspunkt, referat, beslutninger og opfølgningspunkter er ikke "
    "virkelige.\n\nTil stede: styregruppens medlemmer. Referent: sekretæren."
)

# Links use the demo plan's keys: targets and principles by number, moves by (strategy kind, number), the main move
# and its opening move by True, spaces by title (those of opportunities/demo.py; a missing one is left out).
# Dates are days relative to today; a decision's or action item's "due" and "done" too ("done" only when carried
# out). "agenda": the index of the agenda item it belongs to.
PAST_MEETINGS = [
    {
        "days_ago": 112,
        "agenda": [
            (
                "Spilleregler for partnerskabet",
                "Eksempel: udkast til roller og ansvar (ansvarlig, godkender, høres, orienteres) for hovedgrebet og "
                "åbningstrækket – jf. anbefalingen «Etablering af spilleregler – klarhed om roller og ansvar».",
                {"main_move": True, "opening_move": True, "moves": [("organisational", 1)]},
            ),
            (
                "Potentialer og forhindringer",
                "Eksempel: præsentationens potentialer og forhindringer føres i et risikoregister.",
                {"targets": [1, 2, 3, 4]},
            ),
            (
                "Pixi-udgave til politisk niveau",
                "Eksempel: en kort udgave af strategien til politikerne.",
                {},
            ),
        ],
        "minutes": (
            "1. Spilleregler for partnerskabet\n"
            "Sekretariatet fremlagde et udkast til roller og ansvar for hovedgrebet og åbningstrækket. Udkastet blev "
            "godkendt.\n\n"
            "2. Potentialer og forhindringer\n"
            "Styregruppen gennemgik præsentationens potentialer og forhindringer og bad om, at de føres i et "
            "risikoregister med en ansvarlig for hver.\n\n"
            "3. Pixi-udgave til politisk niveau\n"
            "Kompleksiteten er høj. Sekretariatet laver en kort udgave af strategien til politikerne."
        ),
        "decisions": [
            {
                "agenda": 0,
                "text": "Eksempel: Styregruppen godkender udkastet til spilleregler for hovedgrebet «Fra Vadstrupvej "
                "til Bindeleddet» og åbningstrækket Hængslet.",
                "owner": "planner",
                "due": -84,
                "status": "done",
                "done": -90,
                "links": {"main_move": True, "opening_move": True},
            },
            {
                "agenda": 2,
                "text": "Eksempel: Sekretariatet udarbejder en pixi-udgave af strategien til politisk niveau til "
                "næste møde.",
                "owner": "planner",
                "due": -56,
                "status": "done",
                "done": -60,
                "links": {"targets": [1, 2, 3, 4]},
            },
        ],
        "actions": [
            {
                "decision": 0,
                "text": "Eksempel: Send udkastet til spilleregler til GAB, DAB og afdelingsbestyrelsen til "
                "kommentering.",
                "owner": "planner",
                "due": -105,
                "status": "done",
                "done": -106,
            },
        ],
    },
    {
        "days_ago": 56,
        "agenda": [
            (
                "Hængslet – det gode åbningstræk",
                "Eksempel: hvad skal der ske med Hængslet, og hvem driver det?",
                {"opening_move": True, "spaces": ["Hængslet som midlertidigt mødested"]},
            ),
            (
                "Hvornår flytter KBH ud af Ringbo?",
                "Eksempel: tidsplanen for Ringbo-grunden afhænger af fraflytningen.",
                {"main_move": True},
            ),
            (
                "Sociale mødesteder på en trafikeret Vadstrupvej",
                "Eksempel: hvad kan lade sig gøre på en trafikeret Vadstrupvej?",
                {"moves": [("physical", 2)], "spaces": ["Sikker stiforbindelse over Vadstrupvej"]},
            ),
        ],
        "minutes": (
            "1. Hængslet – det gode åbningstræk\n"
            "Styregruppen ønsker en arbejdsgruppe med kommunen, GAB og DAB, der kan drive Hængslet.\n\n"
            "2. Hvornår flytter KBH ud af Ringbo?\n"
            "Datoen kendes ikke. Forvaltningen afklarer den og fremlægger en tidsplan.\n\n"
            "3. Sociale mødesteder på en trafikeret Vadstrupvej\n"
            "Trafikken er en barriere. Forvaltningen undersøger muligheder, herunder en sikker krydsning."
        ),
        "decisions": [
            {
                "agenda": 0,
                "text": "Eksempel: Der nedsættes en arbejdsgruppe for Hængslet med deltagere fra kommunen, GAB og DAB.",
                "owner": "gab",
                "due": -42,
                "status": "done",
                "done": -45,
                "links": {"opening_move": True},
            },
            {
                # The demo's overdue decision, owned by the demo steering member.
                "agenda": 1,
                "text": "Eksempel: Forvaltningen afklarer, hvornår KBH flytter ud af Ringbo, og fremlægger en "
                "tidsplan for Ringbo-grunden.",
                "owner": "steering",
                "due": -14,
                "status": "in_progress",
                "links": {"main_move": True, "targets": [3]},
            },
            {
                "agenda": 2,
                "text": "Eksempel: Forvaltningen undersøger, hvad der kan lade sig gøre på en trafikeret Vadstrupvej, "
                "herunder en sikker krydsning.",
                "owner": "planner",
                "due": 30,
                "status": "in_progress",
                "links": {"moves": [("physical", 2)], "spaces": ["Sikker stiforbindelse over Vadstrupvej"]},
            },
        ],
        "actions": [
            {
                "decision": 0,
                "text": "Eksempel: Indkald arbejdsgruppen for Hængslet til det første møde.",
                "owner": "gab_staff",
                "due": -49,
                "status": "done",
                "done": -50,
            },
            {
                "decision": 1,
                "text": "Eksempel: Bed KBH om en foreløbig dato for fraflytningen af Ringbo.",
                "owner": "steering",
                "due": -28,
                "status": "open",
            },
        ],
    },
    {
        "days_ago": 21,
        "agenda": [
            (
                "Status på anbefalingerne",
                "Eksempel: hvor langt er vi med præsentationens syv anbefalinger?",
                {},
            ),
            (
                "1:1-afprøvning på Hængslet",
                "Eksempel: midlertidige aktiviteter på Hængslet, mens stedet planlægges.",
                {
                    "opening_move": True,
                    "moves": [("social", 1)],
                    "spaces": ["Hængslet som midlertidigt mødested"],
                },
            ),
            (
                "Bindeleddet og Bymidten",
                "Eksempel: hvilke funktioner understøtter bedst Bindeleddet uden at tage livet af Bymidten?",
                {"main_move": True},
            ),
        ],
        "minutes": (
            "1. Status på anbefalingerne\n"
            "Spillereglerne er på plads. Risikoregistret gennemgås fremover fast.\n\n"
            "2. 1:1-afprøvning på Hængslet\n"
            "Styregruppen støtter en afprøvning i sommerhalvåret.\n\n"
            "3. Bindeleddet og Bymidten\n"
            "Der planlægges ikke butikker i Bindeleddet, så Bymidten ikke svækkes."
        ),
        "decisions": [
            {
                "agenda": 1,
                "text": "Eksempel: Styregruppen støtter en 1:1-afprøvning af midlertidige aktiviteter på Hængslet i "
                "sommerhalvåret.",
                "owner": "gab",
                "due": 70,
                "status": "in_progress",
                "links": {"opening_move": True, "spaces": ["Hængslet som midlertidigt mødested"]},
            },
            {
                "agenda": 0,
                "text": "Eksempel: Risikoregistret gennemgås på hvert andet møde, første gang på næste møde.",
                "owner": "planner",
                "due": 14,
                "status": "open",
                "links": {},
            },
            {
                "agenda": 2,
                "text": "Eksempel: Der planlægges ikke butikker i Bindeleddet, så Bymidten ikke svækkes.",
                "owner": "steering",
                "due": -21,
                "status": "done",
                "done": -21,
                "links": {"main_move": True},
            },
        ],
        "actions": [
            {
                "decision": 1,
                "text": "Eksempel: Saml status på de syv anbefalinger og risikoregistret til næste møde.",
                "owner": "planner",
                "due": 10,
                "status": "open",
            },
        ],
    },
]

NEXT_MEETING_IN_DAYS = 14
NEXT_AGENDA = [
    ("Godkendelse af referat fra sidste møde", "Eksempel: referatet er sendt ud med dagsordenen.", {}),
    (
        "Ringbo: hvornår flytter KBH ud?",
        "Eksempel: opfølgning på beslutningen om en tidsplan for Ringbo-grunden, hvis frist er overskredet.",
        {"main_move": True},
    ),
    (
        "Gennemgang af risikoregistret",
        "Eksempel: forhindringer og potentialer på risikokortet, især dem, der ikke er gennemgået i tre måneder.",
        {"targets": [1, 2, 3, 4]},
    ),
    (
        "Tidslinjen for projekterne",
        "Eksempel: Vadstrupvej, Hængslet, Ringbo-grunden og Bindeleddet – milepæle og afhængigheder.",
        {"main_move": True, "opening_move": True},
    ),
]

# --- Obstacles, potentials, recommendations ------------------------------------------------------------------------

RISK_SOURCE = "Fra præsentationens slide «Potentialer og forhindringer for at skabe et Bagsværd i social balance?»."
RISK_NOTE = (
    "Eksempel: sandsynlighed, konsekvens, ansvarlig, håndtering, status og dato for gennemgang er opdigtet til "
    "demoen – præsentationen vurderer dem ikke."
)

# Titles word for word; the rest is example. reviewed_days_ago: when it was last reviewed.
RISKS = [
    {
        "kind": "obstacle",
        "title": (
            "Kompleksiteten er høj, svært at formidle, hvad vi gør og hvorfor. Det kan være en forhindring for bredt "
            "ejerskab"
        ),
        "likelihood": 4,
        "impact": 4,
        "owner": "planner",
        "status": "active",
        "reviewed_days_ago": 20,
        "response": (
            "Eksempel: En pixi-udgave til politisk niveau og en fælles fortælling om hovedgrebet, som alle parter "
            "bruger."
        ),
        "links": {"main_move": True, "targets": [3]},
    },
    {
        "kind": "obstacle",
        "title": (
            "Mangel på politisk opbakning og strategisk ledelse på tværs betyder mangel på strategisk tænkning i "
            "organisationen og frustrerede medarbejdere i frontlinjen"
        ),
        "likelihood": 3,
        "impact": 5,
        "owner": "chair",
        "status": "active",
        "reviewed_days_ago": 40,
        "response": "Eksempel: Politikerne inddrages tidligt og løbende gennem styregruppen.",
        "links": {"moves": [("organisational", 2)]},
    },
    {
        "kind": "obstacle",
        "title": "Lovgivningsmæssige barrierer for at skabe fælles sociale mødesteder",
        "likelihood": 3,
        "impact": 4,
        "owner": "steering",
        "status": "open",
        "reviewed_days_ago": 120,
        "response": (
            "Eksempel: Kommunens og boligorganisationens jurister afklarer de konkrete barrierer for hvert mødested."
        ),
        "links": {"moves": [("social", 1)], "spaces": ["Hængslet som midlertidigt mødested"]},
    },
    {
        "kind": "obstacle",
        "title": (
            "Mangel på bæredygtige og dynamiske samarbejdsmodeller, mødet mellem hierarkiske og netværksbaserede "
            "organiseringer"
        ),
        "likelihood": 4,
        "impact": 3,
        "owner": "dab",
        "status": "active",
        "reviewed_days_ago": 30,
        "response": "Eksempel: De fire samarbejdsmodeller beskrives og bruges i hvert projekt og mulighedsrum.",
        "links": {"moves": [("organisational", 3)]},
    },
    {
        "kind": "obstacle",
        "title": "Manglende forståelse for vigtigheden af kompetenceopbygning ift. ovenstående",
        "likelihood": 2,
        "impact": 3,
        "owner": "gab",
        "status": "open",
        "reviewed_days_ago": 100,
        "response": "Eksempel: Et fælles forløb om bystrategisk arbejde for medarbejdere i kernedriften.",
        "links": {"moves": [("organisational", 2)]},
    },
    {
        "kind": "potential",
        "title": "Behov + Behov = Løsning. Hermed vil flere se fordel ved at deltage",
        "likelihood": 4,
        "impact": 4,
        "owner": "gab_staff",
        "status": "active",
        "reviewed_days_ago": 15,
        "response": "Eksempel: Behov og tilbud registreres, så partnerne kan finde hinanden.",
        "links": {"principles": [3], "spaces": ["Iværksættermiljø i Værebro Park"]},
    },
    {
        "kind": "potential",
        "title": "Gentænkning af kollektivhuset, nye boformer og fællesskaber",
        "likelihood": 2,
        "impact": 4,
        "owner": "gab",
        "status": "open",
        "reviewed_days_ago": 60,
        "response": "Eksempel: GAB undersøger, om kollektivhuset kan rumme nye boformer.",
        "links": {"moves": [("physical", 3)], "targets": [3], "spaces": ["Kollektivhuset gentænkt – nye fællesskaber"]},
    },
    {
        "kind": "potential",
        "title": "Stærke og attraktive fysiske forbindelser i bydelen",
        "likelihood": 3,
        "impact": 5,
        "owner": "planner",
        "status": "active",
        "reviewed_days_ago": 25,
        "response": (
            "Eksempel: Forbindelsen fra Vadstrupvej til Bindeleddet er hovedgrebet; Hængslet er første skridt."
        ),
        "links": {"moves": [("physical", 2)], "main_move": True, "opening_move": True},
    },
    {
        "kind": "potential",
        "title": "At kernedriften kommer til at arbejde bystrategisk",
        "likelihood": 3,
        "impact": 4,
        "owner": "steering",
        "status": "open",
        "reviewed_days_ago": 95,
        "response": "Eksempel: Planer og indsatser i kernedriften drejes, så de understøtter Bindeleddet.",
        "links": {"moves": [("organisational", 2)], "principles": [5]},
    },
]

RECOMMENDATION_NOTE = (
    "Anbefaling fra præsentationen.\n\nEksempel: ansvarlig, status og fremdrift er opdigtet til demoen."
)
# (title word for word, owner key, progress notes as (days ago, text), done?). A recommendation with a note is in
# progress; "done" needs the note as evidence.
RECOMMENDATIONS = [
    (
        "Tid til modning og relationsopbygning mellem parterne (kommune og boligselskab) – både politikere, "
        "embedsmænd og beboere.",
        "chair",
        [(70, "Eksempel: Fælles besøg i Værebro Park for styregruppen og afdelingsbestyrelsen.")],
        False,
    ),
    (
        "Tidlig og løbende involvering af styregruppen / de dagsordensættende parter (også politikere)",
        "planner",
        [(56, "Eksempel: Styregruppen har fået en pixi-udgave af strategien og mødes fast hver anden måned.")],
        False,
    ),
    (
        "Etablering af spilleregler – klarhed om roller og ansvar",
        "planner",
        [(90, "Eksempel: Styregruppen godkendte spillereglerne for hovedgrebet og åbningstrækket.")],
        True,
    ),
    (
        "Samarbejdsmodeller, der understøtter åbenhed, ligeværdighed og møder mellem forskellige perspektiver på "
        "”virkeligheden”",
        "dab",
        [],
        False,
    ),
    (
        "1:1 afprøvninger af mulige tiltag tidligt i processen, der kan omsætte komplekse strategier til konkrete "
        "tiltag, der er nærværende og meningsfulde",
        "gab",
        [(21, "Eksempel: Styregruppen støtter en 1:1-afprøvning af midlertidige aktiviteter på Hængslet.")],
        False,
    ),
    (
        "Solid opbakning til centrale nøglepersoner, der tænker bystrategisk - og som kan omsætte til konkrete "
        "indsatser",
        "steering",
        [],
        False,
    ),
    (
        "Rum til at nye aktører kan være med til at formulere og gribe mulighedsrum. Der ligger en stærk kraft her "
        "(eksempel Iværksætter, og samarbejde med Novo Nordisk)",
        "board",
        [(40, "Eksempel: Iværksættermiljøet i Værebro Park holder netværksmøder med lokale virksomheder.")],
        False,
    ),
]

# --- Projects and core operations ----------------------------------------------------------------------------------

PROJECT_NOTE = "Eksempel: datoer, milepæle, status, ansvarlig og afhængigheder er opdigtet til demoen."

# Names as the presentation's slide "Kobling til kernedrift og projekter" gives them; the description quotes it.
# "model": the position of one of the demo's collaboration models (opportunities/demo.py). Dates in days from today;
# milestones as (title, due, done or None).
PROJECTS = [
    {
        "name": "KBH flytter ud af Ringbo",
        "kind": "municipal_project",
        "organisation": None,
        "quote": "«Hvad skal der ske med Hængslet – det gode åbningstræk – og hvornår flytter KBH ud af Ringbo?»",
        "starts": -300,
        "ends": 200,
        "status": "ongoing",
        "milestones": [
            ("Eksempel: KBH melder en dato for fraflytningen", -14, None),
            ("Eksempel: Ringbo er fraflyttet", 200, None),
        ],
        "links": {"main_move": True},
    },
    {
        "name": "Ringbo-grunden",
        "kind": "municipal_project",
        "organisation": "gladsaxe",
        "model": 3,
        "quote": "«… hvornår flytter KBH ud af Ringbo?»",
        "starts": 210,
        "ends": 900,
        "status": "planned",
        "milestones": [("Eksempel: Program for Ringbo-grunden", 300, None)],
        "links": {"main_move": True, "targets": [3]},
    },
    {
        "name": "Hængslet – åbningstrækket",
        "kind": "municipal_project",
        "organisation": "gladsaxe",
        "model": 3,
        "quote": "«Hvad skal der ske med Hængslet – det gode åbningstræk …?»",
        "starts": -180,
        "ends": 300,
        "status": "ongoing",
        "milestones": [
            ("Eksempel: Arbejdsgruppen for Hængslet er nedsat", -42, -45),
            ("Eksempel: Skitseforslag for Hængslet", -7, None),
            ("Eksempel: 1:1-afprøvning af midlertidige aktiviteter", 70, None),
        ],
        "links": {
            "opening_move": True,
            "main_move": True,
            "moves": [("physical", 1)],
            "spaces": ["Hængslet som midlertidigt mødested"],
        },
    },
    {
        "name": "Vadstrupvej",
        "kind": "municipal_project",
        "organisation": "gladsaxe",
        "model": 2,
        "quote": "«Fra Vadstrupvej til Bindeleddet?» – «Sociale mødesteder – Hvad kan lade sig gøre på en trafikeret "
        "Vadstrupvej?»",
        "starts": -60,
        "ends": 540,
        "status": "ongoing",
        "milestones": [
            ("Eksempel: Trafikanalyse af Vadstrupvej", 30, None),
            ("Eksempel: Forslag til sikker krydsning", 180, None),
        ],
        "links": {
            "main_move": True,
            "moves": [("physical", 2)],
            "spaces": ["Sikker stiforbindelse over Vadstrupvej"],
        },
    },
    {
        "name": "Bindeleddet",
        "kind": "municipal_project",
        "organisation": "gladsaxe",
        "model": 3,
        "quote": "«Hvilke funktioner understøtter bedst Bindeleddet? Ikke butikker - Vi skal ikke tage livet af "
        "Bymidten?»",
        "starts": 560,
        "ends": 1500,
        "status": "planned",
        "milestones": [("Eksempel: Funktionsprogram for Bindeleddet", 620, None)],
        "links": {"main_move": True, "moves": [("physical", 2)], "targets": [3]},
    },
    {
        "name": "Bymidten",
        "kind": "municipal_project",
        "organisation": "gladsaxe",
        "quote": "«Ikke butikker - Vi skal ikke tage livet af Bymidten?»",
        "starts": -400,
        "ends": 300,
        "status": "ongoing",
        "milestones": [("Eksempel: Handelsanalyse for Bymidten", -120, -125)],
        "links": {"targets": [3]},
    },
    {
        "name": "Planer og indsatser i kernedriften drejes mod Bindeleddet",
        "kind": "core_operation",
        "organisation": "gladsaxe",
        "quote": "«Dreje og koordinere fokus i mange planer og indsatser - så de understøtter Bindeleddet – mange "
        "skal forstå og have ejerskab til planen»",
        "starts": -200,
        "ends": 700,
        "status": "ongoing",
        "milestones": [("Eksempel: Oversigt over planer, der berører Bindeleddet", -100, -95)],
        "links": {"moves": [("organisational", 2)], "main_move": True},
    },
    {
        "name": "Udlejning i Værebro Park",
        "kind": "core_operation",
        "organisation": "dab",
        "model": 1,
        "quote": "«Stor efterspørgsel på boliger - politisk vilje til noget andet?»",
        "starts": -365,
        "ends": 730,
        "status": "ongoing",
        "milestones": [("Eksempel: Drøftelse af udlejningsregler med kommunen", 45, None)],
        "links": {"targets": [3]},
    },
]
# (project, depends on, kind)
DEPENDENCIES = [
    ("Ringbo-grunden", "KBH flytter ud af Ringbo", "blocks"),
    ("Bindeleddet", "Hængslet – åbningstrækket", "follows"),
    ("Bindeleddet", "Vadstrupvej", "follows"),
]

# --- Rules of play (RACI): element → [(organisation slug, letter, person key)] ---------------------------------------
RULES_OF_PLAY = [
    (
        {"main_move": True},
        [
            ("gladsaxe", "R", "planner"),
            ("gladsaxe", "A", "chair"),
            ("gab", "C", "gab"),
            ("dab", "C", "dab"),
            ("afdelingsbestyrelsen", "I", "board"),
        ],
    ),
    (
        {"opening_move": True},
        [
            ("gab", "R", "gab"),
            ("gladsaxe", "A", "steering"),
            ("dab", "C", "dab"),
            ("afdelingsbestyrelsen", "C", "board"),
        ],
    ),
    ({"moves": [("organisational", 1)]}, [("gladsaxe", "R", "steering"), ("gab", "C", "gab"), ("dab", "C", "dab")]),
    ({"moves": [("organisational", 3)]}, [("gab", "R", "gab"), ("dab", "R", "dab"), ("gladsaxe", "A", "steering")]),
    ({"targets": [3]}, [("gab", "R", "gab"), ("gladsaxe", "C", "planner"), ("afdelingsbestyrelsen", "I", "board")]),
    (
        {"spaces": ["Hængslet som midlertidigt mødested"]},
        [
            ("gladsaxe", "R", "planner"),
            ("gab", "C", "gab_staff"),
            ("dab", "C", "dab_staff"),
            ("afdelingsbestyrelsen", "I", "board"),
        ],
    ),
]


# --- Loading -------------------------------------------------------------------------------------------------------


class _Elements:
    """The demo plan's elements, looked up once, to turn the specs' link keys into objects."""

    def __init__(self, plan: StrategyPlan):
        self.targets = {target.number: target for target in plan.targets.all()}
        self.principles = {principle.number: principle for principle in plan.principles.all()}
        self.moves = {
            (move.strategy.kind, move.number): move
            for move in Move.objects.filter(strategy__plan=plan).select_related("strategy")
        }
        self.main_move = getattr(plan, "main_move", None)
        self.opening_move = (
            self.main_move.opening_moves.filter(title="Hængslet").first()
            or self.main_move.opening_moves.order_by("pk").first()
            if self.main_move
            else None
        )
        self.spaces = {space.title: space for space in plan.opportunity_spaces.all()}

    def links(self, spec: dict) -> dict:
        """The link fields of a governance object (``targets``, ``moves``, …) for a spec's link keys."""
        found = {
            "targets": [self.targets[n] for n in spec.get("targets", []) if n in self.targets],
            "principles": [self.principles[n] for n in spec.get("principles", []) if n in self.principles],
            "moves": [self.moves[key] for key in spec.get("moves", []) if key in self.moves],
            "main_moves": [self.main_move] if spec.get("main_move") and self.main_move else [],
            "opening_moves": [self.opening_move] if spec.get("opening_move") and self.opening_move else [],
            "spaces": [self.spaces[title] for title in spec.get("spaces", []) if title in self.spaces],
        }
        return {field: objects for field, objects in found.items() if objects}

    def elements(self, spec: dict) -> list:
        return [obj for objects in self.links(spec).values() for obj in objects]


def _day(today: datetime.date, days: int | None) -> datetime.date | None:
    return None if days is None else today + datetime.timedelta(days=days)


def _at(day: datetime.date) -> datetime.datetime:
    """A meeting time on ``day``, moved back to the Friday when it falls on a weekend (earlier, so that no decision
    becomes due before its meeting)."""
    day -= datetime.timedelta(days=max(0, day.weekday() - 4))
    return timezone.make_aware(datetime.datetime.combine(day, MEETING_TIME))


def _people(organisations: dict[str, Organisation]) -> dict[str, Person]:
    users = {user.username: user for user in User.objects.filter(username__in=[p[3] for p in PEOPLE.values() if p[3]])}
    people = {}
    for key, (name, slug, title, username) in PEOPLE.items():
        organisation = organisations[slug]
        user = users.get(username)
        existing = (Person.objects.filter(user=user).first() if user else None) or Person.objects.filter(
            name=name, organisation=organisation
        ).first()
        if existing is not None:
            people[key] = existing
            continue
        people[key] = save_person(
            person=Person(),
            data={
                "name": name,
                "organisation": organisation,
                "title": title,
                "user": user,
                "is_example": True,
            },
            by=None,
        )
    return people


def _work(data: dict, today: datetime.date, people: dict[str, Person]) -> dict:
    """A decision's or action item's fields from its spec."""
    return {
        "text": data["text"],
        "owner": people[data["owner"]],
        "due_on": _day(today, data["due"]),
        "status": data["status"],
        "done_on": _day(today, data.get("done")),
    }


def _agenda(meeting: Meeting, agenda: list, elements: _Elements) -> list[AgendaItem]:
    return [
        save_agenda_item(
            item=AgendaItem(meeting=meeting),
            data={"title": title, "description": description, **elements.links(links)},
            by=None,
        )
        for title, description, links in agenda
    ]


def _past_meeting(group, spec, today, people, elements) -> None:
    meeting = save_meeting(
        meeting=Meeting(group=group),
        data={"starts_at": _at(_day(today, -spec["days_ago"])), "location": LOCATION, "status": "held"},
        by=None,
    )
    items = _agenda(meeting, spec["agenda"], elements)
    record_minutes(meeting=meeting, minutes=f"{MINUTES_HEADER}\n\n{spec['minutes']}", by=None)
    decisions = [
        save_decision(
            decision=Decision(meeting=meeting),
            data={
                **_work(data, today, people),
                "agenda_item": items[data["agenda"]],
                **elements.links(data["links"]),
            },
            by=None,
        )
        for data in spec["decisions"]
    ]
    for data in spec["actions"]:
        save_action_item(
            item=ActionItem(meeting=meeting),
            data={**_work(data, today, people), "decision": decisions[data["decision"]]},
            by=None,
        )


def _ensure_next_meeting(group: SteeringGroup, today: datetime.date, elements: _Elements) -> None:
    """Plan the group's next meeting, with an agenda, unless one lies ahead (from the start of today)."""
    start_of_today = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    if group.meetings.filter(status=Meeting.Status.PLANNED, starts_at__gte=start_of_today).exists():
        return
    meeting = save_meeting(
        meeting=Meeting(group=group),
        data={
            "starts_at": _at(_day(today, NEXT_MEETING_IN_DAYS)),
            "location": LOCATION,
            "status": Meeting.Status.PLANNED,
        },
        by=None,
    )
    _agenda(meeting, NEXT_AGENDA, elements)


def _steering_group(plan, people, today, elements) -> SteeringGroup:
    group = plan.steering_groups.filter(name=GROUP_NAME).first()
    if group is None:
        group = save_steering_group(
            group=SteeringGroup(plan=plan), data={"name": GROUP_NAME, "description": GROUP_DESCRIPTION}, by=None
        )
        for key, function in MEMBERS:
            add_steering_member(group=group, person=people[key], function=function, by=None)
        # The meetings belong to the group: made with it, so that a second run does not hold them again.
        for spec in PAST_MEETINGS:
            _past_meeting(group, spec, today, people, elements)
    _ensure_next_meeting(group, today, elements)
    return group


def _risks(plan, people, today, elements) -> None:
    for spec in RISKS:
        if plan.risks.filter(kind=spec["kind"], title=spec["title"]).exists():
            continue
        save_risk(
            risk=Risk(plan=plan),
            data={
                "kind": spec["kind"],
                "title": spec["title"],
                "description": f"{RISK_SOURCE}\n\n{RISK_NOTE}",
                "likelihood": spec["likelihood"],
                "impact": spec["impact"],
                "owner": people[spec["owner"]],
                "mitigation": spec["response"],
                "status": spec["status"],
                "reviewed_on": _day(today, -spec["reviewed_days_ago"]),
                "is_example": True,
                **elements.links(spec["links"]),
            },
            by=None,
        )


def _recommendations(plan, people, today) -> None:
    for number, (title, owner, notes, done) in enumerate(RECOMMENDATIONS, start=1):
        if plan.recommendations.filter(number=number).exists():
            continue
        recommendation = save_recommendation(
            recommendation=Recommendation(plan=plan),
            data={
                "number": number,
                "title": title,
                "description": RECOMMENDATION_NOTE,
                "owner": people[owner],
                "is_example": True,
            },
            by=None,
        )
        for days_ago, text in notes:
            add_progress_note(
                recommendation=recommendation, data={"noted_on": _day(today, -days_ago), "text": text}, by=None
            )
        if done:  # after its evidence, as the service requires
            save_recommendation(recommendation=recommendation, data={"status": Recommendation.Status.DONE}, by=None)


def _projects(plan, organisations, today, elements) -> None:
    models = {
        position: CollaborationModel.objects.filter(name=name).first()
        for position, (name, _text) in enumerate(COLLABORATION_MODELS, start=1)
    }
    created = {}
    for spec in PROJECTS:
        if plan.projects.filter(name=spec["name"]).exists():
            continue
        project = save_project(
            project=Project(plan=plan),
            data={
                "name": spec["name"],
                "kind": spec["kind"],
                "description": f"Præsentationen: {spec['quote']}\n\n{PROJECT_NOTE}",
                "organisation": organisations.get(spec["organisation"]) if spec["organisation"] else None,
                "collaboration_model": models.get(spec.get("model")),
                "starts_on": _day(today, spec["starts"]),
                "ends_on": _day(today, spec["ends"]),
                "status": spec["status"],
                "is_example": True,
                **elements.links(spec["links"]),
            },
            by=None,
        )
        for title, due, done in spec["milestones"]:
            save_milestone(
                milestone=Milestone(project=project),
                data={"title": title, "due_on": _day(today, due), "done_on": _day(today, done)},
                by=None,
            )
        created[project.name] = project
    # A dependency is added with the project that depends: a second run (or one the planners removed) is left alone.
    for name, depends_on, kind in DEPENDENCIES:
        project = created.get(name)
        other = plan.projects.filter(name=depends_on).first()
        if project is not None and other is not None:
            add_dependency(project=project, depends_on=other, kind=kind, by=None)


def _rules_of_play(organisations, people, elements) -> None:
    for spec, cells in RULES_OF_PLAY:
        for element in elements.elements(spec):
            element_type = ContentType.objects.get_for_model(element)
            for slug, letter, person in cells:
                organisation = organisations[slug]
                if Responsibility.objects.filter(
                    element_type=element_type, element_id=element.pk, organisation=organisation, letter=letter
                ).exists():
                    continue
                assign_responsibility(
                    element=element,
                    organisation=organisation,
                    letter=letter,
                    person=people[person],
                    by=None,
                    is_example=True,
                )


@transaction.atomic
def load_governance_demo(
    *, plan: StrategyPlan, organisations: dict[str, Organisation], today: datetime.date | None = None
) -> dict[str, int]:
    """Load the example partnership, steering group, meetings, risks, recommendations, projects and rules of play
    into ``plan``; load after the opportunity demo (its collaboration models and spaces are linked to).

    ``organisations``: load_demo's organisations by slug (gladsaxe, gab, dab, afdelingsbestyrelsen). ``today``
    (default: the local date) anchors every date and must not lie in the future. What already exists is left as it
    is (see the module's docstring). Returns counts of the plan's governance rows."""
    today = today or timezone.localdate()
    elements = _Elements(plan)
    people = _people(organisations)
    _steering_group(plan, people, today, elements)
    _risks(plan, people, today, elements)
    _recommendations(plan, people, today)
    _projects(plan, organisations, today, elements)
    _rules_of_play(organisations, people, elements)
    meetings = Meeting.objects.filter(group__plan=plan)
    return {
        "people": Person.objects.filter(is_example=True).count(),
        "steering_members": SteeringGroupMember.objects.filter(group__plan=plan).count(),
        "meetings": meetings.count(),
        "decisions": Decision.objects.filter(meeting__in=meetings).count(),
        "action_items": ActionItem.objects.filter(meeting__in=meetings).count(),
        "risks": plan.risks.count(),
        "recommendations": plan.recommendations.count(),
        "progress_notes": ProgressNote.objects.filter(recommendation__plan=plan).count(),
        "projects": plan.projects.count(),
        "dependencies": ProjectDependency.objects.filter(project__plan=plan).count(),
        "responsibilities": Responsibility.objects.filter(plan=plan).count(),
    }
