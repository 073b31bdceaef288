"""The case-work section of the case page (registered in hooks.py, see
tremplin/counselling/sections.py): the record, case notes, referrals and follow-ups, for
the case's current counsellor only. Everything is read through the models'
`visible_to` (`queries.py`), so a client, an admin or another counsellor gets None
(nothing on the page) even if the page asked."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from tremplin.casework import queries
from tremplin.casework.forms import (
    FollowUpForm,
    NoteEditForm,
    NoteForm,
    RecordForm,
    ReferralForm,
    TagForm,
)
from tremplin.casework.models import (
    REFERRAL_TRANSITIONS,
    CaseNote,
    CaseRecord,
    FollowUp,
    FollowUpStatus,
    NoteKind,
    Referral,
    ReferralStatus,
    counsels,
)
from tremplin.counselling.models import Case
from tremplin.privacy.access import record_case_read


def case_section(request: HttpRequest, case: Case, role: str) -> dict[str, Any] | None:
    viewer = request.user
    if role != "counsellor" or not counsels(case, viewer):
        return None
    record = queries.visible_record(viewer, case)
    # The client sees that her case record was opened; the agency's administrator, that
    # the staff-only notes shown with it were (never their text).
    record_case_read(viewer, case, notes=True)
    return {
        "template": "casework/_case_section.html",
        "can_change": case.status == "active",
        "record": record,
        **_record_part(case, record),
        "services_used": queries.services_used(case.agency),
        "note_form": NoteForm(
            initial={"kind": NoteKind.MEETING, "contact_on": timezone.localdate()},
            auto_id="cw-note-%s",
        ),
        "notes": _notes(viewer, case),
        "referrals": _referrals(viewer, case),
        "referral_form": ReferralForm(auto_id="cw-referral-%s"),
        "follow_ups": _follow_ups(viewer, case),
        "today": timezone.localdate(),
        "schedule": queries.months_shown(case.agency_id),
    }


def _record_part(case: Case, record: CaseRecord | None) -> dict[str, Any]:
    tags = queries.record_tags(case.agency, record)
    chosen_tags = [t for t in tags if t.chosen]  # type: ignore[attr-defined]
    record_form = RecordForm(
        initial={
            "funder_reference": record.funder_reference if record else "",
            "service": record.service if record else "",
            "tags": [t.pk for t in chosen_tags],
        },
        agency=case.agency,
        choices=tags,
        auto_id="cw-record-%s",
    )
    record_form.fields["service"].widget.attrs["list"] = "cw-services"
    return {
        "chosen_tags": chosen_tags,
        "record_form": record_form,
        "tag_form": TagForm(auto_id="cw-tag-%s"),
    }


def _notes(viewer: Any, case: Case) -> list[CaseNote]:
    notes: list[Any] = queries.notes_with_history(viewer, case)
    for note in notes:
        note.edit_form = NoteEditForm(initial={"body": note.body}, auto_id=f"cw-note{note.pk}-%s")
        note.history = list(note.revisions.all())
    return notes


def _referrals(viewer: Any, case: Case) -> list[Referral]:
    referrals: list[Any] = list(queries.referrals_of(viewer, case, queries.REFERRALS_SHOWN))
    for referral in referrals:
        referral.moves = [
            (s, ReferralStatus(s).label) for s in REFERRAL_TRANSITIONS.targets(referral.status)
        ]
    return referrals


def _follow_ups(viewer: Any, case: Case) -> list[FollowUp]:
    follow_ups: list[Any] = list(queries.follow_ups_of(viewer, case))
    for row in follow_ups:
        if row.status == FollowUpStatus.PENDING:
            row.form = FollowUpForm(auto_id=f"cw-fu{row.pk}-%s")
    return follow_ups
