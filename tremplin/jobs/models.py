"""Job postings, shaped after schema.org's JobPosting.

A posting may carry a French and an English version side by side (`title_fr`,
`title_en`...); at least one of them is filled. Who may post: members of a verified
employer and agency staff; a posting by an unverified employer waits for an agency
admin in the review queue. The lifecycle is declared in `TRANSITIONS`; every change of
status goes through `tremplin.jobs.services`.

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
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tremplin.core.compiled import CompiledQuery, Input
from tremplin.core.regions import Region


class PostingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("Waiting for review")
    OPEN = "open", _("Open")
    REJECTED = "rejected", _("Rejected")
    CLOSED = "closed", _("Closed")
    EXPIRED = "expired", _("Expired")
    REMOVED = "removed", _("Removed")


# The declared lifecycle: from each status, the statuses a posting may move to.
TRANSITIONS: dict[str, set[str]] = {
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
}
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


@dataclass(frozen=True)
class PostingAccess:
    """What the posting rule needs to know of a signed-in viewer, read in ONE query
    (`access_of`): their organisations (staff of any role), whether they are an agency
    admin, the agencies where they are a client with an active case, and the members in
    a block relation with them (either way). Lists of ids, so that the rule compiles to
    plain `IN (...)` filters (or to nothing, for most job seekers): with subqueries, the
    rule cost search 4 ms of query compilation a request (bench/README.md)."""

    staff_orgs: tuple[int, ...] = ()
    agency_admin: bool = False
    client_agencies: tuple[int, ...] = ()
    blocked_users: tuple[int, ...] = ()


def _access_query(variant, viewer):
    from tremplin.counselling.models import Case, CaseStatus
    from tremplin.network.models import Block
    from tremplin.organizations.models import Membership

    def tag(text: str) -> Value:
        return Value(text, output_field=models.CharField())

    return (
        Membership.objects.filter(user=viewer)
        .values_list(tag("staff"), "organization_id", "role", "organization__kind")
        .union(
            Case.objects.filter(client=viewer, status=CaseStatus.ACTIVE).values_list(
                tag("client"), "agency_id", tag(""), tag("")
            ),
            Block.objects.filter(blocker=viewer).values_list(
                tag("block"), "blocked_id", tag(""), tag("")
            ),
            Block.objects.filter(blocked=viewer).values_list(
                tag("block"), "blocker_id", tag(""), tag("")
            ),
            all=True,
        )
    )


# Compiled once per process (core.compiled): building and compiling the four-part
# UNION cost more than running it.
_ACCESS = CompiledQuery(_access_query, viewer=Input.user)


def access_of(viewer) -> PostingAccess:
    from tremplin.organizations.models import OrgKind, Role

    rows = _ACCESS.run((), viewer=viewer)
    staff, clients, blocked, admin = set(), set(), set(), False
    for what, pk, role, kind in rows:
        if what == "staff":
            staff.add(pk)
            admin = admin or (role == Role.ADMIN and kind == OrgKind.AGENCY)
        elif what == "client":
            clients.add(pk)
        else:
            blocked.add(pk)
    return PostingAccess(
        tuple(sorted(staff)), admin, tuple(sorted(clients)), tuple(sorted(blocked))
    )


def is_agency_admin(user) -> bool:
    """An admin of any agency: reviews postings waiting in the queue."""
    return user is not None and user.is_authenticated and user.is_agency_admin


def _manages_q(viewer, access: PostingAccess) -> Q:
    """Postings `viewer` manages: their own, their employer's, their agency's."""
    rule = Q(posted_by=viewer)
    if access.staff_orgs:
        rule |= Q(organization__in=access.staff_orgs) | Q(agency__in=access.staff_orgs)
    return rule


def is_moderator(user) -> bool:
    """Who may remove a reported posting: site moderators and agency admins."""
    if user is None or not user.is_authenticated:
        return False
    return bool(getattr(user, "is_moderator", False)) or is_agency_admin(user)


class PostingQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=PostingStatus.OPEN)

    def managed_by(self, viewer):
        """Postings `viewer` may edit and whose status they may change: their own, their
        employer's (admins and recruiters), their agency's (admins and counsellors)."""
        if viewer is None or not viewer.is_authenticated:
            return self.none()
        return self.filter(_manages_q(viewer, access_of(viewer)))

    def visible_to(self, viewer):
        """The one rule (see the module's docstring)."""
        published = Q(status__in=PUBLISHED)
        if viewer is None or not viewer.is_authenticated:
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
        rule = shown | _manages_q(viewer, access)
        if access.agency_admin:
            rule |= Q(status=PostingStatus.REVIEW)
        return self.filter(rule)

    def reported_to(self, viewer):
        """The reports queue: postings with an unresolved report, for moderators and the
        admins of any agency (who may remove them). It does not widen `visible_to` for
        search or lists: only the queue and a reported posting's own page use it."""
        if viewer is None or not viewer.is_authenticated or not is_moderator(viewer):
            return self.none()
        unresolved = PostingReport.objects.filter(posting=OuterRef("pk"), resolved_at__isnull=True)
        return self.filter(Exists(unresolved)).exclude(status=PostingStatus.DRAFT)


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

    employment_type = models.CharField(
        _("employment type"),
        max_length=12,
        choices=EmploymentType,
        default=EmploymentType.FULL_TIME,
    )
    workplace = models.CharField(
        _("workplace"), max_length=8, choices=Workplace, default=Workplace.ON_SITE
    )
    city = models.CharField(_("city"), max_length=80, blank=True)
    region = models.CharField(_("province or territory"), max_length=2, choices=Region, blank=True)
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
    salary_unit = models.CharField(
        _("salary per"), max_length=5, choices=SalaryUnit, default=SalaryUnit.HOUR
    )
    salary_currency = models.CharField(_("currency"), max_length=3, default="CAD")
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

    objects = PostingQuerySet.as_manager()

    class Meta:
        verbose_name = _("job posting")
        verbose_name_plural = _("job postings")
        ordering = ("-date_posted", "-id")
        indexes = [
            models.Index(fields=["status", "-date_posted", "-id"], name="posting_status_date"),
            models.Index(fields=["status", "valid_through"], name="posting_status_valid"),
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

    def can_move_to(self, status: str) -> bool:
        return status in TRANSITIONS[self.status]

    @property
    def is_open(self) -> bool:
        return self.status == PostingStatus.OPEN and (
            self.valid_through is None or self.valid_through > timezone.now()
        )

    def visible_to(self, viewer) -> bool:
        return Posting.objects.visible_to(viewer).filter(pk=self.pk).exists()


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
