# ruff: noqa: S608, S611  (SQL built from model table names; every value is a parameter)
"""Matching a posting against every alert: set-based, durable, exactly once.

1. In the posting's transaction (our receivers of `posting_opened` / `posting_updated`):
   the search document is rewritten and an `AlertOutbox` row written. Nothing else: the
   publishing request stays fast, and the row commits or rolls back with the posting.
2. After commit, `tasks.process_outbox(outbox_id)` (and, for a row a crashed worker
   left, the periodic `tasks.catch_up`) calls `process`:
   a. `match_posting`: ONE `INSERT ... SELECT` writes an `AlertMatch` per member with a
      matching active alert, `ON CONFLICT (posting, member) DO NOTHING`. The candidates
      are the alerts filed under one of the posting's terms (or under "": no keyword),
      then every other condition is checked in SQL: the rest of the keywords (the
      tsquery on PostgreSQL), the filters, who may see the posting, blocks, inactive
      accounts, and the member's job-alert preference (off: nothing). A member with
      several matching alerts gets one row (their "strongest" alert: email first).
   b. `notify_pending`: batches of at most BATCH matches not yet notified are CLAIMED
      (`UPDATE ... SET notified = true, batch = <token>` on rows still unnotified) and
      their notifications inserted with ONE `INSERT ... SELECT`, in one transaction per
      batch; after each commit the batch's members get a live push (one gathered
      publish), and emails due now are queued (one task per posting).
   A worker killed anywhere leaves either a committed batch (its rows are notified) or
   nothing (rolled back); a re-run inserts no match twice (unique) and claims only
   unnotified rows, so every member gets exactly one notification.
"""

from __future__ import annotations

import asyncio
import secrets
import threading
from collections.abc import Callable
from datetime import time
from zoneinfo import ZoneInfo

from asgiref.sync import async_to_sync
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    Value,
    When,
    Window,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone

from tremplin.job_alerts import search as engine
from tremplin.job_alerts.models import (
    AlertKey,
    AlertMatch,
    AlertOutbox,
    AlertTerm,
    Delivery,
    OutboxReason,
    PostingDocument,
    SavedSearch,
)
from tremplin.jobs.models import Posting, PostingAudience, PostingStatus, Workplace
from tremplin.notifications.models import DEFAULTS, Kind, Notification
from tremplin.notifications.models import Delivery as NotificationDelivery

# Matches notified per transaction: bounded transactions, and a crash loses at most
# one batch of work (rolled back, redone by the next run).
BATCH = 10_000
# Tests set this to a function called after each committed batch (the crash test).
after_batch: Callable[[int], None] | None = None


# ------------------------------------------------------------------ in the transaction


def on_posting_changed(posting_id: int, reason: str) -> AlertOutbox | None:
    """Receiver body: index the posting and record that it must be matched."""
    status = Posting.objects.filter(pk=posting_id).values_list("status", flat=True).first()
    if status != PostingStatus.OPEN:
        return None
    engine.index_posting(posting_id)
    row = AlertOutbox.objects.create(posting_id=posting_id, reason=reason)
    outbox_id = row.pk
    transaction.on_commit(lambda: _enqueue(outbox_id))
    return row


def _enqueue(outbox_id: int) -> None:
    from tremplin.job_alerts.tasks import process_outbox

    process_outbox.enqueue(outbox_id)


def opened(sender, posting_id: int, reopened: bool = False, **kwargs) -> None:
    on_posting_changed(posting_id, OutboxReason.OPENED)


def updated(sender, posting_id: int, **kwargs) -> None:
    on_posting_changed(posting_id, OutboxReason.UPDATED)


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
            engine.index_posting(posting.pk)
        match_posting(posting)
        told = notify_pending(posting.pk)
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
    from tremplin.counselling.models import Case as CounsellingCase
    from tremplin.counselling.models import CaseStatus
    from tremplin.organizations.models import Membership

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


def matching_alerts(posting: Posting, now: time | None = None):
    """Every active alert matching `posting`, annotated for the match insert."""
    from tremplin.network.models import Block

    terms = engine.posting_terms(posting.pk)
    keys = AlertKey.objects.filter(term__in=[*terms, ""]).values("alert_id")
    alerts = SavedSearch.objects.filter(is_alert=True, pk__in=keys, owner__is_active=True)
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
        alerts = alerts.filter(min_salary__isnull=True)
    else:
        alerts = alerts.filter(
            Q(min_salary__isnull=True) | Q(min_salary__lte=posting.salary_min_yearly)
        )
    alerts = alerts.filter(audience_q(posting))
    if posting.posted_by_id:
        alerts = alerts.exclude(
            owner__in=Block.objects.filter(blocker_id=posting.posted_by_id).values("blocked")
        ).exclude(owner__in=Block.objects.filter(blocked_id=posting.posted_by_id).values("blocker"))
    if engine.is_postgres():
        document = PostingDocument._meta.db_table
        keyword = RawSQL(
            f"(SELECT d.vector FROM {document} d WHERE d.posting_id = %s) "
            f"@@ {SavedSearch._meta.db_table}.query_text::tsquery",
            [posting.pk],
            output_field=BooleanField(),
        )
        alerts = alerts.filter(Q(query_text="") | Q(keyword))
    else:
        alerts = alerts.exclude(
            Exists(AlertTerm.objects.filter(alert=OuterRef("pk")).exclude(term__in=terms))
        )
    # The member's job-alert preference through ONE left join (a subquery here was
    # evaluated again for each CASE that reads it: eight times a row).
    preference = Coalesce(
        F("job_alert_preference__delivery"),
        Value(DEFAULTS[Kind.JOB_ALERT]),
        output_field=CharField(),
    )
    emails = [NotificationDelivery.EMAIL, NotificationDelivery.DIGEST]
    alerts = (
        alerts.annotate(
            job_alert_preference=FilteredRelation(
                "owner__notification_preferences",
                condition=Q(owner__notification_preferences__kind=Kind.JOB_ALERT),
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
            quiet=ExpressionWrapper(quiet_q(now or local_now()), output_field=BooleanField()),
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
    return alerts


def match_posting(posting: Posting, now: time | None = None) -> int:
    """ONE statement: a match row per member with a matching alert (see module doc).
    Returns the rows inserted (0 for members already matched)."""
    alerts = (
        matching_alerts(posting, now)
        .annotate(
            rn=Window(
                RowNumber(),
                partition_by=[F("owner_id")],
                order_by=[F("strength").desc(), F("pk").asc()],
            )
        )
        .annotate(alert_ref=F("pk"), member_ref=F("owner_id"))
        .values("alert_ref", "member_ref", "effective", "quiet", "rn")
    )
    select, params = alerts.query.sql_with_params()
    table = AlertMatch._meta.db_table
    sql = f"""
        INSERT INTO {table}
            (posting_id, member_id, alert_id, delivery, held, notified, created)
        SELECT %s, c.member_ref, c.alert_ref, c.effective,
            (c.effective = 'email' AND c.quiet), false, %s
        FROM ({select}) c WHERE c.rn = 1
        ON CONFLICT (posting_id, member_id) DO NOTHING"""
    with transaction.atomic(), connection.cursor() as cursor:
        if engine.is_postgres():
            # Compiling this plan just in time cost 40 ms and saved nothing (10,000
            # matches, bench/README.md).
            cursor.execute("SET LOCAL jit = off")
        cursor.execute(sql, [posting.pk, timezone.now(), *params])
        return cursor.rowcount


def _notification_sql() -> str:
    postgres = engine.is_postgres()
    build = "jsonb_build_object" if postgres else "json_object"
    empty = "'[]'::jsonb" if postgres else "'[]'"
    n = Notification._meta.db_table
    m = AlertMatch._meta.db_table
    s = SavedSearch._meta.db_table
    from tremplin.accounts.models import User

    u = User._meta.db_table
    p = Posting._meta.db_table
    return f"""
        INSERT INTO {n} (recipient_id, kind, actor_id, target_type_id, target_id, group_key,
            count, actor_count, recent_actor_ids, data, created, updated, read_at,
            email_state, email_round, email_claimed_at, emailed_at)
        SELECT m.member_id, %s, NULL, %s, m.posting_id, '', 1, 1, {empty},
            {build}('alert', COALESCE(a.name, ''), 'excerpt',
                CASE WHEN u.language = 'en' AND p.title_en <> '' THEN p.title_en
                     WHEN p.title_fr <> '' THEN p.title_fr ELSE p.title_en END),
            %s, %s, NULL,
            CASE WHEN m.delivery = 'email' AND NOT m.held THEN 'pending'
                 WHEN m.delivery = 'digest' THEN 'digest' ELSE 'none' END,
            CASE WHEN (m.delivery = 'email' AND NOT m.held) OR m.delivery = 'digest'
                 THEN 1 ELSE 0 END,
            NULL, NULL
        FROM {m} m
        JOIN {u} u ON u.id = m.member_id
        JOIN {p} p ON p.id = m.posting_id
        LEFT JOIN {s} a ON a.id = m.alert_id
        WHERE m.batch = %s"""


def _claim_sql() -> str:
    m = AlertMatch._meta.db_table
    if engine.is_postgres():
        # A join on the claimed ids, not `id IN (subquery)`: right after the match rows
        # are inserted, the planner's statistics know none of them, and it ran the IN as
        # a nested loop over the subquery's 10,000 ids for each of 10,000 rows (9.9 s,
        # bench/README.md); joined, each claimed id is one primary-key lookup.
        return f"""
            UPDATE {m} SET notified = true, batch = %s
            FROM (SELECT id FROM {m} WHERE posting_id = %s AND notified = false
                  ORDER BY member_id LIMIT %s FOR UPDATE SKIP LOCKED) AS claimed
            WHERE {m}.id = claimed.id"""
    return f"""
        UPDATE {m} SET notified = true, batch = %s
        WHERE notified = false AND id IN (
            SELECT id FROM {m} WHERE posting_id = %s AND notified = false
            ORDER BY member_id LIMIT %s)"""


def notify_pending(posting_id: int, batch_size: int | None = None) -> int:
    """Notify every match of the posting not notified yet, batch by batch. Returns the
    notifications created."""
    size = batch_size or BATCH
    if not engine.is_postgres():
        size = min(size, 5_000)
    target_type = ContentType.objects.get_for_model(Posting).pk
    total = 0
    while True:
        token = secrets.randbits(62)
        now = timezone.now()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(_claim_sql(), [token, posting_id, size])
            claimed = cursor.rowcount
            if not claimed:
                break
            cursor.execute(_notification_sql(), [Kind.JOB_ALERT, target_type, now, now, token])
            batch = AlertMatch.objects.filter(batch=token)
            members = list(batch.values_list("member_id", flat=True))
            email_now = batch.filter(delivery=Delivery.EMAIL, held=False).exists()
        total += claimed
        push_after_commit_many(members)
        if email_now:
            transaction.on_commit(lambda: _enqueue_emails(posting_id))
        if after_batch is not None:
            after_batch(total)
    return total


def _enqueue_emails(posting_id: int) -> None:
    from tremplin.job_alerts.tasks import send_alert_emails

    send_alert_emails.enqueue(posting_id)


# ------------------------------------------------------------------ live push


def unread_counts(member_ids: list[int]) -> dict[int, int]:
    """Each member's unread count, as `notifications.services.unread_count` counts it
    (notifications from blocked or muted actors left out), in one query."""
    from tremplin.network.models import Block, Mute

    counts = dict.fromkeys(member_ids, 0)
    hidden = (
        Exists(Block.objects.filter(blocker=OuterRef("recipient"), blocked=OuterRef("actor")))
        | Exists(Block.objects.filter(blocked=OuterRef("recipient"), blocker=OuterRef("actor")))
        | Exists(Mute.objects.filter(muter=OuterRef("recipient"), muted=OuterRef("actor")))
    )
    for start in range(0, len(member_ids), 5_000):
        chunk = member_ids[start : start + 5_000]
        rows = (
            Notification.objects.filter(recipient_id__in=chunk, read_at__isnull=True)
            .exclude(Q(actor__isnull=False) & hidden)
            .values("recipient_id")
            .annotate(n=Count("id"))
            .values_list("recipient_id", "n")
        )
        counts.update(dict(rows))
    return counts


def push_many(member_ids: list[int]) -> None:
    """Tell each member's open tabs (any server: the channel layer) that a job alert
    arrived, with their unread count: all publishes gathered in one event loop."""
    if not member_ids:
        return
    from channels.layers import get_channel_layer

    from tremplin.core.consumers import user_group

    layer = get_channel_layer()
    if layer is None:
        return
    counts = unread_counts(member_ids)

    async def publish() -> None:
        await asyncio.gather(
            *(
                layer.group_send(
                    user_group(uid),
                    {
                        "type": "user.event",
                        "payload": {"type": "notification", "kind": Kind.JOB_ALERT.value,
                                    "unread": counts.get(uid, 0)},
                    },
                )
                for uid in member_ids
            )
        )  # fmt: skip

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        async_to_sync(publish)()
        return
    thread = threading.Thread(target=async_to_sync(publish))
    thread.start()
    thread.join()


def push_after_commit_many(member_ids: list[int]) -> None:
    transaction.on_commit(lambda: push_many(member_ids))
