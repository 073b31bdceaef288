"""The notification kinds moderation raises, with their sentences (registered from
hooks.py). The sentence names the kind of content in the reader's language; the
moderator's reason is the notification's excerpt and is on the notice page. No sentence
names a reporter or a moderator: these kinds have no actor."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tremplin.notifications.kinds import NotificationKind, Said

CONTENT_REMOVED = "content_removed"
WARNED = "moderation_warning"
REPORT_HANDLED = "report_handled"


def _removed(said: Said) -> str:
    sentences = {
        "post": _("A moderator removed one of your posts."),
        "article": _("A moderator removed one of your articles."),
        "comment": _("A moderator removed one of your comments."),
        "message": _("A moderator removed one of your messages."),
    }
    return sentences.get(said.get("kind"), _("A moderator removed something you wrote."))


def _warned(said: Said) -> str:
    return _("A moderator has sent you a warning.")


def _handled(said: Said) -> str:
    if said.get("outcome") == "dismissed":
        return _("A moderator looked at what you reported and found nothing against the rules.")
    return _("A moderator looked at what you reported and took action. Thank you.")


# Never merged in practice (no group key, no actor), but a kind says "many" too.
def _removed_many(said: Said) -> str:
    return ngettext(
        "A moderator removed something you wrote, and %(others)d more.",
        "A moderator removed something you wrote, and %(others)d more.",
        said.others,
    )


def _warned_many(said: Said) -> str:
    return ngettext(
        "A moderator has sent you a warning, and %(others)d more.",
        "A moderator has sent you a warning, and %(others)d more.",
        said.others,
    )


def _handled_many(said: Said) -> str:
    return ngettext(
        "Moderators handled what you reported, and %(others)d more.",
        "Moderators handled what you reported, and %(others)d more.",
        said.others,
    )


def _my_reports(viewer: object) -> str:
    return reverse("moderation:mine")


KINDS = [
    NotificationKind(
        CONTENT_REMOVED,
        label=gettext_lazy("Content a moderator removed"),
        one=_removed,
        many=_removed_many,
        order=200,
        default="in_app",
        actorless=True,
    ),
    NotificationKind(
        WARNED,
        label=gettext_lazy("Warnings from moderators"),
        one=_warned,
        many=_warned_many,
        order=201,
        default="in_app",
        actorless=True,
    ),
    NotificationKind(
        REPORT_HANDLED,
        label=gettext_lazy("What moderators did about my reports"),
        one=_handled,
        many=_handled_many,
        order=202,
        default="in_app",
        actorless=True,
        own_page=_my_reports,
    ),
]
