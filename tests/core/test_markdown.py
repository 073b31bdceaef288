"""User Markdown is rendered, then sanitised: no script, no javascript: link."""

from __future__ import annotations

import re

import pytest
from django.utils.safestring import SafeString

from tremplin.core.markdown import render_markdown


def test_it_renders_ordinary_markdown():
    html = render_markdown("**Bonjour** et *bienvenue*\n\n- un\n- deux")

    assert "<strong>Bonjour</strong>" in html
    assert "<em>bienvenue</em>" in html
    assert "<li>un</li>" in html
    assert isinstance(html, SafeString)


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "Hello <script src='https://evil.example/x.js'></script>",
        "<SCRIPT>alert(1)</SCRIPT>",
        "text\n\n<script>\nalert(1)\n</script>\n",
    ],
)
def test_it_never_outputs_a_script_tag(text):
    html = render_markdown(text)

    assert "<script" not in html.lower()


@pytest.mark.parametrize(
    "text",
    [
        "<img src=x onerror=alert(1)>",
        '<a href="#" onclick="alert(1)">x</a>',
        "<iframe src='https://evil.example'></iframe>",
        '<div style="position:fixed">x</div>',
    ],
)
def test_raw_html_is_shown_as_text_not_run(text):
    html = render_markdown(text)

    assert "<img" not in html
    assert "<iframe" not in html
    assert "<div" not in html
    assert "<a " not in html
    assert "&lt;" in html  # the author sees what they typed


@pytest.mark.parametrize(
    "text",
    [
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](javascript&#58;alert(1))",
        "[click](data:text/html;base64,PHNjcmlwdD4=)",
        "[click](vbscript:msgbox(1))",
    ],
)
def test_it_drops_dangerous_link_targets(text):
    html = render_markdown(text)

    hrefs = re.findall(r"""href=["']?([^"'\s>]*)""", html, flags=re.I)
    assert all(href.lower().startswith(("http:", "https:", "mailto:")) for href in hrefs), hrefs
    assert "click" in html  # the author's text stays, as text


def test_the_sanitiser_cleans_whatever_the_renderer_outputs(monkeypatch):
    """Belt and braces: if the renderer ever let raw HTML through, nh3 still cleans it."""
    from tremplin.core import markdown

    raw = (
        '<p><a href="javascript:alert(1)">x</a><script>alert(2)</script>'
        '<img src=x onerror=alert(3)><a href="https://ok.example" onclick="y()">ok</a></p>'
    )
    monkeypatch.setattr(markdown._md, "render", lambda text: raw)

    html = render_markdown("anything")

    assert "javascript" not in html
    assert "<script" not in html
    assert "<img" not in html
    assert "onclick" not in html
    assert '<a href="https://ok.example" rel="nofollow noopener noreferrer ugc">ok</a>' in html


def test_it_keeps_web_links_with_rel_nofollow():
    html = render_markdown("[Tremplin](https://tremplin.example/emplois)")

    assert 'href="https://tremplin.example/emplois"' in html
    assert 'rel="nofollow noopener noreferrer ugc"' in html
    assert ">Tremplin</a>" in html


def test_it_keeps_mailto_links():
    html = render_markdown("[écrire](mailto:zoe@example.org)")

    assert 'href="mailto:zoe@example.org"' in html
    assert "nofollow" in html


def test_it_does_not_turn_bare_text_into_links():
    assert "<a" not in render_markdown("see www.example.org or https://example.org")


def test_it_drops_images():
    html = render_markdown("![tracker](https://evil.example/pixel.png)")

    assert "<img" not in html
    assert "src=" not in html


def test_headings_never_outrank_the_page():
    html = render_markdown("# Titre\n\n## Sous-titre\n\n### Section")

    assert "<h1" not in html
    assert "<h2" not in html
    assert html.count("<h3>") == 3


def test_empty_text_renders_empty():
    assert render_markdown("") == ""
    assert render_markdown(None) == ""
