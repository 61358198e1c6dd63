"""The Content-Security-Policy in the browser: every browser test runs with it enforced and fails on a violation
(``tests/browser/conftest.py``); these show that the check finds one, and that the pages the crawl does not open
(the admin, the one-page report, a file chosen too large) work under it."""

import pytest

from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_inline_script_is_refused_and_the_refusal_is_caught(page, live_server, csp_violations):
    page.goto(f"{live_server.url}/login/")
    page.evaluate(
        """() => {
        const script = document.createElement('script');
        script.textContent = 'window.injected = true;';
        document.body.append(script);
    }"""
    )
    page.wait_for_timeout(200)

    assert page.evaluate("() => window.injected === undefined")  # it did not run
    assert any("script-src 'self'" in violation for violation in csp_violations), csp_violations
    csp_violations.clear()  # seen: this test's only expected violation


def test_the_admin_works_under_the_policy(page, live_server, administrator, planner):
    administrator.is_staff = administrator.is_superuser = True
    administrator.save()
    log_in(page, live_server, administrator.username)

    page.goto(f"{live_server.url}/admin/")
    page.goto(f"{live_server.url}/admin/governance/user/")  # the change list: the admin's own nonce'd <style>
    page.get_by_role("link", name="planner").click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/admin/governance/authevent/")

    assert page.locator("#result_list, p.paginator").count() >= 1
    # The admin's JavaScript ran (its scripts are files): the change list's action bar was set up.
    assert page.evaluate("() => typeof django !== 'undefined' && typeof django.jQuery === 'function'")


def test_the_one_page_report_is_styled_under_the_policy(page, live_server, plan, steering_member):
    log_in(page, live_server, steering_member.username)

    page.goto(f"{live_server.url}/dashboard/pixi/")

    # Its <style> carries the request's nonce: applied, not refused (20 pt = 26.67 px).
    assert page.evaluate("() => getComputedStyle(document.querySelector('h1')).fontSize") == "26.6667px"


def test_a_file_chosen_too_large_is_named_before_anything_is_sent(page, live_server, space_a, staff_a, settings):
    settings.ATTACHMENT_MAX_BYTES = 1000
    log_in(page, live_server, staff_a.username)
    page.goto(f"{live_server.url}/spaces/{space_a.pk}/activities/new/")
    page.get_by_label("Hvad skete der").fill("Lektiecafé")

    page.get_by_label("Billeder eller PDF-filer").set_input_files(
        {"name": "plakat.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n" + b"0" * 2000}
    )

    message = page.evaluate("() => document.querySelector('input[type=file]').validationMessage")
    assert message.startswith("»plakat.pdf« er større end ")
    assert page.get_by_role("alert").inner_text() == message  # shown above the input, as the form's errors are
    url = page.url
    page.locator("main button[type=submit]").click()
    assert page.url == url  # not sent
    assert page.get_by_label("Hvad skete der").input_value() == "Lektiecafé"
