"""Applications sent here, on Tremplin ("apply here", as Easy Apply or Job Bank do).

A `Submission` is what a job seeker sent to the employer of a posting whose method is
"here": a CV and an optional letter from their vault, a message, the answers to the
posting's screening questions. It belongs to the applicant's `Application` (the tracker
row linked to the posting), one per person and posting.

Who sees a submission, `SubmissionQuerySet.visible_to` (the one rule; `is_visible_to`
asks it for one row):
- the applicant, always;
- while it is not withdrawn, the people who receive the posting's applications: its
  author and the admins and recruiters of its employer (`posting.organization`), unless
  a block stands between them and the applicant (as it cuts the vault's shares).
Nobody else: not another employer, not the applicant's counsellor (who follows the
status through the application and its events, under `Scope.APPLICATIONS`), not
moderators or staff. The documents are shared with the same people through the vault's
readers registry (`readable_cvs`, `readable_letters`, registered in hooks.py), so
withdrawing closes them at the next request, in the vault's pages, downloads and API.

The employer's lifecycle (`EMPLOYER_TRANSITIONS`): new → reviewed → interview → offer,
and declined from any of them (final). Each step is mirrored on the application
(`APPLICATION_STATUS_FOR`) as an `ApplicationEvent` carrying `employer_status`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tremplin.core.lifecycle import Lifecycle
from tremplin.core.viewer import viewer_of

MESSAGE_MAX_LENGTH = 2000
ANSWER_MAX_LENGTH = 500


class EmployerStatus(models.TextChoices):
    NEW = "new", _("New")
    REVIEWED = "reviewed", _("Reviewed")
    INTERVIEW = "interview", _("Interview")
    OFFER = "offer", _("Offer")
    DECLINED = "declined", _("Declined")


EMPLOYER_TRANSITIONS = Lifecycle(
    EmployerStatus,
    {
        EmployerStatus.NEW: {
            EmployerStatus.REVIEWED,
            EmployerStatus.INTERVIEW,
            EmployerStatus.OFFER,
            EmployerStatus.DECLINED,
        },
        EmployerStatus.REVIEWED: {
            EmployerStatus.INTERVIEW,
            EmployerStatus.OFFER,
            EmployerStatus.DECLINED,
        },
        EmployerStatus.INTERVIEW: {EmployerStatus.OFFER, EmployerStatus.DECLINED},
        EmployerStatus.OFFER: {EmployerStatus.DECLINED},
        EmployerStatus.DECLINED: set(),
    },
)

# The applicant's tracker status for each of the employer's (models.ApplicationStatus).
APPLICATION_STATUS_FOR = {
    EmployerStatus.NEW: "applied",
    EmployerStatus.REVIEWED: "applied",
    EmployerStatus.INTERVIEW: "interview",
    EmployerStatus.OFFER: "offer",
    EmployerStatus.DECLINED: "rejected",
}


class DeclineTemplate(models.TextChoices):
    """The kind messages a decline sends. Only the code is stored: the sentence is
    rendered in the applicant's language when they read it (`decline_text`)."""

    GENERAL = "general", _("We will not go further")
    FILLED = "filled", _("The position is filled")
    OTHER_PROFILES = "other_profiles", _("Other profiles fit better")


def decline_text(code: str) -> str:
    """The decline message in the active language (wrap in translation.override)."""
    from django.utils.translation import gettext

    texts: dict[str, str] = {
        DeclineTemplate.FILLED: gettext(
            "Thank you for applying. The position has now been filled, and we will not "
            "go further with your application. We wish you every success in your search."
        ),
        DeclineTemplate.OTHER_PROFILES: gettext(
            "Thank you for your interest and the time you gave your application. We have "
            "chosen candidates whose experience is closer to this position's needs. We "
            "wish you every success in your search."
        ),
    }
    return texts.get(
        code,
        gettext(
            "Thank you for applying. After careful consideration, we will not go further "
            "with your application. We wish you every success in your search."
        ),
    )


def receiving_q(viewer: Any, prefix: str = "") -> Q | None:
    """Postings whose applications `viewer` receives: theirs, and their employers'
    (admins and recruiters). None for a visitor."""
    if viewer is None or not viewer.is_authenticated:
        return None
    asking = viewer_of(viewer)
    orgs = asking.organization_ids(role="admin", kind="employer") | asking.organization_ids(
        role="recruiter", kind="employer"
    )
    rule = Q(**{f"{prefix}posted_by": viewer.pk})
    if orgs:
        rule |= Q(**{f"{prefix}organization__in": sorted(orgs)})
    return rule


class SubmissionQuerySet(models.QuerySet["Submission"]):
    def visible_to(self, viewer: Any) -> SubmissionQuerySet:
        """THE rule (see the module's docstring)."""
        receiving = receiving_q(viewer, "posting__")
        if receiving is None:
            return self.none()
        received = Q(withdrawn_at__isnull=True) & receiving
        blocked = viewer_of(viewer).blocked_ids
        if blocked:
            received &= ~Q(applicant__in=sorted(blocked))
        return self.filter(Q(applicant=viewer.pk) | received)

    def received_by(self, viewer: Any) -> SubmissionQuerySet:
        """The employer's side of the rule: what reached the viewer's inbox."""
        return (
            self.visible_to(viewer).filter(withdrawn_at__isnull=True).exclude(applicant=viewer.pk)
        )

    def for_inbox(self) -> SubmissionQuerySet:
        """The inbox and the applicant's page: the applicant's name, the posting, the
        documents' titles."""
        return self.select_related("applicant__profile", "posting", "cv", "letter")

    def readable_cvs(self, viewer: Any) -> Any:
        """Vault document ids the viewer opens as a receiver (one of the vault's
        readers; the letters are the other: two plain subqueries, no UNION)."""
        return self.received_by(viewer).filter(cv__isnull=False).values("cv_id")

    def readable_letters(self, viewer: Any) -> Any:
        return self.received_by(viewer).filter(letter__isnull=False).values("letter_id")


class Submission(models.Model):
    application = models.OneToOneField(
        "applications.Application", on_delete=models.CASCADE, related_name="submission"
    )
    posting = models.ForeignKey(
        "jobs.Posting", on_delete=models.CASCADE, related_name="submissions"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="submissions"
    )
    cv = models.ForeignKey("vault.Document", on_delete=models.SET_NULL, null=True, related_name="+")
    letter = models.ForeignKey(
        "vault.Document", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    message = models.TextField(_("message"), max_length=MESSAGE_MAX_LENGTH, blank=True)
    # [{"question": text, "yes_no": bool, "answer": text}], in the posting's order; the
    # question's words are kept, so a later edit of the posting changes nothing sent.
    answers = models.JSONField(default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=EmployerStatus, default=EmployerStatus.NEW
    )
    decline_template = models.CharField(
        _("message sent"), max_length=16, choices=DeclineTemplate, blank=True
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("application sent on Tremplin")
        verbose_name_plural = _("applications sent on Tremplin")
        ordering = ("-created", "-id")
        constraints = [
            models.UniqueConstraint(fields=["posting", "applicant"], name="submission_once")
        ]
        indexes = [models.Index(fields=["posting", "status", "-created"], name="submission_inbox")]

    def __str__(self) -> str:
        return f"{self.applicant_id} → {self.posting_id} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("applications:applicant", kwargs={"pk": self.pk})

    def is_visible_to(self, viewer: Any) -> bool:
        return Submission.objects.visible_to(viewer).filter(pk=self.pk).exists()

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None
