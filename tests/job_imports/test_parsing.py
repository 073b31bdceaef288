"""The readers and the finishing step, without the database: values read from what real
feeds write, and the rule that nothing is invented."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from tremplin.job_imports import clues, items, parsing, salary, values
from tremplin.job_imports.language import detect
from tremplin.job_imports.models import ItemErrorCode
from tremplin.job_imports.places import parse_place
from tremplin.job_imports.text import html_to_markdown


def one(raw: dict, address: str = "") -> items.Item:
    return items.finish(1, {"description": "Une description du poste.", **raw}, address=address)


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
        # Short English postings in a French feed: the words decide, not the feed's tag.
        ("Dishwasher\nEvening shifts. Apply in person.", "en"),
        ("Line cook\nWeekends only, $19/hr.", "en"),
        ("Plongeur\nQuarts de soir. Se présenter en personne.", "fr"),
        ("Vendedor de tienda en Madrid con experiencia en ventas al por menor.", ""),
    ],
)
def test_the_language_is_detected(text, language):
    assert detect(text, "fr") == language


@pytest.mark.parametrize(
    ("location", "expected"),
    [
        ("Ottawa, ON", ("Ottawa", "ON", "CA", False)),
        ("Montréal (QC)", ("Montréal", "QC", "CA", False)),
        ("Toronto, Ontario, Canada", ("Toronto", "ON", "CA", False)),
        ("Moncton, Nouveau-Brunswick", ("Moncton", "NB", "CA", False)),
        ("Québec", ("", "QC", "CA", False)),
        ("CA-QC-Trois-Rivières", ("Trois-Rivières", "QC", "CA", False)),
        ("CAN-ON-Hamilton", ("Hamilton", "ON", "CA", False)),
        ("Seattle, WA, United States", ("Seattle", "", "US", False)),
        ("Portland, OR", ("Portland", "", "US", False)),
        ("London, UK", ("London", "", "GB", False)),
        ("Lisbon, Portugal", ("Lisbon", "", "PT", False)),
        ("Rabat, Maroc", ("Rabat", "", "MA", False)),
        ("33 - BORDEAUX", ("Bordeaux", "", "", False)),
        ("Lyon 03 - 69", ("Lyon", "", "", False)),
        ("Worldwide", ("", "", "", True)),
        ("Remote (Canada)", ("", "", "CA", True)),
        ("Europe", ("", "", "", False)),
        # A city alone says nothing of its province or country.
        ("London", ("London", "", "", False)),
        ("Somewhere", ("Somewhere", "", "", False)),
    ],
)
def test_locations_are_read_as_city_province_country(location, expected):
    place = parse_place(location)
    assert (place.city, place.region, place.country, place.remote) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20,00 $/heure", ("20.00", None, "$", "HOUR")),
        ("850 à 950 € par mois", ("850", "950", "EUR", "MONTH")),
        ("1,5K à 1,9K €", ("1500.0", "1900.0", "EUR", "")),
        ("$60,000–$70,000 a year", ("60000", "70000", "$", "YEAR")),
        ("$20 - $23 an hour", ("20", "23", "$", "HOUR")),
        ("Mensuel de 1850.00 Euros sur 12 mois", ("1850.00", None, "EUR", "MONTH")),
        ("Annuel de 28000.00 Euros à 32000.00 Euros", ("28000.00", "32000.00", "EUR", "YEAR")),
        ("£55,000 – £65,000 per annum", ("55000", "65000", "GBP", "YEAR")),
    ],
)  # fmt: skip
def test_salaries_are_read_in_french_and_english(text, expected):
    pay = salary.read(text)
    got = (str(pay.low), str(pay.high) if pay.high is not None else None, pay.currency, pay.period)
    assert got == expected


def test_a_salary_in_a_description_is_the_first_amount_of_its_sentence():
    pay = salary.in_description(
        "Night shift, 35 hours per week. Starting wage: $21.50/hour plus a $2.00/hour premium."
    )
    assert (pay.low, pay.high, pay.period) == (Decimal("21.50"), None, "HOUR")
    assert not salary.in_description("Cook for a crew of 20 in a remote camp.")
    assert not salary.in_description("We raised $20M last year and sell for $5 a box.")
    assert not salary.in_description("Our clients save $1,500 with us. Salary: to be discussed.")


@pytest.mark.parametrize(
    ("values_", "kind"),
    [
        (["Temps plein"], "FULL_TIME"),
        (["temps partiel"], "PART_TIME"),
        (["CDI"], "FULL_TIME"),
        (["CDD - 6 Mois"], "TEMPORARY"),
        (["Contrat apprentissage - 24 Mois"], "INTERN"),
        (["Stage"], "INTERN"),
        (["Alternance"], "INTERN"),
        (["Saisonnier"], "TEMPORARY"),
        (["Full-time, Permanent"], "FULL_TIME"),
        (["Part time", "Fixed Term (Fixed Term)"], "TEMPORARY"),
        (["contract"], "CONTRACTOR"),
        (["Internship & Fellowship"], "INTERN"),
        (["FULL_TIME", "CONTRACTOR"], "CONTRACTOR"),
        (["Design"], ""),
    ],
)
def test_employment_types_are_mapped_from_french_english_and_european_terms(values_, kind):
    assert clues.employment_type(*values_) == kind


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Date limite pour postuler : 15 janvier 2027.", (2027, 1, 15)),
        ("Date de clôture : le 24/12/2026", (2026, 12, 24)),
        ("Apply by 4:30 p.m. on January 5, 2027.", (2027, 1, 5)),
        ("Application deadline: 2027-02-01", (2027, 2, 1)),
        ("Les candidatures doivent être reçues au plus tard le 1er mars 2027.", (2027, 3, 1)),
    ],
)
def test_closing_dates_are_found_in_the_text(text, day):
    found = clues.closing_date(text)
    assert found is not None and (found.year, found.month, found.day) == day


@pytest.mark.parametrize(
    "value", ["2026-13-01", "31/02/2026", "demain", "Mon, 99 Foo 2026", "1899-01-01"]
)
def test_wrong_dates_are_refused(value):
    with pytest.raises(values.BadValue) as caught:
        values.parse_date(value, "closing")
    assert caught.value.code == ItemErrorCode.BAD_DATE
    assert caught.value.params == {"what": "closing", "value": value}


@pytest.mark.parametrize(
    "value", ["2026-06-30", "2026-06-30T17:00:00Z", "2026-06-30T17:00:00-04:00",
              "Tue, 30 Jun 2026 17:00:00 GMT"],
)  # fmt: skip
def test_good_dates_are_read_as_aware_datetimes(value):
    parsed = values.parse_date(value, "closing", end_of_day=True)
    assert parsed is not None and parsed.tzinfo is not None
    assert (parsed.year, parsed.month, parsed.day) == (2026, 6, 30)


@pytest.mark.parametrize(
    ("value", "amount"), [("17,20", "17.20"), ("$45,000", "45000.00"), ("52 000", "52000.00")]
)
def test_money_is_read_in_both_conventions(value, amount):
    assert str(values.parse_money(value)) == amount


@pytest.mark.parametrize("value", ["abc", "-5", "1e99", "NaN"])
def test_bad_money_is_refused(value):
    with pytest.raises(values.BadValue):
        values.parse_money(value)


def test_an_item_with_a_javascript_link_is_reported():
    item = one({"title": "Soudeur", "link": "javascript:alert(1)"})
    assert item.error_code == ItemErrorCode.BAD_URL


def test_relative_links_are_resolved_and_a_page_without_url_is_its_own_address():
    item = one({"title": "Soudeur", "link": "jobs/12"}, address="https://x.example/careers/feed")
    assert item.data["source_url"] == "https://x.example/careers/jobs/12"
    page = parsing.parse(
        "jsonld_page",
        b'<script type="application/ld+json">{"@type": "JobPosting", "title": "Soudeur",'
        b' "description": "Souder des pi\xc3\xa8ces m\xc3\xa9talliques."}</script>',
        address="https://x.example/emplois/soudeur",
    )
    assert page.items[0].data["source_url"] == "https://x.example/emplois/soudeur"


def test_the_content_hash_ignores_the_posting_date():
    today = timezone.localdate()
    first, second = (
        one({"title": "A", "date_posted": str(today - timedelta(days=d))}) for d in (1, 2)
    )
    other = items.finish(1, {"title": "A", "description": "Une autre description."})
    assert first.content_hash == second.content_hash != other.content_hash


# ------------------------------------------------------------------ never invent


def test_no_employer_is_invented_from_the_source_or_a_contact():
    feed = parsing.parse(
        "rss_atom",
        b"<rss version='2.0'><channel><title>JobsNorth</title><item><title>Operator</title>"
        b"<link>https://jobsnorth.example/1</link><author>hr@city.example (Human Resources)"
        b"</author><description>Operate loaders on mine sites.</description></item></channel>"
        b"</rss>",
    )
    assert feed.items[0].data["hiring_organization_name"] == ""


def test_an_authors_markup_is_cleaned_and_the_feeds_publisher_is_not_the_employer():
    feed = parsing.parse(
        "rss_atom",
        b"<feed xmlns='http://www.w3.org/2005/Atom'><title>Job Bank</title><author><name>"
        b"Job Bank</name></author><entry><title>cook - Rideau Bistro - Ottawa (ON)</title>"
        b"<id>1</id><link href='https://jb.example/1'/><author><name>&lt;b&gt;Rideau Bistro"
        b"&lt;/b&gt;</name></author><summary>Prepare meals.</summary></entry><entry><title>"
        b"Clerk</title><id>2</id><link href='https://jb.example/2'/><author><name>Job Bank"
        b"</name></author><summary>File papers.</summary></entry></feed>",
    )
    cook, clerk = (i.data for i in feed.items)
    assert (cook["title_en"], cook["hiring_organization_name"]) == ("cook", "Rideau Bistro")
    assert (cook["city"], cook["region"], cook["country"]) == ("Ottawa", "ON", "CA")
    assert clerk["hiring_organization_name"] == ""


def test_no_place_is_invented():
    data = one({"title": "Soudeur"}).data
    assert (data["city"], data["region"], data["country"]) == ("", "", "")


def test_a_city_alone_gets_no_province_or_country():
    data = one({"title": "Customer Success Manager", "city": "London"}).data
    assert (data["city"], data["region"], data["country"]) == ("London", "", "")


def test_a_job_abroad_has_no_province():
    data = one({"title": "Économiste", "city": "Rabat", "region": "ON", "country": "Maroc"}).data
    assert (data["city"], data["region"], data["country"]) == ("Rabat", "", "MA")


def test_no_employment_type_is_invented():
    assert one({"title": "Soudeur"}).data["employment_type"] == ""


def test_no_salary_period_or_currency_is_invented():
    data = one({"title": "Soudeur", "salary_text": "45 000 $"}).data
    assert (data["salary_min"], data["salary_unit"], data["salary_currency"]) == (
        Decimal("45000.00"),
        "",
        "",
    )
    abroad = one({"title": "Soudeur", "salary_text": "$20/hour", "location": "Tampa, FL"}).data
    assert abroad["salary_currency"] == "USD"


def test_no_closing_date_is_invented():
    assert one({"title": "Soudeur"}).data["valid_through"] is None


def test_an_old_posting_without_a_closing_date_is_not_published(settings):
    settings.JOB_IMPORTS_STALE_DAYS = 10
    old = timezone.now() - timedelta(days=11)
    item = one({"title": "Soudeur", "date_posted": old})
    assert item.error_code == ItemErrorCode.STALE
    assert item.error_params["days"] == 10
    settings.JOB_IMPORTS_STALE_DAYS = 60
    assert one({"title": "Soudeur", "date_posted": old}).ok


def test_a_posting_in_another_language_is_reported():
    item = one(
        {"title": "Vendedor", "description": "Buscamos un vendedor con experiencia en tiendas."}
    )
    assert item.error_code == ItemErrorCode.LANGUAGE


# ------------------------------------------------------------------ the formats


def test_json_ld_in_an_item_list_and_broken_blocks():
    page = b"""<html><head>
    <script type="application/ld+json">{not json</script>
    <script type="application/ld+json">{"@type": "ItemList", "itemListElement": [
      {"@type": "ListItem", "item": {"@type": ["JobPosting"], "title": "Cook",
       "description": "Cook meals for the team.", "url": "/jobs/1"}}]}</script>
    </head></html>"""
    parsed = parsing.parse("jsonld_page", page, address="https://r.example/jobs")
    assert [i.data["title_en"] for i in parsed.items] == ["Cook"]
    assert parsed.items[0].data["source_url"] == "https://r.example/jobs/1"
    assert parsed.items[0].data["hiring_organization_name"] == ""
    assert parsed.warning_code == "broken_json" and not parsed.complete


def test_a_hiring_organization_given_by_id_in_a_graph_is_read():
    page = (
        b'<script type="application/ld+json">{"@graph": [{"@type": "Organization", "@id":'
        b' "#org", "name": "Groupe Sant\xc3\xa9 Bor\xc3\xa9al"}, {"@type": "JobPosting", "title":'
        b' "Pr\xc3\xa9pos\xc3\xa9 aux b\xc3\xa9n\xc3\xa9ficiaires", "description": "Soins aux'
        b' r\xc3\xa9sidents.", "hiringOrganization": {"@id": "#org"}}]}</script>'
    )
    item = parsing.parse("jsonld_page", page, address="https://x.example/p").items[0]
    assert item.data["hiring_organization_name"] == "Groupe Santé Boréal"


def test_a_page_without_job_postings_is_an_error():
    with pytest.raises(parsing.ParseError) as caught:
        parsing.parse("jsonld_page", b"<html><body>Nothing</body></html>")
    assert caught.value.code == "no_postings"


def test_deeply_nested_json_is_bounded():
    deep = b"[" * 5000 + b"]" * 5000
    with pytest.raises(parsing.ParseError):
        parsing.parse("jsonld_page", deep)


def test_a_csv_in_windows_1252_with_real_world_french_headers_is_read():
    content = (
        "Titre du poste;Employeur;Ville;Province;Type d'emploi;Salaire;Lien pour postuler\r\n"
        "Réceptionniste;Hôtel Ste-Foy;Québec;QC;Temps partiel;19,50 $ / heure;"
        "https://h.example/1\r\n"
    ).encode("cp1252")
    data = parsing.parse("csv", content).items[0].data
    assert (data["title_fr"], data["hiring_organization_name"]) == (
        "Réceptionniste",
        "Hôtel Ste-Foy",
    )
    assert (data["city"], data["region"], data["employment_type"]) == ("Québec", "QC", "PART_TIME")
    assert (data["salary_min"], data["salary_unit"], data["salary_currency"]) == (
        Decimal("19.50"),
        "HOUR",
        "CAD",
    )


def test_a_csv_row_with_missing_cells_is_reported():
    parsed = parsing.parse("csv", b"title_fr,description_fr,employer\nA,B\n")
    assert parsed.items[0].error_code == ItemErrorCode.BAD_ROW
    assert parsed.items[0].error_params == {"cells": 2, "columns": 3}


def test_a_bad_value_keeps_what_to_show_of_it():
    csv = parsing.parse(
        "csv", b"title_fr;description_fr;valid_through;salary_min\nA;B;31/02/2026;\nC;D;;abc\n"
    )
    assert [(i.error_code, i.error_params) for i in csv.items] == [
        (ItemErrorCode.BAD_DATE, {"what": "closing", "value": "31/02/2026"}),
        (ItemErrorCode.BAD_SALARY, {"value": "abc"}),
    ]


def test_feedparser_is_never_given_a_file_name(tmp_path):
    secret = tmp_path / "secret.xml"
    secret.write_text('<rss version="2.0"><channel><item><title>S</title></item></channel></rss>')
    with pytest.raises(parsing.ParseError):
        parsing.parse("rss_atom", str(secret).encode())


def test_nul_characters_never_reach_the_database():
    content = (
        b'{"@type": "JobPosting", "title": "Sou\\u0000deur", "identifier": "S\\u00001",'
        b' "description": "Souder\\u0000 des pi\\u00e8ces.", "url": "https://x.example/\\u0000"}'
    )
    item = parsing.parse("jsonld_page", content).items[0]
    assert "\x00" not in repr(item.data) and "\x00" not in item.identifier + item.url
