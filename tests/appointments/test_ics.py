"""The .ics writer: escaping and folding per RFC 5545, read back by our own parser."""

from __future__ import annotations

from datetime import UTC, datetime

from tremplin.core import ics

EVENT = ics.Event(
    uid="0b6a@tremplin.example",
    sequence=3,
    starts_at=datetime(2030, 3, 14, 13, 30, tzinfo=UTC),
    ends_at=datetime(2030, 3, 14, 14, 15, tzinfo=UTC),
    summary="Rendez-vous avec Dave Côté; CV, lettre\\entrevue",
    location="1234, rue Sainte-Catherine Ouest; bureau 5",
    description="Ligne un\nLigne deux: préparer l'entrevue — " + "é" * 80,
    organizer_name='Dave "le conseiller" Côté',
    organizer_email="no-reply@tremplin.invalid",
    attendee_name="Alice Martin",
    attendee_email="alice@example.org",
    stamp=datetime(2030, 1, 1, tzinfo=UTC),
)


def test_text_is_escaped_and_comes_back_unchanged():
    assert ics.escape_text("a;b,c\\d\ne") == "a\\;b\\,c\\\\d\\ne"
    assert ics.unescape_text(ics.escape_text("a;b,c\\d\r\ne")) == "a;b,c\\d\ne"


def test_every_line_is_at_most_75_octets_and_ends_with_crlf():
    text = ics.calendar(EVENT, method="REQUEST")
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    lines = text.split("\r\n")[:-1]
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    assert any(line.startswith(" ") for line in lines), "the long description is folded"
    # Folding never cuts a multi-byte character: every physical line decodes alone.
    for line in lines:
        line.encode("utf-8").decode("utf-8")


def test_folding_keeps_multibyte_characters_whole():
    line = "DESCRIPTION:" + "é" * 100
    folded = ics.fold(line)
    assert ics.unfold(folded + "\r\n") == [line]
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))


def test_the_calendar_parses_back():
    text = ics.calendar(EVENT, method="REQUEST", language="fr")
    props = ics.event_properties(text)
    assert props["UID"] == "0b6a@tremplin.example"
    assert props["SEQUENCE"] == "3"
    assert props["DTSTART"] == "20300314T133000Z"
    assert props["DTEND"] == "20300314T141500Z"
    assert props["SUMMARY"] == EVENT.summary
    assert props["LOCATION"] == EVENT.location
    assert props["DESCRIPTION"] == EVENT.description
    assert props["STATUS"] == "CONFIRMED"
    names = [line.name for line in ics.parse(text)]
    assert names[:2] == ["BEGIN", "VERSION"]
    assert ("METHOD", "REQUEST") in [(line.name, line.value) for line in ics.parse(text)]
    organizer = next(line for line in ics.parse(text) if line.name == "ORGANIZER")
    assert organizer.params["CN"] == "Dave le conseiller Côté"
    assert organizer.value == "mailto:no-reply@tremplin.invalid"


def test_a_cancellation_says_cancel_and_cancelled():
    text = ics.calendar(EVENT, method="CANCEL")
    assert "METHOD:CANCEL\r\n" in text
    assert ics.event_properties(text)["STATUS"] == "CANCELLED"


def test_local_times_are_written_in_utc():
    from zoneinfo import ZoneInfo

    toronto = datetime(2030, 7, 1, 9, 30, tzinfo=ZoneInfo("America/Toronto"))
    event = ics.Event(
        uid="x", sequence=0, starts_at=toronto, ends_at=toronto, summary="s", stamp=toronto
    )
    assert ics.event_properties(ics.calendar(event, method="REQUEST"))["DTSTART"] == (
        "20300701T133000Z"
    )
