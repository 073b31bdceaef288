"""Forwarded postings and job applications.

`Forward`: a counsellor sends a job posting to one client of an active case, with a
personal note. One row per (posting, client): forwarding the same posting to the same
client again is refused. The client answers "interested" or "not for me" (with a
reason); the first time they open the forwarded posting is recorded (`opened_at`).
Who sees a forward: its client and the CURRENT counsellor of its case (a reassigned
case's new counsellor takes over its forwards), as `counselling.models.parties_q` says.
Nobody else, agency admins included.

`Application`: a client tracks a job they saved or applied for: a posting on Tremplin
(`posting`, and `forward` when a counsellor sent it) or an external job (title,
employer, address). Its lifecycle is declared in `TRANSITIONS`; each change is an
`ApplicationEvent` (status, date, note). Who sees an application: its client and, only
while an active case of theirs grants `Scope.APPLICATIONS`, that case's counsellor (the
viewer's "clients" relation, `core.viewer`).

Each model answers "may this viewer see it" twice, with one rule: `objects.visible_to`
for sets and `is_visible_to` for one row.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# Applications sent here, on Tremplin: their own module (the model, its rule, the
# employer's lifecycle), imported here so that Django finds the model.
from tremplin.applications.submissions import EmployerStatus, Submission
from tremplin.core.lifecycle import Lifecycle
from tremplin.core.viewer import viewer_of
from tremplin.counselling.models import Scope, parties_q

__all__ = ["EmployerStatus", "Submission"]

NOTE_MAX_LENGTH = 1000
REASON_TEXT_MAX_LENGTH = 500
TITLE_MAX_LENGTH = 200
EMPLOYER_MAX_LENGTH = 150
URL_MAX_LENGTH = 500
NOTES_MAX_LENGTH = 2000
EVENT_NOTE_MAX_LENGTH = 500


def _signed_in(viewer: Any) -> bool:
    return viewer is not None and viewer.is_authenticated


# ------------------------------------------------------------------ forwards


class Response(models.TextChoices):
    NONE = "none", _("No answer yet")
    INTERESTED = "interested", _("Interested")
    NOT_FOR_ME = "not_for_me", _("Not for me")


class NotForMeReason(models.TextChoices):
    SKILLS = "skills", _("It does not match my skills or experience")
    LOCATION = "location", _("The place or the workplace does not suit me")
    CONDITIONS = "conditions", _("The pay, hours or contract do not suit me")
    ALREADY = "already", _("I already applied or I am in touch with this employer")
    NOT_LOOKING = "not_looking", _("I am not looking for this kind of job")
    OTHER = "other", _("Another reason")


class ForwardQuerySet(models.QuerySet):
    def visible_to(self, viewer: Any) -> ForwardQuerySet:
        """The client and the current counsellor of the forward's case (the case past
        its invitation); nobody else."""
        rule = parties_q(viewer, "case__")
        if rule is None:
            return self.none()
        return self.filter(rule)

    def for_display(self) -> ForwardQuerySet:
        """Every list and page of forwards: the posting, who received it, who sent it."""
        return self.select_related("posting", "client__profile", "counsellor__profile")

    def unfinished(self) -> ForwardQuerySet:
        """Forwards the client still cares about: not answered "not for me", and with
        no application that ended (hired, rejected, withdrawn)."""
        ended = Application.objects.filter(forward=models.OuterRef("pk"), status__in=FINAL_STATUSES)
        return self.exclude(response=Response.NOT_FOR_ME).exclude(models.Exists(ended))


class Forward(models.Model):
    posting = models.ForeignKey("jobs.Posting", on_delete=models.CASCADE, related_name="forwards")
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="forwards_sent",
        help_text=_("Who sent it (the case may have moved to another counsellor since)."),
    )
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forwards_received"
    )
    case = models.ForeignKey("counselling.Case", on_delete=models.CASCADE, related_name="forwards")
    note = models.TextField(_("personal note"), max_length=NOTE_MAX_LENGTH, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    # Set when the notification row was written (notify() skips a client who turned
    # forwarded jobs off: the forward still shows in their list).
    delivered_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    response = models.CharField(_("answer"), max_length=10, choices=Response, default=Response.NONE)
    response_reason = models.CharField(
        _("reason"), max_length=12, choices=NotForMeReason, blank=True
    )
    response_text = models.TextField(
        _("in your words"), max_length=REASON_TEXT_MAX_LENGTH, blank=True
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    # When the client was told the posting ended (once per ending).
    ended_notified_at = models.DateTimeField(null=True, blank=True)

    objects = ForwardQuerySet.as_manager()

    class Meta:
        verbose_name = _("forwarded posting")
        verbose_name_plural = _("forwarded postings")
        ordering = ("-created", "-id")
        constraints = [
            models.UniqueConstraint(fields=["posting", "client"], name="forward_once_per_client")
        ]
        indexes = [
            models.Index(fields=["client", "-created"], name="forward_client_created"),
            models.Index(fields=["case", "-created"], name="forward_case_created"),
        ]

    def __str__(self) -> str:
        return f"{self.posting_id} → {self.client_id}"

    def get_absolute_url(self) -> str:
        """Opening it records the client's first view, then shows the posting."""
        return reverse("applications:forward", kwargs={"pk": self.pk})

    def is_visible_to(self, viewer: Any) -> bool:
        return Forward.objects.visible_to(viewer).filter(pk=self.pk).exists()


# ------------------------------------------------------------------ applications


class ApplicationStatus(models.TextChoices):
    SAVED = "saved", _("Saved")
    APPLIED = "applied", _("Applied")
    INTERVIEW = "interview", _("Interview")
    OFFER = "offer", _("Offer")
    HIRED = "hired", _("Hired")
    REJECTED = "rejected", _("Not selected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# The declared lifecycle: from each status, where an application may go. A second
# interview is a move from "interview" to "interview" (an event with its own date).
TRANSITIONS = Lifecycle(
    ApplicationStatus,
    {
        ApplicationStatus.SAVED: {ApplicationStatus.APPLIED, ApplicationStatus.WITHDRAWN},
        ApplicationStatus.APPLIED: {
            ApplicationStatus.INTERVIEW,
            ApplicationStatus.OFFER,
            ApplicationStatus.REJECTED,
            ApplicationStatus.WITHDRAWN,
        },
        ApplicationStatus.INTERVIEW: {
            ApplicationStatus.INTERVIEW,
            ApplicationStatus.OFFER,
            ApplicationStatus.REJECTED,
            ApplicationStatus.WITHDRAWN,
        },
        ApplicationStatus.OFFER: {
            ApplicationStatus.HIRED,
            ApplicationStatus.REJECTED,
            ApplicationStatus.WITHDRAWN,
        },
        ApplicationStatus.HIRED: set(),
        ApplicationStatus.REJECTED: set(),
        ApplicationStatus.WITHDRAWN: set(),
    },
    repeatable=[ApplicationStatus.INTERVIEW],
)
FINAL_STATUSES = [s for s in ApplicationStatus.values if TRANSITIONS.is_final(s)]
# "Applied" in the counsellor's table: the client got past saving it.
APPLIED_OR_LATER = [s for s in ApplicationStatus if s != ApplicationStatus.SAVED]


class ApplicationQuerySet(models.QuerySet):
    def visible_to(self, viewer: Any) -> ApplicationQuerySet:
        """The client; and the counsellor of an ACTIVE case of that client that grants
        the applications scope (the viewer's "clients" relation). Nobody else."""
        if not _signed_in(viewer):
            return self.none()
        counselled = viewer_of(viewer).relation("clients", Scope.APPLICATIONS)
        return self.filter(Q(client=viewer) | Q(client__in=counselled))

    def for_list(self) -> ApplicationQuerySet:
        """The tracker's table: the posting each one links to (its title)."""
        return self.select_related("posting")

    def for_detail(self) -> ApplicationQuerySet:
        """One application's page and every API answer: also the client, the forward's
        counsellor and the history."""
        return self.select_related(
            "client__profile", "posting", "forward__counsellor__profile"
        ).prefetch_related("events")


class Application(models.Model):
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="job_applications"
    )
    posting = models.ForeignKey(
        "jobs.Posting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
    )
    forward = models.ForeignKey(
        Forward,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
    )
    # An external job (or the posting's title and employer, copied when it is tracked,
    # so the tracker still reads well if the posting is removed).
    title = models.CharField(_("job title"), max_length=TITLE_MAX_LENGTH)
    employer = models.CharField(_("employer"), max_length=EMPLOYER_MAX_LENGTH, blank=True)
    url = models.URLField(_("address of the posting"), max_length=URL_MAX_LENGTH, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ApplicationStatus, default=ApplicationStatus.SAVED
    )
    status_date = models.DateField(_("date"))
    notes = models.TextField(_("notes"), max_length=NOTES_MAX_LENGTH, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("job application")
        verbose_name_plural = _("job applications")
        ordering = ("-updated", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=["client", "posting"],
                condition=Q(posting__isnull=False),
                name="application_once_per_posting",
            )
        ]
        indexes = [models.Index(fields=["client", "-updated"], name="application_client_upd")]

    def __str__(self) -> str:
        return f"{self.title} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("applications:detail", kwargs={"pk": self.pk})

    @property
    def display_title(self) -> str:
        """The posting's title in the reader's language while it is linked; the copy
        taken when it was tracked otherwise (select_related("posting") in lists)."""
        return self.posting.title if self.posting_id and self.posting else self.title

    def is_visible_to(self, viewer: Any) -> bool:
        return Application.objects.visible_to(viewer).filter(pk=self.pk).exists()


class ApplicationEventQuerySet(models.QuerySet):
    def visible_to(self, viewer: Any) -> ApplicationEventQuerySet:
        """The events of the applications the viewer may see."""
        return self.filter(application__in=Application.objects.visible_to(viewer).values("pk"))


class ApplicationEvent(models.Model):
    """One step of an application: its status from `date`, with a note."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(_("status"), max_length=10, choices=ApplicationStatus)
    date = models.DateField(_("date"))
    note = models.TextField(_("note"), max_length=EVENT_NOTE_MAX_LENGTH, blank=True)
    # Set when the employer made this step, on an application sent on Tremplin: their
    # status for it (`submissions.EmployerStatus`), shown in the reader's language.
    employer_status = models.CharField(
        _("employer's status"), max_length=10, choices=EmployerStatus, blank=True
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = ApplicationEventQuerySet.as_manager()

    class Meta:
        ordering = ("date", "id")

    def __str__(self) -> str:
        return f"{self.application_id} {self.status} {self.date}"
