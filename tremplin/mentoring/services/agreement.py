"""The agreement: either party proposes terms (first terms, a change, an extension); the
other agrees or declines; the latest agreed version is in force. Ending early: either
party, with a reason from `EndReason` and an optional note; the other party is told and
both are asked for the exit survey."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.mentoring.models import (
    MESSAGE_MAX_LENGTH,
    Agreement,
    EndReason,
    Frequency,
    Mentorship,
)
from tremplin.mentoring.models.agreement import SUMMARY_MAX_LENGTH, middle_of
from tremplin.mentoring.services import mentorships
from tremplin.mentoring.services.mentorships import MentoringError
from tremplin.mentoring.services.parties import party_of, tell_other


@dataclass(frozen=True)
class Terms:
    summary: str
    frequency: str
    starts_on: date
    ends_on: date


def _clean(terms: Terms) -> Terms:
    summary = terms.summary.strip()
    if not summary:
        raise MentoringError(_("Say in a few words what you work on together."), code="invalid")
    if len(summary) > SUMMARY_MAX_LENGTH:
        raise MentoringError(_("The goals summary is too long."), code="invalid")
    if terms.frequency not in Frequency.values:
        raise MentoringError(_("Choose how often you meet."), code="invalid")
    if terms.ends_on <= terms.starts_on:
        raise MentoringError(_("The planned end comes after the start."), code="invalid")
    return Terms(summary, terms.frequency, terms.starts_on, terms.ends_on)


@transaction.atomic
def propose_terms(user: Any, mentorship: Mentorship, terms: Terms) -> Agreement:
    """New terms wait for the other party; an earlier proposal still waiting is replaced."""
    found = party_of(user, mentorship)
    terms = _clean(terms)
    Agreement.objects.filter(mentorship=found).pending().update(withdrawn=True)
    made = Agreement.objects.create(
        mentorship=found,
        summary=terms.summary,
        frequency=terms.frequency,
        starts_on=terms.starts_on,
        ends_on=terms.ends_on,
        midpoint_on=middle_of(terms.starts_on, terms.ends_on),
        proposed_by=user,
    )
    tell_other(user, found, "terms_proposed")
    return made


def _pending(user: Any, agreement: Agreement) -> tuple[Mentorship, Agreement]:
    mentorship = party_of(user, agreement.mentorship)
    found = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if found.agreed_at is not None or found.withdrawn:
        raise MentoringError(_("These terms have already been answered."), code="transition")
    if found.proposed_by_id == user.pk:
        raise MentoringError(_("The other party answers the terms you proposed."), code="forbidden")
    return mentorship, found


@transaction.atomic
def agree(user: Any, agreement: Agreement) -> Agreement:
    mentorship, found = _pending(user, agreement)
    found.agreed_at = timezone.now()
    found.save(update_fields=["agreed_at"])
    tell_other(user, mentorship, "terms_agreed")
    return found


@transaction.atomic
def decline_terms(user: Any, agreement: Agreement) -> Agreement:
    mentorship, found = _pending(user, agreement)
    found.withdrawn = True
    found.save(update_fields=["withdrawn"])
    tell_other(user, mentorship, "terms_declined")
    return found


@transaction.atomic
def end_early(user: Any, mentorship: Mentorship, reason: str, note: str = "") -> Mentorship:
    """Either party ends an active mentorship with a reason; the other is told."""
    found = party_of(user, mentorship)
    if reason not in EndReason.values:
        raise MentoringError(_("Choose why the mentorship ends."), code="invalid")
    note = note.strip()
    if len(note) > MESSAGE_MAX_LENGTH:
        raise MentoringError(_("The note is too long."), code="invalid")
    ended = mentorships.end(user, found)
    ended.ended_reason, ended.ended_note = reason, note
    ended.save(update_fields=["ended_reason", "ended_note"])
    tell_other(user, ended, "ended")
    return ended


def in_force(mentorship: Mentorship) -> Agreement | None:
    return Agreement.objects.filter(mentorship=mentorship).agreed().order_by("-agreed_at").first()
