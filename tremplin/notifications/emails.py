"""Notification emails: one at once, or the daily digest; always in the recipient's
language, with an HTML alternative and a one-click unsubscribe (CASL, RFC 8058) that
needs no login, through the one email path (`tremplin.core.email`).

The unsubscribe link carries a signed token (django.core.signing, with its own salt)
naming one member and one kind, or "*" for every kind. It never expires: an unsubscribe
link must keep working long after the email was sent. A retry of the same email keeps
its Message-ID (`Notification.message_id`, `digest_message_id`), so the receiving side
can tell a re-send.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation

from tremplin.accounts.models import User
from tremplin.core import email
from tremplin.notifications import kinds
from tremplin.notifications.models import Notification
from tremplin.notifications.rendering import render

UNSUBSCRIBE_SALT = "tremplin.notifications.unsubscribe"
ALL_KINDS = "*"


class BadToken(Exception):
    """The unsubscribe token is forged, damaged or names nobody."""


def unsubscribe_token(user: Any, kind: str) -> str:
    """A token for one member and one kind (or ALL_KINDS)."""
    if kind != ALL_KINDS and not kinds.known(kind):
        raise ValueError(f"unknown notification kind {kind!r}")
    return signing.dumps({"u": user.pk, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_token(token: str) -> tuple[User, str]:
    """(user, kind or ALL_KINDS) from a token; BadToken when it is not one of ours."""
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
    return user, str(kind)


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def unsubscribe_url(user: Any, kind: str) -> str:
    """Under the recipient's language (call inside translation.override)."""
    return absolute(
        reverse("notifications:unsubscribe", kwargs={"token": unsubscribe_token(user, kind)})
    )


def _language(user: Any) -> str:
    return str(user.language or settings.LANGUAGE_CODE)


def _links(user: Any) -> dict[str, str]:
    """The links every notification email ends with, in the recipient's language."""
    return {
        "centre_url": absolute(reverse("notifications:centre")),
        "preferences_url": absolute(reverse("notifications:preferences")),
        "unsubscribe_all_url": unsubscribe_url(user, ALL_KINDS),
    }


def send_notification_email(notification: Notification) -> None:
    """One notification, now. Raises on failure (the row stays claimed; the sweeper
    sends it again with the same Message-ID)."""
    user = notification.recipient
    language = _language(user)
    with translation.override(language):
        item = render(user, [notification])[0]
        one_click = unsubscribe_url(user, notification.kind)
        context = {
            "item": item,
            "open_url": absolute(reverse("notifications:open", kwargs={"pk": notification.pk})),
            "unsubscribe_url": one_click,
            "kind_label": kinds.label(notification.kind),
            **_links(user),
        }
    email.send(
        user.email,
        "email/notification",
        context,
        language,
        unsubscribe_url=one_click,
        message_id=notification.message_id(email.site_host()),
    )


def digest_message_id(user_id: int, rows: list[Notification]) -> str:
    """The same for every retry of one digest (the same rows), new for the next."""
    ids = sorted(n.pk for n in rows)
    return f"<digest-{user_id}.{ids[0]}.{ids[-1]}.{len(ids)}@{email.site_host()}>"


def send_digest_email(user: Any, rows: list[Notification]) -> None:
    language = _language(user)
    with translation.override(language):
        items = render(user, rows)
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
            **_links(user),
        }
    email.send(
        user.email,
        "email/digest",
        context,
        language,
        unsubscribe_url=str(context["unsubscribe_all_url"]),
        message_id=digest_message_id(user.pk, rows),
    )
