"""The weekly email of Jobs for you: new suggestions only, in the recipient's language.

`send_due` (periodic, `hooks.py`) takes the members who opted in (their notification
preference for `jobs_for_you` is email or digest, see foryou_services) and whose last
digest is a week old or more, at most `BATCH` a round. For each, in one transaction: it
claims the member by moving `JobPreferences.last_digest_at` with a conditional UPDATE
(two clocks at once: one wins), computes their suggestions leaving out those already
sent (`SuggestionSent`, unique per member and posting), records the new ones and
enqueues the email task in the same transaction (the database queue: the email cannot
be lost between the commit and the enqueue). A member with nothing new gets no email.
The task (`send_digest`) renders in the member's language and sends with the
one-click unsubscribe of the kind; a retry keeps the Message-ID.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from tremplin.core import email
from tremplin.job_alerts import foryou
from tremplin.job_alerts.foryou_services import EMAILED
from tremplin.job_alerts.hooks import JOBS_FOR_YOU
from tremplin.job_alerts.models import JobPreferences, SuggestionSent
from tremplin.jobs.models import Posting
from tremplin.notifications.emails import absolute, unsubscribe_url
from tremplin.notifications.models import Preference

PERIOD = timedelta(days=7)
BATCH = 200
PER_EMAIL = 10


def _opted_in() -> Any:
    return Preference.objects.filter(kind=JOBS_FOR_YOU, delivery__in=EMAILED).values("user_id")


def _ensure_rows() -> None:
    """Members who opted in from the notification preferences page without saving job
    preferences get a row with the profile's defaults (the wishes they already have)."""
    missing = (
        get_user_model()
        .objects.filter(pk__in=_opted_in(), is_active=True, job_preferences__isnull=True)
        .order_by("pk")[:BATCH]
    )
    for member in missing:
        defaults = foryou.profile_defaults(member, role=False)
        JobPreferences.objects.get_or_create(
            owner=member,
            defaults={"region": defaults["region"], "languages": defaults["languages"]},
        )


def send_due(now: Any = None) -> int:
    """Periodic: the week's digests that are due. Returns emails enqueued."""
    now = now or timezone.now()
    _ensure_rows()
    due = (
        JobPreferences.objects.filter(owner__in=_opted_in(), owner__is_active=True)
        .filter(Q(last_digest_at__isnull=True) | Q(last_digest_at__lte=now - PERIOD))
        .select_related("owner")
        .order_by("last_digest_at", "pk")[:BATCH]
    )
    sent = 0
    for prefs in list(due):
        sent += digest_one(prefs, now)
    return sent


def digest_one(prefs: JobPreferences, now: Any) -> int:
    member = prefs.owner
    with transaction.atomic():
        claimed = JobPreferences.objects.filter(
            pk=prefs.pk, last_digest_at=prefs.last_digest_at
        ).update(last_digest_at=now)
        if not claimed:
            return 0
        already = set(
            SuggestionSent.objects.filter(owner=member).values_list("posting_id", flat=True)
        )
        found = foryou.suggest(member, limit=PER_EMAIL, exclude=already)
        if not found:
            return 0
        SuggestionSent.objects.bulk_create(
            [SuggestionSent(owner=member, posting=s.posting) for s in found],
            ignore_conflicts=True,
        )
        send_digest.enqueue(
            member.pk, [[s.posting.pk, s.reasons] for s in found], int(now.timestamp())
        )
    return 1


@task()
def send_digest(member_id: int, suggested: list[Any], when: int) -> int:
    """One member's weekly email (the postings still open and visible to them)."""
    member = get_user_model().objects.filter(pk=member_id, is_active=True).first()
    if member is None:
        return 0
    reasons = {int(pk): found for pk, found in suggested}
    postings = {
        p.pk: p for p in Posting.objects.visible_to(member).open().filter(pk__in=list(reasons))
    }
    language = str(member.language or settings.LANGUAGE_CODE)
    with translation.override(language):
        items = [
            {
                "title": postings[pk].title,
                "employer": postings[pk].hiring_organization_name,
                "sentences": foryou.reason_sentences(reasons[pk]),
                "url": absolute(postings[pk].get_absolute_url()),
            }
            for pk, _r in suggested
            if int(pk) in postings
        ]
        if not items:
            return 0
        one_click = unsubscribe_url(member, JOBS_FOR_YOU)
        context = {
            "items": items,
            "count": len(items),
            "for_you_url": absolute(reverse("job_alerts:for_you")),
            "preferences_url": absolute(reverse("notifications:preferences")),
            "unsubscribe_url": one_click,
        }
    email.send(
        member.email,
        "job_alerts/email/for_you",
        context,
        language,
        unsubscribe_url=one_click,
        message_id=f"<for-you-{member_id}.{when}@{email.site_host()}>",
    )
    return 1
