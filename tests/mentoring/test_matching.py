"""Matching in a programme: the explainable score, the mentee's ranked list and ask, a
coordinator's match accepted by both sides, a refusal, and a cohort under capacities."""

from __future__ import annotations

import pytest
from django.utils import translation

from tests.factories import UserFactory
from tests.mentoring.conftest import offer
from tremplin.mentoring.models import Enrolment, Mentorship
from tremplin.mentoring.queries.matching import mentee_features, rank
from tremplin.mentoring.scoring import (
    MenteeFeatures,
    MentorFeatures,
    availability_overlap,
    reason_sentences,
    score,
)
from tremplin.mentoring.services import MentoringError, accept, decline
from tremplin.mentoring.services import matching as m
from tremplin.mentoring.services import programmes as s
from tremplin.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _mentor(uid, skills=(), places=2, **extra):
    values = {
        "skills": frozenset(skills),
        "sectors": frozenset(),
        "trades": frozenset(),
        "languages": frozenset({"fr"}),
        "region": "ON",
        "in_person": True,
        "online": True,
        "places_left": places,
    }
    values.update(extra)
    return MentorFeatures(user_id=uid, **values)


def _mentee(uid, wanted=(), goals=""):
    return MenteeFeatures(
        uid, frozenset(wanted), frozenset(), goals, frozenset({"fr"}), "ON", online=True
    )


def test_the_score_says_why_in_the_readers_language():
    found = score(
        _mentor(1, {"soudure", "plomberie", "gestion de chantier"}),
        _mentee(2, {"soudure"}, "Je veux apprendre la gestion de chantier"),
    )
    # skill 3 + goals 1 + language 2 + region 1 = 7, plus 2 places.
    assert (found.fit, found.total) == (7, 9)
    assert [r["code"] for r in found.reasons] == [
        "skills",
        "goals",
        "language",
        "region",
        "capacity",
    ]
    with translation.override("en"):
        english = reason_sentences(found.reasons)
    with translation.override("fr"):
        french = reason_sentences(found.reasons)
    assert english[0] == "Shared skill: soudure."
    assert "Speaks French." in english and "Can meet in person in Ontario." in english
    assert french[0] == "Compétence en commun : soudure."
    assert availability_overlap(_mentor(1), _mentee(2)) == 0.0


def test_shared_open_hours_add_points_and_say_how_much():
    # The mentee is open Monday 9:00-11:00 UTC; the mentor Monday 10:00-12:00: half.
    mentee = MenteeFeatures(
        2, frozenset({"soudure"}), frozenset(), "", frozenset({"fr"}), "ON", True,
        week=((540, 660),),
    )  # fmt: skip
    half = _mentor(1, {"soudure"}, week=((600, 720),))
    assert availability_overlap(half, mentee) == 0.5
    found = score(half, mentee)
    assert {"code": "availability", "count": 50} in found.reasons
    assert found.fit == score(_mentor(1, {"soudure"}), mentee).fit + 1
    with translation.override("en"):
        assert "Free for 50% of the mentee's weekly slots." in reason_sentences(found.reasons)
    # No hours on either side is unknown, not a mismatch: no points, no reason.
    assert availability_overlap(_mentor(1, week=()), mentee) == 0.0


def test_nothing_in_common_is_no_match():
    lone = _mentor(1, languages=frozenset(), online=False, region="QC")
    assert score(lone, _mentee(2)).total == 0


def test_the_cohort_respects_capacities_and_prefers_the_best_fit():
    mentors = [_mentor(1, {"python"}, places=1), _mentor(2, {"soudure"}, places=2)]
    mentees = [_mentee(10, {"python"}), _mentee(11, {"python"}), _mentee(12, {"soudure"})]
    chosen = {(a.user_id, b.user_id) for a, b, _s in m.assign(mentees, mentors)}
    assert (10, 1) in chosen and (12, 2) in chosen
    assert len(chosen) == 3 and sum(1 for _a, b in chosen if b == 1) == 1


def test_a_mentee_sees_ranked_mentors_and_asks(
    personas, enrolled, max_, programme, django_capture_on_commit_callbacks
):
    other = UserFactory(name="Olga Other")
    offer(other, skills=["compta"], sectors=[], languages=["en"], in_person=False, online=False)
    s.enrol(other, programme, "mentor", s.Intake())
    _mentor, mentee = enrolled
    ranked = rank(mentee_features(mentee), programme, viewer=personas.alice)
    assert [p.user_id for p, _score in ranked] == [max_.pk]
    with django_capture_on_commit_callbacks(execute=True):
        made = m.ask(personas.alice, programme, max_, "Bonjour")
    assert made.programme == programme and made.match_reasons[0]["code"] == "skills"
    assert Notification.objects.filter(recipient=max_, kind="mentoring_match_proposed").exists()
    accept(max_, made)
    assert Mentorship.objects.get().planned_end is not None


def test_a_coordinators_match_starts_when_both_accept(
    personas, enrolled, max_, programme, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        made = m.propose_match(personas.dave, programme, personas.alice, max_)
    assert made.coordinated and made.waits_for(personas.alice) and made.waits_for(max_)
    notified = Notification.objects.filter(kind="mentoring_match_proposed")
    assert {n.recipient_id for n in notified} == {personas.alice.pk, max_.pk}
    accept(personas.alice, made)
    made.refresh_from_db()
    assert made.status == "invited" and not made.waits_for(personas.alice)
    with pytest.raises(MentoringError):
        accept(personas.alice, made)
    with django_capture_on_commit_callbacks(execute=True):
        accept(max_, made)
    made.refresh_from_db()
    assert made.status == "active" and made.planned_end is not None
    started = Notification.objects.filter(kind="mentoring_match_started")
    assert started.count() == 2
    # Now max, the matched mentor, may read alice's intake; before, he could not.
    assert Enrolment.objects.get(user=personas.alice).is_visible_to(max_)


def test_either_side_refuses_with_no_reason(personas, enrolled, max_, programme):
    made = m.propose_match(personas.dave, programme, personas.alice, max_)
    assert not Enrolment.objects.get(user=personas.alice).is_visible_to(personas.bob)
    decline(max_, made)
    made.refresh_from_db()
    assert made.status == "ended" and made.started_at is None


def test_only_coordinators_propose(personas, enrolled, max_, programme):
    with pytest.raises(MentoringError) as refused:
        m.propose_match(personas.erin, programme, personas.alice, max_)
    assert refused.value.code == "forbidden"
    with pytest.raises(MentoringError) as refused:
        m.propose_match(personas.dave, programme, personas.bob, max_)
    assert refused.value.code == "not_found"


def test_a_cohort_is_proposed_once(personas, enrolled, max_, programme):
    made = m.propose_cohort(personas.dave, programme)
    assert [(x.mentor_id, x.mentee_id) for x in made] == [(max_.pk, personas.alice.pk)]
    assert m.propose_cohort(personas.dave, programme) == []


def test_a_paused_mentor_is_not_ranked(personas, enrolled, max_, programme):
    offer(max_, paused=True)
    assert rank(mentee_features(enrolled[1]), programme) == []
    with pytest.raises(MentoringError):
        m.propose_match(personas.dave, programme, personas.alice, max_)


def test_the_cohorts_fast_score_agrees_with_the_explained_one():
    import random

    from tremplin.mentoring.scoring import fit_of

    rng = random.Random(3)
    words = ["soudure", "plomberie", "gestion de chantier", "python", "excel", "finance"]
    for _ in range(300):
        languages = frozenset(rng.sample(["fr", "en"], rng.randint(0, 2)))
        mentor = _mentor(1, set(rng.sample(words, 3)), places=rng.randint(0, 3),
                         trades=frozenset(rng.sample(words, 1)), online=rng.random() < 0.5,
                         languages=languages)  # fmt: skip
        mentee = _mentee(2, set(rng.sample(words, 2)), " ".join(rng.sample(words, 3)))
        assert fit_of(mentor, mentee) == score(mentor, mentee).fit


@pytest.mark.parametrize("lookups", [False, True], ids=["all enrolled", "item lookups"])
def test_only_rankable_mentors_are_ranked(
    personas, enrolled, max_, programme, monkeypatch, lookups
):
    """Either way of choosing candidates (a small programme's enrolled mentors, or the
    item lookups of a large one) keeps the same rule: enrolled, a place left, and, for
    the mentee browsing, a profile she may see; the coordinator sees every enrolled one."""
    from tremplin.mentoring.queries import matching
    from tremplin.profiles.models import Profile

    if lookups:
        monkeypatch.setattr(matching, "SMALL_PROGRAMME", 0)

    def mentor(name, enrol=True, **extra):
        user = UserFactory(name=name)
        offer(user, region="ON", **extra)
        if enrol:
            s.enrol(user, programme, "mentor", s.Intake(answers=["Soudeur"]))
        return user

    hidden = mentor("Hugo Hidden")
    Profile.objects.filter(user=hidden).update(basics_visibility="only_me")
    full = mentor("Fanny Full", max_mentees=1)
    Mentorship.objects.create(mentor=full, mentee=personas.carol, invited_by=full, status="active")
    mentor("Otto Outside", enrol=False)
    mentee = mentee_features(enrolled[1])

    browsing = {p.user_id for p, _score in rank(mentee, programme, viewer=personas.alice)}
    coordinating = {p.user_id for p, _score in rank(mentee, programme)}
    assert browsing == {max_.pk}
    assert coordinating == {max_.pk, hidden.pk}


def test_the_dashboard_says_who_has_answered_in_the_readers_language(
    personas, enrolled, max_, programme
):
    from tests.conftest import client_for

    made = m.propose_match(personas.dave, programme, personas.alice, max_)
    accept(max_, made)
    english = client_for(personas.dave).get(f"/en/mentoring/programmes/{programme.pk}/coordinate/")
    assert "The mentor accepted. The mentee has not answered yet." in english.text
    french = client_for(personas.dave).get(f"/fr/mentoring/programmes/{programme.pk}/coordinate/")
    assert "Le mentor a accepté. La personne mentorée n’a pas encore répondu." in french.text
