"""Sessions of a mentorship: proposed in the mentor's free times (or typed by the
mentor), answered by the other party, busy for both, reminded once, held or missed after
their time, rated; the terms, goals, ending early, and the aggregates other apps read."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone, translation

from tests.factories import UserFactory
from tremplin.availability.queries import free_slots
from tremplin.core import ics
from tremplin.mentoring import services
from tremplin.mentoring.models import Goal, Mentorship, Rating, Session, SessionStatus
from tremplin.mentoring.queries.feedback import mentor_rating, report_counts
from tremplin.mentoring.services import agreement, feedback, goals
from tremplin.mentoring.services.sessions import (
    Plan,
    accept_session,
    cancel_session,
    decline_session,
    mark_session,
    offered_times,
    propose_session,
    reschedule_session,
)
from tremplin.mentoring.tasks import send_due_reminders
from tremplin.notifications.models import Notification
from tremplin.notifications.rendering import text_of

pytestmark = pytest.mark.django_db(transaction=False)


def _in_past(session: Session, hours: int = 2) -> Session:
    Session.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - timedelta(hours=hours),
        ends_at=timezone.now() - timedelta(hours=hours - 1),
    )
    session.refresh_from_db()
    return session


@pytest.fixture
def booked(personas, open_mentor, mentorship):
    """Alice (the mentee) proposes the first free time of her mentor; Max accepts."""
    slot = offered_times(personas.alice, mentorship)[0]
    proposed = propose_session(
        personas.alice, mentorship, Plan(slot, 60, link="https://meet.example.org/x", agenda="CV")
    )
    return accept_session(open_mentor, proposed)


def test_mentee_proposes_a_free_time_and_both_become_busy(personas, booked, open_mentor):
    assert booked.status == SessionStatus.ACCEPTED
    start = booked.starts_at
    assert start not in free_slots(open_mentor, start, start + timedelta(hours=1), 60)
    # alice has no open hours; her busy list holds the session all the same
    from tremplin.availability.busy import busy_between

    assert busy_between(personas.alice, start, start + timedelta(hours=1)) == [
        (booked.starts_at, booked.ends_at)
    ]


def test_mentee_cannot_take_a_time_that_is_not_free(personas, open_mentor, mentorship):
    night = (timezone.localtime() + timedelta(days=2)).replace(hour=3, minute=0, second=0)
    with pytest.raises(services.MentoringError) as refused:
        propose_session(personas.alice, mentorship, Plan(night))
    assert refused.value.code == "conflict"
    # the mentor may type it
    made = propose_session(open_mentor, mentorship, Plan(night, 30, place="Café"))
    assert made.waiting_for == personas.alice.pk


@pytest.mark.parametrize(
    ("plan", "message"),
    [
        ({"link": "http://meet.example.org"}, "https://"),
        ({"link": "javascript:alert(1)"}, "https://"),
        ({"minutes": 50}, "length"),
    ],
)
def test_bad_plans_are_refused(personas, open_mentor, mentorship, plan, message):
    slot = offered_times(personas.alice, mentorship)[0]
    with translation.override("en"), pytest.raises(services.MentoringError) as refused:
        propose_session(personas.alice, mentorship, Plan(slot, **{"minutes": 60, **plan}))
    assert message in refused.value.messages[0]


def test_only_the_other_party_answers_and_strangers_cannot_act(personas, open_mentor, mentorship):
    slot = offered_times(personas.alice, mentorship)[0]
    made = propose_session(personas.alice, mentorship, Plan(slot))
    with pytest.raises(services.MentoringError) as own:
        accept_session(personas.alice, made)
    assert own.value.code == "forbidden"
    with pytest.raises(services.MentoringError) as stranger:
        decline_session(personas.carol, made)
    assert stranger.value.code == "not_found"
    assert decline_session(open_mentor, made).status == SessionStatus.DECLINED


def test_reschedule_and_cancel(personas, booked, open_mentor):
    later = offered_times(open_mentor, booked.mentorship)[5]
    moved = reschedule_session(open_mentor, booked, Plan(later, 45))
    assert (moved.status, moved.starts_at, moved.minutes) == (SessionStatus.PROPOSED, later, 45)
    assert moved.waiting_for == personas.alice.pk and moved.sequence >= 2
    assert cancel_session(personas.alice, moved).status == SessionStatus.CANCELLED


def test_held_only_after_its_time_then_both_rate(personas, booked, open_mentor):
    with pytest.raises(services.MentoringError):
        mark_session(open_mentor, booked, True)
    held = mark_session(open_mentor, _in_past(booked), True)
    assert held.status == SessionStatus.HELD
    feedback.rate(open_mentor, held, 5, "Très bien")
    feedback.rate(personas.alice, held, 3)
    feedback.rate(personas.alice, held, 4, "Utile")  # she changes her mind
    assert sorted(Rating.objects.values_list("score", flat=True)) == [4, 5]
    with pytest.raises(services.MentoringError):
        feedback.rate(personas.alice, held, 6)


def test_mentor_rating_needs_five_mentee_ratings(personas, open_mentor, mentorship):
    assert mentor_rating(open_mentor) is None
    for n in range(5):
        m = (
            mentorship
            if n == 0
            else services.accept(
                mentee := UserFactory(), services.propose(open_mentor, mentee, "mentor")
            )
        )
        s = Session.objects.create(
            mentorship=m,
            starts_at=timezone.now() - timedelta(days=1),
            proposed_by=open_mentor,
            status=SessionStatus.HELD,
        )
        Rating.objects.create(session=s, author=open_mentor, score=1)  # his own: not counted
        Rating.objects.create(session=s, author=m.mentee, score=4 if n else 5)
        if n < 4:
            assert mentor_rating(open_mentor) is None
    assert (mentor_rating(open_mentor).average, mentor_rating(open_mentor).count) == (4.2, 5)


def test_report_counts(personas, booked, open_mentor):
    held = mark_session(open_mentor, _in_past(booked), True)
    feedback.rate(personas.alice, held, 4)
    goal = goals.add_goal(personas.alice, booked.mentorship, "Un CV à jour")
    goals.add_goal(personas.alice, booked.mentorship, "Trois entrevues")
    goals.set_goal_done(open_mentor, goal, True)
    counts = report_counts(Mentorship.objects.all())[booked.mentorship_id]
    assert (counts.sessions_held, counts.goals_met, counts.goals_total) == (1, 1, 2)
    assert (counts.satisfaction, counts.ratings) == (4.0, 1)


def test_goal_progress_counts_milestones(personas, mentorship):
    goal = goals.add_goal(personas.alice, mentorship, "Changer de métier")
    first = goals.add_milestone(personas.alice, goal, "Bilan")
    goals.add_milestone(personas.alice, goal, "Formation")
    goals.set_milestone_done(personas.alice, first, True)
    assert Goal.objects.get(pk=goal.pk).progress() == 50


def test_reminder_is_sent_once_to_both_in_their_language(personas, booked, open_mentor):
    open_mentor.language = "en"
    open_mentor.save(update_fields=["language"])
    Session.objects.filter(pk=booked.pk).update(starts_at=timezone.now() + timedelta(hours=3))
    assert send_due_reminders() == 1
    assert send_due_reminders() == 0
    reminders = Notification.objects.filter(kind="mentoring", data__event="reminder")
    assert {n.recipient for n in reminders} == {personas.alice, open_mentor}
    with translation.override("fr"):
        text = text_of(reminders.get(recipient=personas.alice))
    assert "Rappel" in text


def test_ics_is_the_accepted_session(personas, booked):
    from django.test import RequestFactory

    from tremplin.mentoring.calendar import ics_response

    request = RequestFactory().get("/")
    request.user = personas.alice
    body = ics_response(request, booked).content.decode()
    found = ics.event_properties(body)
    assert found["LOCATION"] == "https://meet.example.org/x"
    assert found["UID"] == f"mentoring-session-{booked.pk}@tremplin"
    assert "Max Mentor" in found["SUMMARY"]


def test_terms_need_the_other_party_and_ending_early_tells_them(
    personas, open_mentor, mentorship, django_capture_on_commit_callbacks
):
    terms = agreement.Terms("Changer de métier", "fortnightly", date(2026, 1, 1), date(2026, 7, 1))
    proposed = agreement.propose_terms(personas.alice, mentorship, terms)
    assert agreement.in_force(mentorship) is None
    with pytest.raises(services.MentoringError):
        agreement.agree(personas.alice, proposed)
    agreement.agree(open_mentor, proposed)
    assert agreement.in_force(mentorship) == proposed
    longer = agreement.Terms(terms.summary, "monthly", terms.starts_on, date(2026, 10, 1))
    extended = agreement.propose_terms(open_mentor, mentorship, longer)
    agreement.agree(personas.alice, extended)
    assert agreement.in_force(mentorship).ends_on == date(2026, 10, 1)
    with pytest.raises(services.MentoringError):
        agreement.end_early(personas.alice, mentorship, "bored")
    with django_capture_on_commit_callbacks(execute=True):
        ended = agreement.end_early(personas.alice, mentorship, "found_work", "Merci !")
    assert (ended.status, ended.ended_reason) == ("ended", "found_work")
    told = Notification.objects.get(recipient=open_mentor, data__event="ended")
    assert told.kind == "mentoring"
    # the exit survey opens, once per party
    answers = {"useful": 5, "rhythm": 4, "goals": 4, "recommend": 5}
    feedback.answer_survey(open_mentor, ended, "exit", answers)
    with pytest.raises(services.MentoringError):
        feedback.answer_survey(open_mentor, ended, "exit", answers)
    with pytest.raises(services.MentoringError):
        feedback.answer_survey(personas.alice, ended, "midpoint", answers)


def test_both_are_told_once_that_the_end_is_near(personas, open_mentor, mentorship):
    from tremplin.mentoring.tasks import tell_ending

    today = timezone.localdate()
    terms = agreement.Terms("Un stage", "weekly", today - timedelta(days=80), today + timedelta(3))
    agreement.agree(open_mentor, agreement.propose_terms(personas.alice, mentorship, terms))
    assert tell_ending() == 1
    assert tell_ending() == 0
    told = Notification.objects.filter(kind="mentoring", data__event="ending")
    assert {n.recipient for n in told} == {personas.alice, open_mentor}


@pytest.mark.parametrize(
    ("language", "reason", "no_terms"),
    [
        ("en", "Ended early: The mentee found work or started training.", "No terms were agreed."),
        (
            "fr",
            "Terminé plus tôt que prévu : La personne mentorée a trouvé un emploi",
            "Aucune entente n'a été conclue.",
        ),
    ],
)
def test_an_ended_mentorship_says_why_and_invites_no_more_terms(
    personas, open_mentor, mentorship, client, language, reason, no_terms
):
    agreement.end_early(personas.alice, mentorship, "found_work", "Merci !")
    client.force_login(open_mentor)
    with translation.override(language):
        html = client.get(mentorship.get_absolute_url()).content.decode()

    assert reason in html.replace("&#x27;", "'")
    assert "Merci !" in html
    assert no_terms in html.replace("&#x27;", "'")
    assert "Either of you proposes them" not in html
