"""The mentorship lifecycle: propose, accept or decline, end; one open mentorship per
pair; who may do what; blocks and hidden profiles refuse."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from tremplin.core.audience import Audience
from tremplin.mentoring import services
from tremplin.mentoring.models import (
    MENTORSHIP_TRANSITIONS,
    Mentorship,
    MentorshipStatus,
    is_mentor_of,
)
from tremplin.mentoring.services import MentoringError
from tremplin.network.services import block
from tremplin.profiles.models import Profile

pytestmark = pytest.mark.django_db


def refusal(action, *args) -> str:
    with pytest.raises(MentoringError) as caught:
        action(*args)
    return caught.value.code


def test_the_lifecycle_is_declared_and_ended_is_final():
    assert MENTORSHIP_TRANSITIONS[MentorshipStatus.INVITED] == {"active", "ended"}
    assert MENTORSHIP_TRANSITIONS[MentorshipStatus.ACTIVE] == {"ended"}
    assert MENTORSHIP_TRANSITIONS[MentorshipStatus.ENDED] == set()


def test_an_offer_to_mentor_starts_when_the_mentee_accepts(personas, max_, proposal):
    assert (proposal.mentor, proposal.mentee, proposal.invited_by) == (
        max_,
        personas.alice,
        max_,
    )
    assert proposal.status == "invited" and proposal.started_at is None
    assert not is_mentor_of(max_, personas.alice)
    started = services.accept(personas.alice, proposal)
    assert started.status == "active" and started.started_at is not None
    assert is_mentor_of(max_, personas.alice)
    assert not is_mentor_of(personas.alice, max_)


def test_a_mentee_may_ask_someone_to_be_their_mentor(personas, max_):
    asked = services.propose(personas.alice, max_, "mentee")
    assert (asked.mentor, asked.mentee, asked.invited_by) == (max_, personas.alice, personas.alice)
    services.accept(max_, asked)
    assert is_mentor_of(max_, personas.alice)


def test_only_the_invited_party_answers(personas, max_, proposal):
    assert refusal(services.accept, max_, proposal) == "forbidden"
    assert refusal(services.decline, max_, proposal) == "forbidden"
    # The invited party declines rather than "ends" a proposal.
    assert refusal(services.end, personas.alice, proposal) == "forbidden"
    assert refusal(services.accept, personas.carol, proposal) == "not_found"
    assert Mentorship.objects.get().status == "invited"


def test_declining_ends_it_without_starting(personas, max_, proposal):
    declined = services.decline(personas.alice, proposal)
    assert declined.status == "ended" and declined.started_at is None
    assert declined.ended_at is not None
    assert refusal(services.accept, personas.alice, proposal) == "transition"


def test_the_proposer_may_withdraw(personas, max_, proposal):
    assert services.end(max_, proposal).status == "ended"
    assert refusal(services.accept, personas.alice, proposal) == "transition"


@pytest.mark.parametrize("who", ["alice", "max"])
def test_either_party_ends_an_active_mentorship(personas, max_, mentorship, who):
    user = max_ if who == "max" else personas.alice
    ended = services.end(user, mentorship)
    assert ended.status == "ended" and ended.ended_at is not None
    assert not is_mentor_of(max_, personas.alice)
    assert refusal(services.end, user, mentorship) == "transition"
    assert refusal(services.end, personas.carol, mentorship) == "not_found"


def test_one_open_mentorship_per_pair_either_way(personas, max_, proposal):
    assert refusal(services.propose, max_, personas.alice, "mentor", "") == "conflict"
    assert refusal(services.propose, personas.alice, max_, "mentor", "") == "conflict"
    with pytest.raises(IntegrityError), transaction.atomic():
        Mentorship.objects.create(mentor=personas.alice, mentee=max_, invited_by=max_)
    services.decline(personas.alice, proposal)
    again = services.propose(personas.alice, max_, "mentee", "")
    assert again.status == "invited"
    assert Mentorship.objects.count() == 2


def test_bad_input_is_refused(personas, max_):
    assert refusal(services.propose, max_, max_, "mentor", "") == "self"
    assert refusal(services.propose, max_, personas.alice, "boss", "") == "invalid"
    assert refusal(services.propose, max_, personas.alice, "mentor", "x" * 501) == "invalid"
    assert refusal(services.propose, max_, None, "mentor", "") == "not_found"
    assert not Mentorship.objects.exists()
    made = services.propose(max_, personas.alice, "mentor", "  " + "x" * 500 + "  ")
    assert made.message == "x" * 500


@pytest.mark.parametrize("blocker", ["alice", "max"])
def test_a_block_either_way_refuses_a_proposal(personas, max_, blocker):
    a, b = (personas.alice, max_) if blocker == "alice" else (max_, personas.alice)
    block(a, b)
    assert refusal(services.propose, max_, personas.alice, "mentor", "") in {
        "blocked",
        "not_found",
    }
    assert refusal(services.propose, personas.alice, max_, "mentee", "") in {
        "blocked",
        "not_found",
    }
    assert not Mentorship.objects.exists()


def test_a_profile_one_may_not_see_cannot_be_asked(personas, max_):
    Profile.objects.filter(user=personas.alice).update(basics_visibility=Audience.ONLY_ME)
    assert refusal(services.propose, max_, personas.alice, "mentor", "") == "not_found"


def test_a_block_hides_an_active_mentorship_and_stops_it_counting(personas, max_, mentorship):
    block(personas.alice, max_)
    assert not is_mentor_of(max_, personas.alice)
    assert not Mentorship.objects.visible_to(personas.alice).exists()
    assert not Mentorship.objects.visible_to(max_).exists()
    assert not mentorship.is_visible_to(max_)


def test_accepting_across_a_block_is_refused(personas, max_, proposal):
    # The block hides the proposal; the service refuses too, whatever the caller found.
    block(max_, personas.alice)
    assert refusal(services.accept, personas.alice, proposal) == "blocked"
