"""The statistics import page as a planner uses it: recent imports by people and by commands, and what a bad file
is told."""

import pytest

from strategy.services.statistics import MAX_PROBLEMS, import_statistics
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


def test_an_import_with_more_problems_than_are_listed_says_how_many_there_are_in_all(planner):
    rows = "\n".join(f"ukendt-{n},2020,residents,{n}" for n in range(1, 121))
    upload = ("mange-fejl.csv", f"area_code,year,variable,value\n{rows}\n".encode())
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_for(planner).post("/statistics/import/", {"file": SimpleUploadedFile(*upload)})
    page = response.content.decode()
    assert "Intet blev importeret: 120 problemer" in page
    assert f"De første {MAX_PROBLEMS} er vist" in page
    assert page.count("Ukendt områdekode") == MAX_PROBLEMS
