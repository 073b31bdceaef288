"""Actions on job postings. Every change of status goes through `transition`."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.jobs import signals
from tremplin.jobs.models import Posting, PostingStatus

ENDED = {PostingStatus.CLOSED, PostingStatus.EXPIRED, PostingStatus.REMOVED}


class TransitionRefused(ValidationError):
    pass


def transition(posting: Posting, to: str, *, by=None, note: str = "") -> Posting:
    """Move `posting` to status `to` (the declared lifecycle), in one transaction, and
    send `posting_opened` / `posting_ended` inside it."""
    with transaction.atomic():
        locked = Posting.objects.select_for_update(of=("self",)).get(pk=posting.pk)
        if not locked.can_move_to(to):
            raise TransitionRefused(
                _("A posting cannot go from “%(from)s” to “%(to)s”.")
                % {"from": locked.get_status_display(), "to": PostingStatus(to).label}
            )
        was = locked.status
        now = timezone.now()
        locked.status = to
        fields = ["status", "updated"]
        if to == PostingStatus.OPEN and locked.date_posted is None:
            locked.date_posted = now
            fields.append("date_posted")
        if to in ENDED:
            locked.closed_at = now
            fields.append("closed_at")
        elif to == PostingStatus.OPEN:
            locked.closed_at = None
            fields.append("closed_at")
        if note:
            locked.review_note = note
            fields.append("review_note")
        locked.save(update_fields=fields)
        if to == PostingStatus.OPEN:
            signals.posting_opened.send(
                Posting,
                posting_id=locked.pk,
                reopened=was != PostingStatus.DRAFT and was != PostingStatus.REVIEW,
            )
        elif was == PostingStatus.OPEN and to in ENDED:
            signals.posting_ended.send(Posting, posting_id=locked.pk, status=to)
    for field in fields:
        setattr(posting, field, getattr(locked, field))
    return posting


__all__ = ["PermissionDenied", "TransitionRefused", "transition"]


def expire_due() -> int:
    """Periodic: open postings past their valid_through become expired (the postings
    helper fills this in)."""
    return 0
