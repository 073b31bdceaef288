# ruff: noqa: S608, S611  (SQL built from model table names; every value is a parameter)
"""Matching a posting against every alert: set-based, durable, exactly once.

1. Once the posting's change has committed (`handlers.py`, connected to jobs'
   `posting_opened_on_commit` / `posting_updated_on_commit`), in their own transaction:
   the search document is rewritten and an `AlertOutbox` row written, one per opening.
   Nothing else: the publishing request stays fast. An event a crash lost before the
   handler ran is caught up from the posting's `last_event` (`tasks.catch_up`).
2. After that commit, `tasks.process_outbox(outbox_id)` (and, for a row a crashed worker
   left, the periodic `tasks.catch_up`) calls `process`, which calls `fan_out`: batches
   of at most BATCH members, in member-id order with a cursor between batches, each ONE
   statement on PostgreSQL:
   a. `c`: the members with a matching active alert. The candidates are the alerts
      filed under one of the posting's terms (or under "": no keyword), then every other
      condition is checked in SQL: the rest of the keywords (the tsquery), the filters,
      who may see the posting, blocks, inactive accounts, and the member's job-alert
      preference (off: nothing). A member with several matching alerts is one row
      (their "strongest" alert: email first).
   b. `n`: a notification per candidate, `ON CONFLICT DO NOTHING` on the unique
      (recipient, posting) of job-alert notifications: members already told are
      skipped. The email state is chosen in the same INSERT: pending (sent at once),
      digest, held (quiet hours: `tasks.send_due_quiet_emails`) or none.
   SQLite, which has no INSERT inside WITH, runs the same as two statements in one
   transaction. After each commit the batch's members get a live push (one gathered
   publish), and emails due now are queued (one task per posting). A large fan-out on
   PostgreSQL runs as two ranges of members at once, each on its own connection
   (`fan_out`, `member_ranges`).
   A worker killed anywhere leaves committed batches and nothing of the batch it was
   in (rolled back); a re-run skips the members already told (the unique index), so
   every member gets exactly one notification.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, wait
from datetime import time
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Exists,
    ExpressionWrapper,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone

from tremplin.core.realtime import send_to_users
from tremplin.counselling.models import Case as CounsellingCase
from tremplin.counselling.models import CaseStatus
from tremplin.job_alerts import batches, documents
from tremplin.job_alerts.hooks import JOB_ALERT
from tremplin.job_alerts.models import (
    AlertKey,
    AlertOutbox,
    AlertTerm,
    Delivery,
    PostingDocument,
    SavedSearch,
)
from tremplin.jobs.models import Posting, PostingAudience, PostingStatus, Workplace
from tremplin.network.models import Block
from tremplin.notifications import kinds
from tremplin.notifications.models import Delivery as NotificationDelivery
from tremplin.organizations.models import Membership

# Members told per transaction: bounded transactions, and a crash loses at most one
# batch of work (rolled back, redone by the next run). The benchmark's 10,306 members
# are one batch: each batch runs the matching SELECT again.
BATCH = 25_000
# A fan-out of at least PARALLEL_FROM candidate alerts (estimated from one in SAMPLE)
# runs on several connections at once (`fan_out`).
PARALLEL_FROM = 2_000
SAMPLE = 16
LAST_ID = 2**63 - 1  # the largest bigint: a range without an upper bound
# Tests set this to a function called after each committed batch (the crash test).
after_batch: Callable[[int], None] | None = None


# ------------------------------------------------------------------ after commit


def process(outbox_id: int) -> int:
    """Match and notify for one outbox row; returns the notifications created. Safe to
    run again, and at the same time as another worker."""
    row = AlertOutbox.objects.filter(pk=outbox_id, processed_at__isnull=True).first()
    if row is None:
        return 0
    AlertOutbox.objects.filter(pk=row.pk).update(attempts=F("attempts") + 1)
    posting = Posting.objects.filter(pk=row.posting_id).first()
    told = 0
    if posting is not None and posting.status == PostingStatus.OPEN:
        if not PostingDocument.objects.filter(posting_id=posting.pk).exists():
            documents.index_posting(posting.pk)
        told = fan_out(posting)
    AlertOutbox.objects.filter(pk=row.pk, processed_at__isnull=True).update(
        processed_at=timezone.now(), matched=F("matched") + told
    )
    return told


def local_now() -> time:
    """The wall-clock time where quiet hours are counted."""
    zone = ZoneInfo(getattr(settings, "JOB_ALERTS_QUIET_HOURS_TZ", "America/Toronto"))
    return timezone.now().astimezone(zone).time().replace(microsecond=0)


def quiet_q(now: time, prefix: str = "") -> Q:
    """Alerts whose quiet hours contain `now` (a window may cross midnight)."""

    def q(**kw) -> Q:
        return Q(**{prefix + k: v for k, v in kw.items()})

    end = F(prefix + "quiet_end")
    same_day = q(quiet_start__lte=end) & q(quiet_start__lte=now) & q(quiet_end__gt=now)
    overnight = q(quiet_start__gt=end) & (q(quiet_start__lte=now) | q(quiet_end__gt=now))
    return q(quiet_start__isnull=False, quiet_end__isnull=False) & (same_day | overnight)


def audience_q(posting: Posting) -> Q:
    """The members who may see this OPEN posting, as a filter on `owner`: the rule of
    `Posting.objects.visible_to` turned around (tests check they agree)."""
    if posting.audience in (PostingAudience.PUBLIC, PostingAudience.MEMBERS):
        return Q()
    orgs = [pk for pk in (posting.agency_id, posting.organization_id) if pk]
    rule = Q(owner__in=Membership.objects.filter(organization_id__in=orgs).values("user"))
    if posting.agency_id:
        rule |= Q(
            owner__in=CounsellingCase.objects.filter(
                agency_id=posting.agency_id, status=CaseStatus.ACTIVE
            ).values("client")
        )
    if posting.posted_by_id:
        rule |= Q(owner_id=posting.posted_by_id)
    return rule


def candidate_keys(posting: Posting) -> tuple[list[str], list[str]]:
    """(the posting's terms, the `AlertKey` terms its candidate alerts are filed under:
    those, and "" for the alerts without keywords)."""
    terms = documents.posting_terms(posting.pk)
    return terms, [*terms, ""]


def matching_alerts(posting: Posting, now: time | None = None) -> QuerySet[SavedSearch]:
    """Every active alert matching `posting`, annotated for the match insert."""
    terms, keys = candidate_keys(posting)
    alerts = _filed_under(keys).filter(is_alert=True, owner__is_active=True)
    alerts = _matching_filters(alerts, posting)
    alerts = alerts.filter(audience_q(posting))
    if posting.posted_by_id:
        # Members in a block relation with the author, either way (the SQL of the
        # network's `blocked_q`, written as two anti-joins: the benchmarked plan).
        alerts = alerts.exclude(
            owner__in=Block.objects.filter(blocker_id=posting.posted_by_id).values("blocked")
        ).exclude(owner__in=Block.objects.filter(blocked_id=posting.posted_by_id).values("blocker"))
    alerts = _matching_keywords(alerts, posting, terms)
    return _with_delivery(alerts, now or local_now())


def _filed_under(keys: list[str]) -> QuerySet[SavedSearch]:
    """The candidate alerts: those filed under one of `keys`."""
    if documents.is_postgres():
        # The candidates' ids first, as one array (an InitPlan the primary key is looked
        # up with): given `id IN (subquery)`, the planner scanned all 200,000 alerts and
        # checked every condition on each before the semi-join kept the 11,500
        # candidates (85 ms of a 120 ms match).
        table, key_table = SavedSearch._meta.db_table, AlertKey._meta.db_table
        candidate = RawSQL(
            f"{table}.id = ANY(ARRAY(SELECT k.alert_id FROM {key_table} k WHERE k.term = ANY(%s)))",
            [keys],
            output_field=BooleanField(),
        )
        return SavedSearch.objects.filter(candidate)
    filed = AlertKey.objects.filter(term__in=keys).values("alert_id")
    return SavedSearch.objects.filter(pk__in=filed)


def _matching_filters(alerts: QuerySet[SavedSearch], posting: Posting) -> QuerySet[SavedSearch]:
    """The alerts whose filters (place, remote, type, language, employer, salary) the
    posting meets."""
    remote = posting.workplace == Workplace.REMOTE
    languages = set(posting.languages)
    if posting.requires_french:
        languages.add("fr")
    if posting.requires_english:
        languages.add("en")
    alerts = alerts.filter(
        Q(region="") | Q(region=posting.region),
        Q(remote__isnull=True) | Q(remote=remote),
        Q(employment_type="") | Q(employment_type=posting.employment_type),
        Q(language="") | Q(language__in=sorted(languages)),
        Q(organization__isnull=True) | Q(organization_id=posting.organization_id),
    )
    if posting.salary_min_yearly is None:
        return alerts.filter(min_salary__isnull=True)
    return alerts.filter(Q(min_salary__isnull=True) | Q(min_salary__lte=posting.salary_min_yearly))


def _matching_keywords(
    alerts: QuerySet[SavedSearch], posting: Posting, terms: list[str]
) -> QuerySet[SavedSearch]:
    """The alerts every keyword of which the posting contains."""
    if documents.is_postgres():
        document = PostingDocument._meta.db_table
        keyword = RawSQL(
            f"(SELECT d.vector FROM {document} d WHERE d.posting_id = %s) "
            f"@@ {SavedSearch._meta.db_table}.query_text::tsquery",
            [posting.pk],
            output_field=BooleanField(),
        )
        return alerts.filter(Q(query_text="") | Q(keyword))
    return alerts.exclude(
        Exists(AlertTerm.objects.filter(alert=OuterRef("pk")).exclude(term__in=terms))
    )


def _with_delivery(alerts: QuerySet[SavedSearch], now: time) -> QuerySet[SavedSearch]:
    """Annotated with how each alert delivers (`effective`), whether its quiet hours
    hold now (`quiet`) and its `strength` (email first); without the members who turned
    job alerts off."""
    # The member's job-alert preference through ONE left join (a subquery here was
    # evaluated again for each CASE that reads it: eight times a row).
    kind = kinds.get(JOB_ALERT)
    assert kind is not None  # registered by this app's hooks.py
    preference = Coalesce(
        F("job_alert_preference__delivery"), Value(kind.default), output_field=CharField()
    )
    emails = [NotificationDelivery.EMAIL, NotificationDelivery.DIGEST]
    return (
        alerts.annotate(
            job_alert_preference=FilteredRelation(
                "owner__notification_preferences",
                condition=Q(owner__notification_preferences__kind=JOB_ALERT),
            )
        )
        .annotate(preference=preference)
        .exclude(preference=NotificationDelivery.OFF)
        .annotate(
            effective=Case(
                When(
                    Q(delivery=Delivery.EMAIL, preference=NotificationDelivery.EMAIL),
                    then=Value(Delivery.EMAIL),
                ),
                When(
                    Q(delivery__in=emails, preference__in=emails),
                    then=Value(Delivery.DIGEST),
                ),
                default=Value(Delivery.IN_APP),
                output_field=CharField(),
            ),
            quiet=ExpressionWrapper(quiet_q(now), output_field=BooleanField()),
        )
        .annotate(
            strength=Case(
                When(Q(effective=Delivery.EMAIL) & Q(quiet=False), then=Value(4)),
                When(effective=Delivery.EMAIL, then=Value(3)),
                When(effective=Delivery.DIGEST, then=Value(2)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
    )


def candidates(posting: Posting, now: time | None = None) -> tuple[str, list[Any]]:
    """The members a batch tells: one row per member with a matching alert (their
    "strongest" one: email first), as (sql, params) of a SELECT ordered by member,
    without its LIMIT. Its last two parameters are left to the batch: the members above
    the first (the batch cursor) and up to the second (a range of `fan_out`'s) only.
    PostgreSQL applies them in the alerts' scan (they test the window's partition)."""
    alerts = (
        matching_alerts(posting, now)
        .annotate(
            rn=Window(
                RowNumber(),
                partition_by=[F("owner_id")],
                order_by=[F("strength").desc(), F("pk").asc()],
            )
        )
        .annotate(
            alert_ref=F("pk"),
            member_ref=F("owner_id"),
            alert_name=F("name"),
            member_language=F("owner__language"),
        )
        .order_by()
        .values("alert_ref", "member_ref", "effective", "quiet", "rn", "alert_name",
                "member_language")
    )  # fmt: skip
    select, params = alerts.query.sql_with_params()
    sql = f"""SELECT c.member_ref, c.alert_ref, c.effective, c.quiet, c.alert_name,
            c.member_language
        FROM ({select}) c WHERE c.rn = 1 AND c.member_ref > %s AND c.member_ref <= %s
        ORDER BY c.member_ref"""
    return sql, list(params)


def fan_out(posting: Posting, now: time | None = None, batch_size: int | None = None) -> int:
    """Tell every member with a matching alert, batch by batch (members in id order, a
    cursor between batches); each batch is one transaction. Returns the notifications
    created (members already told are skipped: the unique index).

    A large fan-out on PostgreSQL is cut into `JOB_ALERTS_FAN_OUT_CONNECTIONS` ranges of
    members (`member_ranges`), told at the same time, each by its own thread and
    connection: a batch is CPU-bound in one database backend, so two connections use
    two cores (bench/README.md). Not inside a transaction (a test's, a caller's atomic
    block): the other connections could not see its rows."""
    select, params = candidates(posting, now)
    run = partial(_fan_out_range, posting, select, params, batch_size or BATCH)
    parts = settings.JOB_ALERTS_FAN_OUT_CONNECTIONS
    split = parts > 1 and documents.is_postgres() and not connection.in_atomic_block
    (first, *others) = member_ranges(posting, parts) if split else [(0, None)]
    if not others:
        return run(*first)
    with ThreadPoolExecutor(len(others), thread_name_prefix="fan-out") as pool:
        futures = [pool.submit(_in_own_connection, run, *bounds) for bounds in others]
        try:
            told = run(*first)
        finally:
            # Every range runs to its end (or its error) before any error is raised.
            wait(futures)
        return told + sum(future.result() for future in futures)


def member_ranges(posting: Posting, parts: int) -> list[tuple[int, int | None]]:
    """Ranges of member ids, as (above, up to) pairs covering every id, each holding
    about as many of the posting's candidate alerts: cut at quantiles of the owners of
    a sample of them (one in SAMPLE, by alert id: 4 ms for 11,500 candidates). One
    range when the sample says the fan-out is small (under PARALLEL_FROM candidates:
    a second connection would cost more than it saves). The last range is open-ended."""
    table, key_table = SavedSearch._meta.db_table, AlertKey._meta.db_table
    fractions = [i / parts for i in range(1, parts)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT count(*), percentile_disc(%s::float8[]) WITHIN GROUP (ORDER BY s.owner_id)
            FROM {table} s WHERE s.is_alert AND s.id = ANY(ARRAY(
                SELECT k.alert_id FROM {key_table} k
                WHERE k.term = ANY(%s) AND k.alert_id %% %s = 0))""",
            [fractions, candidate_keys(posting)[1], SAMPLE],
        )
        sampled, cuts = cursor.fetchone()
    if sampled * SAMPLE < PARALLEL_FROM:
        return [(0, None)]
    edges = [0, *sorted(set(cuts))]
    return [(edge, edges[i + 1] if i + 1 < len(edges) else None) for i, edge in enumerate(edges)]


def _in_own_connection(function: Callable[..., int], *args) -> int:
    """Run `function` in this thread's own database connection, closed at the end (a
    worker thread's connection would otherwise stay open until the process ends)."""
    try:
        return function(*args)
    finally:
        connection.close()


def _fan_out_range(
    posting: Posting, select: str, params: list, size: int, after: int, upto: int | None
) -> int:
    """`fan_out` for the members with `after` < id <= `upto` (None: no upper bound),
    `select` and `params` being `candidates`'."""
    run_batch = batches.batch_postgres if documents.is_postgres() else batches.batch_sqlite
    upto = LAST_ID if upto is None else upto
    total = 0
    while True:
        insert_params = batches.notification_params(posting, timezone.now())
        with transaction.atomic(), connection.cursor() as cursor:
            count, last, told, email_now = run_batch(
                cursor, select, [*params, after, upto], size, insert_params
            )
        total += len(told)
        if told:
            push_after_commit_many(told)
        if email_now:
            transaction.on_commit(lambda: _enqueue_emails(posting.pk))
        if after_batch is not None and told:
            after_batch(total)
        if count < size:
            return total
        assert last is not None  # a full batch has a last member
        after = last


def _enqueue_emails(posting_id: int) -> None:
    from tremplin.job_alerts.tasks import send_alert_emails

    send_alert_emails.enqueue(posting_id)


# ------------------------------------------------------------------ live push


def push_many(member_ids: list[int]) -> None:
    """Tell each member's open tabs (any server: the channel layer) that a job alert
    arrived. The event says the unread count grew by one (`added`), which is exact: a
    job alert is always a new unread row, never merged into another, and has no actor a
    block or mute could hide. Counting each member's unread rows for the event cost
    170 ms for 10,000 members (bench/README.md)."""
    send_to_users(member_ids, {"type": "notification", "kind": JOB_ALERT, "added": 1})


def push_after_commit_many(member_ids: list[int]) -> None:
    transaction.on_commit(lambda: push_many(member_ids))
