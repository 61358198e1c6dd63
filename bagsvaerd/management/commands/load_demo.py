"""Load the demo: the strategy "Bagsværd i social balance" as the source presentation words it, its organisations and
one login per role, the example opportunity spaces and the partnership's example governance, and the synthetic
example statistics, each app's part from that app's ``demo`` module.

Idempotent: a second run changes nothing and records no history. It refuses to run with DEBUG off (the logins'
password is published).
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from base.models import Organisation, Role
from base.services.accounts import upsert_organisation, upsert_user_with_role
from opportunities.demo import load_opportunity_demo
from partnership.demo import load_governance_demo
from strategy.demo import link_example_indicators, load_example_statistics, load_strategy_demo

DEMO_PASSWORD = "bagsvaerd-demo-2026"

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


def _load_people() -> None:
    organisations = {slug: upsert_organisation(slug=slug, name=name, kind=kind) for slug, name, kind in ORGANISATIONS}
    for username, first, last, org, role in USERS:
        upsert_user_with_role(
            username=username,
            password=DEMO_PASSWORD,
            organisation=organisations[org],
            role=role,
            first_name=first,
            last_name=last,
        )


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
            plan = load_strategy_demo()
            _load_people()
            link_example_indicators(plan)
            opportunities = load_opportunity_demo(
                plan=plan, organisations={org.slug: org for org in Organisation.objects.all()}
            )
            governance = load_governance_demo(
                plan=plan, organisations={org.slug: org for org in Organisation.objects.all()}
            )
        statistics = load_example_statistics()
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
