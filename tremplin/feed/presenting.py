"""What a feed card prints beyond its fields, for the Jinja2 fragments
(templates/feed/_*.jinja; lent to them in hooks.py): the counts and the reading time in
the active language (plurals are written here, where makemessages reads them), and the
post's text as HTML."""

from __future__ import annotations

from django.utils.safestring import SafeString
from django.utils.translation import ngettext

from tremplin.feed.models import Item
from tremplin.feed.text import excerpt, render_text


def card_counts(item: Item) -> tuple[str, str, str]:
    """("3 reactions", "1 comment", "0 reshares") in the active language."""
    reactions = item.reaction_count
    comments = item.comment_count
    reshares = item.reshare_count
    return (
        ngettext("%(n)s reaction", "%(n)s reactions", reactions) % {"n": reactions},
        ngettext("%(n)s comment", "%(n)s comments", comments) % {"n": comments},
        ngettext("%(n)s reshare", "%(n)s reshares", reshares) % {"n": reshares},
    )


def reading_time(item: Item) -> str:
    minutes = item.reading_minutes
    return ngettext("%(minutes)s minute read", "%(minutes)s minutes read", minutes) % {
        "minutes": minutes
    }


def post_html(item: Item) -> SafeString:
    """A post's (or a reshare comment's) text with mentions, hashtags and links."""
    return render_text(item.body)


def plain_excerpt(text: str, length: int = 280) -> str:
    return excerpt(text, int(length))
