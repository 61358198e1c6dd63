"""Browser tests: Playwright drives Debian's Chromium (never a downloaded browser) against a live server.

``browser_type_launch_args`` is pytest-playwright's session fixture; overriding it points the ``page`` fixture
at /usr/bin/chromium. Without Chromium the browser tests skip with the reason (and fail when CI=true).
"""

import json
import os
from pathlib import Path

import pytest

from tests.conftest import PASSWORD, require

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser_type_launch_args():
    path = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    require(Path(path).exists(), f"Chromium is not installed at {path} (apt-get install chromium)")
    require(AXE.exists(), "axe-core is not installed (npm ci)")
    return {"executable_path": path, "headless": True, "args": CHROMIUM_ARGS}


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "da-DK"}


@pytest.fixture
def context(context):
    """Every page of a browser test comes with axe-core loaded (once per page, before its own scripts), which is
    quicker than adding it to each page afterwards."""
    context.add_init_script(path=str(AXE))
    return context


def assert_accessible(page) -> None:
    """axe-core on the current page: no serious or critical violations."""
    # After a click the next page may still be on its way: check the page once it is whole.
    page.wait_for_load_state()
    page.wait_for_function("() => document.readyState === 'complete'")
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    violations = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    serious = [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in violations
        if v["impact"] in {"serious", "critical"}
    ]
    assert not serious, f"axe-core on {page.url}:\n{json.dumps(serious, indent=2, ensure_ascii=False)}"


# The outermost visible elements reaching past the right edge of the screen that no container of their own holds
# (one that scrolls, ``overflow-x: auto``, or clips inside the page). The design system sets ``overflow-x: hidden``
# on the body, so such an element does not make the page scroll: it is cut off, and what it holds cannot be read.
_OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  const held = el => {
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== 'visible') return true;
    }
    return false;
  };
  const shown = el => {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return box.width > 1 && box.height > 1 && style.visibility !== 'hidden' && style.position !== 'fixed';
  };
  const found = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (found.some(f => f.contains(el))) continue;
    if (el.getBoundingClientRect().right > width + 1 && shown(el) && !held(el)) found.push(el);
  }
  const overflow = document.documentElement.scrollWidth - width;
  return {overflow, culprits: found.slice(0, 5).map(el => el.outerHTML.slice(0, 200))};
}"""


def assert_fits_width(page) -> None:
    """Nothing is wider than the screen: the page does not scroll sideways and no element is cut off at its right
    edge, unless a container meant to scroll holds it."""
    result = page.evaluate(_OVERFLOWING)
    assert result["overflow"] <= 0 and not result["culprits"], (
        f"{page.url} at {page.viewport_size['width']} px: {result['overflow']} px too wide; cut off:\n"
        + "\n".join(result["culprits"])
    )


def send_login_form(page, username: str, password: str = PASSWORD) -> None:
    """Fill in and send the login page's form, on the login page the browser is at."""
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(password)
    page.get_by_role("button", name="Log ind").click()


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/login/")
    assert_accessible(page)
    send_login_form(page, username)
    page.wait_for_load_state()


@pytest.fixture(scope="session", autouse=True)
def _orm_beside_playwright():
    # Playwright's sync API runs an event loop on the test's thread; these tests still use the ORM there.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture
def csp_violations(page, settings) -> list[str]:
    """The Content-Security-Policy is enforced in every browser test (as when DEBUG is off), and what Chromium
    refused because of it is collected here: a test that ends with one fails (``_csp_clean``)."""
    settings.SECURE_CSP = settings.CONTENT_SECURITY_POLICY
    settings.SECURE_CSP_REPORT_ONLY = {}
    found: list[str] = []

    def seen(message) -> None:
        if "Content Security Policy" in message.text:
            found.append(f"{page.url}: {message.text}")

    page.on("console", seen)
    return found


@pytest.fixture(autouse=True)
def _csp_clean(csp_violations):
    yield
    assert not csp_violations, "Content-Security-Policy violations:\n" + "\n".join(csp_violations)


@pytest.fixture(autouse=True)
def _fail_fast(page):
    # The pages are local and small: a locator that waits longer than this has found a real problem.
    page.set_default_timeout(10_000)
