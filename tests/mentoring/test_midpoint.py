"""Halfway through the agreed dates, both parties are told once, each in their language,
that the mid-point survey is open (the clock's `tell_midpoint`, idempotent)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from tremplin.mentoring.models import Mentorship
from tremplin.mentoring.services import agreement, feedback
from tremplin.mentoring.tasks import tell_midpoint
from tremplin.notifications.models import Notification
from tremplin.notifications.rendering import render_one

pytestmark = pytest.mark.django_db


def _agree(personas, max_, m, start_days_ago, end_days_ahead):
    today = timezone.localdate()
    terms = agreement.Terms(
        "Un stage",
        "weekly",
        today - timedelta(days=start_days_ago),
        today + timedelta(days=end_days_ahead),
    )
    return agreement.agree(max_, agreement.propose_terms(personas.alice, m, terms))


def test_both_are_told_once_at_the_midpoint_in_their_language(personas, max_, mentorship):
    terms = _agree(personas, max_, mentorship, 10, 30)  # the middle is 10 days ahead
    assert terms.midpoint_on == timezone.localdate() + timedelta(days=10)
    assert tell_midpoint() == 0 and not feedback.survey_open(mentorship, "midpoint")
    _agree(personas, max_, mentorship, 30, 30)  # the terms in force: halfway today
    assert feedback.survey_open(mentorship, "midpoint")
    assert tell_midpoint() == 1
    assert tell_midpoint() == 0  # claimed
    told = Notification.objects.filter(kind="mentoring", data__event="midpoint")
    assert {n.recipient for n in told} == {personas.alice, max_}
    mine = told.get(recipient=max_)
    with translation.override("en"):
        english = render_one(max_, mine)
    assert "mid-point survey" in english.text
    assert english.url == f"/en/mentoring/{mentorship.pk}/"
    with translation.override("fr"):
        text = render_one(personas.alice, told.get(recipient=personas.alice)).text
    assert "Max Mentor" in text and "sondage de mi-parcours" in text
    # An extension moves the middle; nobody is told twice.
    _agree(personas, max_, mentorship, 30, 90)
    assert tell_midpoint() == 0


def test_an_ended_mentorship_or_terms_not_agreed_tell_nobody(personas, max_, mentorship):
    today = timezone.localdate()
    terms = agreement.Terms("Un stage", "weekly", today - timedelta(40), today + timedelta(2))
    agreement.propose_terms(personas.alice, mentorship, terms)  # not agreed yet
    assert tell_midpoint() == 0
    _agree(personas, max_, mentorship, 40, 2)
    Mentorship.objects.filter(pk=mentorship.pk).update(status="ended")
    assert tell_midpoint() == 0
    assert not Notification.objects.filter(data__event="midpoint").exists()
