# ruff: noqa: S608  (SQL built from model table names; every value is a parameter)
"""One batch of the alert fan-out (see `matching.py`): the statement that tells a batch
of candidate members, as ONE statement on PostgreSQL (the candidates in a materialised
WITH, the notifications INSERTed from it, ON CONFLICT DO NOTHING on the unique
(recipient, posting) of job-alert notifications) and as two in one transaction on
SQLite, which has no INSERT inside WITH. Each returns (candidates, last candidate,
members told, an email due now)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.backends.utils import CursorWrapper

from tremplin.job_alerts import documents
from tremplin.job_alerts.hooks import JOB_ALERT
from tremplin.jobs.models import Posting
from tremplin.notifications.models import Notification

# (candidates in the batch, the last one's member id, the members told, an email due now)
Batch = tuple[int, int | None, list[int], bool]


def notifications_sql(source: str) -> str:
    """INSERT of one job-alert notification per row of `source` (candidates), skipping
    members already told of the posting (the unique one_job_alert_per_posting), and
    RETURNING the recipients told. Parameters: kind, target type, posting id, the
    English and French excerpts, created, updated."""
    postgres = documents.is_postgres()
    build = "jsonb_build_object" if postgres else "json_object"
    empty = "'[]'::jsonb" if postgres else "'[]'"
    n = Notification._meta.db_table
    return f"""
        INSERT INTO {n} (recipient_id, kind, actor_id, target_type_id, target_id, group_key,
            count, actor_count, recent_actor_ids, data, created, updated, read_at,
            email_state, email_round, email_claimed_at, emailed_at)
        SELECT x.member_ref, %s, NULL, %s, %s, '', 1, 1, {empty},
            {build}('alert', x.alert_name, 'alert_id', x.alert_ref, 'excerpt',
                CASE WHEN x.member_language = 'en' THEN %s ELSE %s END),
            %s, %s, NULL,
            CASE WHEN x.effective = 'email' AND x.quiet THEN 'held'
                 WHEN x.effective = 'email' THEN 'pending'
                 WHEN x.effective = 'digest' THEN 'digest' ELSE 'none' END,
            CASE WHEN (x.effective = 'email' AND NOT x.quiet) OR x.effective = 'digest'
                 THEN 1 ELSE 0 END,
            NULL, NULL
        FROM {source} x WHERE true
        ON CONFLICT (recipient_id, target_id) WHERE kind = 'job_alert' DO NOTHING
        RETURNING recipient_id, email_state"""


def notification_params(posting: Posting, now: datetime) -> list[Any]:
    target_type = ContentType.objects.get_for_model(Posting).pk
    english = posting.title_en or posting.title_fr
    french = posting.title_fr or posting.title_en
    return [JOB_ALERT, target_type, posting.pk, english, french, now, now]


def batch_postgres(
    cursor: CursorWrapper,
    select: str,
    select_params: list[Any],
    size: int,
    insert_params: list[Any],
) -> Batch:
    """One statement: the batch's candidates and a notification for each (but those
    already told). Returns (candidates, last candidate, members told, an email due)."""
    sql = f"""
        WITH c AS MATERIALIZED ({select} LIMIT %s),
        n AS ({notifications_sql("c")})
        SELECT (SELECT count(*) FROM c), (SELECT max(member_ref) FROM c),
            ARRAY(SELECT recipient_id FROM n),
            EXISTS(SELECT 1 FROM n WHERE email_state = 'pending')"""
    # Compiling this plan just in time cost 40 ms and saved nothing (bench/README.md).
    cursor.execute("SET LOCAL jit = off")
    cursor.execute(sql, [*select_params, size, *insert_params])
    count, last, told, email_now = cursor.fetchone()
    return count, last, list(told), email_now


def batch_sqlite(
    cursor: CursorWrapper,
    select: str,
    select_params: list[Any],
    size: int,
    insert_params: list[Any],
) -> Batch:
    """The same in two statements (SQLite has no INSERT inside WITH)."""
    cursor.execute(
        f"SELECT count(*), max(member_ref) FROM ({select} LIMIT %s) c", [*select_params, size]
    )
    count, last = cursor.fetchone()
    cursor.execute(
        notifications_sql(f"({select} LIMIT %s)"), [*insert_params, *select_params, size]
    )
    rows = cursor.fetchall()
    told = [recipient for recipient, _ in rows]
    return count, last, told, any(state == "pending" for _, state in rows)
