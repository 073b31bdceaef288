"""The feed in a real browser: Bob publishes a post with a picture and its description
from the home page composer (htmx), Alice, his connection, finds it in her feed, reacts
and comments; Bob writes and publishes an article. axe-core scans the feed, a post, the
article editor and an article, in French and in English.

Selectors use form actions, names and ids, not button texts, so the test survives
translation.
"""

from __future__ import annotations

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.browser.conftest import format_violations
from tests.browser.test_network import sign_in
from tests.factories import UserFactory
from tremplin.feed.models import Comment, Item, Reaction
from tremplin.network.services import connect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

POST = "Atelier CV jeudi à Sudbury, venez nombreux #emploi"
ALT = "Une salle avec des ordinateurs et une affiche « Atelier CV »"


def scan(axe, page, label: str, failures: dict) -> None:
    page.wait_for_load_state("load")
    results = axe.run(page, options={"resultTypes": ["violations"]})
    assert results.response["testEngine"]["name"] == "axe-core"
    if results.response["violations"]:
        failures[f"{label} ({page.url})"] = results.response["violations"]


def test_publish_react_comment_and_write_an_article(new_context, axe, tmp_path):
    bob = UserFactory(email="bob.feed@example.org", name="Bob Tremblay")
    alice = UserFactory(email="alice.feed@example.org", name="Alice Gagnon")
    connect(alice, bob)
    picture = tmp_path / "atelier.png"
    Image.new("RGB", (120, 80), (30, 120, 200)).save(picture)
    failures: dict = {}

    # Bob publishes from the composer at the top of his home page, with a picture.
    writing = sign_in(new_context(bypass_csp=False), bob)
    writing.goto("/fr/")
    scan(axe, writing, "feed-fr-empty", failures)
    composer = writing.locator("#composer form")
    composer.locator("textarea[name=body]").fill(POST)
    composer.locator("details.pictures-input summary").click()
    composer.locator("input[name=image_1]").set_input_files(str(picture))
    composer.locator("input[name=alt_1]").fill(ALT)
    composer.locator("button[type=submit]").click()
    card = writing.locator("#fresh-posts article.feed-item")
    expect(card).to_contain_text("Atelier CV jeudi")
    expect(card.locator("img")).to_have_attribute("alt", ALT)
    item = Item.objects.get(kind="post")
    assert item.images.get().alt == ALT
    expect(writing.locator("#composer textarea[name=body]")).to_have_value("")
    writing.wait_for_load_state("networkidle")  # the picture is loaded before Alice starts

    # Alice finds it in her feed, reacts (htmx), then comments on its page.
    reading = sign_in(new_context(), alice)
    reading.goto("/fr/")
    shown = reading.locator(f"#item-{item.pk}")
    expect(shown).to_contain_text("Atelier CV jeudi")
    expect(shown.locator("img")).to_have_attribute("alt", ALT)
    scan(axe, reading, "feed-fr", failures)
    like = shown.locator("button[name=kind][value=like]")
    like.click()
    expect(reading.locator(f"#item-{item.pk} button[name=kind][value=like]")).to_have_attribute(
        "aria-pressed", "true"
    )
    reading.wait_for_load_state("networkidle")
    assert Reaction.objects.get(item=item, user=alice).kind == "like"
    reading.goto(f"/fr/feed/items/{item.pk}/")
    reading.fill("#id_body", "J'y serai !")
    with reading.expect_navigation():
        reading.locator(f"form[action='/fr/feed/items/{item.pk}/comments/'] button").last.click()
    expect(reading.locator(".comment")).to_contain_text("J'y serai")
    assert Comment.objects.get(item=item).author == alice
    scan(axe, reading, "post-fr", failures)
    reading.goto(f"/en/feed/items/{item.pk}/")
    scan(axe, reading, "post-en", failures)
    reading.goto("/en/")
    expect(reading.locator(f"#item-{item.pk}")).to_contain_text("1 comment")
    scan(axe, reading, "feed-en", failures)

    # Bob writes an article: the editor, then the published article, in both languages.
    writing.goto("/en/feed/articles/new/")
    scan(axe, writing, "article-editor-en", failures)
    writing.goto("/fr/feed/articles/new/")
    scan(axe, writing, "article-editor-fr", failures)
    writing.fill("#id_title", "Réussir son entrevue")
    writing.fill("#id_body", "## Préparer\n\nRelisez l'offre et **préparez** trois exemples.")
    with writing.expect_navigation():
        writing.locator("button[name=publish]").click()
    article = Item.objects.get(kind="article")
    assert article.published is not None
    expect(writing.locator("h1")).to_have_text("Réussir son entrevue")
    scan(axe, writing, "article-fr", failures)
    reading.goto(f"/en/feed/items/{article.pk}/")
    expect(reading.locator(".article-body strong")).to_have_text("préparez")
    scan(axe, reading, "article-en", failures)

    report = "\n".join(f"{where}:\n{format_violations(v)}" for where, v in failures.items())
    assert not failures, "axe-core found violations:\n" + report
