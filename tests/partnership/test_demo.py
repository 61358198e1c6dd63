"""The demo's governance data: the presentation's obstacles, potentials, recommendations and projects word for word,
a steering group with past meetings, decisions and a next meeting, every invented value marked as an example, and
loaded the same way twice."""

import datetime
import itertools
from io import StringIO

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from base.models import User
from partnership.models import (
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
)
from partnership.selectors.access import can_record_for_group, steering_group_ids_of
from partnership.selectors.records import heat_map, next_meeting, overdue_of
from strategy.models import StrategyPlan

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 16)

# Word for word from the presentation (seed/bagsvaerd-i-social-balance.txt), lines joined with one space.
POTENTIALS = [
    "Behov + Behov = Løsning. Hermed vil flere se fordel ved at deltage",
    "Gentænkning af kollektivhuset, nye boformer og fællesskaber",
    "Stærke og attraktive fysiske forbindelser i bydelen",
    "At kernedriften kommer til at arbejde bystrategisk",
]
OBSTACLES = [
    "Kompleksiteten er høj, svært at formidle, hvad vi gør og hvorfor. Det kan være en forhindring for bredt ejerskab",
    "Mangel på politisk opbakning og strategisk ledelse på tværs betyder mangel på strategisk tænkning i "
    "organisationen og frustrerede medarbejdere i frontlinjen",
    "Lovgivningsmæssige barrierer for at skabe fælles sociale mødesteder",
    "Mangel på bæredygtige og dynamiske samarbejdsmodeller, mødet mellem hierarkiske og netværksbaserede "
    "organiseringer",
    "Manglende forståelse for vigtigheden af kompetenceopbygning ift. ovenstående",
]
RECOMMENDATIONS = [
    "Tid til modning og relationsopbygning mellem parterne (kommune og boligselskab) – både politikere, embedsmænd "
    "og beboere.",
    "Tidlig og løbende involvering af styregruppen / de dagsordensættende parter (også politikere)",
    "Etablering af spilleregler – klarhed om roller og ansvar",
    "Samarbejdsmodeller, der understøtter åbenhed, ligeværdighed og møder mellem forskellige perspektiver på "
    "”virkeligheden”",
    "1:1 afprøvninger af mulige tiltag tidligt i processen, der kan omsætte komplekse strategier til konkrete "
    "tiltag, der er nærværende og meningsfulde",
    "Solid opbakning til centrale nøglepersoner, der tænker bystrategisk - og som kan omsætte til konkrete indsatser",
    "Rum til at nye aktører kan være med til at formulere og gribe mulighedsrum. Der ligger en stærk kraft her "
    "(eksempel Iværksætter, og samarbejde med Novo Nordisk)",
]
# Places and projects named on the slide "Kobling til kernedrift og projekter".
NAMED_PROJECTS = ["Vadstrupvej", "Bindeleddet", "Hængslet", "Ringbo", "Bymidten"]


NOW = "2026-03-16 10:15:00+01:00"


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for this module on ``NOW`` (loading takes seconds), inside a transaction rolled back at
    the end. Each test runs in a savepoint on top of it, so what a test changes (or loads again) is undone after it."""
    with (
        django_db_blocker.unblock(),
        time_machine.travel(NOW, tick=False),
        override_settings(DEBUG=True),
        transaction.atomic(),
    ):
        yield load_demo()
        transaction.set_rollback(True)


@pytest.fixture
def frozen(demo):
    with time_machine.travel(NOW, tick=False):
        yield


def demo_plan() -> StrategyPlan:
    return StrategyPlan.objects.get(slug="bagsvaerd")


def counts() -> dict[str, int]:
    """Rows of the partnership's models and of the base's (people, organisations, the history)."""
    models = [*apps.get_app_config("partnership").get_models(), *apps.get_app_config("governance").get_models()]
    return {model.__name__: model.objects.count() for model in models}


def test_loading_the_demo_twice_changes_nothing_and_records_no_history_the_second_time(demo, frozen):
    first = counts()
    load_demo()
    assert counts() == first
    assert first["ChangeRecord"] > 0  # counted above: the second run recorded no history
    assert first["SteeringGroup"] == 1
    assert first["Meeting"] == 4
    assert first["Risk"] == 9
    assert first["Recommendation"] == 7
    assert "Governance: the presentation's obstacles and potentials (9) and recommendations (7)" in demo


def test_the_presentations_potentials_obstacles_and_recommendations_are_there_word_for_word(frozen):
    plan = demo_plan()
    assert sorted(plan.risks.filter(kind="potential").values_list("title", flat=True)) == sorted(POTENTIALS)
    assert sorted(plan.risks.filter(kind="obstacle").values_list("title", flat=True)) == sorted(OBSTACLES)
    assert list(plan.recommendations.order_by("number").values_list("number", "title")) == list(
        enumerate(RECOMMENDATIONS, start=1)
    )


def test_three_past_meetings_were_held_with_minutes_and_two_or_three_decisions_each(frozen):
    plan = demo_plan()
    held = Meeting.objects.filter(group__plan=plan, status=Meeting.Status.HELD).order_by("starts_at")
    assert held.count() == 3
    for meeting in held:
        assert meeting.starts_at < timezone.now()
        assert meeting.minutes.startswith("Eksempel:")
        assert 2 <= meeting.decisions.count() <= 3
        assert meeting.agenda_items.count() >= 2
        assert meeting.action_items.exists()
        for decision in meeting.decisions.all():
            assert decision.due_on >= timezone.localtime(meeting.starts_at).date()
    # Some decisions were carried out (dated, not in the future), some are still open or in progress.
    decisions = Decision.objects.filter(meeting__group__plan=plan)
    done = decisions.filter(status="done")
    assert done.count() >= 2
    assert all(decision.done_on is not None and decision.done_on <= TODAY for decision in done)
    assert decisions.filter(status__in=["open", "in_progress"]).count() >= 2


def test_the_next_meeting_lies_ahead_with_an_agenda(frozen):
    meeting = next_meeting(demo_plan())
    assert meeting is not None
    assert meeting.status == Meeting.Status.PLANNED
    assert timezone.localtime(meeting.starts_at).date() == TODAY + datetime.timedelta(days=14)
    assert meeting.agenda_items.count() >= 3
    assert all(item.description.startswith("Eksempel:") for item in meeting.agenda_items.all())


def test_one_decision_is_overdue_and_the_demo_steering_member_owns_it_and_may_record_for_the_group(frozen):
    plan = demo_plan()
    member = User.objects.get(username="styregruppe")
    overdue = overdue_of(plan, member)
    assert len(overdue["decisions"]) == 1
    decision = overdue["decisions"][0]
    assert decision.due_on < TODAY
    assert decision.owner.user == member
    assert overdue["action_items"]
    group = SteeringGroup.objects.get(plan=plan)
    assert steering_group_ids_of(member) == frozenset({group.pk})
    assert can_record_for_group(member, group.pk)
    assert not can_record_for_group(User.objects.get(username="gab"), group.pk)
    functions = sorted(group.memberships.values_list("function", flat=True))
    assert functions.count("chair") == 1 and functions.count("secretary") == 1 and functions.count("member") >= 3


def test_the_projects_the_presentation_names_are_there_on_a_timeline_with_dependencies(frozen):
    plan = demo_plan()
    names = list(plan.projects.values_list("name", flat=True))
    for named in NAMED_PROJECTS:
        assert any(named in name for name in names), named
    assert plan.projects.filter(kind=Project.Kind.CORE_OPERATION).exists()
    assert plan.projects.filter(collaboration_model__isnull=False).exists()
    assert all(project.starts_on is not None for project in plan.projects.all())
    assert ProjectDependency.objects.filter(project__plan=plan, kind="blocks").exists()
    assert ProjectDependency.objects.filter(project__plan=plan, kind="follows").exists()
    milestones = list(Milestone.objects.filter(project__plan=plan))
    assert any(milestone.is_late for milestone in milestones)
    assert any(milestone.done_on is not None for milestone in milestones)


def test_every_invented_value_is_marked_as_an_example(frozen):
    plan = demo_plan()
    assert Person.objects.count() == Person.objects.filter(is_example=True).count() >= 6
    assert all(risk.is_example and "Eksempel:" in risk.description for risk in plan.risks.all())
    assert all(risk.mitigation.startswith("Eksempel:") for risk in plan.risks.all())
    assert all(project.is_example and "Eksempel:" in project.description for project in plan.projects.all())
    assert all(m.title.startswith("Eksempel:") for m in Milestone.objects.filter(project__plan=plan))
    assert all(d.text.startswith("Eksempel:") for d in Decision.objects.filter(meeting__group__plan=plan))
    assert all(a.text.startswith("Eksempel:") for a in ActionItem.objects.filter(meeting__group__plan=plan))
    assert all(i.description.startswith("Eksempel:") for i in AgendaItem.objects.filter(meeting__group__plan=plan))
    assert all("Eksempel:" in r.description and r.is_example for r in plan.recommendations.all())
    letters = Responsibility.objects.filter(plan=plan)
    assert letters.count() == letters.filter(is_example=True).count() > 0
    assert all(n.text.startswith("Eksempel:") for n in ProgressNote.objects.filter(recommendation__plan=plan))
    assert "Eksempel:" in SteeringGroup.objects.get(plan=plan).description


def test_a_done_recommendation_has_evidence_and_some_risks_await_review_on_the_heat_map(frozen):
    plan = demo_plan()
    done = plan.recommendations.filter(status=Recommendation.Status.DONE)
    assert done.exists()
    assert all(recommendation.progress_notes.exists() for recommendation in done)
    assert plan.recommendations.filter(status=Recommendation.Status.NOT_STARTED).exists()
    risks = list(plan.risks.all())
    assert any(risk.needs_review for risk in risks)
    assert not all(risk.needs_review for risk in risks)
    grid = heat_map(plan.risks.all())
    assert sum(map(sum, grid["obstacle"])) == 5
    assert sum(map(sum, grid["potential"])) == 4


def test_risks_decisions_projects_and_the_rules_of_play_link_to_the_plans_elements(frozen):
    plan = demo_plan()
    main_move = plan.main_move
    opening_move = main_move.opening_moves.get(title="Hængslet")
    assert Risk.objects.filter(plan=plan, main_moves=main_move).exists()
    assert Risk.objects.filter(plan=plan, moves__isnull=False).exists()
    assert Risk.objects.filter(plan=plan, spaces__isnull=False).exists()
    assert Decision.objects.filter(meeting__group__plan=plan, opening_moves=opening_move).exists()
    assert Decision.objects.filter(meeting__group__plan=plan, targets__isnull=False).exists()
    assert Project.objects.filter(plan=plan, opening_moves=opening_move, spaces__isnull=False).exists()
    letters = set(
        Responsibility.objects.filter(plan=plan, element_id=main_move.pk, element_type__model="mainmove").values_list(
            "letter", flat=True
        )
    )
    assert letters == {"R", "A", "C", "I"}
    assert Responsibility.objects.filter(plan=plan, element_type__model="openingmove").exists()


def test_loading_again_weeks_later_plans_a_new_next_meeting_and_adds_nothing_else(demo):
    before = counts()
    with time_machine.travel("2026-05-04 09:00:00+02:00", tick=False):
        load_demo()
        after = counts()
        meeting = next_meeting(demo_plan())
        assert timezone.localtime(meeting.starts_at).date() == datetime.date(2026, 5, 18)
        assert overdue_of(demo_plan(), User.objects.get(username="planlaegger"))["decisions"]
    added = {name: after[name] - before[name] for name in before if after[name] != before[name]}
    assert added.pop("Meeting") == 1
    assert added.pop("AgendaItem") == 4
    assert set(added) == {"ChangeRecord"}  # the new meeting's history, nothing else


def test_the_timeline_and_the_heat_map_need_the_same_queries_with_the_demo_and_with_300_projects_and_risks(frozen):
    """Acceptance: timeline and heat map render with the demo data and with 300 projects / 300 risks at the same
    query count (read by the demo's planner, on the demo itself, then with 300 more of each)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    plan = demo_plan()
    client = Client()
    client.force_login(User.objects.get(username="planlaegger"))
    pages = ["/governance/projects/timeline/", "/governance/risks/", "/governance/", "/governance/projects/"]

    def queries() -> dict[str, int]:
        result = {}
        for url in pages:
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            assert response.status_code == 200, url
            result[url] = len(captured)
        return result

    client.get(pages[0])  # sessions and content types cached, as on any later request
    with_demo = queries()

    start = TODAY - datetime.timedelta(days=400)
    projects = Project.objects.bulk_create(
        Project(
            plan=plan,
            name=f"Masseprojekt {n:03}",
            starts_on=start + datetime.timedelta(days=n),
            ends_on=start + datetime.timedelta(days=n + 500),
            status="ongoing",
        )
        for n in range(300)
    )
    Milestone.objects.bulk_create(
        Milestone(project=project, title=f"Milepæl {k}", due_on=project.starts_on + datetime.timedelta(days=100 * k))
        for project in projects
        for k in (1, 2)
    )
    ProjectDependency.objects.bulk_create(
        ProjectDependency(project=later, depends_on=earlier, kind="follows")
        for earlier, later in itertools.pairwise(projects)
    )
    Risk.objects.bulk_create(
        Risk(
            plan=plan,
            kind=("obstacle", "potential")[n % 2],
            title=f"Masserisiko {n:03}",
            likelihood=n % 5 + 1,
            impact=(n // 5) % 5 + 1,
            reviewed_on=TODAY,
        )
        for n in range(300)
    )
    with_many = queries()

    assert with_many == with_demo
    timeline = client.get(pages[0]).content.decode()
    assert "Masseprojekt 299" in timeline and "Vadstrupvej" in timeline
