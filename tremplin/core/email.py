"""The one way an email is built: templates for the text and an HTML alternative, in the
recipient's language, with the same headers on every email.

    send(
        to=user.email,
        template="appointments/email/appointment",   # _subject.txt, _body.txt [, _body.html]
        context={...},
        language=user.language,
        unsubscribe_url=one_click,                   # List-Unsubscribe (RFC 8058) if given
        message_id=...,                              # stable across retries if given
    )

- The subject and the text come from `<template>_subject.txt` and `<template>_body.txt`,
  rendered under `translation.override(language)` (and the site's time zone), so dates,
  numbers and sentences are the recipient's.
- The HTML alternative is `<template>_body.html` when the email has one; otherwise the
  text set in the shared layout (`email/layout.html`: paragraphs, links made clickable,
  `lang` set), so every email has one and none is written twice.
- Headers: the subject prefix, `Auto-Submitted: auto-generated`, and where the email can
  be stopped, `List-Unsubscribe` with `List-Unsubscribe-Post: List-Unsubscribe=One-Click`.
- `compose` returns the message (to attach an .ics, or to send from a task); `send`
  sends it now. Emails that must survive a crash are sent from tasks (`core.tasks`),
  which take plain values.

Emails written by allauth (verification, password reset) come through `from_rendered`,
which gives them the same headers and layout.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation

# Only ASCII white space is folded in a subject: the NBSP of French typography stays.
_FOLD = re.compile(r"[ \t\r\n]+")


def site_host() -> str:
    """The site's host name, for the right-hand side of Message-IDs and calendar UIDs."""
    return urlsplit(settings.SITE_URL).hostname or "tremplin.invalid"


def subject_line(raw: str) -> str:
    return settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + _FOLD.sub(" ", raw).strip()


def _headers(unsubscribe_url: str | None, message_id: str | None) -> dict[str, str]:
    headers = {"Auto-Submitted": "auto-generated"}
    if message_id:
        headers["Message-ID"] = message_id
    if unsubscribe_url:
        headers["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return headers


def _layout(text: str, subject: str, language: str) -> str:
    return render_to_string(
        "email/layout.html", {"text": text, "subject": subject, "language": language}
    )


def render(template: str, context: dict[str, Any], language: str) -> tuple[str, str, str]:
    """(subject, text, html) of `template` in `language`."""
    language = language or settings.LANGUAGE_CODE
    with translation.override(language), timezone.override(settings.TIME_ZONE):
        context = {**context, "site_url": settings.SITE_URL, "language": language}
        subject = subject_line(render_to_string(f"{template}_subject.txt", context))
        text = render_to_string(f"{template}_body.txt", context)
        html: str
        try:
            html = render_to_string(f"{template}_body.html", context)
        except TemplateDoesNotExist:
            html = _layout(text, subject, language)
    return subject, text, html


def message(
    to: str | Iterable[str],
    subject: str,
    text: str,
    html: str,
    *,
    unsubscribe_url: str | None = None,
    message_id: str | None = None,
) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to] if isinstance(to, str) else list(to),
        headers=_headers(unsubscribe_url, message_id),
    )
    email.attach_alternative(html, "text/html")
    return email


def compose(
    to: str | Iterable[str],
    template: str,
    context: dict[str, Any],
    language: str,
    *,
    unsubscribe_url: str | None = None,
    message_id: str | None = None,
) -> EmailMultiAlternatives:
    subject, text, html = render(template, context, language)
    return message(to, subject, text, html, unsubscribe_url=unsubscribe_url, message_id=message_id)


def send(
    to: str | Iterable[str],
    template: str,
    context: dict[str, Any],
    language: str,
    *,
    unsubscribe_url: str | None = None,
    message_id: str | None = None,
) -> None:
    compose(
        to, template, context, language, unsubscribe_url=unsubscribe_url, message_id=message_id
    ).send()


def from_rendered(
    to: Iterable[str], subject: str, text: str, html: str = "", language: str = ""
) -> EmailMultiAlternatives:
    """An email another library rendered (allauth's), with our headers and, when it
    brought no HTML, our layout. `subject` already carries the prefix."""
    language = language or settings.LANGUAGE_CODE
    if not html:
        with translation.override(language):
            html = _layout(text, subject, language)
    return message(list(to), subject, text, html)
