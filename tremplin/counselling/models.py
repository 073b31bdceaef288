"""A counselling case: the consented link between one client and one counsellor of one
agency.

The client chooses what the counsellor may do (`Scope`): see the counsellor-only
sections of the profile, see the documents the client shares, see the job applications,
message the client. Every grant, change and withdrawal is a `Consent` row (with the
text's version), so the client can read the history; the counsellor's access follows
the case's current scopes at once.

Lifecycle (`CASE_TRANSITIONS`): invited → active → paused → closed (with an exit
reason). Only an active case grants anything.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.core.lifecycle import Lifecycle
from tremplin.core.reversing import reverse_pk
from tremplin.core.viewer import viewer_of
from tremplin.organizations.models import Role
from tremplin.profiles.models import Profile

# Bumped when the consent text changes: each Consent row records the version it showed.
CONSENT_VERSION = 1


class CaseStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    CLOSED = "closed", _("Closed")


# Lifecycle: the only allowed moves.
CASE_TRANSITIONS = Lifecycle(
    CaseStatus,
    {
        CaseStatus.INVITED: {CaseStatus.ACTIVE, CaseStatus.CLOSED},
        CaseStatus.ACTIVE: {CaseStatus.PAUSED, CaseStatus.CLOSED},
        CaseStatus.PAUSED: {CaseStatus.ACTIVE, CaseStatus.CLOSED},
        CaseStatus.CLOSED: set(),
    },
)
# A case that holds the pair: a new invitation waits for it to be closed.
OPEN_STATUSES = (CaseStatus.INVITED, CaseStatus.ACTIVE, CaseStatus.PAUSED)


class Scope(models.TextChoices):
    """What a client lets a counsellor do; each is a boolean field on Case."""

    PROFILE = "profile", _("See the sections of my profile I show to my counsellors")
    DOCUMENTS = "documents", _("See the documents I share with them")
    APPLICATIONS = "applications", _("See my job applications")
    MESSAGES = "messages", _("Send me messages")


SCOPE_FIELDS = {
    Scope.PROFILE: "shares_profile",
    Scope.DOCUMENTS: "shares_documents",
    Scope.APPLICATIONS: "shares_applications",
    Scope.MESSAGES: "allows_messages",
}


class ExitReason(models.TextChoices):
    EMPLOYED = "employed", _("Found a job")
    TRAINING = "training", _("Started training or school")
    SELF_EMPLOYED = "self_employed", _("Became self-employed")
    MOVED = "moved", _("Moved away")
    CLIENT_ENDED = "client_ended", _("The client ended the service")
    NO_CONTACT = "no_contact", _("No longer in contact")
    DECLINED = "declined", _("The client declined the invitation")
    OTHER = "other", _("Other")


# The reasons a counsellor may give when closing a case (the others are set by the
# client's own action: ending the link or declining the invitation).
COUNSELLOR_EXIT_REASONS = [
    reason for reason in ExitReason if reason not in (ExitReason.CLIENT_ENDED, ExitReason.DECLINED)
]


def is_counsellor(user: Any, agency: Any) -> bool:
    """Whether `user` works as a counsellor at `agency` (the viewer's memberships; for
    "a counsellor anywhere", ask `viewer_of(user).is_counsellor`)."""
    return agency.pk in viewer_of(user).organization_ids(role=Role.COUNSELLOR)


def is_agency_admin(user: Any, agency: Any) -> bool:
    """Whether `user` administers `agency` (the viewer's memberships)."""
    return agency.pk in viewer_of(user).organization_ids(role=Role.ADMIN)


def parties_q(viewer: Any, path: str = "") -> Q | None:
    """The client and the current counsellor of a case past its invitation, as a filter
    on the case reached by `path` ("" for Case itself, "case__" for a row with a `case`);
    None when the viewer is nobody. The rule of what the two parties share on a case
    (the plan, the appointments)."""
    if viewer is None or not viewer.is_authenticated:
        return None
    parties = Q(**{f"{path}client": viewer}) | Q(**{f"{path}counsellor": viewer})
    return parties & ~Q(**{f"{path}status": CaseStatus.INVITED})


class CaseQuerySet(models.QuerySet["Case"]):
    def active(self) -> CaseQuerySet:
        return self.filter(status=CaseStatus.ACTIVE)

    def open(self) -> CaseQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def granting(self, scope: str) -> CaseQuerySet:
        """Active cases whose client granted `scope` (a `Scope` value)."""
        return self.active().filter(**{SCOPE_FIELDS[Scope(scope)]: True})

    def visible_to(self, viewer: Any) -> CaseQuerySet:
        """Cases the viewer may know of: the client, the case's counsellor, and the
        admins of the case's agency (who see only the status and the counsellor, to
        reassign). Everyone else, moderators and staff included, sees nothing."""
        if viewer is None or not viewer.is_authenticated:
            return self.none()
        admin_of = viewer_of(viewer).organization_ids(role=Role.ADMIN)
        return self.filter(Q(client=viewer) | Q(counsellor=viewer) | Q(agency__in=admin_of))

    # Eager loading, decided once per list.

    def for_display(self) -> CaseQuerySet:
        """One case as its page and the API show it: agency and both parties' names."""
        return self.select_related("agency", "counsellor__profile", "client__profile")

    def for_caseload(self) -> CaseQuerySet:
        """The counsellor's caseload rows: the client's name and the agency, and the
        counsellor's name (each case of the API's caseload names both parties)."""
        return self.select_related("client__profile", "counsellor__profile", "agency")

    def for_caseload_page(self) -> CaseQuerySet:
        """The caseload page's rows: what a row prints of the case, with the client's name,
        profile address and its basics' audience and the agency's name as values
        (`client_name`, `client_handle`, `client_basics`, `agency_name`). Not the
        counsellor (the viewer) nor the rest of the client's account and profile: reading
        those columns for 50 rows was 2 ms of Python, and the client's, profile's and
        agency's instances 0.7 ms more. Reading `case.client` or `case.agency` of these
        rows costs a query each. The profile is read by the client's id for the page's
        rows only (joined through the accounts for every case, it cost PostgreSQL 0.5 ms
        more a page)."""
        profile = Profile.objects.filter(user=OuterRef("client_id"))
        return self.only(*CASELOAD_PAGE_FIELDS).annotate(
            client_name=Subquery(profile.values("display_name")[:1]),
            client_handle=Subquery(profile.values("handle")[:1]),
            client_basics=Subquery(profile.values("basics_visibility")[:1]),
            agency_name=F("agency__name"),
        )

    def for_client(self) -> CaseQuerySet:
        """The client's "My counsellors": the counsellor, the agency and the consent
        history with who acted."""
        history = Prefetch("consents", queryset=Consent.objects.for_display())
        return self.select_related("counsellor__profile", "agency").prefetch_related(history)

    def for_reassignment(self) -> CaseQuerySet:
        """The agency admin's list: the counsellor's name, nothing of the client."""
        return self.select_related("counsellor__profile")


# What the caseload page reads of a case and its relations (`for_caseload_page`).
CASELOAD_PAGE_FIELDS = (
    *("agency", "client", "counsellor", "invited_email", "status", "exit_reason"),
    "client_consented_at",
    *("created", "updated", *SCOPE_FIELDS.values()),
)


def case_url(case_id: int) -> str:
    """A case's page from its id alone: what hangs on a case (an appointment, a goal)
    links there without reading the case."""
    return reverse_pk("counselling:case", case_id)


class Case(models.Model):
    agency = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="cases"
    )
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="caseload"
    )
    # Null while an invitation sent by email waits for its person to join.
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="cases",
        null=True,
        blank=True,
    )
    invited_email = models.EmailField(_("email address"), blank=True)
    status = models.CharField(max_length=10, choices=CaseStatus, default=CaseStatus.INVITED)
    shares_profile = models.BooleanField(_("profile"), default=False)
    shares_documents = models.BooleanField(_("documents"), default=False)
    shares_applications = models.BooleanField(_("job applications"), default=False)
    allows_messages = models.BooleanField(_("messages"), default=False)
    client_consented_at = models.DateTimeField(null=True, blank=True)
    exit_reason = models.CharField(_("exit reason"), max_length=16, choices=ExitReason, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    # The last change of status, scopes or counsellor (set by services.py).
    updated = models.DateTimeField(default=timezone.now)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("counselling case")
        verbose_name_plural = _("counselling cases")
        constraints = [
            models.UniqueConstraint(
                fields=["counsellor", "client"],
                condition=models.Q(status__in=["invited", "active", "paused"]),
                name="one_open_case_per_pair",
            )
        ]
        indexes = [
            models.Index(fields=["counsellor", "status"]),
            models.Index(fields=["client", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.counsellor_id} → {self.client_id or self.invited_email} ({self.status})"

    def get_absolute_url(self) -> str:
        """One address for everyone concerned: it sends the client, the counsellor and an
        agency admin each to the page where they act on the case."""
        return case_url(self.pk)

    @property
    def scopes(self) -> set[str]:
        return {scope for scope, field in SCOPE_FIELDS.items() if getattr(self, field)}

    def grants(self, scope: str) -> bool:
        return self.status == CaseStatus.ACTIVE and getattr(self, SCOPE_FIELDS[Scope(scope)])

    def role_of(self, viewer: Any) -> str | None:
        """ "client", "counsellor", "admin" (of the case's agency) or None."""
        if viewer is None or not viewer.is_authenticated:
            return None
        if self.client_id == viewer.pk:
            return "client"
        if self.counsellor_id == viewer.pk:
            return "counsellor"
        if self.agency_id in viewer_of(viewer).organization_ids(role=Role.ADMIN):
            return "admin"
        return None

    def is_visible_to(self, viewer: Any) -> bool:
        return self.role_of(viewer) is not None

    @property
    def client_label(self) -> str:
        """How the counsellor names the client (see `names_client_by_email`)."""
        client = self.client
        if client is None or self.names_client_by_email:
            return self.invited_email
        return client.profile.display_name

    @property
    def names_client_by_email(self) -> bool:
        """Whether the counsellor names the client by the invitation's address: an
        invitation sent by email shows the address until it is accepted, so inviting an
        address never reveals which member owns it."""
        invited_by_email = self.status == CaseStatus.INVITED and bool(self.invited_email)
        return self.client_id is None or invited_by_email

    @property
    def started(self) -> datetime:
        """When the link started: the client's consent, or the invitation if none yet."""
        return self.client_consented_at or self.created


class ConsentAction(models.TextChoices):
    GRANTED = "granted", _("Accepted the invitation")
    CHANGED = "changed", _("Changed the permissions")
    PAUSED = "paused", _("Paused the service")
    RESUMED = "resumed", _("Resumed the service")
    ENDED = "ended", _("Ended the link")
    DECLINED = "declined", _("Declined the invitation")
    CLOSED = "closed", _("The counsellor closed the link")
    REASSIGNED = "reassigned", _("The agency assigned another counsellor")


class ConsentQuerySet(models.QuerySet["Consent"]):
    def for_display(self) -> ConsentQuerySet:
        """The history as the client and the API read it: who acted, and the counsellor."""
        return self.select_related("by__profile", "counsellor__profile")


class Consent(models.Model):
    """One consent event, kept for ever: what the client allowed, when, under which
    version of the consent text."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consents")
    action = models.CharField(max_length=10, choices=ConsentAction)
    version = models.PositiveSmallIntegerField(default=CONSENT_VERSION)
    scopes = models.JSONField(default=list)  # the Scope values in force after the event
    # For a reassignment: the counsellor the case went to (the history names them).
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.action} {self.scopes}"
