"""The social journey from the issue, in a real browser, over the real websocket (the
browser tests' server is uvicorn), with the pages' strict CSP on:

1. Nadia asks Omar to connect from his profile; Omar's open page counts the request at
   once; he accepts on "My network" and Nadia's open page counts the acceptance at once.
2. Omar has his feed open; Nadia publishes a post from the home page composer (htmx);
   Omar's "new posts" indicator appears without a reload (live `feed` event), he shows
   the new posts, reacts and comments; Nadia's open page counts both notifications at
   once, and her notification centre lists them in French.
3. Omar opens a conversation with Nadia from her profile ("Send a message"); Nadia's open
   inbox counts it at once; in the open conversation, each one's messages appear live on
   the other's page.
4. axe-core finds nothing on every page of the journey, in French and in English.

"Live" is checked by a marker set in the page's window before the action and still there
after it: a reload or a navigation would have dropped it.

The pages asserted on run with the CSP enforced (`bypass_csp=False`); axe-core needs to
inject its script, so the scans run in separate contexts (one per member) that bypass it.
Selectors use ids, form actions and data attributes, not button texts.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_network import sign_in
from tests.factories import UserFactory
from tremplin.feed import hooks as feed_hooks
from tremplin.feed.models import Comment, Item, Reaction
from tremplin.messaging.models import Conversation, Message
from tremplin.network.hooks import CONNECTION_ACCEPTED
from tremplin.network.models import Connection, ConnectionRequest
from tremplin.notifications.models import Notification

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GREETING = "Bonjour à toutes et à tous, je cherche un poste de machiniste."
POST = "Atelier CV jeudi à Sudbury, venez nombreux #emploi"
COMMENT = "J'y serai, merci Nadia"
FIRST_MESSAGE = "Bonjour Nadia, merci pour l'invitation"
SECOND_MESSAGE = "Tu as des conseils pour l'entrevue de lundi ?"
REPLY = "Avec plaisir : relis bien l'offre avant"


def mark(page) -> None:
    """Put a marker in the page's window: only a reload or a navigation removes it."""
    page.evaluate("window.__journeyMarker = 1")


def assert_not_reloaded(page) -> None:
    assert page.evaluate("window.__journeyMarker") == 1, f"{page.url} was reloaded"


def live_up(page) -> None:
    """Wait until realtime.js has its websocket open on this page."""
    expect(page.locator("body")).to_have_attribute("data-live-state", "up")


def notif_badge(page):
    return page.locator("[data-notif-badge]")


class Scanner:
    """One CSP-bypassing context per member, for the axe-core scans only."""

    def __init__(self, new_context, assert_accessible):
        self.new_context = new_context
        self.assert_accessible = assert_accessible
        self.pages: dict[str, object] = {}
        self.scanned: list[str] = []

    def scan(self, user, path: str) -> None:
        if user.pk not in self.pages:
            self.pages[user.pk] = sign_in(self.new_context(bypass_csp=True), user)
        page = self.pages[user.pk]
        page.goto(path)
        page.wait_for_load_state("networkidle")
        expect(page).to_have_url(re.compile(re.escape(path) + "$"))
        self.assert_accessible(page, f"{path} (as {user.email})")
        self.scanned.append(path)


@pytest.fixture(autouse=True)
def _patient_assertions():
    """Live updates cross two browsers, the server and the database: give `expect` the
    same 15 s as the contexts' actions (a busy 2-core CI machine), then restore it."""
    expect.set_options(timeout=15_000)
    yield
    expect.set_options(timeout=5_000)


@pytest.fixture
def members(live_server):
    nadia = UserFactory(email="nadia@example.org", name="Nadia Tremblay")
    omar = UserFactory(email="omar@example.org", name="Omar Haddad")
    return nadia, omar


def test_connect_post_react_comment_and_message_live(new_context, assert_accessible, members):
    nadia, omar = members
    scanner = Scanner(new_context, assert_accessible)
    nadia_page = sign_in(new_context(bypass_csp=False), nadia)
    omar_page = sign_in(new_context(bypass_csp=False), omar)

    # ------------------------------------------------------------------ 1. connecting
    omar_page.goto("/fr/")
    live_up(omar_page)
    expect(notif_badge(omar_page)).to_be_hidden()
    mark(omar_page)

    scanner.scan(nadia, "/fr/p/omar-haddad/")  # the profile with its "Connect" form
    nadia_page.goto("/fr/p/omar-haddad/")
    form = nadia_page.locator("form.connect-form[action='/fr/network/connect/omar-haddad/']")
    with nadia_page.expect_navigation():
        form.locator("button[type=submit]").click()
    request = ConnectionRequest.objects.get(from_user=nadia, to_user=omar)

    # Omar's open page counts the request without a reload.
    expect(notif_badge(omar_page)).to_have_text("1")
    expect(omar_page.locator("[data-notif-live]")).to_have_text("1 notification non lue")
    assert_not_reloaded(omar_page)

    live_up(nadia_page)
    expect(notif_badge(nadia_page)).to_be_hidden()
    mark(nadia_page)

    # Omar accepts on "My network", reached from the main navigation.
    with omar_page.expect_navigation():
        omar_page.locator("nav a[href='/fr/network/']").click()
    invitation = omar_page.locator(".request-received")
    expect(invitation).to_contain_text("Nadia Tremblay")
    scanner.scan(omar, "/fr/network/")  # with the pending request
    with omar_page.expect_navigation():
        invitation.locator(
            f"form[action='/fr/network/requests/{request.pk}/accept/'] button"
        ).click()
    expect(omar_page.locator(".connection a[href='/fr/p/nadia-tremblay/']")).to_have_count(1)
    assert Connection.objects.count() == 1

    # Nadia's open page counts the acceptance without a reload.
    expect(notif_badge(nadia_page)).to_have_text("1")
    assert_not_reloaded(nadia_page)

    # ------------------------------------------------------------------ 2. the feed
    # Omar's feed needs one entry for the "new posts" indicator to have a starting point:
    # he says hello from the composer, then opens his feed afresh.
    omar_page.goto("/fr/")
    omar_page.locator("#composer textarea[name=body]").fill(GREETING)
    omar_page.locator("#composer form button[type=submit]").click()
    expect(omar_page.locator("#fresh-posts article.feed-item")).to_contain_text("machiniste")
    omar_page.goto("/fr/")
    live_up(omar_page)
    expect(omar_page.locator("#timeline article.feed-item")).to_have_count(1)
    expect(omar_page.locator(".new-posts-button")).to_have_count(0)
    mark(omar_page)

    # Nadia publishes from the composer on her home page (htmx: no reload).
    nadia_page.goto("/fr/")
    live_up(nadia_page)
    mark(nadia_page)
    nadia_page.locator("#composer textarea[name=body]").fill(POST)
    nadia_page.locator("#composer form button[type=submit]").click()
    expect(nadia_page.locator("#fresh-posts article.feed-item")).to_contain_text("Atelier CV jeudi")
    expect(nadia_page.locator("#composer textarea[name=body]")).to_have_value("")
    assert_not_reloaded(nadia_page)
    post = Item.objects.get(author=nadia, kind="post")

    # Omar's open feed shows the "new posts" indicator at once (live "feed" event), and
    # showing them brings Nadia's post in without a reload.
    indicator = omar_page.locator("#new-posts .new-posts-button")
    expect(indicator).to_have_text(re.compile(r"^\s*1 nouvelle publication\s:\sl'afficher\s*$"))
    indicator.click()
    shown = omar_page.locator(f"#timeline #item-{post.pk}")
    expect(shown).to_contain_text("Atelier CV jeudi à Sudbury")
    assert_not_reloaded(omar_page)

    # He reacts (htmx) and Nadia's open page counts it.
    shown.locator("button[name=kind][value=like]").click()
    expect(omar_page.locator(f"#item-{post.pk} button[name=kind][value=like]")).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(omar_page.locator(f"#actions-{post.pk} .counts")).to_contain_text("1 réaction")
    assert_not_reloaded(omar_page)
    expect(notif_badge(nadia_page)).to_have_text("2")
    assert_not_reloaded(nadia_page)
    assert Reaction.objects.get(item=post).user == omar

    # He comments on the post's page, and Nadia's open page counts it.
    omar_page.goto(f"/fr/feed/items/{post.pk}/")
    omar_page.fill("#id_body", COMMENT)
    with omar_page.expect_navigation():
        omar_page.locator(f"form[action='/fr/feed/items/{post.pk}/comments/'] button").last.click()
    expect(omar_page.locator(".comment")).to_contain_text(COMMENT)
    assert Comment.objects.get(item=post).author == omar
    expect(notif_badge(nadia_page)).to_have_text("3")
    expect(nadia_page.locator("[data-notif-live]")).to_have_text("3 notifications non lues")
    assert_not_reloaded(nadia_page)

    # Her notification centre lists them, in French, newest first.
    nadia_page.goto("/fr/notifications/")
    rows = nadia_page.locator(".notif-list .notif-unread")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("Omar Haddad a commenté votre publication.")
    expect(rows.nth(0).locator("blockquote")).to_contain_text(COMMENT)
    expect(rows.nth(1)).to_contain_text("Omar Haddad a réagi à votre publication.")
    expect(rows.nth(2)).to_contain_text("Omar Haddad a accepté votre demande de relation.")
    assert set(Notification.objects.filter(recipient=nadia).values_list("kind", flat=True)) == {
        CONNECTION_ACCEPTED,
        feed_hooks.REACTION,
        feed_hooks.COMMENT,
    }

    # ------------------------------------------------------------------ 3. messages
    nadia_page.goto("/fr/messages/")
    live_up(nadia_page)
    unread_conversations = nadia_page.locator("#messaging-unread")
    expect(unread_conversations).to_be_hidden()
    mark(nadia_page)

    omar_page.goto("/fr/p/nadia-tremblay/")
    with omar_page.expect_navigation():
        omar_page.locator(".network-actions a[href='/fr/messages/new/?to=nadia-tremblay']").click()
    expect(omar_page).to_have_url(re.compile(r"/fr/messages/new/\?to=nadia-tremblay$"))
    expect(omar_page.locator("#id_to_chosen .chip")).to_have_text(re.compile("Nadia Tremblay"))
    omar_page.fill("#id_body", FIRST_MESSAGE)
    with omar_page.expect_navigation():
        omar_page.locator("#new-conversation button[type=submit]").click()
    conversation = Conversation.objects.get()
    expect(omar_page).to_have_url(re.compile(rf"/fr/messages/{conversation.pk}/(#m-\d+)?$"))
    expect(omar_page.locator("#messages li")).to_have_count(1)

    # Nadia's open inbox counts the new conversation without a reload.
    expect(unread_conversations).to_be_visible()
    expect(unread_conversations.locator("[data-count]")).to_have_text("1")
    assert_not_reloaded(nadia_page)

    # The badge's link brings the inbox up to date; she opens the conversation from it.
    # Omar writes again, and the message appears on her open page.
    with nadia_page.expect_navigation():
        nadia_page.locator("nav a[href='/fr/messages/']:has(#messaging-unread)").click()
    line = nadia_page.locator(".conversation-line.unread")
    expect(line).to_contain_text("Omar Haddad")
    expect(line).to_contain_text(FIRST_MESSAGE)
    with nadia_page.expect_navigation():
        line.locator(f"a[href='/fr/messages/{conversation.pk}/']").click()
    expect(nadia_page.locator("#messages li")).to_have_count(1)
    expect(nadia_page.locator("#messages li").first).to_contain_text(FIRST_MESSAGE)
    live_up(nadia_page)
    nadia_page.wait_for_load_state("networkidle")  # her read receipt is in
    mark(nadia_page)
    live_up(omar_page)
    mark(omar_page)

    omar_page.fill("#send-form textarea", SECOND_MESSAGE)
    with omar_page.expect_response(lambda r: r.url.endswith("/send/")) as answer:
        omar_page.locator("#send-form button[type=submit]").click()
    assert answer.value.status == 200
    expect(omar_page.locator("#messages li")).to_have_count(2)
    expect(nadia_page.locator("#messages li")).to_have_count(2)
    expect(nadia_page.locator("#messages li").nth(1)).to_contain_text("l'entrevue de lundi")
    expect(nadia_page.locator("[data-conversation]")).to_have_attribute("data-polling", "off")
    assert_not_reloaded(nadia_page)

    # She replies; Omar sees it on his open page, and that she has read his messages.
    nadia_page.fill("#send-form textarea", REPLY)
    with nadia_page.expect_response(lambda r: r.url.endswith("/send/")) as answer:
        nadia_page.locator("#send-form button[type=submit]").click()
    assert answer.value.status == 200
    expect(nadia_page.locator("#messages li")).to_have_count(3)
    expect(omar_page.locator("#messages li")).to_have_count(3)
    expect(omar_page.locator("#messages li").nth(2)).to_contain_text("relis bien l'offre")
    expect(omar_page.locator("#seen-by")).to_contain_text("Nadia Tremblay")
    assert_not_reloaded(omar_page)
    assert_not_reloaded(nadia_page)
    assert list(Message.objects.order_by("id").values_list("sender", flat=True)) == [
        omar.pk,
        omar.pk,
        nadia.pk,
    ]

    # ------------------------------------------------------------------ 4. axe-core
    for lang in ("fr", "en"):
        scanner.scan(nadia, f"/{lang}/")  # the feed with the post
        scanner.scan(nadia, f"/{lang}/feed/items/{post.pk}/")  # with Omar's comment
        scanner.scan(nadia, f"/{lang}/notifications/")
        scanner.scan(nadia, f"/{lang}/messages/")
        scanner.scan(nadia, f"/{lang}/messages/{conversation.pk}/")
        scanner.scan(omar, f"/{lang}/p/nadia-tremblay/")  # connected, "Send a message"
        scanner.scan(omar, f"/{lang}/network/")  # with the connection
        scanner.scan(omar, f"/{lang}/messages/new/?to=nadia-tremblay")
    assert len(scanner.scanned) == 18
