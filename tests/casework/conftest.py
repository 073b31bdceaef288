"""Case work on alice's case with dave (the `crew` fixture): a record with a funder's
number, a tag, a note, a referral and a follow-up, each with a marker string the privacy
tests look for in pages and API answers."""

from __future__ import annotations

import datetime
from functools import partial
from types import SimpleNamespace

import pytest
from django.utils import timezone

from tests.api_calls import api_call
from tests.personas import CASE_VIEWERS
from tremplin.casework import services
from tremplin.casework.models import FollowUp

__all__ = ["CASE_VIEWERS", "MARKERS", "send"]

FUNDER = "FUNDREF-4417"
SERVICE = "Service-Emploi-Secret"
TAG = "Tag-Santé-Secret"
NOTE = "Note-secrète-du-dossier"
PARTNER = "Partenaire-Secret-Inc"
FOLLOW_UP_NOTE = "Suivi-secret-note"
MARKERS = [FUNDER, SERVICE, TAG, NOTE, PARTNER, FOLLOW_UP_NOTE]
API = "/api/v1/casework"


send = partial(api_call, API)


@pytest.fixture
def work(crew):
    """Everything case work holds on alice's case, written by dave."""
    case, dave = crew.case, crew.dave
    tag = services.create_tag(dave, crew.agency, "sector", TAG)
    services.update_record(dave, case, funder_reference=FUNDER, service=SERVICE, tag_ids=[tag.pk])
    note = services.add_note(dave, case, kind="phone", contact_on=timezone.localdate(), body=NOTE)
    referral = services.add_referral(
        dave, case, direction="out", partner_name=PARTNER, reason="Formation en soins"
    )
    # A follow-up exists only after exit; made here directly so that every kind of row
    # is on the case while it is active.
    follow_up = FollowUp.objects.create(
        case=case, months=3, due_on=datetime.date(2020, 1, 1), note=FOLLOW_UP_NOTE
    )
    return SimpleNamespace(
        case=case, tag=tag, note=note, referral=referral, follow_up=follow_up, crew=crew
    )
