"""Notes on a mentorship, or on one of its sessions. A shared note is read by both
parties; a private note by its author ONLY — never the other party, a counsellor, a
coordinator, a moderator or staff in the app.

Who may see a note (`NoteQuerySet.visible_to`): the author of a private note; the two
parties of a shared one; always only while the mentorship is visible to the viewer (a
block hides it all). Bodies are markdown, rendered with `tremplin.core.markdown`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tremplin.mentoring.models.mentorships import Mentorship
from tremplin.mentoring.models.sessions import Session

BODY_MAX_LENGTH = 5000


class NoteQuerySet(models.QuerySet["Note"]):
    def visible_to(self, viewer: Any) -> NoteQuerySet:
        """THE rule: shared notes to both parties, private ones to their author."""
        if viewer is None or not viewer.is_authenticated:
            return self.none()
        return self.filter(mentorship__in=Mentorship.objects.visible_to(viewer)).filter(
            Q(private=False) | Q(author=viewer)
        )


class Note(models.Model):
    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="notes")
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, null=True, blank=True, related_name="notes"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    private = models.BooleanField(_("private (only me)"), default=False)
    body = models.TextField(_("note"), max_length=BODY_MAX_LENGTH)
    created = models.DateTimeField(auto_now_add=True)

    objects = NoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("mentoring note")
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["mentorship", "-created"])]

    def __str__(self) -> str:
        return f"note {self.pk} on {self.mentorship_id}"

    def is_visible_to(self, viewer: Any) -> bool:
        if viewer is None or not viewer.is_authenticated:
            return False
        if self.private and self.author_id != viewer.pk:
            return False
        return self.mentorship.is_visible_to(viewer)
