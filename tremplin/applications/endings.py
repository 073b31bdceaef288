"""When a forwarded posting ends, the people it was forwarded to are told: our handler of
jobs' `posting_ended_on_commit` (connected in hooks.py), run once the ending committed,
and the periodic sweep for an ending whose event a crash lost between the posting's
commit and the handler (the posting keeps `last_event` = "ended" and its time).

A client is told once per ending (`Forward.ended_notified_at`, compared with the
posting's `last_event_at`), and only while they still care: not answered "not for me",
no application of theirs that ended."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone, translation

from tremplin.applications.hooks import JOB_FORWARDED
from tremplin.applications.inputs import excerpt
from tremplin.applications.models import Forward
from tremplin.jobs.models import Posting, PostingEvent
from tremplin.notifications.services import notify

# An ending whose event a crash lost is told by the sweep after this long (the handler
# had its chance), and no more once it is older than LOST_ENDINGS_WINDOW.
LOST_AFTER = timedelta(seconds=30)
LOST_ENDINGS_WINDOW = timedelta(days=7)
SWEEP_BATCH = 100


def tell_posting_ended(posting_id: int) -> int:
    """Handler of jobs' `posting_ended_on_commit` (and the sweep's): if the posting's
    last event is its end, each client it was forwarded to who still cares (not "not for
    me", no application that ended) and was not told of this ending is told, in one
    transaction. Idempotent: a second run finds them told. Returns how many."""
    ended_at = (
        Posting.objects.filter(pk=posting_id, last_event=PostingEvent.ENDED)
        .values_list("last_event_at", flat=True)
        .first()
    )
    if ended_at is None:
        return 0
    with transaction.atomic():
        forwards = list(
            Forward.objects.filter(posting_id=posting_id)
            .unfinished()
            .filter(_untold_since(ended_at))
            .select_for_update(of=("self",))
            .select_related("client", "counsellor", "posting")
        )
        now = timezone.now()
        for forward in forwards:
            with translation.override(forward.client.language or None):
                title = str(forward.posting.title)
            notify(
                forward.client,
                JOB_FORWARDED,
                actor=forward.counsellor,
                target=forward,
                data={"event": "ended", "excerpt": excerpt(title)},
            )
        if forwards:
            Forward.objects.filter(pk__in=[f.pk for f in forwards]).update(ended_notified_at=now)
    return len(forwards)


def _untold_since(ended_at: Any) -> Q:
    """Forwards whose client was not told of an ending at `ended_at` (a value, or an
    OuterRef to the posting's `last_event_at`)."""
    return Q(ended_notified_at__isnull=True) | Q(ended_notified_at__lt=ended_at)


def tell_lost_endings(lost_after: timedelta = LOST_AFTER) -> int:
    """Periodic: the endings whose event a crash lost between the posting's commit and
    our handler (the posting says it ended, and clients who still care were not told
    since) are told now. Returns how many clients were told."""
    now = timezone.now()
    untold = (
        Forward.objects.filter(posting=OuterRef("pk"))
        .unfinished()
        .filter(_untold_since(OuterRef("last_event_at")))
    )
    lost = (
        Posting.objects.filter(
            last_event=PostingEvent.ENDED,
            last_event_at__lte=now - lost_after,
            last_event_at__gte=now - LOST_ENDINGS_WINDOW,
        )
        .filter(Exists(untold))
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    return sum(tell_posting_ended(posting_id) for posting_id in list(lost))
