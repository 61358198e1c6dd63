"""The migrations describe the models exactly: a model change without its migration fails here, not in production."""

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_the_models_and_the_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def _partnership_rows() -> dict[str, list]:
    """Every row of the partnership's tables (many-to-many ones included) and the history records about them."""
    from django.apps import apps

    from base.models import ChangeRecord

    rows = {}
    for model in apps.get_app_config("partnership").get_models(include_auto_created=True):
        rows[model._meta.db_table] = list(model.objects.order_by("pk").values())
    rows["history"] = sorted(
        ChangeRecord.objects.filter(content_type__app_label="partnership").values_list(
            "content_type__model", "object_id", "action", "changes"
        ),
        key=repr,
    )
    return rows


@pytest.mark.django_db(transaction=True)
def test_moving_the_partnership_into_its_own_app_keeps_every_row_and_its_history(settings):
    """The demo in a database migrated back to the layout before the split (the models in "governance", on
    governance_* tables), then forward: the same rows, links and history, and the pages read them."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from base.models import User
    from partnership.models import Decision
    from tests.conftest import client_for

    settings.DEBUG = True
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    before = _partnership_rows()
    assert before["partnership_decision"] and before["partnership_risk_targets"] and before["history"]

    executor = MigrationExecutor(connection)
    executor.migrate([("partnership", None), ("governance", "0004_example_flags")])
    tables = connection.introspection.table_names()
    assert "governance_decision" in tables and "governance_risk_targets" in tables
    assert not any(table.startswith("partnership_") for table in tables)
    assert ContentType.objects.filter(app_label="governance", model="decision").exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM governance_decision")
        assert cursor.fetchone()[0] == len(before["partnership_decision"])

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert _partnership_rows() == before
    assert not ContentType.objects.filter(app_label="governance", model="decision").exists()
    decision = Decision.objects.order_by("pk").first()
    page = client_for(User.objects.get(username="planlaegger")).get(f"/governance/decision/{decision.pk}/history/")
    assert page.status_code == 200
    assert "Oprettet" in page.content.decode()
