"""The one email path (tremplin.core.email): text and an HTML alternative, in the
recipient's language, with the same headers on every email."""

from __future__ import annotations

import pytest
from django.core import mail

from tremplin.core import email

INVITATION = "email/invitation"
CONTEXT = {
    "organization": "Agence Horizon",
    "role": "Counsellor",
    "inviter": "Greta",
    "path": "/fr/invitations/abc/",
    "days": 14,
}


def html_of(message) -> str:
    [(content, mime)] = message.alternatives
    assert mime == "text/html"
    return content


@pytest.fixture
def own_html(settings, tmp_path):
    """A template directory with an email that brings its own HTML."""
    folder = tmp_path / "templates" / "email"
    folder.mkdir(parents=True)
    (folder / "fancy_subject.txt").write_text("Fancy {{ name }}")
    (folder / "fancy_body.txt").write_text("Hello {{ name }}")
    (folder / "fancy_body.html").write_text("<p class=fancy>Hello {{ name }}</p>")
    engines = [dict(engine) for engine in settings.TEMPLATES]
    for engine in engines:
        if engine["BACKEND"].endswith("DjangoTemplates"):
            engine["DIRS"] = [tmp_path / "templates", *engine["DIRS"]]
    settings.TEMPLATES = engines
    return "email/fancy"


def test_every_email_has_an_html_alternative_in_the_shared_layout():
    message = email.compose("nina@example.org", INVITATION, CONTEXT, "en")

    html = html_of(message)
    assert '<html lang="en">' in html
    assert "Greta invites you to join Agence Horizon" in html
    # The text's links are clickable in the HTML.
    assert 'href="http://127.0.0.1:8000/fr/invitations/abc/"' in html
    assert f"<title>{message.subject}</title>" in html


def test_an_email_with_its_own_html_uses_it(own_html):
    message = email.compose("nina@example.org", own_html, {"name": "Nina"}, "en")

    assert html_of(message) == "<p class=fancy>Hello Nina</p>"
    assert message.body == "Hello Nina"


@pytest.mark.parametrize(
    ("language", "subject", "sentence"),
    [
        ("fr", "Invitation à vous joindre à Agence Horizon sur Tremplin", "Bonjour"),
        ("en", "Invitation to join Agence Horizon on Tremplin", "Hello,"),
    ],
)
def test_the_email_is_in_the_recipients_language_whatever_is_active(language, subject, sentence):
    from django.utils import translation

    other = "en" if language == "fr" else "fr"
    with translation.override(other):
        message = email.compose("nina@example.org", INVITATION, CONTEXT, language)
        assert translation.get_language() == other  # left as it was

    assert message.subject == f"[Tremplin] {subject}"
    assert sentence in message.body
    assert f'<html lang="{language}">' in html_of(message)


def test_list_unsubscribe_only_where_it_is_asked():
    plain = email.compose("nina@example.org", INVITATION, CONTEXT, "en")
    stoppable = email.compose(
        "nina@example.org",
        INVITATION,
        CONTEXT,
        "en",
        unsubscribe_url="https://tremplin.example/stop/xyz/",
        message_id="<thing-1.1@tremplin.example>",
    )

    assert "List-Unsubscribe" not in plain.extra_headers
    assert "Message-ID" not in plain.extra_headers
    assert stoppable.extra_headers["List-Unsubscribe"] == "<https://tremplin.example/stop/xyz/>"
    assert stoppable.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert stoppable.extra_headers["Message-ID"] == "<thing-1.1@tremplin.example>"
    for message in (plain, stoppable):
        assert message.extra_headers["Auto-Submitted"] == "auto-generated"


def test_the_subject_has_the_prefix_on_one_line_and_keeps_french_spaces(settings):
    settings.ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Essai] "

    assert email.subject_line("  Deux\nlignes\t ici \n") == "[Essai] Deux lignes ici"
    # A no-break space (French typography, before a colon) is not folded.
    assert email.subject_line("Rappel\u00a0: demain") == "[Essai] Rappel\u00a0: demain"


def test_send_sends_one_message_and_compose_sends_nothing(db):
    email.compose("nina@example.org", INVITATION, CONTEXT, "en")
    assert mail.outbox == []

    email.send(["nina@example.org", "olga@example.org"], INVITATION, CONTEXT, "fr")

    [sent] = mail.outbox
    assert sent.to == ["nina@example.org", "olga@example.org"]
    assert sent.subject.startswith("[Tremplin] Invitation à vous joindre")


def test_an_email_rendered_elsewhere_gets_the_same_headers_and_layout():
    message = email.from_rendered(
        ["zoe@example.org"], "[Tremplin] Confirm", "Open https://tremplin.example/x", "", "fr"
    )

    html = html_of(message)
    assert '<html lang="fr">' in html
    assert 'href="https://tremplin.example/x"' in html
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    assert "List-Unsubscribe" not in message.extra_headers


def test_an_email_rendered_elsewhere_keeps_its_own_html():
    message = email.from_rendered(["zoe@example.org"], "S", "text", "<p>own</p>", "en")

    assert html_of(message) == "<p>own</p>"
