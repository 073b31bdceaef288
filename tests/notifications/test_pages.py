"""The notification centre and the preferences page, for every persona."""

from __future__ import annotations

import re

import pytest

from tests.notifications.conftest import choose
from tests.personas import VIEWERS, viewer_of
from tremplin.feed.hooks import MENTION, REACTION, REPLY
from tremplin.messaging.hooks import MESSAGE
from tremplin.network import services as network
from tremplin.network.hooks import CONNECTION_ACCEPTED
from tremplin.notifications import kinds
from tremplin.notifications.models import Delivery, Notification, Preference
from tremplin.notifications.queries import PAGE_SIZE

CENTRE = "/fr/notifications/"


def html(response) -> str:
    return response.content.decode()


def checked(page: str, name: str, value: str) -> bool:
    """Whether the radio button name=value is checked in the page."""
    for tag in re.findall(r"<input[^>]*>", page):
        if f'name="{name}"' in tag and f'value="{value}"' in tag:
            return "checked" in tag
    raise AssertionError(f"no radio {name}={value}")


@pytest.fixture
def alices(personas, make):
    """One notification for alice, from bob (her connection)."""
    return make(
        personas.alice, CONNECTION_ACCEPTED, actor=personas.bob, target=personas.bob.profile
    )


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", CENTRE),
        ("get", "/fr/notifications/1/open/"),
        ("post", "/fr/notifications/1/read/"),
        ("post", "/fr/notifications/read-all/"),
        ("get", "/fr/notifications/preferences/"),
        ("post", "/fr/notifications/preferences/"),
    ],
)
def test_anonymous_visitors_are_sent_to_sign_in(db, client, method, url):
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("viewer", VIEWERS)
def test_only_the_recipient_sees_a_notification(personas, as_user, alices, viewer):
    user = viewer_of(personas, viewer)
    client = as_user(user)
    centre = client.get(CENTRE)
    shown = client.get(f"/fr/notifications/{alices.pk}/open/")
    opened = client.post(f"/fr/notifications/{alices.pk}/open/")
    read = client.post(f"/fr/notifications/{alices.pk}/read/")
    if viewer == "alice":
        assert "Bob Roy" in html(centre) and "Bob Roy" in html(shown)
        assert opened.status_code == 302 and opened["Location"] == "/fr/p/bob-roy/"
    elif viewer == "anonymous":
        assert centre.status_code == shown.status_code == opened.status_code == 302
        assert read.status_code == 302
    else:
        assert centre.status_code == 200
        assert "Bob Roy" not in html(centre)
        assert shown.status_code == opened.status_code == read.status_code == 404
    if viewer != "alice":
        alices.refresh_from_db()
        assert alices.read_at is None


def test_the_centre_reads_in_each_language_and_highlights_unread(personas, as_user, alices):
    client = as_user(personas.alice)
    english = html(client.get("/en/notifications/"))
    assert "Bob Roy accepted your connection request." in english
    assert 'class="result notif notif-unread"' in english
    assert f'action="/en/notifications/{alices.pk}/open/"' in english
    french = html(client.get(CENTRE))
    assert "<h1>Notifications</h1>" in french
    assert f'action="/fr/notifications/{alices.pk}/open/"' in french


def test_opening_marks_read_and_goes_to_the_target(personas, as_user, alices):
    client = as_user(personas.alice)
    response = client.post(f"/en/notifications/{alices.pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/en/p/bob-roy/"
    alices.refresh_from_db()
    assert alices.read_at is not None
    page = html(client.get(CENTRE))
    assert "notif-unread" not in page
    assert 'href="/fr/p/bob-roy/"' in page  # read: a plain link to the target


def test_the_email_link_shows_the_notification_and_marks_nothing_on_a_get(
    personas, as_user, alices
):
    """Issue 15 (9): a GET of the email's link marked the notification read (a mail
    scanner or another site's <img> could). Now GET shows it with a form that POSTs
    (at once in a browser, through htmx); only that POST marks it read."""
    client = as_user(personas.alice)
    for language in ("fr", "en"):
        page = client.get(f"/{language}/notifications/{alices.pk}/open/")
        assert page.status_code == 200
        assert 'method="post"' in html(page) and 'hx-trigger="load"' in html(page)
    alices.refresh_from_db()
    assert alices.read_at is None
    followed = client.post(f"/en/notifications/{alices.pk}/open/", HTTP_HX_REQUEST="true")
    assert followed.status_code == 204 and followed["HX-Redirect"] == "/en/p/bob-roy/"
    alices.refresh_from_db()
    assert alices.read_at is not None


def test_mark_one_and_mark_all_read(personas, as_user, make):
    first = make(personas.alice, MENTION, actor=personas.bob)
    make(personas.alice, MENTION, actor=personas.carol)
    client = as_user(personas.alice)
    response = client.post(f"/fr/notifications/{first.pk}/read/", {"next": CENTRE})
    assert response.status_code == 302
    assert Notification.objects.filter(read_at__isnull=True).count() == 1
    client.post("/fr/notifications/read-all/")
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_the_unread_filter(personas, as_user, make):
    read = make(personas.alice, MENTION, actor=personas.bob)
    make(personas.alice, REPLY, actor=personas.carol)
    Notification.objects.filter(pk=read.pk).update(read_at=read.created)
    page = html(as_user(personas.alice).get(CENTRE + "?filter=unread"))
    assert "Carol Singh" in page and "Bob Roy" not in page
    assert f'href="{CENTRE}?filter=unread" aria-current="page"' in page


def test_keyset_pages_cover_everything_once(personas, as_user, make):
    from tests.factories import UserFactory

    for _ in range(PAGE_SIZE + 5):
        make(personas.alice, MENTION, actor=UserFactory())
    client = as_user(personas.alice)
    first = html(client.get(CENTRE))
    ids = re.findall(r'id="notification-(\d+)"', first)
    assert len(ids) == PAGE_SIZE
    after = re.search(r'rel="next" href="\?after=([0-9.]+)"', first).group(1)
    second = html(client.get(CENTRE, {"after": after}))
    more = re.findall(r'id="notification-(\d+)"', second)
    assert len(more) == 5 and not set(ids) & set(more)
    assert 'rel="next"' not in second
    assert client.get(CENTRE, {"after": "not-a-cursor"}).status_code == 302


def test_a_later_block_hides_the_notification(personas, as_user, make):
    row = make(personas.alice, MENTION, actor=personas.carol)
    network.block(personas.carol, personas.alice)
    client = as_user(personas.alice)
    assert "Carol Singh" not in html(client.get(CENTRE))
    assert client.get(f"/fr/notifications/{row.pk}/open/").status_code == 404


def test_the_nav_badge_shows_the_unread_count(personas, as_user, alices, make):
    client = as_user(personas.alice)
    page = html(client.get("/en/notifications/"))
    assert re.search(r"data-notif-badge>1</span>", page)
    assert "1 unread notification" in page
    assert 'aria-live="polite"' in page
    Notification.objects.update(read_at=alices.created)
    page = html(client.get("/en/notifications/"))
    assert re.search(r"data-notif-badge hidden>0</span>", page)
    assert "No unread notifications" in page


# ------------------------------------------------------------------ preferences


def test_the_preferences_page_has_one_radio_group_per_kind(personas, as_user):
    page = html(as_user(personas.alice).get("/en/notifications/preferences/"))
    assert page.count("<fieldset") == len(kinds.all_keys())
    assert page.count("<legend>") == len(kinds.all_keys())
    for kind in kinds.all_keys():
        assert page.count(f'name="{kind}"') == len(Delivery)
    # The defaults are checked.
    assert re.search(
        r'value="digest"[^>]*name="mention"[^>]*checked|name="mention"[^>]*value="digest"[^>]*checked',
        page,
    )


def test_saving_preferences(personas, as_user):
    data = dict.fromkeys(kinds.all_keys(), Delivery.IN_APP)
    data[REACTION] = Delivery.OFF
    data[MESSAGE] = Delivery.EMAIL
    response = as_user(personas.alice).post("/fr/notifications/preferences/", data)
    assert response.status_code == 302
    saved = dict(Preference.objects.filter(user=personas.alice).values_list("kind", "delivery"))
    assert saved[REACTION] == Delivery.OFF and saved[MESSAGE] == Delivery.EMAIL


def test_a_bad_choice_re_renders_with_a_message_and_keeps_the_rest(personas, as_user):
    data = dict.fromkeys(kinds.all_keys(), Delivery.IN_APP)
    data[REACTION] = "sms"
    data[MESSAGE] = Delivery.EMAIL
    response = as_user(personas.alice).post("/en/notifications/preferences/", data)
    assert response.status_code == 200
    page = html(response)
    assert "Choose one option for each kind of notification." in page
    assert re.search(
        r'name="message"[^>]*value="email"[^>]*checked|value="email"[^>]*name="message"[^>]*checked',
        page,
    )
    assert not Preference.objects.exists()


def test_choosing_off_stops_future_notifications_of_that_kind(personas, as_user, make):
    choose(personas.alice, MENTION, Delivery.OFF)
    assert make(personas.alice, MENTION, actor=personas.bob) is None
