"""Staff-side case work: the agency's record of a case (funder's case number, the service
it is delivered under, tags), append-only case notes, referrals to and from partners,
and follow-ups after exit.

Who sees it: the case's CURRENT counsellor only (`visible_to` on every model below, and
its single-object twin `is_visible_to`).
Never the client, never another counsellor, never the agency's admins, moderators or
staff. After a reassignment the new counsellor sees the whole history and the former
one nothing. An invited case has no case work.

CONTRACT used by other apps (tremplin/outcomes reads these; do not rename):
- `CaseRecord`: one per case (`case.record`), `funder_reference`, `service`, `tags`.
- `FollowUp`: one per (case, months); `status` (FollowUpStatus), `outcome` (Outcome),
  `due_on`, `done_at`.
"""

from __future__ import annotations

from typing import Any, Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tremplin.core.lifecycle import Lifecycle
from tremplin.core.viewer import viewer_of
from tremplin.organizations.models import Role

# Case notes: the longest body a note (and each of its revisions) may hold.
NOTE_MAX_LENGTH = 10_000


def _signed_in(viewer: Any) -> bool:
    return viewer is not None and viewer.is_authenticated


def served_case_q(viewer: Any, prefix: str = "case__") -> Q:
    """The cases whose case work `viewer` may see: those they are the current counsellor
    of, once the client accepted (an invitation has no case work). Everything in this
    app filters through it, so the rule lives in one place."""
    return Q(**{f"{prefix}counsellor": viewer}) & ~Q(**{f"{prefix}status": "invited"})


def counsels(case: Any, viewer: Any) -> bool:
    """The single-object twin of `served_case_q`."""
    return _signed_in(viewer) and case.counsellor_id == viewer.pk and case.status != "invited"


class CaseScopedQuerySet(models.QuerySet[Any]):
    """Rows hanging off a case (`case` field): the case's current counsellor only."""

    case_path = "case__"

    def visible_to(self, viewer: Any) -> Self:
        if not _signed_in(viewer):
            return self.none()
        return self.filter(served_case_q(viewer, self.case_path))

    def with_case(self) -> Self:
        """One row a page or the API acts on: its case comes along."""
        return self.select_related("case")


class NoteRevisionQuerySet(CaseScopedQuerySet):
    case_path = "note__case__"

    def for_display(self) -> NoteRevisionQuerySet:
        """A note's history: who wrote each version."""
        return self.select_related("edited_by__profile")


class CaseNoteQuerySet(CaseScopedQuerySet):
    def for_display(self) -> CaseNoteQuerySet:
        """Notes as the API lists them: with their author."""
        return self.select_related("author__profile")

    def with_history(self) -> CaseNoteQuerySet:
        """Notes as the case page shows them: with their author and every version."""
        return self.for_display().prefetch_related(
            models.Prefetch("revisions", queryset=NoteRevision.objects.for_display())
        )


class ReferralQuerySet(CaseScopedQuerySet):
    def for_display(self) -> ReferralQuerySet:
        """Referrals with who made them."""
        return self.select_related("created_by__profile")


class CaseTagQuerySet(models.QuerySet["CaseTag"]):
    def visible_to(self, viewer: Any) -> CaseTagQuerySet:
        """The tags of the agencies where the viewer works as a counsellor (a tag is a
        label of the agency, not a fact about a client)."""
        if not _signed_in(viewer):
            return self.none()
        return self.filter(agency__in=viewer_of(viewer).organization_ids(role=Role.COUNSELLOR))


class TagKind(models.TextChoices):
    SECTOR = "sector", _("Sector")
    REGION = "region", _("Region")
    LANGUAGE = "language", _("Language")
    GOAL = "goal", _("Goal")


class CaseTag(models.Model):
    """A label an agency's counsellors put on their cases, to filter the caseload."""

    agency = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="case_tags"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=TagKind)
    name = models.CharField(_("name"), max_length=60)

    objects = CaseTagQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "kind", "name"], name="one_tag_per_name")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.name}"

    def is_visible_to(self, viewer: Any) -> bool:
        return self.agency_id in viewer_of(viewer).organization_ids(role=Role.COUNSELLOR)


class CaseRecord(models.Model):
    """The agency's staff-only facts about a case; never shown to the client."""

    case = models.OneToOneField("counselling.Case", on_delete=models.CASCADE, related_name="record")
    funder_reference = models.CharField(_("funder's case number"), max_length=64, blank=True)
    # The programme the client is served under ("Employment Services", "Youth Job
    # Connection"...): the outcomes report groups satisfaction by it.
    service = models.CharField(_("service"), max_length=100, blank=True)
    tags = models.ManyToManyField(CaseTag, blank=True, related_name="records")
    updated = models.DateTimeField(auto_now=True)

    objects = CaseScopedQuerySet.as_manager()

    def __str__(self) -> str:
        return f"record of case {self.case_id}"

    def is_visible_to(self, viewer: Any) -> bool:
        return counsels(self.case, viewer)


class FollowUpStatus(models.TextChoices):
    PENDING = "pending", _("To do")
    DONE = "done", _("Done")
    UNREACHABLE = "unreachable", _("Could not reach the person")


class Outcome(models.TextChoices):
    EMPLOYED_FULL_TIME = "employed_full_time", _("Employed full time")
    EMPLOYED_PART_TIME = "employed_part_time", _("Employed part time")
    SELF_EMPLOYED = "self_employed", _("Self-employed")
    TRAINING = "training", _("In education or training")
    EMPLOYED_AND_TRAINING = "employed_and_training", _("Employed and in training")
    UNEMPLOYED = "unemployed", _("Looking for work")
    OTHER = "other", _("Other")


# The outcomes the report counts as "employed" and as "in training".
EMPLOYED_OUTCOMES = {
    Outcome.EMPLOYED_FULL_TIME,
    Outcome.EMPLOYED_PART_TIME,
    Outcome.SELF_EMPLOYED,
    Outcome.EMPLOYED_AND_TRAINING,
}
TRAINING_OUTCOMES = {Outcome.TRAINING, Outcome.EMPLOYED_AND_TRAINING}


class FollowUp(models.Model):
    """A check-in after exit, `months` after the case closed (default 3, 6 and 12)."""

    case = models.ForeignKey(
        "counselling.Case", on_delete=models.CASCADE, related_name="follow_ups"
    )
    months = models.PositiveSmallIntegerField(_("months after exit"))
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=12, choices=FollowUpStatus, default=FollowUpStatus.PENDING
    )
    outcome = models.CharField(_("outcome"), max_length=24, choices=Outcome, blank=True)
    note = models.TextField(_("note"), blank=True, max_length=2000)
    done_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Set when the clock has told the counsellor the follow-up is due (once).
    announced_at = models.DateTimeField(null=True, blank=True)

    objects = CaseScopedQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "months"], name="one_follow_up_per_month")
        ]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return f"case {self.case_id} +{self.months} months ({self.status})"

    def is_visible_to(self, viewer: Any) -> bool:
        return counsels(self.case, viewer)


# ---------------------------------------------------------------- follow-up schedule

FOLLOW_UP_MONTHS_MIN = 1
FOLLOW_UP_MONTHS_MAX = 60
FOLLOW_UP_MONTHS_MAX_COUNT = 12


def validate_months(value: Any) -> None:
    """A schedule is a sorted list of distinct whole months, each 1..60."""
    if not isinstance(value, list) or not value:
        raise ValidationError(_("Give at least one number of months."), code="invalid")
    if len(value) > FOLLOW_UP_MONTHS_MAX_COUNT:
        raise ValidationError(
            _("Give at most %(count)s follow-ups.") % {"count": FOLLOW_UP_MONTHS_MAX_COUNT},
            code="invalid",
        )
    for month in value:
        if (
            isinstance(month, bool)
            or not isinstance(month, int)
            or not FOLLOW_UP_MONTHS_MIN <= month <= FOLLOW_UP_MONTHS_MAX
        ):
            raise ValidationError(
                _("Each follow-up comes %(min)s to %(max)s months after exit.")
                % {"min": FOLLOW_UP_MONTHS_MIN, "max": FOLLOW_UP_MONTHS_MAX},
                code="invalid",
            )
    if len(set(value)) != len(value):
        raise ValidationError(_("Give each number of months once."), code="invalid")
    if sorted(value) != value:
        raise ValidationError(_("Give the months in increasing order."), code="invalid")


class FollowUpScheduleQuerySet(models.QuerySet["FollowUpSchedule"]):
    def visible_to(self, viewer: Any) -> FollowUpScheduleQuerySet:
        """The agency's admins only."""
        if not _signed_in(viewer):
            return self.none()
        return self.filter(agency__in=viewer_of(viewer).organization_ids(role=Role.ADMIN))


class FollowUpSchedule(models.Model):
    """An agency's own follow-up months, instead of settings.CASEWORK_FOLLOW_UP_MONTHS."""

    agency = models.OneToOneField(
        "organizations.Organization", on_delete=models.CASCADE, related_name="follow_up_schedule"
    )
    months = models.JSONField(_("months after exit"), validators=[validate_months])
    updated = models.DateTimeField(auto_now=True)

    objects = FollowUpScheduleQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.agency_id}: {self.months}"

    def is_visible_to(self, viewer: Any) -> bool:
        return self.agency_id in viewer_of(viewer).organization_ids(role=Role.ADMIN)


# ---------------------------------------------------------------- case notes


class NoteKind(models.TextChoices):
    """The contact a note records."""

    MEETING = "meeting", _("Meeting")
    PHONE = "phone", _("Phone call")
    EMAIL = "email", _("Email")
    MESSAGE = "message", _("Message")
    OTHER = "other", _("Other")


class CaseNote(models.Model):
    """A staff-only note of a contact with the client. Append-only: never deleted;
    an edit adds a `NoteRevision` (every version, the first one included, is a
    revision) and `body` mirrors the latest."""

    case = models.ForeignKey("counselling.Case", on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(_("kind of contact"), max_length=10, choices=NoteKind)
    contact_on = models.DateField(_("date of the contact"))
    body = models.TextField(_("note"), max_length=NOTE_MAX_LENGTH)
    created = models.DateTimeField(auto_now_add=True)
    # Set by the last edit; null while the note is as first written.
    edited_at = models.DateTimeField(null=True, blank=True)

    objects = CaseNoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("case note")
        ordering = ["-contact_on", "-created", "-pk"]
        indexes = [models.Index(fields=["case", "-contact_on"])]

    def __str__(self) -> str:
        return f"note {self.pk} on case {self.case_id}"

    def is_visible_to(self, viewer: Any) -> bool:
        return counsels(self.case, viewer)


class NoteRevision(models.Model):
    """One version of a note's text, kept for ever."""

    note = models.ForeignKey(CaseNote, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField(max_length=NOTE_MAX_LENGTH)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = NoteRevisionQuerySet.as_manager()

    class Meta:
        ordering = ["created", "pk"]

    def __str__(self) -> str:
        return f"revision {self.pk} of note {self.note_id}"

    def is_visible_to(self, viewer: Any) -> bool:
        return counsels(self.note.case, viewer)


# ---------------------------------------------------------------- referrals


class ReferralDirection(models.TextChoices):
    OUT = "out", _("To a partner")
    IN = "in", _("From a partner")


class ReferralStatus(models.TextChoices):
    # A referral ("aiguillage") is masculine in French: contexts keep these apart from
    # the feminine "Accepted"/"Declined" of invitations and requests.
    PROPOSED = "proposed", pgettext_lazy("referral", "Proposed")
    ACCEPTED = "accepted", pgettext_lazy("referral", "Accepted")
    COMPLETED = "completed", pgettext_lazy("referral", "Completed")
    DECLINED = "declined", pgettext_lazy("referral", "Declined")
    CANCELLED = "cancelled", pgettext_lazy("referral", "Cancelled")


# Lifecycle: the only allowed moves.
REFERRAL_TRANSITIONS = Lifecycle(
    ReferralStatus,
    {
        ReferralStatus.PROPOSED: {
            ReferralStatus.ACCEPTED,
            ReferralStatus.DECLINED,
            ReferralStatus.CANCELLED,
        },
        ReferralStatus.ACCEPTED: {ReferralStatus.COMPLETED, ReferralStatus.CANCELLED},
        ReferralStatus.COMPLETED: set(),
        ReferralStatus.DECLINED: set(),
        ReferralStatus.CANCELLED: set(),
    },
)


class Referral(models.Model):
    """An aiguillage: the client sent to a partner organisation, or sent to us by one."""

    case = models.ForeignKey("counselling.Case", on_delete=models.CASCADE, related_name="referrals")
    direction = models.CharField(_("direction"), max_length=3, choices=ReferralDirection)
    partner_name = models.CharField(_("partner"), max_length=120)
    partner_contact = models.CharField(_("partner contact"), max_length=200, blank=True)
    reason = models.TextField(_("reason"), max_length=2000)
    status = models.CharField(
        _("status"), max_length=10, choices=ReferralStatus, default=ReferralStatus.PROPOSED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"referral {self.pk} ({self.direction}, {self.status})"

    def is_visible_to(self, viewer: Any) -> bool:
        return counsels(self.case, viewer)
