"""The actions of case work. Pages and the API call these functions; every rule lives here.

Who may act: the case's CURRENT counsellor only (`models.counsels`). Anyone else is told
the case does not exist ("not_found"), exactly as the pages and the API answer a case
they may not see. What the case's status allows:

- record, tags and referrals: an ACTIVE case only (a paused or closed case is read-only);
- case notes: active, paused and closed cases (contacts after exit are noted too);
- follow-ups: they exist only once the case is closed, and are recorded then.

A refusal is a `CaseworkRefusal` whose `code` says how the API and the pages answer it
(`tremplin.core.refusals.STATUSES`): "not_found" (404), "forbidden" (403), "transition"
(409), "invalid" (422).
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable
from typing import Any

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.casework.hooks import FOLLOW_UP_DUE
from tremplin.casework.models import (
    NOTE_MAX_LENGTH,
    REFERRAL_TRANSITIONS,
    CaseNote,
    CaseRecord,
    CaseTag,
    FollowUp,
    FollowUpSchedule,
    FollowUpStatus,
    NoteKind,
    NoteRevision,
    Outcome,
    Referral,
    ReferralDirection,
    ReferralStatus,
    TagKind,
    counsels,
    validate_months,
)
from tremplin.casework.queries import default_months, months_for, months_key, tag_named
from tremplin.core.refusals import Refusal
from tremplin.counselling.models import Case, CaseStatus, is_agency_admin, is_counsellor
from tremplin.notifications.services import notify
from tremplin.organizations.models import Organization

# A note's contact date: not in the future, not before this.
EARLIEST_CONTACT = datetime.date(2000, 1, 1)
MAX_TAGS_PER_CASE = 30
# How many closed cases without follow-ups one round of the clock catches up.
CATCH_UP_BATCH = 500
ANNOUNCE_BATCH = 500


class CaseworkRefusal(Refusal):
    area = "casework"


def _refuse(message: str, code: str) -> CaseworkRefusal:
    return CaseworkRefusal(message, code=code)


def _not_found() -> CaseworkRefusal:
    return _refuse(_("This case cannot be found."), "not_found")


def _counselled(counsellor: Any, case: Case, *, lock: bool = False) -> Case:
    """The case, fresh from the database (locked when asked), if `counsellor` is its
    current counsellor; else "not_found"."""
    rows = Case.objects.select_related("agency", "client")
    if lock:
        rows = rows.select_for_update(of=("self",))
    found = rows.filter(pk=case.pk).first()
    if found is None or not counsels(found, counsellor):
        raise _not_found()
    return found


def _must_be_active(case: Case) -> None:
    if case.status != CaseStatus.ACTIVE:
        raise _refuse(
            _(
                "This case is %(status)s: its record and referrals can be changed only "
                "while it is active."
            )
            % {"status": case.get_status_display().lower()},
            "transition",
        )


def _clean_text(value: str, *, limit: int, required: bool, missing: str) -> str:
    value = (value or "").strip()
    if "\x00" in value:
        raise _refuse(_("Null characters are not allowed."), "invalid")
    if required and not value:
        raise _refuse(missing, "invalid")
    if len(value) > limit:
        raise _refuse(
            _("Write %(limit)s characters at most (you wrote %(count)s).")
            % {"limit": limit, "count": len(value)},
            "invalid",
        )
    return value


# ------------------------------------------------------------------ record and tags


def record_for(case: Case) -> CaseRecord:
    """The case's record, created the first time anyone needs it."""
    record, _created = CaseRecord.objects.get_or_create(case=case)
    return record


@transaction.atomic
def update_record(
    counsellor: Any,
    case: Case,
    *,
    funder_reference: str,
    service: str,
    tag_ids: Iterable[int] | None = None,
) -> CaseRecord:
    """Set the funder's case number, the service and (unless None) the tags."""
    case = _counselled(counsellor, case, lock=True)
    _must_be_active(case)
    record = record_for(case)
    record.funder_reference = _clean_text(funder_reference, limit=64, required=False, missing="")
    record.service = _clean_text(service, limit=100, required=False, missing="")
    record.save()
    if tag_ids is not None:
        wanted = {int(t) for t in tag_ids}
        if len(wanted) > MAX_TAGS_PER_CASE:
            raise _refuse(
                _("Choose %(limit)s tags at most.") % {"limit": MAX_TAGS_PER_CASE}, "invalid"
            )
        tags = list(CaseTag.objects.filter(agency=case.agency, pk__in=wanted))
        if len(tags) != len(wanted):
            raise _refuse(_("Choose tags of this case's agency."), "invalid")
        record.tags.set(tags)
    return record


@transaction.atomic
def create_tag(counsellor: Any, agency: Organization, kind: str, name: str) -> CaseTag:
    """A counsellor of `agency` adds a tag (or finds the one of that name and kind)."""
    if not is_counsellor(counsellor, agency):
        raise _refuse(_("Only a counsellor of this agency can add tags."), "forbidden")
    if kind not in TagKind.values:
        raise _refuse(
            _("Unknown kind of tag: %(value)s. Choose among: %(choices)s.")
            % {"value": str(kind)[:40], "choices": ", ".join(TagKind.values)},
            "invalid",
        )
    name = " ".join(_clean_text(name, limit=60, required=True, missing=_("Name the tag.")).split())
    found = tag_named(agency, kind, name)
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return CaseTag.objects.create(agency=agency, kind=kind, name=name)
    except IntegrityError:  # the same tag, added at the same moment by a colleague
        return CaseTag.objects.get(agency=agency, kind=kind, name=name)


@transaction.atomic
def tag_case(counsellor: Any, case: Case, tag: CaseTag) -> CaseRecord:
    """Put one more tag on the case (the inline "new tag" form does this)."""
    case = _counselled(counsellor, case, lock=True)
    _must_be_active(case)
    if tag.agency_id != case.agency_id:
        raise _refuse(_("Choose tags of this case's agency."), "invalid")
    record = record_for(case)
    if record.tags.count() >= MAX_TAGS_PER_CASE:
        raise _refuse(_("Choose %(limit)s tags at most.") % {"limit": MAX_TAGS_PER_CASE}, "invalid")
    record.tags.add(tag)
    return record


# ------------------------------------------------------------------ case notes


def _clean_note(body: str) -> str:
    return _clean_text(body, limit=NOTE_MAX_LENGTH, required=True, missing=_("Write the note."))


def _clean_contact_on(contact_on: datetime.date | None) -> datetime.date:
    if contact_on is None:
        raise _refuse(_("Give the date of the contact."), "invalid")
    if contact_on > timezone.localdate():
        raise _refuse(_("The contact cannot be in the future."), "invalid")
    if contact_on < EARLIEST_CONTACT:
        raise _refuse(
            _("Give a date after %(date)s.") % {"date": EARLIEST_CONTACT.isoformat()}, "invalid"
        )
    return contact_on


def _clean_kind(kind: str) -> str:
    if kind not in NoteKind.values:
        raise _refuse(
            _("Unknown kind of contact: %(value)s. Choose among: %(choices)s.")
            % {"value": str(kind)[:40], "choices": ", ".join(NoteKind.values)},
            "invalid",
        )
    return kind


@transaction.atomic
def add_note(
    counsellor: Any, case: Case, *, kind: str, contact_on: datetime.date | None, body: str
) -> CaseNote:
    """A note of a contact; allowed on active, paused and closed cases."""
    case = _counselled(counsellor, case, lock=True)
    note = CaseNote.objects.create(
        case=case,
        author=counsellor,
        kind=_clean_kind(kind),
        contact_on=_clean_contact_on(contact_on),
        body=_clean_note(body),
    )
    NoteRevision.objects.create(note=note, body=note.body, edited_by=counsellor)
    return note


@transaction.atomic
def edit_note(counsellor: Any, note: CaseNote, *, body: str) -> CaseNote:
    """A new version of the text: a revision is added, nothing is overwritten for good.
    The same text again changes nothing."""
    found = (
        CaseNote.objects.select_for_update(of=("self",))
        .select_related("case")
        .filter(pk=note.pk)
        .first()
    )
    if found is None or not counsels(found.case, counsellor):
        raise _refuse(_("This note cannot be found."), "not_found")
    note = found
    body = _clean_note(body)
    if body == note.body:
        return note
    NoteRevision.objects.create(note=note, body=body, edited_by=counsellor)
    note.body = body
    note.edited_at = timezone.now()
    note.save(update_fields=["body", "edited_at"])
    return note


# ------------------------------------------------------------------ referrals


@transaction.atomic
def add_referral(
    counsellor: Any,
    case: Case,
    *,
    direction: str,
    partner_name: str,
    partner_contact: str = "",
    reason: str,
) -> Referral:
    case = _counselled(counsellor, case, lock=True)
    _must_be_active(case)
    if direction not in ReferralDirection.values:
        raise _refuse(
            _("Unknown direction: %(value)s. Choose among: %(choices)s.")
            % {"value": str(direction)[:40], "choices": ", ".join(ReferralDirection.values)},
            "invalid",
        )
    return Referral.objects.create(
        case=case,
        direction=direction,
        partner_name=_clean_text(
            partner_name, limit=120, required=True, missing=_("Name the partner.")
        ),
        partner_contact=_clean_text(partner_contact, limit=200, required=False, missing=""),
        reason=_clean_text(
            reason, limit=2000, required=True, missing=_("Give the reason for the referral.")
        ),
        created_by=counsellor,
    )


@transaction.atomic
def change_referral(counsellor: Any, referral: Referral, status: str) -> Referral:
    """Move a referral along its lifecycle (`REFERRAL_TRANSITIONS`)."""
    found = (
        Referral.objects.select_for_update(of=("self",))
        .select_related("case")
        .filter(pk=referral.pk)
        .first()
    )
    if found is None or not counsels(found.case, counsellor):
        raise _refuse(_("This referral cannot be found."), "not_found")
    referral = found
    _must_be_active(referral.case)
    if status not in ReferralStatus.values:
        raise _refuse(
            _("Unknown status: %(value)s. Choose among: %(choices)s.")
            % {"value": str(status)[:40], "choices": ", ".join(ReferralStatus.values)},
            "invalid",
        )
    if not REFERRAL_TRANSITIONS.allows(referral.status, status):
        raise _refuse(
            _("A referral that is %(current)s cannot become %(wanted)s.")
            % {
                "current": referral.get_status_display().lower(),
                "wanted": str(ReferralStatus(status).label).lower(),
            },
            "transition",
        )
    referral.status = status
    referral.save(update_fields=["status", "updated"])
    return referral


# ------------------------------------------------------------------ follow-ups


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day (31 Jan + 1 = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last))


def _served(case: Case) -> bool:
    """A case that was served (the client accepted it) and is now closed."""
    return (
        case.status == CaseStatus.CLOSED
        and case.client_id is not None
        and case.client_consented_at is not None
        and case.closed_at is not None
    )


def create_follow_ups(case_id: int) -> int:
    """The follow-ups of a closed case, due `months` after the closing day. Idempotent
    (one row per case and months, whatever the number of calls). Returns how many were
    created."""
    case = Case.objects.filter(pk=case_id).first()
    if case is None or not _served(case):
        return 0
    assert case.closed_at is not None
    closed_on = timezone.localdate(case.closed_at)
    created = 0
    for months in months_for(case.agency_id):
        try:
            with transaction.atomic():
                _row, made = FollowUp.objects.get_or_create(
                    case=case, months=months, defaults={"due_on": add_months(closed_on, months)}
                )
        except IntegrityError:  # a concurrent call made it
            made = False
        created += made
    return created


def catch_up_follow_ups() -> int:
    """Closed, served cases without any follow-up (a lost signal): give them theirs."""
    missing = (
        Case.objects.filter(
            status=CaseStatus.CLOSED,
            client__isnull=False,
            client_consented_at__isnull=False,
            closed_at__isnull=False,
        )
        .exclude(Exists(FollowUp.objects.filter(case=OuterRef("pk"))))
        .values_list("pk", flat=True)[:CATCH_UP_BATCH]
    )
    return sum(create_follow_ups(pk) for pk in list(missing))


def announce_due_follow_ups(today: datetime.date | None = None) -> int:
    """Tell each counsellor once that a follow-up is due. Each row is claimed with a
    conditional UPDATE (announced_at still null), so two clocks running at once never
    announce it twice."""
    today = today or timezone.localdate()
    due = list(
        FollowUp.objects.filter(
            status=FollowUpStatus.PENDING, due_on__lte=today, announced_at__isnull=True
        ).values_list("pk", flat=True)[:ANNOUNCE_BATCH]
    )
    announced = 0
    for pk in due:
        with transaction.atomic():
            claimed = FollowUp.objects.filter(pk=pk, announced_at__isnull=True).update(
                announced_at=timezone.now()
            )
            if not claimed:
                continue
            row = FollowUp.objects.select_related("case__counsellor", "case__client").get(pk=pk)
            notify(
                row.case.counsellor,
                FOLLOW_UP_DUE,
                actor=row.case.client,
                target=row.case,
                group_key="follow_up_due",
                data={"months": row.months, "due_on": row.due_on.isoformat()},
            )
            announced += 1
    return announced


@transaction.atomic
def record_follow_up(
    counsellor: Any, follow_up: FollowUp, *, status: str, outcome: str = "", note: str = ""
) -> FollowUp:
    """The follow-up took place ("done", with the person's outcome) or the person could
    not be reached ("unreachable"). Recorded once; by the case's current counsellor."""
    row = (
        FollowUp.objects.select_for_update(of=("self",))
        .select_related("case")
        .filter(pk=follow_up.pk)
        .first()
    )
    if row is None or not counsels(row.case, counsellor):
        raise _refuse(_("This follow-up cannot be found."), "not_found")
    if row.status != FollowUpStatus.PENDING:
        raise _refuse(_("This follow-up has already been recorded."), "transition")
    if status == FollowUpStatus.DONE:
        if outcome not in Outcome.values:
            raise _refuse(_("Choose the person's situation."), "invalid")
    elif status == FollowUpStatus.UNREACHABLE:
        if outcome:
            raise _refuse(
                _("A person who could not be reached has no situation to record."), "invalid"
            )
    else:
        raise _refuse(_("Say whether the follow-up took place."), "invalid")
    row.status = status
    row.outcome = outcome
    row.note = _clean_text(note, limit=2000, required=False, missing="")
    row.done_at = timezone.now()
    row.recorded_by = counsellor
    row.save()
    return row


@transaction.atomic
def set_schedule(admin: Any, agency: Organization, months: list[int] | None) -> list[int]:
    """An agency admin sets the agency's follow-up months (None: back to the default).
    Applies to cases closed from now on."""
    if not is_agency_admin(admin, agency):
        raise _refuse(_("Only an administrator of the agency can change this."), "forbidden")
    transaction.on_commit(lambda: cache.delete(months_key(agency.pk)))
    if months is None:
        FollowUpSchedule.objects.filter(agency=agency).delete()
        return default_months()
    validate_months(months)
    FollowUpSchedule.objects.update_or_create(agency=agency, defaults={"months": months})
    return months
