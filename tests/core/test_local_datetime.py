"""`local_datetime` (the Jinja2 fragments' date filter) keeps what it printed, per
moment, format, language and time zone: a cached answer never crosses into another
language or zone."""

from __future__ import annotations

from datetime import UTC, datetime

from django.utils import timezone, translation

from tremplin.core.jinja import local_datetime

MOMENT = datetime(2026, 3, 9, 18, 30, tzinfo=UTC)


def test_the_same_moment_is_printed_in_each_language_and_zone():
    printed = {}
    for language in ("fr", "en", "fr"):
        for zone in ("America/Toronto", "America/Vancouver"):
            with translation.override(language), timezone.override(zone):
                printed[(language, zone)] = local_datetime(MOMENT, "DATE_FORMAT")
                hour = local_datetime(MOMENT, "TIME_FORMAT")
                assert (hour, zone) in {
                    ("14:30", "America/Toronto"),
                    ("2:30 p.m.", "America/Toronto"),
                    ("11:30", "America/Vancouver"),
                    ("11:30 a.m.", "America/Vancouver"),
                }
    assert printed[("fr", "America/Toronto")] == "9 mars 2026"
    assert printed[("en", "America/Toronto")] == "March 9, 2026"
    assert local_datetime(MOMENT, "c") == timezone.localtime(MOMENT).isoformat()
