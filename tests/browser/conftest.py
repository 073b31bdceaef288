"""Headless Chromium (Debian's, never a downloaded one) driven by Playwright, with
axe-core for accessibility scans.

Playwright's sync API runs an event loop in this thread while it is started, so:
- Django's async-safety guard is relaxed only while Playwright runs, for the ORM calls
  the tests make between browser steps;
- Playwright lives for this package only: an event loop left running in the main thread
  would break every later test that uses asgiref's async_to_sync.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("TREMPLIN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def snap(page, name: str) -> None:
    """A full-page screenshot for people to look at (test-artifacts/, not committed)."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _chromium_available() -> bool:
    return Path(CHROMIUM).is_file() or shutil.which(CHROMIUM) is not None


@pytest.fixture(scope="package")
def _playwright_browser():
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as mp, sync_playwright() as pw:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # only while the loop runs
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _patient_expect():
    """`expect` waits as long as the contexts' actions (15 s, set in new_context) rather
    than Playwright's 5 s: the browser tests run on every core at once (pytest-xdist),
    beside the other workers, so a first render (Swagger UI reading the whole OpenAPI
    schema) can take longer than 5 s on a busy 2-core machine. Only the wait changes,
    never what is expected."""
    from playwright.sync_api import expect

    expect.set_options(timeout=15_000)
    yield
    expect.set_options(timeout=5_000)


@pytest.fixture
def browser(require_service, request):
    """The shared Chromium; fails under CI and skips elsewhere when it is missing."""
    require_service(_chromium_available(), f"Chromium ({CHROMIUM})")
    return request.getfixturevalue("_playwright_browser")


@pytest.fixture
def live_server(_asgi_live_server, transactional_db, settings):
    """Replaces pytest-django's WSGI live server with uvicorn (see asgi_server.py), so
    that pages' websockets work. One server for the session; each test gets a fresh
    database (transactional_db) and the in-memory channel layer."""
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    return _asgi_live_server


@pytest.fixture
def new_context(browser, live_server):
    """Opens isolated browser contexts (one per member) that only talk to the live
    server. CSP is bypassed so that axe-core can be injected; the pages' own CSP is
    checked separately."""
    contexts = []

    def open_context(**kwargs):
        options = {
            "base_url": live_server.url,
            "viewport": {"width": 1280, "height": 900},
            "bypass_csp": True,
            "locale": "fr-CA",
        }
        options.update(kwargs)
        context = browser.new_context(**options)
        context.set_default_timeout(15_000)

        def only_loopback(route):
            url = route.request.url
            # A stray request (favicon) landing after the test ends would meet the
            # database being flushed: the in-memory SQLite's table locks refuse it.
            if url.endswith("/favicon.ico"):
                route.abort()
            elif url.startswith(live_server.url) or url.startswith("data:"):
                route.continue_()
            else:
                route.abort()

        context.route("**/*", only_loopback)
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        # Let in-flight requests finish before the database is flushed (the live server
        # thread and the flush share an in-memory SQLite whose table locks do not wait).
        for page in context.pages:
            # A page still busy after 5 s is closed anyway (playwright's TimeoutError).
            with contextlib.suppress(Exception):
                page.wait_for_load_state("networkidle", timeout=5_000)
        context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation.get('impact')}): {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"    at {node['target']}: {node['html'][:200]}")
            summary = node.get("failureSummary")
            if summary:
                lines.append("      " + summary.replace("\n", "\n      "))
    return "\n".join(lines)


@pytest.fixture
def assert_accessible(axe):
    """Runs axe-core (all of its stable rules: WCAG 2.x A/AA and best practices) on the
    page as it is now, and fails with the list of violations if there is any."""

    def check(page, label: str | None = None) -> None:
        page.wait_for_load_state("load")
        results = axe.run(page, options={"resultTypes": ["violations"]})
        violations = results.response["violations"]
        where = label or page.url
        assert results.response.get("testEngine", {}).get("name") == "axe-core"
        assert not violations, f"axe-core violations on {where}:\n" + format_violations(violations)

    return check
