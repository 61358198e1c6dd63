"""The statistics import page as a planner uses it: recent imports by people and by commands, and what a bad file
is told."""

import pytest

from strategy.services.statistics import import_statistics
from tests.conftest import client_for
from tests.strategy.test_import import load_good_areas

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def areas(settings):
    settings.RECOMPUTE_AFTER_IMPORT = False
    load_good_areas()


def test_the_import_page_lists_an_import_made_by_a_command_as_made_by_the_system(planner):
    import_statistics(
        data=b"area_code,year,variable,value\nsmoermosen,2020,residents,1500\n", file_name="a.csv", by=None
    )
    import_statistics(
        data=b"area_code,year,variable,value\nsmoermosen,2021,residents,1510\n", file_name="b.csv", by=planner
    )
    response = client_for(planner).get("/statistics/import/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Systemet (en kommando eller et job)" in page
    assert "Pia Testesen" in page
