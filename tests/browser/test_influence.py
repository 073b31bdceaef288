"""My analytics in a real browser, in French and English: the charts render, the
tables behind the two <details> open, the period selector works, the strict CSP raises
no violation (no inline style or script), and axe-core finds nothing — with the tables
closed and open.

Selectors use ids, names and classes, not texts, so the test survives translation.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.test_network import sign_in
from tests.factories import UserFactory
from tests.influence.conftest import days_ago, follow, members, view
from tremplin.feed import services as feed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def author():
    nadia = UserFactory(email="nadia.stats@example.org", name="Nadia Stats")
    post = feed.publish_post(nadia, "Atelier CV jeudi à Sudbury", audience="public")
    readers = members("Lectrice", 6, region="ON", sector="health")
    readers += members("Lecteur", 3, region="QC", sector="education")
    for i, reader in enumerate(readers):
        view(post, reader, days_ago(i % 5))
        if i % 2:
            feed.react(reader, post, "like")
        follow(reader, nadia, days_ago(i))
    return nadia


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_my_analytics_are_accessible_in_both_languages(
    new_context, assert_accessible, author, lang
):
    page = sign_in(new_context(), author, lang=lang)
    page.goto(f"/{lang}/influence/")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("svg.chart[role=img]")).to_have_count(2)
    expect(page.locator(".total-views .total-value")).to_have_text("9")
    expect(page.locator("tr.group-ON td")).to_have_text("6")
    expect(page.locator("tr.group-QC")).to_have_count(0)  # 3 people: never shown
    expect(page.locator(".top-items a")).to_have_count(1)
    assert_accessible(page, f"/{lang}/influence/")

    for summary in page.locator("details > summary").all():
        summary.click()
    expect(page.locator("details[open]")).to_have_count(2)
    expect(page.locator("details table").first).to_be_visible()
    assert_accessible(page, f"/{lang}/influence/ (tables open)")

    page.select_option("select[name=days]", "7")
    with page.expect_navigation():
        page.locator(".period-form button[type=submit]").click()
    assert page.url.endswith("/influence/?days=7")
    expect(page.locator("details").first.locator("tbody tr")).to_have_count(7)
    assert_accessible(page, f"/{lang}/influence/?days=7")


def test_the_page_keeps_to_the_strict_csp(new_context, author):
    context = new_context(bypass_csp=False)
    page = sign_in(context, author)
    problems: list[str] = []
    page.on(
        "console",
        lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.goto("/fr/influence/")
    expect(page.locator("svg.chart")).to_have_count(2)
    # The charts are drawn by the stylesheet: a line has a stroke only if the CSS applied.
    stroke = page.locator("polyline.series-views").evaluate("e => getComputedStyle(e).stroke")
    assert stroke not in ("", "none")
    assert problems == []
