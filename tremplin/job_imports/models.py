"""Job imports: the sources an agency reads postings from, each run, and what each run
brought in.

Who sees what (`ImportSourceQuerySet.visible_to`, the one rule): the admins of the
source's agency, and nobody else (not its counsellors, not site staff in the product;
the Django admin is for operators). Runs, item errors and imported items follow their
source.

A source is polled when `next_poll_at` has passed: the clock claims it with a
conditional UPDATE of `next_poll_at` (see `tasks.poll_due_sources`), so two clocks or a
retry never poll one source twice for the same due time.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tremplin.core.lifecycle import Lifecycle
from tremplin.core.viewer import viewer_of
from tremplin.organizations.models import OrgKind, Role

MIN_POLL_MINUTES = 15
MAX_POLL_MINUTES = 7 * 24 * 60
NAME_MAX_LENGTH = 120
URL_MAX_LENGTH = 500
IDENTIFIER_MAX_LENGTH = 200
DETAIL_MAX_LENGTH = 500


class SourceKind(models.TextChoices):
    RSS_ATOM = "rss_atom", _("RSS or Atom feed")
    JSONLD_PAGE = "jsonld_page", _("Web page or file with schema.org JobPosting data")
    CSV = "csv", _("CSV file upload")


# Every kind is read from its address on a schedule when it has one (a CSV export's
# address too), and every kind takes an uploaded file of its format, address or not.


def administered_agency_ids(viewer: Any) -> set[int]:
    """The agencies `viewer` administers (the only people who manage imports)."""
    return viewer_of(viewer).organization_ids(role=Role.ADMIN, kind=OrgKind.AGENCY)


class ImportSourceQuerySet(models.QuerySet):
    def visible_to(self, viewer: Any) -> ImportSourceQuerySet:
        """Sources of the agencies `viewer` administers; nothing for anyone else."""
        if viewer is None or not viewer.is_authenticated:
            return self.none()
        return self.filter(agency__in=administered_agency_ids(viewer))

    def for_display(self) -> ImportSourceQuerySet:
        """The sources' list and a source's page: its agency."""
        return self.select_related("agency")

    def due(self, now: Any) -> ImportSourceQuerySet:
        return (
            self.filter(active=True)
            .exclude(url="")
            .filter(Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now))
        )


class ImportSource(models.Model):
    agency = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="import_sources",
        verbose_name=_("agency"),
    )
    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH)
    kind = models.CharField(_("kind"), max_length=12, choices=SourceKind)
    url = models.URLField(
        _("address"),
        max_length=URL_MAX_LENGTH,
        blank=True,
        help_text=_("The feed or page to read (not needed for CSV uploads)."),
    )
    poll_minutes = models.PositiveIntegerField(
        _("read every (minutes)"),
        default=60,
        validators=[MinValueValidator(MIN_POLL_MINUTES), MaxValueValidator(MAX_POLL_MINUTES)],
    )
    active = models.BooleanField(
        _("read it on a schedule"),
        default=True,
    )
    withdraw_missing = models.BooleanField(
        _("close the jobs that disappear from it"),
        default=True,
        help_text=_(
            "Tick when the source lists every open job: a job missing from a later read is closed."
        ),
    )
    # The CSV columns the admin chose by hand: a header (as `read_csv.header_key` folds
    # it) -> the field it is read as, "" for a column to ignore. Used by every later
    # upload and read of the source; headers not in it are recognised as usual.
    column_map = models.JSONField(_("columns chosen"), default=dict, blank=True)
    last_polled_at = models.DateTimeField(_("last read"), null=True, blank=True)
    next_poll_at = models.DateTimeField(_("next read"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = ImportSourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("import source")
        verbose_name_plural = _("import sources")
        ordering = ("name", "id")
        indexes = [
            models.Index(fields=["active", "next_poll_at"], name="import_source_due"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("job_imports:source", args=[self.pk])

    @property
    def is_polled(self) -> bool:
        """Read from its address (a source without one is fed by uploads only)."""
        return bool(self.url)

    def is_visible_to(self, viewer: Any) -> bool:
        return ImportSource.objects.visible_to(viewer).filter(pk=self.pk).exists()


class Trigger(models.TextChoices):
    MANUAL = "manual", _("Imported now by hand")
    SCHEDULE = "schedule", _("Scheduled")
    UPLOAD = "upload", _("File upload")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Done")
    PARTIAL = "partial", _("Done, with errors")
    FAILED = "failed", _("Failed")


# The declared lifecycle of a run: claimed from queued to running by a conditional
# UPDATE (`services.execute`), finished once (`services.finish`), or marked failed when
# a crash left it queued or running (`services.fail_stale_runs`).
RUN_TRANSITIONS = Lifecycle(
    RunStatus,
    {
        RunStatus.QUEUED: {RunStatus.RUNNING, RunStatus.FAILED},
        RunStatus.RUNNING: {RunStatus.SUCCEEDED, RunStatus.PARTIAL, RunStatus.FAILED},
        RunStatus.SUCCEEDED: set(),
        RunStatus.PARTIAL: set(),
        RunStatus.FAILED: set(),
    },
)
# A run in one of these has not finished: the next due poll of its source waits.
UNFINISHED = [status for status in RunStatus.values if not RUN_TRANSITIONS.is_final(status)]


class ImportRunQuerySet(models.QuerySet):
    def visible_to(self, viewer: Any) -> ImportRunQuerySet:
        return self.filter(source__in=ImportSource.objects.visible_to(viewer))

    def for_display(self) -> ImportRunQuerySet:
        """A run's page: its source and who started it."""
        return self.select_related("source", "started_by")


class ImportRun(models.Model):
    source = models.ForeignKey(ImportSource, on_delete=models.CASCADE, related_name="runs")
    trigger = models.CharField(_("started by"), max_length=8, choices=Trigger)
    status = models.CharField(
        _("status"), max_length=9, choices=RunStatus, default=RunStatus.QUEUED
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created = models.DateTimeField(auto_now_add=True)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    withdrawn_count = models.PositiveIntegerField(_("withdrawn"), default=0)
    # New items that another source of the agency had already imported: linked to that
    # posting rather than published twice (`twins.py`).
    linked_count = models.PositiveIntegerField(_("already imported"), default=0)
    failed_count = models.PositiveIntegerField(_("failed"), default=0)
    # Why the whole run failed (the fetch, the size, a file that is not a feed), and a
    # problem that did not stop it (broken XML kept as far as it parsed): a stable code
    # and its parameters, rendered in the reader's language (`error_message`,
    # `warning_message`, from `messages.RUN`). `error` and `warning` hold the sentence
    # runs saved before (params NULL), in the language of whoever ran them.
    error_code = models.CharField(max_length=30, blank=True)
    error_params = models.JSONField(null=True, blank=True)
    error = models.CharField(_("error"), max_length=DETAIL_MAX_LENGTH, blank=True)
    warning_code = models.CharField(max_length=30, blank=True)
    warning_params = models.JSONField(null=True, blank=True)
    warning = models.CharField(_("warning"), max_length=DETAIL_MAX_LENGTH, blank=True)

    objects = ImportRunQuerySet.as_manager()

    class Meta:
        ordering = ("-created", "-id")
        indexes = [models.Index(fields=["source", "-created", "-id"], name="import_run_recent")]

    def __str__(self) -> str:
        return f"{self.source_id} {self.created:%Y-%m-%d %H:%M} {self.status}"

    def get_absolute_url(self) -> str:
        return reverse("job_imports:run", args=[self.pk])

    @property
    def error_message(self) -> str:
        from tremplin.job_imports.messages import RUN, render

        if not self.error_code:
            return ""
        known = self.error_code in RUN or self.error_params is None
        return render(RUN, self.error_code if known else "unknown", self.error_params, self.error)

    @property
    def warning_message(self) -> str:
        from tremplin.job_imports.messages import RUN, render

        if not (self.warning_code or self.warning):
            return ""
        return render(RUN, self.warning_code, self.warning_params, self.warning)


class ItemErrorCode(models.TextChoices):
    MISSING_TITLE = "missing_title", _("The job has no title.")
    MISSING_DESCRIPTION = "missing_description", _("The job has neither a description nor a link.")
    BAD_DATE = "bad_date", _("A date could not be read.")
    EXPIRED = "expired", _("The job's closing date has already passed.")
    BAD_SALARY = "bad_salary", _("The salary could not be read.")
    BAD_URL = "bad_url", _("A web address is not valid.")
    BAD_EMAIL = "bad_email", _("The application email address is not valid.")
    DUPLICATE = "duplicate", _("The same job appears more than once in this import.")
    BAD_ROW = "bad_row", _("The row does not have the columns of the header.")
    REFUSED = "refused", _("The job was refused.")
    INVALID = "invalid", _("The job could not be saved.")
    STALE = "stale", _("The job is old and gives no closing date.")
    LANGUAGE = "language", _("The job is in neither French nor English.")


class ImportItemError(models.Model):
    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="item_errors")
    position = models.PositiveIntegerField(help_text="1 for the first item or data row.")
    identifier = models.CharField(max_length=IDENTIFIER_MAX_LENGTH, blank=True)
    url = models.CharField(max_length=URL_MAX_LENGTH, blank=True)
    # The job's title as the source gave it, so that the admin knows which job it is.
    title = models.CharField(max_length=200, blank=True)
    code = models.CharField(max_length=20, choices=ItemErrorCode)
    # The code's parameters (the value that could not be read, the date...), rendered
    # in the reader's language by `message`. NULL on rows saved before: they show the
    # code's sentence and `detail`, the field and value as the source named them.
    params = models.JSONField(null=True, blank=True)
    detail = models.CharField(max_length=DETAIL_MAX_LENGTH, blank=True)

    class Meta:
        ordering = ("run", "position", "id")

    def __str__(self) -> str:
        return f"{self.run_id}#{self.position} {self.code}"

    @property
    def message(self) -> str:
        """What happened and what to do, in the reader's language."""
        from tremplin.job_imports.messages import ITEM, render

        fallback = str(ItemErrorCode(self.code).label) if self.code in ItemErrorCode else ""
        return render(ITEM, self.code, self.params, fallback)


class ImportedItem(models.Model):
    """A posting that came from a source, with the keys that recognise it next time:
    its identifier at the source, then its URL, then the hash of its content."""

    source = models.ForeignKey(ImportSource, on_delete=models.CASCADE, related_name="items")
    # Several sources of an agency may list one job: each has its item, one posting
    # (`twins.py`); `linked` items found the posting another source had imported.
    posting = models.ForeignKey(
        "jobs.Posting", on_delete=models.CASCADE, related_name="import_items"
    )
    linked = models.BooleanField(default=False)
    identifier = models.CharField(max_length=IDENTIFIER_MAX_LENGTH, blank=True)
    url = models.CharField(max_length=URL_MAX_LENGTH, blank=True)
    content_hash = models.CharField(max_length=64)
    first_seen = models.DateTimeField(auto_now_add=True)
    last_seen_run = models.ForeignKey(
        ImportRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Set when the item disappeared from its source and the posting was closed.
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "identifier"],
                condition=~Q(identifier=""),
                name="imported_item_unique_identifier",
            ),
        ]
        indexes = [
            models.Index(fields=["source", "url"], name="imported_item_url"),
            models.Index(fields=["source", "content_hash"], name="imported_item_hash"),
        ]

    def __str__(self) -> str:
        return f"{self.source_id}: {self.identifier or self.url or self.content_hash[:8]}"


class PendingUploadQuerySet(models.QuerySet):
    def usable_by(self, viewer: Any, source: ImportSource, now: Any) -> PendingUploadQuerySet:
        """The uploads `viewer` staged for `source` that have not expired: a token is
        only ever looked up with its user and its source (never a path or an id the
        client sends), so another admin's token finds nothing."""
        if viewer is None or not viewer.is_authenticated:
            return self.none()
        return self.filter(source=source, user=viewer, created__gt=now - PENDING_TTL)


# An upload waits this long for its columns or its confirmation; after that, upload again.
PENDING_TTL = timedelta(hours=2)


class PendingUpload(models.Model):
    """An uploaded file kept on the server between its preview (what will be created,
    updated and closed) or its columns' mapping and the admin's confirmation, keyed by a
    random token bound to the admin and the source. Deleted when it is imported, and
    when the same admin stages another upload after it expired."""

    token = models.CharField(max_length=64, unique=True)
    source = models.ForeignKey(ImportSource, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=200, blank=True)
    content = models.BinaryField()
    created = models.DateTimeField(auto_now_add=True)

    objects = PendingUploadQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.source_id}: {self.name or self.token[:8]}"
