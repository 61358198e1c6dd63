"""Every history page shows its records a page at a time: an object edited for years must not become one page of
megabytes (an indicator with a few thousand records was a 2 MB page)."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from base.history import HISTORY_PAGE_SIZE
from base.models import ChangeRecord
from partnership.models import Project
from partnership.services import save_project
from strategy.models import IndicatorDefinition
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

RECORDS = HISTORY_PAGE_SIZE + 3


def _records(obj, plan, actor, changes) -> None:
    """``obj``'s history replaced by ``RECORDS`` updates, one minute apart, the newest "Version <RECORDS - 1>"."""
    start = timezone.now() - datetime.timedelta(days=1)
    content_type = ContentType.objects.get_for_model(obj)
    ChangeRecord.objects.filter(content_type=content_type, object_id=obj.pk).delete()
    ChangeRecord.objects.bulk_create(
        ChangeRecord(
            content_type=content_type,
            object_id=obj.pk,
            object_repr=str(obj),
            plan=plan,
            action=ChangeRecord.Action.UPDATE,
            actor=actor,
            actor_name=actor.get_full_name(),
            at=start + datetime.timedelta(minutes=n),
            changes=changes(n),
        )
        for n in range(RECORDS)
    )


def _title(n: int) -> list[dict]:
    return [{"field": "title", "old": f"Version {n - 1}", "new": f"Version {n}"}]


@pytest.mark.parametrize("kind", ["target", "indicator", "space", "project"])
def test_an_objects_history_is_shown_a_page_at_a_time(kind, plan, planner, staff_a, space_a):
    reader = planner
    if kind == "target":
        obj, url = plan.targets.get(number=1), "/targets/{pk}/history/"
    elif kind == "indicator":
        obj, url = IndicatorDefinition.objects.order_by("pk").first(), "/indicators/{pk}/history/"
    elif kind == "space":
        obj, url, reader = space_a, "/spaces/{pk}/history/", staff_a
    else:
        obj = save_project(project=Project(plan=plan), data={"name": "Vadstrupvej"}, by=planner)
        url = "/governance/project/{pk}/history/"
    _records(obj, plan, planner, _title)
    client = client_for(reader)
    url = url.format(pk=obj.pk)

    first = client.get(url)
    assert first.status_code == 200
    text = first.content.decode()
    assert len(first.context["records"]) == HISTORY_PAGE_SIZE
    assert f'<td class="history-new">Version {RECORDS - 1}</td>' in text  # newest first
    assert '<td class="history-new">Version 0</td>' not in text
    assert "Side 1 af 2" in text and 'href="?page=2"' in text

    second = client.get(url, {"page": 2})
    text = second.content.decode()
    assert [r.changes[0]["new"] for r in second.context["records"]][-1] == "Version 0"
    assert len(second.context["records"]) == RECORDS - HISTORY_PAGE_SIZE
    assert 'href="?page=1"' in text and "Nyere ændringer" in text

    # A page past the end, or no number at all, is the last or the first page, not an error.
    assert client.get(url, {"page": 99}).context["page"].number == 2
    assert client.get(url, {"page": "x"}).context["page"].number == 1


def test_a_later_page_of_a_history_also_keeps_other_organisations_spaces_from_housing_staff(
    plan, planner, staff_a, space_a, space_b
):
    project = save_project(project=Project(plan=plan), data={"name": "Vadstrupvej"}, by=planner)
    _records(
        project,
        plan,
        planner,
        lambda n: [*_title(n), {"field": "spaces", "old": [], "new": [space_b.title]}],
    )
    url = f"/governance/project/{project.pk}/history/"
    for number in (1, 2):
        response = client_for(staff_a).get(url, {"page": number})
        assert response.status_code == 200
        assert "Version" in response.content.decode()
        assert space_b.title not in response.content.decode()
    assert space_b.title in client_for(planner).get(url, {"page": 2}).content.decode()
