"""The PII guard finds identifiers in text others will see, and stays quiet on the
dates and numbers every CV is full of (and the order numbers of every shop)."""

from __future__ import annotations

import pytest
from django.utils import translation

from tremplin.core.pii import kinds, scan


def found(text: str) -> list[tuple[str, str]]:
    return [(f.kind, text[f.start : f.end]) for f in scan(text)]


@pytest.mark.parametrize(
    ("text", "sin"),
    [
        ("Mon NAS : 046 454 286", "046 454 286"),
        ("SIN 046-454-286, thanks", "046-454-286"),
        ("046454286", "046454286"),
        ("my number is 130 692 544.", "130 692 544"),
        # dots, dashes, no-break spaces, mixed (issue 18: dots were missed)
        ("NAS : 046.454.286", "046.454.286"),
        ("My SIN is 130.692.544.", "130.692.544"),
        ("Mon NAS : 130-692-544", "130-692-544"),
        ("NAS\u00a0: 046\u00a0454\u00a0286", "046\u00a0454\u00a0286"),
        ("SIN 046 454-286", "046 454-286"),
        # the words before say SIN, even if they also say "order"
        ("SIN (copy of the order form) 046 454 286", "046 454 286"),
    ],
)
def test_it_finds_a_sin_with_a_valid_check_digit(text, sin):
    assert found(text) == [("sin", sin)]


@pytest.mark.parametrize(
    "text",
    [
        # Luhn-valid nine-digit numbers that the words before name as something else
        "Commande n° 123456782",
        "Commande no 123 456 782 expédiée hier",
        "order #123-456-782",
        "Your order number: 130.692.544",
        "Facture 130 692 544",
        "Invoice no. 046454286",
        "Tracking number: 046.454.286",
        "Numéro de suivi du colis : 046 454 286",
        "Réf. : 130692544",
        "Confirmation #046454286",
        # not a check digit that works
        "Commande n° 123456789",
        # part of a longer number
        "IP 192.168.100.1, 123.456.782.0",
    ],
)
def test_it_does_not_take_order_numbers_for_a_sin(text):
    assert "sin" not in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "Numéro de dossier 046 454 287",  # check digit wrong
        "Reference 123 456 789",
        "Business number 800 000 002",  # a company's BN, published on purpose
        "Invoice 0464542861",  # ten digits
        "Order 1046454286",
    ],
)
def test_it_does_not_take_other_nine_digit_numbers_for_a_sin(text):
    assert "sin" not in kinds(text)


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("Appelez-moi au 613 555 2368", "613 555 2368"),
        ("Call 613-555-2368 after 5", "613-555-2368"),
        ("Tél. : (416) 555-0123", "(416) 555-0123"),
        ("WhatsApp +1 514 555 0142", "+1 514 555 0142"),
        ("cell 6135552368", "6135552368"),
    ],
)
def test_it_finds_a_phone_number(text, phone):
    assert found(text) == [("phone", phone)]


@pytest.mark.parametrize(
    ("text", "email"),
    [
        ("Écrivez à zoe.tremblay@example.org !", "zoe.tremblay@example.org"),
        ("jobs: zoe+jobs@mail.example.co.uk", "zoe+jobs@mail.example.co.uk"),
    ],
)
def test_it_finds_an_email_address(text, email):
    assert found(text) == [("email", email)]


@pytest.mark.parametrize(
    ("text", "email"),
    [
        ("Write to name (at) example.ca please", "name (at) example.ca"),
        ("name [at] example [dot] ca", "name [at] example [dot] ca"),
        ("jean.tremblay(at)gmail(dot)com", "jean.tremblay(at)gmail(dot)com"),
        ("ZOE [AT] EXAMPLE [DOT] CA", "ZOE [AT] EXAMPLE [DOT] CA"),
        ("reach me: zoe at example dot com", "zoe at example dot com"),
        ("Écrivez à nom arobase example point ca", "nom arobase example point ca"),
        ("courriel : nom arobase example.ca", "nom arobase example.ca"),
        (
            "zoé {arobase} exemple (point) qc (point) ca",
            "zoé {arobase} exemple (point) qc (point) ca",
        ),
        ("nom @ example.ca", "nom @ example.ca"),
    ],
)
def test_it_finds_an_email_address_spelled_out(text, email):
    assert found(text) == [("email", email)]


@pytest.mark.parametrize(
    "text",
    [
        "I worked at Shopify.com for three years.",
        "Looking at example.com and its competitors",
        "Meet me at noon, point taken.",
        "Je travaille chez Desjardins au point de service.",
        "Rendez-vous at the point of sale",
        "See option (a) example 2",
    ],
)
def test_it_does_not_take_ordinary_words_for_an_email_address(text):
    assert "email" not in kinds(text)


@pytest.mark.parametrize(
    ("text", "code"),
    [("J'habite K1A 0B1", "K1A 0B1"), ("code postal h2x1y4", "h2x1y4"), ("M5V-2T6", "M5V-2T6")],
)
def test_it_finds_a_postal_code(text, code):
    assert found(text) == [("postal_code", code)]


@pytest.mark.parametrize(
    "text",
    [
        "Route D1A 1A1",  # D is never used
        "W1A 0B1 is in London",  # no Canadian code starts with W
        "Model K1A0B12",
    ],
)
def test_it_does_not_take_other_codes_for_a_postal_code(text):
    assert "postal_code" not in kinds(text)


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("Je suis né le 12 mars 1985 à Sudbury", "12 mars 1985"),
        ("née le 1er mai 1990", "1er mai 1990"),
        ("DOB: 1985-03-12", "1985-03-12"),
        ("Born March 12, 1985", "March 12, 1985"),
        ("Date de naissance : 12/03/1985", "12/03/1985"),
        ("birthday 3 août 2001", "3 août 2001"),
    ],
)
def test_it_finds_a_birth_date(text, when):
    assert found(text) == [("birth_date", when)]


@pytest.mark.parametrize(
    "text",
    [
        "2019-2021",
        "Experience since 2015",
        "Acme Inc., 2019-2021, then Globex 2021-2024",
        "Atelier CV le 2025-05-03 à 10 h",
        "Available from June 2, 2026",
        "Version 1.2.3 released",
        "Salaire 45 000 - 55 000 $",
        "I have 12 years of experience and 3 certificates.",
    ],
)
def test_it_finds_nothing_in_ordinary_cv_text(text):
    assert scan(text) == []


def test_it_finds_nothing_in_empty_text():
    assert scan("") == []
    assert scan(None) == []
    assert kinds(None) == []


def test_it_reports_each_kind_once_in_reading_order():
    text = (
        "Zoé, zoe@example.org, 613 555 2368, K1A 0B1, née le 12 mars 1985, "
        "NAS 046 454 286, autre courriel zoe2@example.org"
    )

    assert kinds(text) == ["email", "phone", "postal_code", "birth_date", "sin"]
    assert [f.kind for f in scan(text)].count("email") == 2
    starts = [f.start for f in scan(text)]
    assert starts == sorted(starts)


def test_findings_do_not_overlap():
    # the digits of the SIN are not also reported as a phone number, nor the date's
    findings = scan("NAS 046 454 286 / DOB 1985-03-12")

    assert [f.kind for f in findings] == ["sin", "birth_date"]


def test_a_finding_has_a_translatable_label():
    [finding] = scan("613 555 2368")

    assert finding.label == "un numéro de téléphone"
    with translation.override("en"):
        assert finding.label == "a phone number"


class _PostForm:
    """Built lazily so the module imports without Django settings at collection."""

    @staticmethod
    def make(data):
        from django import forms

        from tremplin.core.forms import PIIGuardMixin

        class PostForm(PIIGuardMixin, forms.Form):
            pii_fields = ("body",)
            body = forms.CharField(label="Message")

        return PostForm(data)


def test_the_form_guard_warns_and_keeps_the_text():
    form = _PostForm.make({"body": "Appelez-moi au 613 555 2368"})

    assert not form.is_valid()
    assert form.pii_warnings
    assert "Message" in form.pii_warnings[0]
    assert "un numéro de téléphone" in form.pii_warnings[0]
    assert form["body"].value() == "Appelez-moi au 613 555 2368"


def test_the_form_guard_lets_the_author_confirm():
    form = _PostForm.make({"body": "Appelez-moi au 613 555 2368", "confirm_pii": "on"})

    assert form.is_valid()
    assert form.cleaned_data["body"] == "Appelez-moi au 613 555 2368"


def test_the_form_guard_is_silent_on_clean_text():
    form = _PostForm.make({"body": "Experience since 2015"})

    assert form.is_valid()
    assert form.pii_warnings == []
