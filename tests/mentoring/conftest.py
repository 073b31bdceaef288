"""Mentoring fixtures: max, a mentor from outside alice's circle (not her connection,
not her counsellor), and helpers to make a mentorship at any stage."""

from __future__ import annotations

import pytest

from tests.factories import UserFactory
from tremplin.mentoring import services


@pytest.fixture
def max_(personas):
    return UserFactory(email="max@example.org", name="Max Mentor")


@pytest.fixture
def proposal(personas, max_):
    """Max offers to mentor alice; she has not answered yet."""
    return services.propose(max_, personas.alice, "mentor", "Je travaille en soudure.")


@pytest.fixture
def mentorship(personas, proposal):
    """Max is alice's mentor (active)."""
    return services.accept(personas.alice, proposal)


@pytest.fixture
def open_mentor(max_):
    """Max is open every day from 8:00 to 20:00 (Toronto)."""
    from datetime import time

    from tremplin.availability.services import Slot, set_week

    set_week(max_, [Slot(day, time(8), time(20)) for day in range(7)], "America/Toronto")
    return max_
