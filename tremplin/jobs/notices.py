"""The job-review notifications (`JOB_REVIEW`): the agency admins who review a posting
that waits, and its author when it is held, approved, refused or removed."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from tremplin.accounts.models import User
from tremplin.jobs.hooks import JOB_REVIEW
from tremplin.jobs.models import Posting
from tremplin.notifications.services import notify
from tremplin.organizations.models import Membership, OrgKind, Role

# How many agency admins hear of one posting waiting for review (when it has no agency).
REVIEWERS_NOTIFIED = 50


def reviewers_of(posting: Posting) -> QuerySet[User]:
    """Who hears that a posting waits for review: its agency's admins, else the admins
    of agencies in its region, else every agency admin (a bounded number)."""
    admins = Membership.objects.filter(role=Role.ADMIN, organization__kind=OrgKind.AGENCY)
    if posting.agency_id is not None:
        chosen = admins.filter(organization=posting.agency_id)
    else:
        region = posting.region or (posting.organization.region if posting.organization else "")
        chosen = admins.filter(organization__region=region) if region else admins.none()
        if not chosen.exists():
            chosen = admins
    ids = chosen.values_list("user_id", flat=True).distinct()
    return User.objects.filter(pk__in=ids, is_active=True).order_by("pk")[:REVIEWERS_NOTIFIED]


def tell_reviewers(posting: Posting, actor: Any = None) -> None:
    for admin in reviewers_of(posting):
        notify(
            admin,
            JOB_REVIEW,
            actor=actor,
            target=posting,
            group_key=f"job_review:waiting:{posting.pk}",
            data={"event": "waiting", "title": posting.title[:120]},
        )


def tell_author(posting: Posting, event: str, *, actor: Any = None, note: str = "") -> None:
    if posting.posted_by is None:
        return
    data: dict[str, Any] = {"event": event, "title": posting.title[:120]}
    if event == "held":
        data["reasons"] = list(posting.hold_reasons)
    if note:
        data["note"] = note[:200]
    notify(posting.posted_by, JOB_REVIEW, actor=actor, target=posting, data=data)
