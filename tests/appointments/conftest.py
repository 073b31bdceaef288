"""Appointments tests use `crew` and `browser_of` (tests/conftest.py): alice is dave's
client (active case `crew.case`), erin another counsellor of the agency, frank one of
another agency, greta an admin of alice's agency."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tremplin.appointments import services


def later(**delta) -> object:
    """A moment ahead, rounded to the minute (as a form would give it)."""
    return (timezone.now() + timedelta(**delta)).replace(second=0, microsecond=0)


@pytest.fixture
def booked(crew, django_capture_on_commit_callbacks):
    """A video appointment dave booked with alice for in three days."""
    with django_capture_on_commit_callbacks(execute=True):
        return services.book(
            crew.dave,
            crew.case,
            starts_at=later(days=3),
            duration=45,
            mode="video",
            video_url="https://meet.example.org/horizon-42",
            agenda="Revoir le CV; préparer l'entrevue",
        )
