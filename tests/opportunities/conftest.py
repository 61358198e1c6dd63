"""Fixtures of the opportunity tests: a plan, and a space of each housing organisation, made through the services."""

import pytest

from opportunities.services import create_space


@pytest.fixture
def space_a(plan, organisations, staff_a):
    """A space of staff A's organisation (GAB), created by staff A."""
    return create_space(
        plan=plan,
        data={"title": "Iværksættermiljø i Værebro Park", "kind": "social", "organisation": organisations["gab"]},
        by=staff_a,
    )


@pytest.fixture
def space_b(plan, organisations, staff_b):
    """A space of staff B's organisation (DAB), created by staff B."""
    return create_space(
        plan=plan,
        data={"title": "Lektiecafé i fælleshuset", "kind": "social", "organisation": organisations["dab"]},
        by=staff_b,
    )
