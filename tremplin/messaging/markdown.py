"""Markdown-lite for messages: bold, italic, links, line breaks and inline code only.

Headings, lists, quotes, images and raw HTML stay plain text: a chat message is not an
article. markdown-it-py renders with only those rules on; nh3 keeps only the tags they
produce, so even a rule we forgot could not let anything else through.
"""

from __future__ import annotations

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

_md = MarkdownIt("zero", {"breaks": True, "html": False}).enable(
    ["emphasis", "link", "backticks", "newline", "escape"]
)
ALLOWED_TAGS = {"p", "br", "strong", "em", "a", "code"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}


def render_message(text: str) -> SafeString:
    clean = nh3.clean(
        _md.render(text or ""),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer ugc",
    )
    return mark_safe(clean)  # noqa: S308  (sanitised by nh3 just above)
