"""Programmes: who may run one, its lifecycle, who may join each side, intake answers,
capacity, and who sees a programme and an enrolment."""

from __future__ import annotations

import pytest

from tests.factories import UserFactory
from tests.mentoring.conftest import make_programme
from tremplin.mentoring.models import Enrolment, Programme, ProgrammeStatus
from tremplin.mentoring.services import MentoringError
from tremplin.mentoring.services import programmes as s

pytestmark = pytest.mark.django_db


def test_only_an_agencys_staff_may_run_a_programme(personas):
    with pytest.raises(MentoringError) as refused:
        make_programme(personas.bob, personas.agency)
    assert refused.value.code == "forbidden"
    made = make_programme(personas.erin, personas.agency)
    assert made.is_coordinator(personas.erin) and not made.is_coordinator(personas.dave)


def test_the_lifecycle_is_declared_and_checked(personas, programme):
    assert programme.status == ProgrammeStatus.OPEN
    with pytest.raises(MentoringError) as refused:
        s.move_programme(personas.dave, programme, ProgrammeStatus.DRAFT)
    assert refused.value.code == "transition"
    with pytest.raises(MentoringError):
        s.move_programme(personas.erin, programme, ProgrammeStatus.RUNNING)
    s.move_programme(personas.dave, programme, ProgrammeStatus.RUNNING)
    s.move_programme(personas.dave, programme, ProgrammeStatus.CLOSED)
    with pytest.raises(MentoringError) as refused:
        s.enrol(personas.bob, Programme.objects.get(), "mentor", s.Intake())
    assert refused.value.code == "transition"


def test_who_may_join_each_side(personas, programme):
    # Mentees: the agency's clients (alice has an active case with dave); mentors: members.
    assert s.may_join(personas.alice, programme, "mentee")
    assert not s.may_join(personas.bob, programme, "mentee")
    assert s.may_join(personas.bob, programme, "mentor")
    with pytest.raises(MentoringError) as refused:
        s.enrol(personas.bob, programme, "mentee", s.Intake())
    assert refused.value.code == "forbidden"
    programme.mentor_policy = "invitation"
    programme.save()
    assert not s.may_join(personas.carol, programme, "mentor")
    s.invite(personas.dave, programme, personas.carol, "mentor")
    joined = s.enrol(personas.carol, programme, "mentor", s.Intake(answers=["Plombière", "x"]))
    assert joined.status == "enrolled" and joined.answers == ["Plombière"]


def test_intake_answers_are_kept_and_too_long_is_refused(personas, enrolled):
    _mentor, mentee = enrolled
    assert mentee.intake()[0][1] == "Devenir soudeuse"
    assert mentee.wanted_skills == ["soudure"]
    with pytest.raises(MentoringError) as refused:
        s.enrol(personas.alice, mentee.programme, "mentee", s.Intake(answers=["x" * 1001]))
    assert refused.value.code == "invalid"


def test_a_full_programme_takes_no_more_mentees(personas):
    programme = make_programme(personas.dave, personas.agency, capacity=1, mentee_policy="members")
    s.enrol(personas.alice, programme, "mentee", s.Intake())
    with pytest.raises(MentoringError) as refused:
        s.enrol(personas.bob, programme, "mentee", s.Intake())
    assert refused.value.code == "conflict"
    # Alice may still update her own answers.
    s.enrol(personas.alice, programme, "mentee", s.Intake(goals="Changer"))


def test_a_draft_is_seen_only_by_coordinators_and_the_agencys_admins(crew):
    draft = s.create_programme(
        crew.dave,
        crew.agency,
        s.ProgrammeData(
            "Brouillon",
            "Draft",
            starts_on=crew.case.created.date(),
            ends_on=crew.case.created.date(),
        ),
    )
    seen = {
        name
        for name in ("alice", "bob", "dave", "erin", "frank", "greta", "mallory", "sam")
        if Programme.objects.visible_to(getattr(crew, name)).filter(pk=draft.pk).exists()
    }
    assert seen == {"dave", "greta"}
    assert not Programme.objects.visible_to(None).exists()
    s.move_programme(crew.dave, draft, ProgrammeStatus.OPEN)
    assert draft.is_visible_to(crew.bob)


def test_an_invitation_only_programme_is_seen_by_those_invited(personas):
    programme = make_programme(
        personas.dave, personas.agency, mentor_policy="invitation", mentee_policy="invitation"
    )
    assert not programme.is_visible_to(personas.bob)
    s.invite(personas.dave, programme, personas.bob, "mentor")
    assert programme.is_visible_to(personas.bob)
    assert not programme.is_visible_to(personas.carol)


def test_an_enrolment_is_seen_by_the_person_and_coordinators_only(crew, enrolled, max_):
    _mentor, mentee = enrolled
    outsider = UserFactory()
    seen = {
        name
        for name in ("alice", "bob", "carol", "dave", "erin", "frank", "greta", "mallory", "sam")
        if mentee.is_visible_to(getattr(crew, name))
    }
    assert seen == {"alice", "dave"}
    assert not mentee.is_visible_to(max_) and not mentee.is_visible_to(outsider)
    assert set(Enrolment.objects.visible_to(max_).values_list("side", flat=True)) == {"mentor"}
