"""Post text: find @mentions and #hashtags, link them and web addresses safely, guess
the language.

Text is stored as the author typed it; links are made when it is shown (so they follow
the reader's language prefix). Every piece between links is HTML-escaped: nothing the
author types can become markup.
"""

from __future__ import annotations

import re
from functools import lru_cache

from django.urls import get_script_prefix, reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

_LETTER = "0-9A-Za-zÀ-ÖØ-öø-ÿ"
MENTION_RE = re.compile(r"(?<![\w@/])@([a-z0-9][a-z0-9_-]{0,59})", re.I)
HASHTAG_RE = re.compile(rf"(?<![\w&#/])#([{_LETTER}][{_LETTER}_-]{{0,49}})")
URL_RE = re.compile(r"\bhttps?://[^\s<>\"']+", re.I)
TOKEN_RE = re.compile(f"(?P<url>{URL_RE.pattern})|(?P<mention>{MENTION_RE.pattern})|"
                      f"(?P<tag>{HASHTAG_RE.pattern})", re.I)  # fmt: skip
TRAILING = ".,;:!?)]}»\"'"
LINK_REL = "nofollow noopener noreferrer ugc"


def mentions(text: str) -> set[str]:
    """The profile handles mentioned (lowercase), without the @; URLs are skipped."""
    found: set[str] = set()
    for match in TOKEN_RE.finditer(text or ""):
        if match.group("mention"):
            found.add(match.group(3).lower().rstrip("-_"))
    return found


def hashtags(text: str) -> set[str]:
    """The hashtags used (lowercase), without the #; URLs (with #anchors) are skipped."""
    found: set[str] = set()
    for match in TOKEN_RE.finditer(text or ""):
        if match.group("tag"):
            found.add(match.group(5).lower().rstrip("-_"))
    return found


def _url_link(url: str) -> tuple[str, str]:
    """(link, what follows it): trailing punctuation is the sentence's, not the URL's."""
    tail = ""
    while url and url[-1] in TRAILING:
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        tail = url[-1] + tail
        url = url[:-1]
    shown = url.split("://", 1)[1]
    if len(shown) > 60:
        shown = shown[:57] + "…"
    return f'<a href="{escape(url)}" rel="{LINK_REL}">{escape(shown)}</a>', tail


def render_text(text: str) -> SafeString:
    """Plain text to safe HTML: paragraphs and line breaks kept, links made.

    The links depend on the reader's language prefix, so the cache (a feed shows the
    same posts to many readers, and again on every reload) is keyed by both."""
    return _render_text(text or "", get_language(), get_script_prefix())


@lru_cache(maxsize=4096)
def _render_text(text: str, language: str | None, prefix: str) -> SafeString:
    out: list[str] = []
    position = 0
    for match in TOKEN_RE.finditer(text or ""):
        out.append(escape(text[position : match.start()]))
        raw = match.group(0)
        if match.group("url"):
            link, tail = _url_link(raw)
            out.append(link + escape(tail))
        elif match.group("mention"):
            handle = match.group(3).lower().rstrip("-_")
            url = reverse("profiles:detail", kwargs={"handle": handle})
            rest = raw[1 + len(handle) :]
            out.append(f'<a href="{url}" class="mention">@{escape(handle)}</a>{escape(rest)}')
        else:
            name = match.group(5).lower().rstrip("-_")
            url = reverse("feed:hashtag", kwargs={"name": name})
            rest = raw[1 + len(name) :]
            out.append(f'<a href="{url}" class="hashtag">#{escape(raw[1:1 + len(name)])}</a>'
                       f"{escape(rest)}")  # fmt: skip
        position = match.end()
    out.append(escape((text or "")[position:]))
    html = "".join(out).strip()
    paragraphs = [p.replace("\n", "<br>") for p in re.split(r"\n\s*\n", html) if p.strip()]
    return mark_safe("".join(f"<p>{p}</p>" for p in paragraphs))  # noqa: S308  (escaped above)


def excerpt(text: str, length: int = 280) -> str:
    """A plain excerpt (Markdown markers removed roughly) for cards and notifications."""
    plain = re.sub(r"[#*_`>\[\]]+", "", text or "")
    plain = " ".join(plain.split())
    return plain if len(plain) <= length else plain[: length - 1].rsplit(" ", 1)[0] + "…"


# A small, offline guess between French and English: common function words.
_FR = {
    "le",
    "la",
    "les",
    "des",
    "un",
    "une",
    "et",
    "est",
    "sont",
    "dans",
    "pour",
    "avec",
    "pas",
    "qui",
    "que",
    "sur",
    "au",
    "aux",
    "du",
    "ce",
    "cette",
    "nous",
    "vous",
    "je",
    "mon",
    "ma",
    "mes",
    "notre",
    "votre",
    "leur",
    "être",
    "avoir",
    "fait",
    "très",
    "aussi",
    "mais",
    "ou",
    "donc",
}
_EN = {
    "the",
    "a",
    "an",
    "and",
    "is",
    "are",
    "in",
    "for",
    "with",
    "not",
    "who",
    "that",
    "on",
    "of",
    "to",
    "this",
    "these",
    "we",
    "you",
    "i",
    "my",
    "our",
    "your",
    "their",
    "be",
    "have",
    "has",
    "do",
    "very",
    "also",
    "but",
    "or",
    "so",
    "was",
    "were",
    "will",
}


def guess_language(text: str) -> str | None:
    """'fr' or 'en' when the text clearly reads as one (at least 4 telling words and
    twice as many as the other language's); None when unsure."""
    words = re.findall(r"[a-zà-öø-ÿ']+", (text or "").lower())
    fr = sum(1 for w in words if w in _FR)
    en = sum(1 for w in words if w in _EN)
    if fr >= 4 and fr >= 2 * en:
        return "fr"
    if en >= 4 and en >= 2 * fr:
        return "en"
    return None
