"""What a feed card prints beyond its fields, for the Jinja2 fragments
(templates/feed/_*.jinja; lent to them in hooks.py): the counts and the reading time in
the active language (plurals are written here, where makemessages reads them), and the
post's text as HTML."""

from __future__ import annotations

from functools import cache

from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language, ngettext

from tremplin.feed.models import REACTION_EMOJI, Item, ReactionKind
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


def reaction_buttons(chosen: str | None) -> SafeString:
    """A card's reaction buttons, the viewer's reaction pressed: the same few strings for
    every card, drawn once per process, language and reaction."""
    return _reaction_buttons(get_language(), chosen or "")


@cache
def _reaction_buttons(language: str | None, chosen: str) -> SafeString:
    return format_html_join(
        "\n",
        '<button type="submit" name="kind" value="{}" class="reaction{}" aria-pressed="{}">'
        '<span aria-hidden="true">{}</span> {}</button>',
        (
            (
                kind.value,
                " chosen" if kind.value == chosen else "",
                "true" if kind.value == chosen else "false",
                REACTION_EMOJI[kind],
                str(kind.label),
            )
            for kind in ReactionKind
        ),
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
