"""Who saw my data: one row each time someone else reads a client's case work or the
profile sections shown only to her counsellors (documents are logged by the vault, in
its own access log, and read from there: see `tremplin.privacy.access`).

The row names the reader, the person whose data was read (the subject), what was read
(never the text itself) and the reader's part when they read it: their role and, for
agency staff, the agency (an id: organisations are a layer above; names are looked up
when the log is shown). Staff-only case notes are flagged (`notes`), so the agency's
administrator can see who read which client's notes without seeing the notes.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AccessWhat(models.TextChoices):
    CASE_RECORD = "case_record", _("Your case record")
    PROFILE = "profile", _("Profile sections for your counsellors only")
    ADMIN = "admin", _("Your case record, in the site administration")
    # Read from the vault's own access log (never stored here).
    DOCUMENT = "document", _("A document")


class ReaderRole(models.TextChoices):
    COUNSELLOR = "counsellor", _("Counsellor")
    AGENCY_ADMIN = "agency_admin", _("Agency administrator")
    SITE_ADMIN = "site_admin", _("Site administrator")
    # The vault's shares: whom a document was shared with, and how.
    MENTOR = "mentor", _("Mentor")
    CONNECTION = "connection", _("Connection")
    LINK = "link", _("Someone with a share link")
    OTHER = "other", _("Other")


class AccessRecordQuerySet(models.QuerySet["AccessRecord"]):
    def about(self, subject_id: int | None) -> AccessRecordQuerySet:
        return self.filter(subject_id=subject_id)

    def notes_reads(self, agency_ids: list[int]) -> AccessRecordQuerySet:
        """Reads of staff-only case notes at these agencies, newest first, with the
        reader's and the client's profiles (an agency administrator's page)."""
        return (
            self.filter(notes=True, agency_id__in=agency_ids)
            .select_related("reader__profile", "subject__profile")
            .order_by("-created", "-id")
        )

    def older_than(self, cutoff: object) -> AccessRecordQuerySet:
        return self.filter(created__lt=cutoff)


class AccessRecord(models.Model):
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    what = models.CharField(max_length=12, choices=AccessWhat)
    notes = models.BooleanField(
        default=False, help_text=_("Staff-only case notes were shown (never their text).")
    )
    role = models.CharField(max_length=12, choices=ReaderRole)
    # The reader's agency when they read (organizations is a layer above privacy).
    agency_id = models.BigIntegerField(null=True, blank=True)
    object_id = models.BigIntegerField(null=True, blank=True)
    created = models.DateTimeField(default=timezone.now)

    objects = AccessRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("access record")
        verbose_name_plural = _("access records")
        ordering = ["-created", "-id"]
        indexes = [
            models.Index(fields=["subject", "-created"], name="access_subject_time"),
            models.Index(
                fields=["agency_id", "-created"],
                condition=Q(notes=True),
                name="access_notes_by_agency",
            ),
            models.Index(fields=["created"], name="access_time"),
        ]

    def __str__(self) -> str:
        return f"{self.reader_id} read {self.what} of {self.subject_id}"
