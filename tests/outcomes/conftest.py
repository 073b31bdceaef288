"""Outcomes tests use `crew` and `browser_of` (tests/conftest.py): alice is dave's client
at Agence Horizon, erin another counsellor there, frank a counsellor of another agency,
greta an admin of alice's agency. Helpers here build answered surveys directly."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from tests.factories import UserFactory
from tremplin.casework.models import CaseRecord
from tremplin.counselling.models import Case, CaseStatus
from tremplin.outcomes import services
from tremplin.outcomes.models import SurveyInvitation, SurveyKind, SurveyResponse

LINK = re.compile(r"https?://[^\s]+/(fr|en)/outcomes/s/([^/\s]+)/")


def closed_case(agency, counsellor, *, client=None, exit_reason="employed", closed_at=None):
    client = client or UserFactory()
    now = timezone.now()
    return Case.objects.create(
        agency=agency,
        counsellor=counsellor,
        client=client,
        status=CaseStatus.CLOSED,
        client_consented_at=(closed_at or now) - timedelta(days=90),
        closed_at=closed_at or now,
        exit_reason=exit_reason,
    )


def answered(
    agency,
    counsellor,
    score: int,
    *,
    service: str = "",
    kind: str = SurveyKind.EXIT,
    when=None,
    comment: str = "",
) -> SurveyResponse:
    """One answered survey of a fresh client's closed case."""
    when = when or timezone.now()
    case = closed_case(agency, counsellor, closed_at=when)
    if service:
        CaseRecord.objects.create(case=case, service=service)
    when = when or timezone.now()
    invitation = SurveyInvitation.objects.create(
        case=case,
        kind=kind,
        counsellor=counsellor,
        token_hash=services.new_token()[1],
        answered_at=when,
    )
    return SurveyResponse.objects.create(
        invitation=invitation, score=score, comment=comment, language="fr", created=when
    )


def invitation_with_link(case, kind=SurveyKind.EXIT, **fields) -> tuple[SurveyInvitation, str]:
    token, token_hash = services.new_token()
    invitation = SurveyInvitation.objects.create(
        case=case, kind=kind, counsellor=case.counsellor, token_hash=token_hash, **fields
    )
    return invitation, services.sign_link(kind, token)


def last_link() -> tuple[str, str]:
    """(language, signed value) of the survey link in the last email."""
    body = mail.outbox[-1].body
    # The link on a line of its own (the first line offers the other language's link).
    found = [LINK.fullmatch(line.strip()) for line in body.splitlines()]
    links = [m for m in found if m]
    assert len(links) == 1, body
    return links[0].group(1), links[0].group(2)


@pytest.fixture
def closed_alice(crew, django_capture_on_commit_callbacks):
    """alice's case closed by dave (the exit survey is sent on commit)."""
    from tremplin.counselling.services import close

    with django_capture_on_commit_callbacks(execute=True):
        close(crew.dave, crew.case, "employed")
    crew.case.refresh_from_db()
    return crew
