"""Text from job feeds, pages and files: HTML descriptions turned into Markdown text,
one-line text, and words folded for matching. Model-free; `items.finish` uses it for
every item (`language` says which language a text is in)."""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser
from typing import Any


class _HTMLToMarkdown(HTMLParser):
    BLOCKS = {"p", "div", "section", "article", "table", "tr", "ul", "ol", "blockquote"}
    SKIP = {"script", "style", "head", "title", "noscript", "template"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skipping = 0
        self.href: str | None = None
        self.link_text: list[str] = []

    def _emit(self, text: str) -> None:
        if self.href is not None:
            self.link_text.append(text)
        else:
            self.out.append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.out.append("\n\n")
        elif tag == "br":
            self._emit("\n")
        elif tag == "li":
            self.out.append("\n- ")
        elif tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self.out.append("\n\n### ")
        elif tag in {"strong", "b"}:
            self._emit("**")
        elif tag in {"em", "i"}:
            self._emit("*")
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            if href.startswith(("http://", "https://", "mailto:")) and self.href is None:
                self.href = href
                self.link_text = []

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS or tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self.out.append("\n\n")
        elif tag in {"strong", "b"}:
            self._emit("**")
        elif tag in {"em", "i"}:
            self._emit("*")
        elif tag == "a" and self.href is not None:
            text = "".join(self.link_text).strip() or self.href
            self.out.append(f"[{text}]({self.href})" if text != self.href else f"<{self.href}>")
            self.href = None

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self._emit(re.sub(r"\s+", " ", data))


def html_to_markdown(value: str) -> str:
    """HTML (or plain text) to Markdown text: paragraphs, lists, bold, links; scripts,
    styles and every other tag dropped. Plain text keeps its line breaks."""
    value = value or ""
    if "<" not in value and "&" not in value:
        return normalise_text(value)
    parser = _HTMLToMarkdown()
    try:
        parser.feed(value)
        parser.close()
    except AssertionError:  # html.parser gives up on some malformed markup
        return normalise_text(re.sub(r"<[^>]*>", " ", value))
    text = "".join(parser.out)
    if parser.href is not None:
        text += "".join(parser.link_text)
    return normalise_text(text)


def normalise_text(value: str) -> str:
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in value.split("\n")]
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    text = re.sub(r"\*\*\s*\*\*", "", text)
    return text.strip()


def plain(value: Any, limit: int) -> str:
    """One line of text: tags dropped, spaces collapsed, cut at `limit`."""
    text = html_to_markdown(str(value or "")) if value else ""
    text = re.sub(r"[*#]+\s?", "", text) if "<" in str(value or "") else text
    return " ".join(text.split())[:limit]


def fold(value: str) -> str:
    """Lowercase without accents, for matching words."""
    decomposed = unicodedata.normalize("NFKD", value or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().strip()
