"""Every page answers: a crawl of the whole site as each persona, with DEBUG off, over data holding something of
every kind (``tests.site``).

Each persona starts at the front page and follows every link the app renders for them, breadth first. Every
response must be below 500, and no link may lead to a page the app then refuses (404 for a missing object,
403 for a page the persona may not open): a link the app shows must work for whoever sees it. The account
without a role sees only the refusal page. Templates fail loudly in the test run (``FAIL_INVALID_TEMPLATE_VARS``
in pyproject.toml), so a page that renders a missing variable fails here too. New pages are covered as soon as
something links to them.

The browser part (``tests/browser/test_every_page_in_the_browser.py``) runs axe-core on one page of each URL pattern.
"""

import pytest
from django.db import transaction
from django.test import Client, TestCase

from tests.crawl import crawl
from tests.site import PERSONAS, WITHOUT_ROLE, build_site, missing_kinds

# URL pattern → (page, form) of one edit form with a version, as the planner's crawl found them.
EDIT_FORMS: dict[str, tuple[str, dict]] = {}


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """The site's data, built once for this module inside a transaction rolled back at the end; each test runs in
    a savepoint on top of it. The tasks its commits schedule (the recompute after an import) run as they would."""
    with django_db_blocker.unblock(), transaction.atomic():
        with TestCase.captureOnCommitCallbacks(execute=True):
            users = build_site()
        yield users
        transaction.set_rollback(True)


def client_as(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def test_the_crawl_data_holds_every_kind_of_object_and_every_state(site, db):
    assert missing_kinds() == [], "add them to tests/site.py so that the crawl sees their pages"


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != WITHOUT_ROLE])
def test_every_page_a_persona_can_reach_by_links_answers_and_every_link_works(site, db, settings, persona):
    settings.DEBUG = False
    result = crawl(client_as(site[persona]))
    if persona == "planlaegger":
        for page in result.pages.values():
            for form in page.edit_forms:
                EDIT_FORMS.setdefault(page.pattern, (page.url, form))
    assert len(result.pages) > 50, f"the crawl found only {len(result.pages)} pages"
    failures = result.failures(lambda page: page.status < 400)
    assert not failures, f"{len(failures)} of {len(result.pages)} pages failed as {persona}:\n" + "\n".join(failures)


def test_an_account_without_a_role_reaches_only_the_refusal(site, db, settings):
    settings.DEBUG = False
    result = crawl(client_as(site[WITHOUT_ROLE]))
    failures = result.failures(lambda page: page.status in (200, 302, 403))
    assert not failures, "\n".join(failures)
    refused = [page.url for page in result.pages.values() if page.status == 403]
    assert refused, "the account without a role was let in"


def test_an_unknown_address_gives_the_not_found_page_to_a_logged_in_user(site, db, settings):
    settings.DEBUG = False
    response = client_as(site["planlaegger"]).get("/plans/bagsvaerd/findes-ikke/")
    assert response.status_code == 404
    assert "Siden blev ikke fundet" in response.content.decode()


def test_an_unknown_address_gives_the_not_found_page_to_a_visitor(db, settings):
    settings.DEBUG = False
    response = Client(raise_request_exception=False).get("/findes-ikke/")
    assert response.status_code in (302, 404)


def _planners_edit_forms(planner) -> dict[str, tuple[str, dict]]:
    if not EDIT_FORMS:  # this test run alone: find them
        for page in crawl(client_as(planner)).pages.values():
            for form in page.edit_forms:
                EDIT_FORMS.setdefault(page.pattern, (page.url, form))
    return EDIT_FORMS


def _changed(fields: dict) -> dict:
    """The form's own values with one text changed, so that a save that went through would leave a record."""
    changed = dict(fields)
    for name, value in fields.items():
        if name not in ("version", "csrfmiddlewaretoken") and value and not value.isdigit():
            changed[name] = f"{value} (ændret)"
            break
    return changed


def test_an_edit_saved_without_its_version_is_refused_with_a_message_and_nothing_changes(site, db, settings):
    """Every form the app renders with a version (one per URL pattern): posted without the hidden version, the save is
    refused with a message, and no history record (no change) is written. An edit form shows the input again; a
    one-click action (marking a risk as reviewed) goes back to the item's page, which offers it again."""
    from base.models import ChangeRecord

    settings.DEBUG = False
    forms = _planners_edit_forms(site["planlaegger"])
    assert len(forms) > 20, sorted(forms)
    client = client_as(site["planlaegger"])
    records = ChangeRecord.objects.count()
    refused = []
    for pattern, (url, form) in sorted(forms.items()):
        data = {name: value for name, value in _changed(form["fields"]).items() if name != "version"}
        response = client.post(form["action"], data, follow=True)
        text = response.content.decode()
        if response.status_code == 200 and "Siden sagde ikke, hvilken udgave" in text:
            refused.append(pattern)
        else:
            pytest.fail(f"{pattern} ({url}): {response.status_code}, not refused")
        assert 'name="version" value="' in text, f"{pattern}: saving again is not possible"
    assert ChangeRecord.objects.count() == records
    assert len(refused) == len(forms)


def test_an_empty_post_to_a_meetings_minutes_keeps_them(site, db, settings):
    from partnership.models import Meeting

    meeting = Meeting.objects.exclude(minutes="").first()
    # A POST with nothing but the CSRF token in it, as a stale page or a hand-made request sends it.
    response = client_as(site["planlaegger"]).post(
        f"/governance/meetings/{meeting.pk}/minutes/", {"csrfmiddlewaretoken": "x"}
    )
    assert response.status_code == 200
    assert "Siden sagde ikke, hvilken udgave du redigerede" in response.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).minutes == meeting.minutes != ""
