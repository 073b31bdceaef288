"""The case-work section of the case page (see tremplin/counselling/sections.py): the
record, case notes, referrals and follow-ups, for the case's current counsellor only.
Everything is read through the models' `visible_to`, so a client, an admin or another
counsellor gets None (nothing on the page) even if the page asked."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils import timezone

from tremplin.casework import services
from tremplin.casework.forms import (
    FollowUpForm,
    NoteEditForm,
    NoteForm,
    RecordForm,
    ReferralForm,
    TagForm,
)
from tremplin.casework.models import (
    CaseNote,
    CaseRecord,
    CaseTag,
    FollowUp,
    FollowUpStatus,
    NoteKind,
    NoteRevision,
    Referral,
    ReferralStatus,
    TagKind,
    counsels,
)

NOTES_SHOWN = 100
REFERRALS_SHOWN = 100


def case_section(request, case, role):
    viewer = request.user
    if role != "counsellor" or not counsels(case, viewer):
        return None
    record = CaseRecord.objects.visible_to(viewer).filter(case=case).first()
    chosen_tags = list(record.tags.all()) if record else []
    agency_tags = list(CaseTag.objects.visible_to(viewer).filter(agency=case.agency))
    record_form = RecordForm(
        initial={
            "funder_reference": record.funder_reference if record else "",
            "service": record.service if record else "",
            "tags": [t.pk for t in chosen_tags],
        },
        agency=case.agency,
        auto_id="cw-record-%s",
    )
    record_form.fields["service"].widget.attrs["list"] = "cw-services"
    notes = list(
        CaseNote.objects.visible_to(viewer)
        .filter(case=case)
        .select_related("author__profile")
        .prefetch_related(
            Prefetch(
                "revisions",
                queryset=NoteRevision.objects.select_related("edited_by__profile"),
            )
        )[:NOTES_SHOWN]
    )
    for note in notes:
        note.edit_form = NoteEditForm(initial={"body": note.body}, auto_id=f"cw-note{note.pk}-%s")
        note.history = list(note.revisions.all())
    referrals = list(
        Referral.objects.visible_to(viewer)
        .filter(case=case)
        .select_related("created_by__profile")[:REFERRALS_SHOWN]
    )
    for referral in referrals:
        referral.moves = [(s, ReferralStatus(s).label) for s in referral.next_statuses]
    follow_ups = list(FollowUp.objects.visible_to(viewer).filter(case=case))
    for row in follow_ups:
        if row.status == FollowUpStatus.PENDING:
            row.form = FollowUpForm(auto_id=f"cw-fu{row.pk}-%s")
    return {
        "template": "casework/_case_section.html",
        "can_change": case.status == "active",
        "record": record,
        "chosen_tags": chosen_tags,
        "agency_tags": agency_tags,
        "tag_kinds": TagKind.choices,
        "record_form": record_form,
        "tag_form": TagForm(auto_id="cw-tag-%s"),
        "services_used": services.services_used(case.agency),
        "note_form": NoteForm(
            initial={"kind": NoteKind.MEETING, "contact_on": timezone.localdate()},
            auto_id="cw-note-%s",
        ),
        "notes": notes,
        "referrals": referrals,
        "referral_form": ReferralForm(auto_id="cw-referral-%s"),
        "follow_ups": follow_ups,
        "today": timezone.localdate(),
        "schedule": services.months_for(case.agency_id),
    }
