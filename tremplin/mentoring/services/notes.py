"""Notes: either party writes a shared note (both read it) or a private one (only the
author ever reads it), on the mentorship or on one of its sessions; the author deletes
their own. Notes may be written after the end too (a last word, a private reflection)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tremplin.mentoring.models import Mentorship, Note, Session
from tremplin.mentoring.models.notes import BODY_MAX_LENGTH
from tremplin.mentoring.services.mentorships import MentoringError
from tremplin.mentoring.services.parties import party_of


@transaction.atomic
def add_note(
    user: Any, mentorship: Mentorship, body: str, *, private: bool, session: Session | None = None
) -> Note:
    found = party_of(user, mentorship, ended_too=True)
    body = (body or "").strip()
    if not body:
        raise MentoringError(_("Write the note first."), code="invalid")
    if len(body) > BODY_MAX_LENGTH:
        raise MentoringError(
            _("The note is too long: %(max)d characters at most.") % {"max": BODY_MAX_LENGTH},
            code="invalid",
        )
    if session is not None and session.mentorship_id != found.pk:
        raise MentoringError(_("This session cannot be found."), code="not_found")
    return Note.objects.create(
        mentorship=found, session=session, author=user, private=private, body=body
    )


@transaction.atomic
def delete_note(user: Any, note: Note) -> None:
    if note.author_id != user.pk:
        raise MentoringError(_("Only its author deletes a note."), code="forbidden")
    note.delete()
