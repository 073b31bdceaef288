"""Emails: in the recipient's language, never for blocked people (checked again at
send time), with a one-click unsubscribe that needs no login (CASL, RFC 8058)."""

from __future__ import annotations

import re

import pytest
from django.core import mail, signing
from django.test import Client

from tests.factories import UserFactory
from tests.notifications.conftest import choose
from tremplin.feed.hooks import MENTION, REACTION
from tremplin.messaging.hooks import MESSAGE
from tremplin.network import services as network
from tremplin.network.hooks import CONNECTION_ACCEPTED, CONNECTION_REQUEST
from tremplin.notifications.emails import ALL_KINDS, unsubscribe_token
from tremplin.notifications.models import Delivery, EmailState, Notification, Preference
from tremplin.notifications.tasks import send_digests


@pytest.fixture
def emailed(personas):
    """Alice wants connection requests by email at once."""
    choose(personas.alice, CONNECTION_REQUEST, Delivery.EMAIL)
    return personas.alice


def link_in(body: str, path_part: str) -> str:
    found = re.search(r"(http\S*" + re.escape(path_part) + r"\S*)", body)
    assert found, body
    return found.group(1)


def test_an_immediate_email_in_the_recipients_language(settings, emailed, personas, make):
    settings.SITE_URL = "https://tremplin.example"
    emailed.language = "en"
    emailed.save()
    row = make(emailed, CONNECTION_REQUEST, actor=personas.carol)  # request from the page
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@example.org"]
    assert "Carol Singh wants to connect with you." in message.subject
    assert f"https://tremplin.example/en/notifications/{row.pk}/open/" in message.body
    assert message.extra_headers["Message-ID"] == f"<notification-{row.pk}.1@tremplin.example>"
    one_click = message.extra_headers["List-Unsubscribe"]
    assert re.fullmatch(r"<https://tremplin\.example/en/notifications/unsubscribe/\S+/>", one_click)
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert one_click[1:-1] in message.body
    row.refresh_from_db()
    assert row.email_state == EmailState.SENT and row.emailed_at is not None


def test_a_french_member_gets_french_links(emailed, personas, make):
    make(emailed, CONNECTION_REQUEST, actor=personas.carol)
    assert "/fr/notifications/" in mail.outbox[0].body


def test_no_email_unless_asked(personas, make):
    make(personas.alice, CONNECTION_ACCEPTED, actor=personas.bob)  # in-app by default
    assert mail.outbox == []


def test_a_block_between_creation_and_sending_stops_the_email(
    emailed, personas, made_but_not_delivered
):
    from tremplin.notifications.tasks import deliver

    row = made_but_not_delivered(emailed, CONNECTION_REQUEST, actor=personas.carol)
    network.block(emailed, personas.carol)
    deliver.call(row.pk)  # the task runs late, after the block
    assert mail.outbox == []
    row.refresh_from_db()
    assert row.email_state == EmailState.NONE


def test_a_mute_between_creation_and_the_digest_leaves_the_row_out(personas, make):
    make(personas.alice, MENTION, actor=personas.bob)  # mentions go to the digest
    make(personas.alice, MENTION, actor=personas.carol)
    network.mute(personas.alice, personas.bob)
    assert send_digests() == 1
    assert len(mail.outbox) == 1
    assert "Carol Singh" in mail.outbox[0].body and "Bob Roy" not in mail.outbox[0].body


# ------------------------------------------------------------------ unsubscribe


def unsubscribe_path(user, kind, lang="en") -> str:
    return f"/{lang}/notifications/unsubscribe/{unsubscribe_token(user, kind)}/"


def test_get_shows_a_confirmation_and_changes_nothing(emailed):
    response = Client().get(unsubscribe_path(emailed, CONNECTION_REQUEST))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<form method="post"' in page
    assert "Stop the emails about “Connection requests”?" in page
    assert Preference.objects.get(user=emailed).delivery == Delivery.EMAIL


def test_the_mail_programs_one_click_post_works_anonymously(emailed, personas, make):
    make(emailed, CONNECTION_REQUEST, actor=personas.carol)
    one_click = mail.outbox[0].extra_headers["List-Unsubscribe"][1:-1]
    path = one_click.split("://", 1)[1].split("/", 1)[1]
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/" + path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert Preference.objects.get(user=emailed, kind=CONNECTION_REQUEST).delivery == (
        Delivery.IN_APP
    )
    # Only that kind: mentions still go to the digest.
    assert not Preference.objects.filter(user=emailed, kind=MENTION).exists()


def test_the_button_can_stop_every_email(emailed):
    choose(emailed, REACTION, Delivery.OFF)
    response = Client().post(unsubscribe_path(emailed, CONNECTION_REQUEST), {"scope": "all"})
    assert response.status_code == 200
    assert "you will no longer receive notification emails" in response.content.decode()
    prefs = dict(Preference.objects.filter(user=emailed).values_list("kind", "delivery"))
    assert prefs[CONNECTION_REQUEST] == prefs[MENTION] == Delivery.IN_APP
    assert prefs[REACTION] == Delivery.OFF  # off stays off


def test_the_all_link_stops_every_email_and_drops_waiting_digest_rows(personas, make):
    make(personas.alice, MENTION, actor=personas.bob)
    Client().post(unsubscribe_path(personas.alice, ALL_KINDS))
    assert Notification.objects.get().email_state == EmailState.NONE
    assert send_digests() == 0 and mail.outbox == []


@pytest.mark.parametrize(
    "token",
    [
        "nonsense",
        signing.dumps({"u": 1, "k": "mention"}, salt="another-salt"),
        signing.dumps({"u": 1, "k": "poke"}, salt="tremplin.notifications.unsubscribe"),
        signing.dumps({"u": 999999, "k": "mention"}, salt="tremplin.notifications.unsubscribe"),
        signing.dumps(["u", 1], salt="tremplin.notifications.unsubscribe"),
    ],
    # Named, not shown: a signed token holds the time it was made, and pytest-xdist's
    # workers must collect the same test ids.
    ids=["nonsense", "another-salt", "unknown-kind", "unknown-member", "not-a-dict"],
)
def test_a_bad_or_forged_token_is_a_clear_400(personas, token):
    for method in ("get", "post"):
        response = getattr(Client(), method)(f"/en/notifications/unsubscribe/{token}/")
        assert response.status_code == 400
        assert "This unsubscribe link is not valid" in response.content.decode()
    assert not Preference.objects.exists()


def test_a_token_for_one_member_cannot_be_edited_into_another(personas):
    token = unsubscribe_token(personas.alice, MENTION)
    other = unsubscribe_token(personas.bob, MENTION)
    forged = other.split(":")[0] + ":" + token.split(":", 1)[1]
    assert Client().post(f"/en/notifications/unsubscribe/{forged}/").status_code == 400


# ------------------------------------------------------------------ the digest


def test_the_digest_is_one_email_per_member_in_their_language(settings, personas, make):
    settings.SITE_URL = "https://tremplin.example"
    zoe = UserFactory(email="zoe@example.org", name="Zoé Roy", language="en")
    make(zoe, MENTION, actor=personas.bob)
    make(zoe, MESSAGE, actor=personas.carol, group_key="message:c:1")
    make(zoe, MESSAGE, actor=personas.carol, group_key="message:c:1")
    make(personas.alice, MENTION, actor=personas.bob)
    assert mail.outbox == []  # nothing before the digest runs
    assert send_digests() == 2
    assert len(mail.outbox) == 2
    message = next(m for m in mail.outbox if m.to == ["zoe@example.org"])
    assert "2 new notifications" in message.subject
    assert "Bob Roy mentioned you." in message.body
    assert "Carol Singh sent you 2 messages." in message.body
    assert "https://tremplin.example/en/notifications/unsubscribe/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["Message-ID"].startswith(f"<digest-{zoe.pk}.")
    assert set(Notification.objects.values_list("email_state", flat=True)) == {EmailState.SENT}


def test_running_the_digest_twice_sends_once(personas, make):
    make(personas.alice, MENTION, actor=personas.bob)
    assert send_digests() == 1
    assert send_digests() == 0
    assert len(mail.outbox) == 1


def test_rows_read_in_the_app_meanwhile_are_not_in_the_digest(personas, make):
    row = make(personas.alice, MENTION, actor=personas.bob)
    Notification.objects.filter(pk=row.pk).update(read_at=row.created)
    assert send_digests() == 0 and mail.outbox == []
