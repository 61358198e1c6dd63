"""Fixtures of the governance tests, made through the services: people of the partnership, a steering group the
steering-member persona sits in (and another one they do not), a meeting of each."""

import datetime

import pytest
from django.utils import timezone

from partnership.models import Meeting, Person, SteeringGroup
from partnership.services import add_steering_member, save_meeting, save_person, save_steering_group


@pytest.fixture
def people(organisations, steering_member, planner):
    """A person for the steering member and the planner (tied to their accounts), and two without accounts."""

    def person(name, organisation, user=None, title=""):
        return save_person(
            person=Person(),
            data={"name": name, "organisation": organisation, "user": user, "title": title},
            by=planner,
        )

    return {
        "steering": person("Søren Testesen", organisations["gladsaxe"], steering_member, "Direktør"),
        "planner": person("Pia Testesen", organisations["gladsaxe"], planner, "Planlægger"),
        "gab": person("Gitte Boligsen", organisations["gab"], None, "Forretningsfører"),
        "dab": person("Dorte Driftsen", organisations["dab"], None, "Driftschef"),
    }


@pytest.fixture
def steering_group(plan, people, planner):
    """The plan's steering group, with the steering-member persona as a member."""
    group = save_steering_group(
        group=SteeringGroup(plan=plan), data={"name": "Styregruppen for Bagsværd", "description": ""}, by=planner
    )
    add_steering_member(group=group, person=people["steering"], function="chair", by=planner)
    add_steering_member(group=group, person=people["gab"], function="member", by=planner)
    return group


@pytest.fixture
def other_group(plan, people, planner):
    """A second steering group of the same plan, which the steering-member persona does not sit in."""
    group = save_steering_group(
        group=SteeringGroup(plan=plan), data={"name": "Følgegruppen", "description": ""}, by=planner
    )
    add_steering_member(group=group, person=people["dab"], function="member", by=planner)
    return group


def _meeting(group, by, days_ahead):
    starts_at = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0) + datetime.timedelta(
        days=days_ahead
    )
    return save_meeting(
        meeting=Meeting(group=group), data={"starts_at": starts_at, "location": "Rådhuset", "status": "planned"}, by=by
    )


@pytest.fixture
def meeting(steering_group, planner):
    """The steering group's next meeting, in a week."""
    return _meeting(steering_group, planner, 7)


@pytest.fixture
def other_meeting(other_group, planner):
    """A meeting of the group the steering member is not in."""
    return _meeting(other_group, planner, 7)
