"""The postings' version: one number that moves on whenever a posting is saved or
deleted, or its search document is written (`tremplin.job_alerts.documents`). What is
computed from the open postings alike for many viewers (the job search's shared
results, `tremplin.job_alerts.shared`) is kept in the cache under it, so that a
posting published, edited, closed, expired, imported or removed shows (or goes) at
once: the next request reads a new version and finds nothing under it.

The number lives in the Django cache: Redis, shared by every process. Without
REDIS_URL the cache is each process's own memory and nothing is kept under the
version (`cache_is_shared`). It moves at the change
and again once the change has committed: a request that read the first move before
the commit, and kept what it found under it, is superseded by the second. Every
change of a posting goes through `Posting.save()` or a delete (services.transition,
the edits, the imports, the expiry sweep, a cascade), whose signals call
`postings_changed`; the `QuerySet.update()` calls of `tremplin.jobs` write only what
search neither filters on nor shows (events, hold reasons, import fingerprints)."""

from __future__ import annotations

import time
from typing import Any

from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from tremplin.core.viewer import viewer_of
from tremplin.jobs.models import Posting, PostingAudience, access_of

KEY = "jobs:postings-version"
# How long what is kept under a postings' version stays in the cache (a new version
# makes it unreachable at once; this only frees the memory).
SHARED_SECONDS = 600


def cache_is_shared() -> bool:
    """Whether every process reads the same cache (Redis). Postings change in the task
    worker and the clock too (imports, the expiry sweep, search documents): an
    in-memory cache of one web process never sees those moves, so nothing may be kept
    under the version there (`make run` without REDIS_URL runs three processes)."""
    return not isinstance(caches["default"], LocMemCache)


def postings_version() -> int:
    """The current version (a new one, larger than any before it, if the cache lost it)."""
    version = cache.get(KEY)
    if version is None:
        cache.add(KEY, time.time_ns(), None)
        version = cache.get(KEY)
    return 0 if version is None else int(version)  # None: a cache that keeps nothing


def _move_on() -> None:
    try:
        cache.incr(KEY)
    except ValueError:  # not there (evicted, or never read): start past every old one
        cache.add(KEY, time.time_ns(), None)


def postings_changed() -> None:
    """A posting or its search document changed: move on now and after commit."""
    _move_on()
    transaction.on_commit(_move_on)


def _on_signal(sender: Any, **kwargs: Any) -> None:
    postings_changed()


def connect() -> None:
    """Called once from `JobsConfig.ready`."""
    post_save.connect(_on_signal, sender=Posting, dispatch_uid="jobs.postings_version.save")
    post_delete.connect(_on_signal, sender=Posting, dispatch_uid="jobs.postings_version.delete")


# ------------------------------------------------------------------ shared views


def restricted_posters() -> frozenset[int]:
    """Members who posted an open posting whose audience is an agency's (the rule shows
    it to them although they may not be of that agency any more): one query per
    postings' version, kept in the cache under it."""
    key = f"jobs:restricted-posters:{postings_version()}"
    found = cache.get(key)
    if found is None:
        found = frozenset(
            Posting.objects.open()
            .exclude(audience__in=[PostingAudience.PUBLIC, PostingAudience.MEMBERS])
            .exclude(posted_by=None)
            .values_list("posted_by", flat=True)
            .distinct()
        )
        cache.set(key, found, SHARED_SECONDS)
    return found


def shared_view_of(user: Any) -> str | None:
    """Which OPEN postings the rule (`PostingQuerySet.visible_to`) shows `user`, when it
    is what it shows many people: "public" for a visitor (the public postings),
    "members" for a member whose organisations, agencies, blocks and own postings add
    or take nothing (every public or members-only posting); None when the rule gives
    this viewer a view of their own. What is computed from the open postings for
    "public" or "members" may be shared between those viewers."""
    viewer = viewer_of(user)
    if viewer.id is None:
        return "public"
    access = access_of(viewer)
    if access.staff_orgs or access.client_agencies or access.blocked_users:
        return None
    if viewer.id in restricted_posters():
        return None
    return "members"
