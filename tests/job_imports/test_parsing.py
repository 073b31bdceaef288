"""The readers and the finishing step, without the database."""

from __future__ import annotations

import pytest

from tremplin.job_imports import items, parsing, values
from tremplin.job_imports.models import ItemErrorCode
from tremplin.job_imports.text import detect_language, html_to_markdown


def test_html_becomes_markdown_text_without_scripts():
    text = html_to_markdown(
        "<h2>Le poste</h2><p>Vous êtes <b>motivé</b>&nbsp;?</p><ul><li>Un</li><li>Deux</li>"
        '</ul><p><a href="https://x.example/apply">Postuler</a> <a href="javascript:x">x</a>'
        "</p><script>alert(1)</script><style>p{}</style><img src=x onerror=alert(1)>"
    )
    assert "### Le poste" in text
    assert "**motivé**" in text
    assert "- Un\n- Deux" in text
    assert "[Postuler](https://x.example/apply)" in text
    assert "alert" not in text and "javascript" not in text and "<" not in text.replace("<http", "")


def test_plain_text_keeps_its_lines():
    assert html_to_markdown("Ligne 1\r\nLigne 2\n\n\n\nFin") == "Ligne 1\nLigne 2\n\nFin"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Nous cherchons un commis pour notre équipe de soir, à temps plein.", "fr"),
        ("We are looking for a clerk to join our team, full time.", "en"),
        ("Préposé(e) aux bénéficiaires", "fr"),
        ("Welder", "fr"),  # nothing tells: the default
    ],
)
def test_the_language_is_detected(text, language):
    assert detect_language(text) == language


def test_an_undecided_text_takes_the_feed_language():
    assert detect_language("Welder", "en") == "en"


@pytest.mark.parametrize(
    ("location", "expected"),
    [
        ("Ottawa, ON", ("Ottawa", "ON")),
        ("Montréal (QC)", ("Montréal", "QC")),
        ("Toronto, Ontario, Canada", ("Toronto", "ON")),
        ("Québec", ("", "QC")),
        ("Moncton, Nouveau-Brunswick", ("Moncton", "NB")),
        ("Somewhere", ("Somewhere", "")),
    ],
)
def test_locations_are_split_into_city_and_region(location, expected):
    assert values.split_location(location) == expected


@pytest.mark.parametrize(
    "value", ["2026-13-01", "31/02/2026", "demain", "Mon, 99 Foo 2026", "1899-01-01"]
)
def test_wrong_dates_are_refused(value):
    with pytest.raises(values.BadValue) as caught:
        values.parse_date(value, "validThrough")
    assert caught.value.code == ItemErrorCode.BAD_DATE


@pytest.mark.parametrize(
    "value", ["2026-06-30", "2026-06-30T17:00:00Z", "2026-06-30T17:00:00-04:00",
              "Tue, 30 Jun 2026 17:00:00 GMT"],
)  # fmt: skip
def test_good_dates_are_read_as_aware_datetimes(value):
    parsed = values.parse_date(value, "validThrough", end_of_day=True)
    assert parsed is not None and parsed.tzinfo is not None
    assert (parsed.year, parsed.month, parsed.day) == (2026, 6, 30)


@pytest.mark.parametrize(
    ("value", "amount"), [("17,20", "17.20"), ("$45,000", "45000.00"), ("52 000", "52000.00")]
)
def test_money_is_read_in_both_conventions(value, amount):
    assert str(values.parse_money(value, "salary")) == amount


@pytest.mark.parametrize("value", ["abc", "-5", "1e99", "NaN"])
def test_bad_money_is_refused(value):
    with pytest.raises(values.BadValue):
        values.parse_money(value, "salary")


def test_an_item_with_a_javascript_link_is_reported():
    item = items.finish(
        1, {"title": "Soudeur", "description": "Souder.", "link": "javascript:alert(1)"},
        employer="X",
    )  # fmt: skip
    assert item.error_code == ItemErrorCode.BAD_URL


def test_the_content_hash_ignores_the_posting_date():
    one = items.finish(1, {"title": "A", "description": "B", "date_posted": "2026-01-02"},
                         employer="X")  # fmt: skip
    two = items.finish(1, {"title": "A", "description": "B", "date_posted": "2026-01-03"},
                         employer="X")  # fmt: skip
    three = items.finish(1, {"title": "A", "description": "C"}, employer="X")
    assert one.content_hash == two.content_hash != three.content_hash


def test_json_ld_in_an_item_list_and_broken_blocks():
    page = b"""<html><head>
    <script type="application/ld+json">{not json</script>
    <script type="application/ld+json">{"@type": "ItemList", "itemListElement": [
      {"@type": "ListItem", "item": {"@type": ["JobPosting"], "title": "Cook",
       "description": "Cook meals for the team.", "url": "https://r.example/1"}}]}</script>
    </head></html>"""
    parsed = parsing.parse_jsonld(page, employer="Resto")
    assert [i.data["title_en"] for i in parsed.items] == ["Cook"]
    assert parsed.items[0].data["hiring_organization_name"] == "Resto"
    assert parsed.warning and not parsed.complete


def test_a_page_without_job_postings_is_an_error():
    with pytest.raises(parsing.ParseError) as caught:
        parsing.parse_jsonld(b"<html><body>Nothing</body></html>", employer="X")
    assert caught.value.code == "no_postings"


def test_deeply_nested_json_is_bounded():
    deep = b"[" * 5000 + b"]" * 5000
    with pytest.raises(parsing.ParseError):
        parsing.parse_jsonld(deep, employer="X")


def test_a_csv_in_windows_1252_with_commas_is_read():
    content = (
        "title_fr,description_fr,employer,region,apply_url\n"
        "Réceptionniste,Accueillir.,Hôtel,ON,https://h.example/1\n"
    ).encode("cp1252")
    parsed = parsing.parse_csv(content, employer="X")
    assert parsed.items[0].data["title_fr"] == "Réceptionniste"


def test_a_csv_row_with_missing_cells_is_reported():
    content = b"title_fr,description_fr,employer\nA,B\n"
    parsed = parsing.parse_csv(content, employer="X")
    assert parsed.items[0].error_code == ItemErrorCode.BAD_ROW


def test_a_bad_value_is_named_as_the_source_names_it():
    """The run's detail names the field the admin can find in their file: the CSV's
    column, the JSON-LD property, the feed's element."""
    csv = parsing.parse_csv(
        b"title_fr;description_fr;valid_through;salary_min\nA;B;31/02/2026;\nC;D;;abc\n",
        employer="X",
    )
    assert [i.error_detail for i in csv.items] == ["valid_through: 31/02/2026", "salary_min: abc"]
    page = (
        b'<script type="application/ld+json">[{"@type": "JobPosting", "title": "A",'
        b' "description": "B", "validThrough": "31/02/2026"}, {"@type": "JobPosting",'
        b' "title": "C", "description": "D", "baseSalary": "abc"}]</script>'
    )
    ld = parsing.parse_jsonld(page, employer="X")
    assert [i.error_detail for i in ld.items] == ["validThrough: 31/02/2026", "baseSalary: abc"]
    feed = parsing.parse_feed(
        b"<rss version='2.0'><channel><title>T</title><item><title>A</title>"
        b"<description>B</description><expires>31/02/2026</expires></item></channel></rss>",
        employer="X",
    )
    assert [i.error_detail for i in feed.items] == ["expires: 31/02/2026"]


def test_feedparser_is_never_given_a_file_name(tmp_path):
    secret = tmp_path / "secret.xml"
    secret.write_text('<rss version="2.0"><channel><item><title>S</title></item></channel></rss>')
    with pytest.raises(parsing.ParseError):
        parsing.parse_feed(str(secret).encode(), employer="X")


def test_nul_characters_never_reach_the_database():
    content = (
        b'{"@type": "JobPosting", "title": "Sou\\u0000deur", "identifier": "S\\u00001",'
        b' "description": "Souder\\u0000.", "url": "https://x.example/\\u0000"}'
    )
    item = parsing.parse_jsonld(content, employer="X").items[0]
    assert "\x00" not in repr(item.data) and "\x00" not in item.identifier + item.url
