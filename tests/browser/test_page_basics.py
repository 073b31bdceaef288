"""Guards for the browser tests themselves, and the strict Content-Security-Policy."""

from __future__ import annotations

import pytest

from tests.browser.conftest import format_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_accessibility_scanner_reports_violations(new_context, axe):
    """If axe-core were not injected or reported nothing, every scan would pass."""
    page = new_context().new_page()
    page.set_content("<html><body><img src='x.png'><input type='text'></body></html>")
    violations = axe.run(page).response["violations"]
    found = {v["id"] for v in violations}
    assert {"image-alt", "label", "html-has-lang"} <= found, format_violations(violations)


@pytest.mark.parametrize(
    "path",
    ["/", "/fr/", "/en/accounts/signup/", "/fr/accounts/login/", "/en/people/"],
)
def test_pages_load_their_scripts_and_styles_under_the_strict_csp(new_context, path):
    context = new_context(bypass_csp=False)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    response = page.goto(path)
    page.wait_for_load_state("load")
    assert response.status == 200
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert "unsafe-inline" not in response.headers["content-security-policy"]
    assert not problems, problems
    sheets = page.evaluate("[...document.styleSheets].map(s => s.cssRules.length)")
    assert sheets and all(n > 10 for n in sheets)  # the stylesheet loaded and applies
    if path != "/":  # the language chooser needs no script
        assert page.evaluate("typeof window.htmx") == "object"
