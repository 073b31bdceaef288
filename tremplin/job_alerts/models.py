"""Job search and job alerts.

- `PostingDocument`: the search document of a posting (one row per posting that was
  ever open), kept by our handlers of jobs' `posting_opened_on_commit` /
  `posting_updated_on_commit` (see hooks.py): on
  PostgreSQL a `tsvector` (french and english configurations over unaccented text, GIN
  index); everywhere a normalised text (accents and case removed, both languages) used
  by SQLite's search and alert matching.
- `SavedSearch`: a member's saved search (the same parameters as `search.search`); with
  `is_alert` on it is an alert, delivered in the app, by email at once or in the daily
  digest, with quiet hours for the email.
- `AlertKey`: the alert index. Each alert is filed under its rarest keyword (both its
  french and english stems on PostgreSQL), or under "" when it has no keyword; matching a
  posting looks only at the alerts filed under one of the posting's terms.
- `AlertTerm`: every keyword of an alert (SQLite's check of "all keywords present").
- `AlertOutbox`: the durable record that a posting must be matched, written by our
  handlers once the posting's change committed (or, for an event a crash lost, by the
  catch-up, from the posting's `last_event_at`: `event_at`, one row per opening);
  processed by a task after commit and by the catch-up.

The exactly-once guard of alerts is the notification itself: a unique index on
(recipient, target) for job-alert notifications (notifications.Notification), so the
one INSERT that tells the members skips those already told.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tremplin.core.regions import Region
from tremplin.jobs.models import EmploymentType, SalaryUnit

if TYPE_CHECKING:
    from tremplin.job_alerts.search import SearchParams


class PostingDocument(models.Model):
    posting = models.OneToOneField(
        "jobs.Posting",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
    )
    # " term term ... ": unique normalised tokens of both languages, space-delimited.
    text = models.TextField(blank=True)
    # PostgreSQL only (NULL on SQLite); GIN-indexed by migration 0002.
    vector = SearchVectorField(null=True, blank=True)
    # Copies of the posting's place, written with the document (`index_posting`): Jobs
    # for you keeps only the documents in the member's place before it reads their
    # postings (foryou._any_of). A stale copy can drop a candidate, never add one: the
    # postings are filtered on their own columns too.
    region = models.CharField(max_length=2, blank=True, default="")
    workplace = models.CharField(max_length=8, blank=True, default="")
    updated = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"document of posting {self.posting_id}"


class Delivery(models.TextChoices):
    IN_APP = "in_app", _("In the app only")
    EMAIL = "email", _("In the app and by email at once")
    DIGEST = "digest", _("In the app and in the daily email digest")


class Sort(models.TextChoices):
    RELEVANCE = "relevance", _("Relevance")
    DATE = "date", _("Newest first")


class Language(models.TextChoices):
    FR = "fr", _("French")
    EN = "en", _("English")


DEFAULT_QUIET_START = datetime.time(21, 0)
DEFAULT_QUIET_END = datetime.time(8, 0)


class SavedSearchQuerySet(models.QuerySet):
    def visible_to(self, viewer: Any) -> SavedSearchQuerySet:
        """A saved search (and its alert) is its owner's alone."""
        if viewer is None or not viewer.is_authenticated:
            return self.none()
        return self.filter(owner=viewer)

    def alerts(self) -> SavedSearchQuerySet:
        return self.filter(is_alert=True)

    def for_display(self) -> SavedSearchQuerySet:
        """The alerts page and the API: the employer a search names."""
        return self.select_related("organization")


class SavedSearch(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(_("name"), max_length=100)
    # The search: the same parameters as tremplin.job_alerts.search.SearchParams.
    q = models.CharField(_("keywords"), max_length=200, blank=True)
    region = models.CharField(_("province or territory"), max_length=2, choices=Region, blank=True)
    remote = models.BooleanField(_("remote work"), null=True, blank=True)
    employment_type = models.CharField(
        _("employment type"), max_length=12, choices=EmploymentType, blank=True
    )
    min_salary = models.PositiveIntegerField(_("minimum yearly salary"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=2, choices=Language, blank=True)
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("employer"),
    )
    posted_since = models.PositiveSmallIntegerField(
        _("posted in the last days"), null=True, blank=True
    )
    sort = models.CharField(_("sort"), max_length=9, choices=Sort, default=Sort.RELEVANCE)

    # The alert.
    is_alert = models.BooleanField(_("alert on"), default=False)
    delivery = models.CharField(
        _("delivery"), max_length=6, choices=Delivery, default=Delivery.IN_APP
    )
    # No email between these local times (settings.JOB_ALERTS_QUIET_HOURS_TZ); both
    # empty: no quiet hours. An email due inside them waits until they end.
    quiet_start = models.TimeField(
        _("quiet hours from"), null=True, blank=True, default=DEFAULT_QUIET_START
    )
    quiet_end = models.TimeField(
        _("quiet hours until"), null=True, blank=True, default=DEFAULT_QUIET_END
    )

    # The matching index, kept by services.reindex_alert: PostgreSQL's tsquery as text.
    query_text = models.TextField(blank=True, editable=False)

    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = SavedSearchQuerySet.as_manager()

    class Meta:
        ordering = ("-updated", "-id")
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        indexes = [models.Index(fields=["owner", "-updated", "-id"], name="savedsearch_owner")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("job_alerts:edit", args=[self.pk])

    @property
    def has_quiet_hours(self) -> bool:
        return self.quiet_start is not None and self.quiet_end is not None

    def params(self) -> SearchParams:
        from tremplin.job_alerts.search import SearchParams

        return SearchParams(
            q=self.q,
            region=self.region,
            remote=self.remote,
            employment_type=self.employment_type,
            min_salary=self.min_salary,
            language=self.language,
            posted_since=self.posted_since,
            organization=self.organization.slug if self.organization else "",
            sort=self.sort,
        )


class AlertKey(models.Model):
    alert = models.ForeignKey(SavedSearch, on_delete=models.CASCADE, related_name="keys")
    term = models.CharField(max_length=200, blank=True)

    class Meta:
        indexes = [models.Index(fields=["term", "alert"], name="alertkey_term")]

    def __str__(self) -> str:
        return self.term


class AlertTerm(models.Model):
    alert = models.ForeignKey(SavedSearch, on_delete=models.CASCADE, related_name="terms")
    term = models.CharField(max_length=200)

    class Meta:
        indexes = [models.Index(fields=["alert", "term"], name="alertterm_alert")]

    def __str__(self) -> str:
        return self.term


class OutboxReason(models.TextChoices):
    OPENED = "opened", _("Opened")
    UPDATED = "updated", _("Updated")


class AlertOutbox(models.Model):
    posting = models.ForeignKey("jobs.Posting", on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=7, choices=OutboxReason)
    created = models.DateTimeField(auto_now_add=True)
    # The posting's `last_event_at` when the row was written: which of its events the
    # row answers (an opening has one row: a handler run twice, or the catch-up after a
    # lost event, writes no second one; a reopening is a new event, so a new row).
    event_at = models.DateTimeField(null=True, blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    matched = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(
                fields=["created"],
                condition=Q(processed_at__isnull=True),
                name="alertoutbox_pending",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["posting", "event_at"],
                condition=Q(reason="opened"),
                name="alertoutbox_one_per_opening",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reason} {self.posting_id}"


# ------------------------------------------------------------------ jobs for you


class RemoteChoice(models.TextChoices):
    ALSO = "also", _("In my region, or remote from anywhere")
    ONLY = "only", _("Remote only")
    NEVER = "never", _("In my region only, not remote")


class JobPreferencesQuerySet(models.QuerySet):
    def visible_to(self, viewer: Any) -> JobPreferencesQuerySet:
        """A member's job preferences are their own. (Their counsellor reads the
        matches they give, with the profile scope: `foryou.matches_for_client`.)"""
        if viewer is None or not viewer.is_authenticated:
            return self.none()
        return self.filter(owner=viewer)


class JobPreferences(models.Model):
    """What a member wishes of a job ("my job preferences"), read by "Jobs for you"
    (`foryou.py`). Without a row, the profile gives the defaults (region, languages)."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="job_preferences"
    )
    desired_roles = models.CharField(
        _("jobs I am looking for"),
        max_length=300,
        blank=True,
        help_text=_("Job titles, separated with commas (at most five)."),
    )
    region = models.CharField(_("province or territory"), max_length=2, choices=Region, blank=True)
    remote = models.CharField(
        _("where"), max_length=5, choices=RemoteChoice, default=RemoteChoice.ALSO
    )
    min_salary = models.DecimalField(
        _("minimum salary"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    salary_unit = models.CharField(
        _("salary per"), max_length=5, choices=SalaryUnit, default=SalaryUnit.YEAR
    )
    # Language codes ("fr", "en") the member can work in.
    languages = models.JSONField(_("languages I can work in"), default=list, blank=True)
    # When the last weekly digest went (the digest task claims the member by moving it).
    last_digest_at = models.DateTimeField(null=True, blank=True, editable=False)
    updated = models.DateTimeField(auto_now=True)

    objects = JobPreferencesQuerySet.as_manager()

    class Meta:
        verbose_name = _("job preferences")
        verbose_name_plural = _("job preferences")

    def __str__(self) -> str:
        return f"job preferences of {self.owner_id}"

    @property
    def roles(self) -> list[str]:
        return [r.strip() for r in self.desired_roles.split(",") if r.strip()][:5]


class SuggestionSent(models.Model):
    """A posting a weekly digest suggested to a member: the next digest suggests only
    others (the unique pair is the guard, as a notification is for alerts)."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    posting = models.ForeignKey("jobs.Posting", on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "posting"], name="suggestion_sent_once")
        ]

    def __str__(self) -> str:
        return f"{self.posting_id} → {self.owner_id}"
