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


# ---------------------------------------------------------------- programmes (issue 17)
from datetime import date  # noqa: E402

from tremplin.mentoring.models import ProgrammeStatus  # noqa: E402
from tremplin.mentoring.services import programmes as programme_services  # noqa: E402


def make_programme(coordinator, agency, **extra):
    data = programme_services.ProgrammeData(
        name_fr="Tremplin métiers",
        name_en="Trades springboard",
        purpose_fr="Des mentors des métiers pour nos clients.",
        purpose_en="Tradespeople mentoring our clients.",
        starts_on=date(2026, 1, 1),
        ends_on=date(2027, 12, 31),
        mentor_questions=[("Votre métier ?", "Your trade?")],
        mentee_questions=[("Votre objectif ?", "Your goal?")],
        **extra,
    )
    programme = programme_services.create_programme(coordinator, agency, data)
    return programme_services.move_programme(coordinator, programme, ProgrammeStatus.OPEN)


def offer(user, **extra):
    values = {"skills": ["soudure", "plomberie"], "sectors": ["construction"], "languages": ["fr"]}
    values.update(extra)
    return programme_services.save_mentor_profile(user, programme_services.Offer(**values))


@pytest.fixture
def programme(personas):
    """Dave (counsellor at alice's agency) coordinates an open programme."""
    return make_programme(personas.dave, personas.agency)


@pytest.fixture
def enrolled(personas, max_, programme):
    """Max enrolled as mentor with a profile; alice (a client) as mentee with goals."""
    offer(max_, region="ON")
    mentor = programme_services.enrol(
        max_, programme, "mentor", programme_services.Intake(answers=["Soudeur"])
    )
    mentee = programme_services.enrol(
        personas.alice,
        programme,
        "mentee",
        programme_services.Intake(
            answers=["Devenir soudeuse"],
            goals="Apprendre la soudure secrète",
            wanted_skills=["Soudure"],
            sectors=["construction"],
            languages=["fr"],
            region="ON",
        ),
    )
    return mentor, mentee


@pytest.fixture
def open_mentor(max_):
    """Max is open every day from 8:00 to 20:00 (Toronto)."""
    from datetime import time

    from tremplin.availability.services import Slot, set_week

    set_week(max_, [Slot(day, time(8), time(20)) for day in range(7)], "America/Toronto")
    return max_
