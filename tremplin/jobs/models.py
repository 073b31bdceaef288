"""Job postings, shaped after schema.org's JobPosting.

A posting may carry a French and an English version side by side (`title_fr`,
`title_en`...); at least one of them is filled. Who may post: members of a verified
employer and agency staff; a posting by an unverified employer waits for an agency
admin in the review queue. The lifecycle is declared in `TRANSITIONS`; every change of
status goes through `tremplin.jobs.services.transition`, which sends the events of
`tremplin.jobs.events` after commit and records the last one on the posting
(`last_event`, `last_event_at`) for the handling apps' sweeps.

Who sees a posting (`PostingQuerySet.visible_to`, the one rule):
- an open, closed or expired posting: its audience (public: everyone; members: any
  signed-in member; agency: the staff and the clients with an active case at the
  posting's agency);
- a draft, a posting in review, a rejected or a removed one: the people who manage it
  (its author, the admins and recruiters of its employer, the staff of its agency) and,
  for the review queue, the admins of any agency;
- a block overrides the audience: nobody sees the published postings of a member they
  blocked or who blocked them (the people who manage a posting still see it).
Lists, search, alerts, the Atom feed and the sitemap show open postings only.
`Posting.is_visible_to(viewer)` asks the same rule for one posting. What the rule needs to
know of the viewer (their organisations, blocks) comes from `core.viewer`, asked once per
request.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tremplin.core.compiled import CompiledQuery, Input
from tremplin.core.lifecycle import Lifecycle
from tremplin.core.regions import Region
from tremplin.core.viewer import Viewer, viewer_of
from tremplin.counselling.models import Case


class PostingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("Waiting for review")
    OPEN = "open", _("Open")
    REJECTED = "rejected", _("Rejected")
    CLOSED = "closed", _("Closed")
    EXPIRED = "expired", _("Expired")
    REMOVED = "removed", _("Removed")


# The declared lifecycle: from each status, the statuses a posting may move to.
TRANSITIONS = Lifecycle(
    PostingStatus,
    {
        PostingStatus.DRAFT: {PostingStatus.REVIEW, PostingStatus.OPEN},
        PostingStatus.REVIEW: {
            PostingStatus.OPEN,
            PostingStatus.REJECTED,
            PostingStatus.DRAFT,
            PostingStatus.REMOVED,
        },
        PostingStatus.OPEN: {
            PostingStatus.CLOSED,
            PostingStatus.EXPIRED,
            PostingStatus.REVIEW,
            PostingStatus.REMOVED,
        },
        PostingStatus.REJECTED: {PostingStatus.REVIEW, PostingStatus.DRAFT},
        PostingStatus.CLOSED: {PostingStatus.OPEN, PostingStatus.REVIEW, PostingStatus.REMOVED},
        PostingStatus.EXPIRED: {PostingStatus.OPEN, PostingStatus.REVIEW, PostingStatus.REMOVED},
        PostingStatus.REMOVED: set(),
    },
)
# Statuses whose postings anyone in the audience may read (closed and expired ones say so).
PUBLISHED = {PostingStatus.OPEN, PostingStatus.CLOSED, PostingStatus.EXPIRED}


class PostingAudience(models.TextChoices):
    PUBLIC = "public", _("Everyone, including visitors who are not signed in")
    MEMBERS = "members", _("Signed-in members")
    AGENCY = "agency", _("The agency's clients and staff only")


class EmploymentType(models.TextChoices):
    """schema.org employmentType values."""

    FULL_TIME = "FULL_TIME", _("Full time")
    PART_TIME = "PART_TIME", _("Part time")
    CONTRACTOR = "CONTRACTOR", _("Contract")
    TEMPORARY = "TEMPORARY", _("Temporary")
    INTERN = "INTERN", _("Internship")
    VOLUNTEER = "VOLUNTEER", _("Volunteer")
    PER_DIEM = "PER_DIEM", _("Per diem")
    OTHER = "OTHER", _("Other")


class Workplace(models.TextChoices):
    ON_SITE = "on_site", _("On site")
    HYBRID = "hybrid", _("Hybrid")
    REMOTE = "remote", _("Remote")  # schema.org jobLocationType TELECOMMUTE


class SalaryUnit(models.TextChoices):
    """schema.org QuantitativeValue unitText values for a salary."""

    HOUR = "HOUR", _("per hour")
    DAY = "DAY", _("per day")
    WEEK = "WEEK", _("per week")
    MONTH = "MONTH", _("per month")
    YEAR = "YEAR", _("per year")


class ApplyMethod(models.TextChoices):
    URL = "url", _("On the employer's website")
    EMAIL = "email", _("By email")
    HERE = "here", _("Here, on Tremplin")


class PostingSource(models.TextChoices):
    DIRECT = "direct", _("Posted on Tremplin")
    IMPORTED = "imported", _("Imported")


class PostingEvent(models.TextChoices):
    """What `tremplin.jobs.events` told the other apps last (see `Posting.last_event`)."""

    OPENED = "opened", _("Opened")
    UPDATED = "updated", _("Updated while open")
    ENDED = "ended", _("Ended")


@dataclass(frozen=True)
class PostingAccess:
    """What the posting rule needs to know of a signed-in viewer: their organisations
    (staff of any role), whether they are an agency admin, the agencies where they are a
    client with an active case, and the members in a block relation with them (either
    way). Lists of ids, so that the rule compiles to plain `IN (...)` filters (or to
    nothing, for most job seekers): with subqueries, the rule cost search 4 ms of query
    compilation a request (bench/README.md). Organisations, roles and blocks are the
    viewer's (`core.viewer`, asked once per request)."""

    staff_orgs: tuple[int, ...] = ()
    agency_admin: bool = False
    client_agencies: tuple[int, ...] = ()
    blocked_users: tuple[int, ...] = ()


def _client_agencies_query(variant: Any, client_id: int) -> QuerySet[Case, int]:
    return Case.objects.active().filter(client_id=client_id).values_list("agency_id", flat=True)


# Compiled once per process (core.compiled): the one relation of the rule the viewer
# does not know (its query built and compiled each time cost 0.6 ms).
_CLIENT_AGENCIES = CompiledQuery(_client_agencies_query, client_id=Input.number)


def access_of(user: Any) -> PostingAccess:
    viewer = viewer_of(user)
    if viewer.id is None:
        return PostingAccess()
    clients = _CLIENT_AGENCIES.run((), client_id=viewer.id)
    return PostingAccess(
        staff_orgs=tuple(sorted(viewer.organization_ids())),
        agency_admin=viewer.is_agency_admin,
        client_agencies=tuple(sorted(set(clients))),
        blocked_users=tuple(sorted(viewer.blocked_ids)),
    )


def moderates_postings(user: Any) -> bool:
    """Who handles reported postings (the reports queue, removing one): site moderators
    and the admins of any agency."""
    viewer = viewer_of(user)
    return viewer.is_moderator or viewer.is_agency_admin


def _signed_in(user: Any) -> bool:
    return user is not None and bool(getattr(user, "is_authenticated", False))


def _manages_q(viewer: Any, access: PostingAccess) -> Q:
    """Postings `viewer` manages: their own, their employer's, their agency's."""
    rule = Q(posted_by=viewer.pk)
    if access.staff_orgs:
        rule |= Q(organization__in=access.staff_orgs) | Q(agency__in=access.staff_orgs)
    return rule


class PostingQuerySet(models.QuerySet):
    def open(self) -> PostingQuerySet:
        return self.filter(status=PostingStatus.OPEN)

    def managed_by(self, viewer: Any) -> PostingQuerySet:
        """Postings `viewer` may edit and whose status they may change: their own, their
        employer's (admins and recruiters), their agency's (admins and counsellors)."""
        user = viewer.user if isinstance(viewer, Viewer) else viewer
        if not _signed_in(user):
            return self.none()
        return self.filter(_manages_q(user, access_of(viewer)))

    def visible_to(self, viewer: Any) -> PostingQuerySet:
        """The one rule (see the module's docstring)."""
        user = viewer.user if isinstance(viewer, Viewer) else viewer
        published = Q(status__in=PUBLISHED)
        if not _signed_in(user):
            return self.filter(published, audience=PostingAudience.PUBLIC)
        access = access_of(viewer)
        audience = Q(audience__in=[PostingAudience.PUBLIC, PostingAudience.MEMBERS])
        agencies = sorted({*access.staff_orgs, *access.client_agencies})
        if agencies:
            audience |= Q(agency__in=agencies)
        shown = published & audience
        if access.blocked_users:
            # Nothing by someone who blocked the viewer or whom the viewer blocked.
            shown &= ~Q(posted_by__in=access.blocked_users)
        rule = shown | _manages_q(user, access)
        if access.agency_admin:
            rule |= Q(status=PostingStatus.REVIEW)
        return self.filter(rule)

    def reported_to(self, viewer: Any) -> PostingQuerySet:
        """The reports queue: postings with an unresolved report, for moderators and the
        admins of any agency (who may remove them). It does not widen `visible_to` for
        search or lists: only the queue and a reported posting's own page use it."""
        if not moderates_postings(viewer):
            return self.none()
        unresolved = PostingReport.objects.filter(posting=OuterRef("pk"), resolved_at__isnull=True)
        return self.filter(Exists(unresolved)).exclude(status=PostingStatus.DRAFT)

    # What each list reads with its postings (one place per list).

    def for_display(self) -> PostingQuerySet:
        """A posting's page, its API answer and the lists of postings: the employer and
        the agency they name."""
        return self.select_related("organization", "agency")

    def for_review(self) -> PostingQuerySet:
        """The review queue: also who posted it."""
        return self.for_display().select_related("posted_by__profile")

    def for_reports(self) -> PostingQuerySet:
        """The reports queue: also the reports."""
        return self.for_display().prefetch_related("reports")


class Posting(models.Model):
    # Who publishes it: an employer on Tremplin, or an agency (its staff post for
    # employers who are not on Tremplin, and its imports land here).
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="postings",
        verbose_name=_("employer on Tremplin"),
    )
    agency = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="agency_postings",
        verbose_name=_("agency"),
    )
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="job_postings",
    )
    # schema.org hiringOrganization: the employer's name as shown (filled from the
    # organisation when there is one; imported postings name employers not on Tremplin).
    hiring_organization_name = models.CharField(_("employer"), max_length=150)
    hiring_organization_url = models.URLField(_("employer's website"), blank=True)

    title_fr = models.CharField(_("title in French"), max_length=200, blank=True)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    description_fr = models.TextField(_("description in French"), max_length=20000, blank=True)
    description_en = models.TextField(_("description in English"), max_length=20000, blank=True)

    # Blank on an imported posting whose source does not say (nothing is guessed).
    employment_type = models.CharField(
        _("employment type"),
        max_length=12,
        choices=EmploymentType,
        default=EmploymentType.FULL_TIME,
        blank=True,
    )
    workplace = models.CharField(
        _("workplace"), max_length=8, choices=Workplace, default=Workplace.ON_SITE
    )
    city = models.CharField(_("city"), max_length=80, blank=True)
    region = models.CharField(_("province or territory"), max_length=2, choices=Region, blank=True)
    # ISO 3166-1 alpha-2 ("CA", "FR"); blank when the source does not say (imports bring
    # jobs from abroad: a job in Lisbon is in PT, with no province).
    country = models.CharField(_("country"), max_length=2, blank=True)
    # schema.org applicantLocationRequirements, for remote work ("Canada", "Ontario").
    applicant_location = models.CharField(
        _("where applicants must live"), max_length=120, blank=True
    )
    salary_min = models.DecimalField(
        _("minimum salary"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    salary_max = models.DecimalField(
        _("maximum salary"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    # Blank on an imported salary whose period or currency the source does not give.
    salary_unit = models.CharField(
        _("salary per"), max_length=5, choices=SalaryUnit, default=SalaryUnit.HOUR, blank=True
    )
    salary_currency = models.CharField(_("currency"), max_length=3, default="CAD", blank=True)
    # The yearly equivalent of salary_min (hours at 2,080 a year...), kept for the
    # "minimum salary" filter whatever the unit.
    salary_min_yearly = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True, editable=False
    )
    requires_french = models.BooleanField(_("French required"), default=False)
    requires_english = models.BooleanField(_("English required"), default=False)

    apply_method = models.CharField(
        _("how to apply"), max_length=5, choices=ApplyMethod, default=ApplyMethod.URL
    )
    apply_url = models.URLField(_("application address"), max_length=500, blank=True)
    apply_email = models.EmailField(_("application email"), blank=True)
    # Asked of whoever applies here, on Tremplin (jobs.screening): [{"text", "yes_no"}].
    screening_questions = models.JSONField(_("screening questions"), default=list, blank=True)

    # schema.org identifier: the employer's or the source's own reference.
    identifier = models.CharField(_("reference"), max_length=120, blank=True)
    source = models.CharField(max_length=8, choices=PostingSource, default=PostingSource.DIRECT)
    # Where an imported posting came from (its page at the source).
    source_url = models.URLField(_("original posting"), max_length=500, blank=True)
    # Fingerprint of the data an import last brought (services.import_upsert): the same
    # item polled again changes nothing.
    source_hash = models.CharField(max_length=64, blank=True, editable=False)

    audience = models.CharField(
        _("who can see it"),
        max_length=8,
        choices=PostingAudience,
        default=PostingAudience.PUBLIC,
    )
    status = models.CharField(
        _("status"), max_length=8, choices=PostingStatus, default=PostingStatus.DRAFT
    )
    date_posted = models.DateTimeField(_("posted"), null=True, blank=True)
    valid_through = models.DateTimeField(_("open until"), null=True, blank=True)
    # Why the scam guard held it, or why a reviewer refused it (codes and a note).
    hold_reasons = models.JSONField(default=list, blank=True)
    review_note = models.TextField(_("note from the reviewer"), max_length=2000, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # The last event the other apps were sent about this posting (jobs.events, after
    # commit), written in the transaction of the change: the durable trace the handling
    # apps' periodic sweeps compare with what they did, so that an event a crash lost
    # between the commit and its dispatch is still handled. Empty for postings that
    # changed before events existed.
    last_event = models.CharField(max_length=7, choices=PostingEvent, blank=True, editable=False)
    last_event_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = PostingQuerySet.as_manager()

    class Meta:
        verbose_name = _("job posting")
        verbose_name_plural = _("job postings")
        ordering = ("-date_posted", "-id")
        indexes = [
            models.Index(fields=["status", "-date_posted", "-id"], name="posting_status_date"),
            # The newest open postings of one region (Jobs for you, remote work out):
            # read through posting_status_date, a small region's walk read 30 postings
            # of other regions for each of its own.
            models.Index(
                fields=["status", "region", "-date_posted", "-id"],
                name="posting_status_region_date",
            ),
            models.Index(fields=["status", "valid_through"], name="posting_status_valid"),
            # The handling apps' sweeps look at recent events only.
            models.Index(fields=["last_event_at"], name="posting_last_event"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(title_fr="") | ~Q(title_en=""), name="posting_has_a_title"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("jobs:posting", args=[self.pk])

    # ---------------------------------------------------------------- language

    def _in_reader_language(self, french: str, english: str) -> str:
        if get_language() == "en":
            return english or french
        return french or english

    @property
    def title(self) -> str:
        return self._in_reader_language(self.title_fr, self.title_en)

    @property
    def description(self) -> str:
        return self._in_reader_language(self.description_fr, self.description_en)

    @property
    def languages(self) -> list[str]:
        """The languages the posting is written in."""
        return [code for code, title in (("fr", self.title_fr), ("en", self.title_en)) if title]

    # ---------------------------------------------------------------- state

    @property
    def is_open(self) -> bool:
        return self.status == PostingStatus.OPEN and (
            self.valid_through is None or self.valid_through > timezone.now()
        )

    def is_visible_to(self, viewer: Any) -> bool:
        return Posting.objects.visible_to(viewer).filter(pk=self.pk).exists()

    def is_managed_by(self, viewer: Any) -> bool:
        """The single-object twin of `PostingQuerySet.managed_by`, from the viewer's
        organisations (asked once per request): no query for each posting of a list."""
        user = viewer.user if isinstance(viewer, Viewer) else viewer
        if not _signed_in(user):
            return False
        if self.posted_by_id == user.pk:
            return True
        staff_orgs = viewer_of(viewer).organization_ids()
        return self.organization_id in staff_orgs or self.agency_id in staff_orgs


class ReportReason(models.TextChoices):
    SCAM = "scam", _("It looks like a scam or asks for money or personal documents")
    MISLEADING = "misleading", _("It is misleading or not a real job")
    DISCRIMINATORY = "discriminatory", _("It is discriminatory")
    EXPIRED = "expired", _("The job is no longer available")
    OTHER = "other", _("Something else")


class PostingReport(models.Model):
    """Anyone may report a posting (visitors too: a scam is reported by whoever sees it)."""

    posting = models.ForeignKey(Posting, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=14, choices=ReportReason)
    details = models.TextField(_("details"), max_length=2000, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ("-created",)

    def __str__(self) -> str:
        return f"{self.reason} → {self.posting_id}"
