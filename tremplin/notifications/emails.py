"""Notification emails: one at once, or the daily digest; always in the recipient's
language, always with a one-click unsubscribe (CASL, RFC 8058) that needs no login.

The unsubscribe link carries a signed token (django.core.signing, with its own salt)
naming one member and one kind, or "*" for every kind. It never expires: an unsubscribe
link must keep working long after the email was sent.
"""

from __future__ import annotations

from urllib.parse import urlparse

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from tremplin.notifications import kinds
from tremplin.notifications.models import Notification
from tremplin.notifications.rendering import render

UNSUBSCRIBE_SALT = "tremplin.notifications.unsubscribe"
ALL_KINDS = "*"


class BadToken(Exception):
    """The unsubscribe token is forged, damaged or names nobody."""


def unsubscribe_token(user, kind: str) -> str:
    """A token for one member and one kind (or ALL_KINDS)."""
    if kind != ALL_KINDS and not kinds.known(kind):
        raise ValueError(f"unknown notification kind {kind!r}")
    return signing.dumps({"u": user.pk, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_token(token: str):
    """(user, kind or ALL_KINDS) from a token; BadToken when it is not one of ours."""
    from tremplin.accounts.models import User

    try:
        value = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise BadToken from error
    if not isinstance(value, dict):
        raise BadToken
    kind = value.get("k")
    if kind != ALL_KINDS and not kinds.known(kind):
        raise BadToken
    user_id = value.get("u")
    user = User.objects.filter(pk=user_id).first() if isinstance(user_id, int) else None
    if user is None:
        raise BadToken
    return user, kind


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def unsubscribe_url(user, kind: str) -> str:
    """Under the recipient's language (call inside translation.override)."""
    return absolute(
        reverse("notifications:unsubscribe", kwargs={"token": unsubscribe_token(user, kind)})
    )


def _domain() -> str:
    return urlparse(settings.SITE_URL).hostname or "tremplin.invalid"


def _send(user, subject: str, body: str, message_id: str, one_click_url: str) -> None:
    message = EmailMessage(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers={
            "Message-ID": message_id,
            "List-Unsubscribe": f"<{one_click_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.send()


def send_notification_email(notification: Notification) -> None:
    """One notification, now. Raises on failure (the row stays claimed; the sweeper
    sends it again with the same Message-ID)."""
    user = notification.recipient
    with translation.override(user.language or settings.LANGUAGE_CODE):
        item = render(user, [notification])[0]
        one_click = unsubscribe_url(user, notification.kind)
        context = {
            "item": item,
            "open_url": absolute(reverse("notifications:open", kwargs={"pk": notification.pk})),
            "centre_url": absolute(reverse("notifications:centre")),
            "preferences_url": absolute(reverse("notifications:preferences")),
            "unsubscribe_url": one_click,
            "unsubscribe_all_url": unsubscribe_url(user, ALL_KINDS),
            "kind_label": kinds.label(notification.kind),
        }
        subject = render_to_string("email/notification_subject.txt", context).strip()
        body = render_to_string("email/notification_body.txt", context)
    _send(user, subject, body, notification.message_id(_domain()), one_click)


def digest_message_id(user_id: int, rows: list[Notification]) -> str:
    """The same for every retry of one digest (the same rows), new for the next."""
    ids = sorted(n.pk for n in rows)
    return f"<digest-{user_id}.{ids[0]}.{ids[-1]}.{len(ids)}@{_domain()}>"


def send_digest_email(user, rows: list[Notification]) -> None:
    with translation.override(user.language or settings.LANGUAGE_CODE):
        items = render(user, rows)
        one_click = unsubscribe_url(user, ALL_KINDS)
        context = {
            "items": [
                {
                    "item": item,
                    "open_url": absolute(
                        reverse("notifications:open", kwargs={"pk": item.notification.pk})
                    ),
                }
                for item in items
            ],
            "count": len(items),
            "centre_url": absolute(reverse("notifications:centre")),
            "preferences_url": absolute(reverse("notifications:preferences")),
            "unsubscribe_all_url": one_click,
        }
        subject = render_to_string("email/digest_subject.txt", context).strip()
        body = render_to_string("email/digest_body.txt", context)
    _send(user, subject, body, digest_message_id(user.pk, rows), one_click)
