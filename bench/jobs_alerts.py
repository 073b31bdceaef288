"""Alerts at once: publish one posting that matches `--target` alerts (10,000 by
default, out of 200,000) and time, from the moment the publishing transaction commits:

- until the last matching member's notification row exists: the commit time of the
  transaction that wrote it, read from PostgreSQL's commit timestamps (bench/pg.sh turns
  them on) against the wall clock of the publishing commit. The rows are not polled:
  counting 10,000 rows every few milliseconds kept a core busy, on a machine of two;
  only the outbox row (one primary-key read) is, to know when the worker is done;
- until the last of `--clients` connected websocket clients (1,000, members holding a
  matching alert) receives its live event.

The server runs as in production (uvicorn with 2 workers, PostgreSQL, Redis channel
layer) with the task worker (`run_worker`, polling every `--interval` seconds: the
match runs in the worker, from the outbox row the publishing transaction wrote). Needs
the data of bench/jobs_data.py. Prints numbers; asserts nothing. Each run publishes a
new posting, and removes it and its notifications once measured (then vacuums), so
every run inserts into a notification table of the same size.

    DATABASE_URL=$(bench/pg.sh start) .venv/bin/python bench/jobs_alerts.py
        [--clients 1000] [--interval 0.02] [--runs 3]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import loadkit  # noqa: E402
from jobs_data import (  # noqa: E402
    TARGET_IDENTIFIER,
    TARGET_NAME,
    TARGET_WORD,
    remove_target_postings,
)
from social_data import setup_django  # noqa: E402


def subscribers(clients: int):
    from tremplin.accounts.models import User
    from tremplin.job_alerts.models import SavedSearch

    owners = (
        SavedSearch.objects.filter(name__startswith=TARGET_NAME, is_alert=True)
        .order_by("owner_id")
        .values_list("owner_id", flat=True)
    )
    expected = owners.count()
    if not expected:
        sys.exit("No target alerts: run bench/jobs_data.py first.")
    members = list(User.objects.filter(pk__in=list(owners[:clients])).order_by("pk"))
    return expected, {m.pk: loadkit.session_cookie(m) for m in members}


async def in_thread(function, *args):
    """`function(*args)` in a thread of the loop's executor, giving its database
    connection back to the pool afterwards (each run's loop has new threads: their
    connections, never closed, emptied the pool after seven runs)."""

    def run():
        from django.db import connection

        try:
            return function(*args)
        finally:
            connection.close()

    return await asyncio.to_thread(run)


def publish() -> tuple[int, float, float]:
    """Open a new target posting; returns (id, commit time on the performance counter,
    commit time on the wall clock)."""
    from tremplin.jobs.models import Posting, PostingStatus
    from tremplin.jobs.services import transition

    posting = Posting.objects.create(
        hiring_organization_name="Brasserie du Nord",
        title_fr=TARGET_WORD.capitalize(),
        title_en="Beer sommelier (zythologue)",
        description_fr=f"{TARGET_WORD.capitalize()} recherché pour une microbrasserie.",
        region="NU",
        city="Iqaluit",
        identifier=TARGET_IDENTIFIER,
        status=PostingStatus.DRAFT,
    )
    transition(posting, PostingStatus.OPEN)  # commits (autocommit outside atomic)
    return posting.pk, time.perf_counter(), time.time()


def outbox_done(posting_id: int) -> bool:
    """The worker finished the posting (a primary-key read: cheap to poll)."""
    from tremplin.job_alerts.models import AlertOutbox

    return AlertOutbox.objects.filter(posting_id=posting_id, processed_at__isnull=False).exists()


def rows_for(posting_id: int) -> tuple[int, float | None]:
    """(the posting's job-alert notifications, when the last of them committed: a wall
    clock time, from PostgreSQL's commit timestamps)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), extract(epoch FROM max(pg_xact_commit_timestamp(xmin))) "
            "FROM notifications_notification WHERE kind = 'job_alert' AND target_id = %s",
            [posting_id],
        )
        count, last = cursor.fetchone()
    return int(count), float(last) if last is not None else None


async def listen(url: str, cookie: str, user_id: int, received: dict, ready: list,
                 stop: asyncio.Event) -> None:  # fmt: skip
    import websockets

    async with websockets.connect(
        url, additional_headers={"Cookie": cookie, "Origin": loadkit.page_origin(url)},
        max_queue=None, open_timeout=60,
    ) as socket:  # fmt: skip
        hello = json.loads(await socket.recv())
        assert hello.get("type") == "hello", hello
        ready[0] += 1
        while not stop.is_set():
            try:
                raw = await asyncio.wait_for(socket.recv(), timeout=0.5)
            except TimeoutError:
                continue
            event = json.loads(raw)
            if event.get("type") == "notification" and event.get("kind") == "job_alert":
                received.setdefault(user_id, time.perf_counter())


async def one_run(base: str, cookies: dict, expected: int, timeout: float) -> None:
    ws_url = base.replace("http://", "ws://") + "/ws/notifications/"
    received: dict = {}
    ready = [0]
    stop = asyncio.Event()
    listeners = []
    for user_id, cookie in cookies.items():
        listeners.append(
            asyncio.create_task(listen(ws_url, cookie, user_id, received, ready, stop))
        )
        await asyncio.sleep(0.002)
    while ready[0] < len(cookies):
        await asyncio.sleep(0.05)
    await asyncio.sleep(1)
    posting_id, committed, committed_wall = await in_thread(publish)
    done = False
    while time.perf_counter() - committed < timeout:
        done = done or await in_thread(outbox_done, posting_id)
        if done and len(received) >= len(cookies):
            break
        await asyncio.sleep(0.01)
    stop.set()
    await asyncio.gather(*listeners, return_exceptions=True)
    rows, last_commit = await in_thread(rows_for, posting_id)
    rows_after = (last_commit - committed_wall) * 1000 if last_commit else float("nan")
    times = sorted((t - committed) * 1000 for t in received.values()) or [float("nan")]
    print(
        f"posting {posting_id}: {rows:,} notification rows (expected {expected:,}); "
        f"last row committed after {rows_after:.0f} ms; "
        f"{len(received)}/{len(cookies)} clients told, the last after {times[-1]:.0f} ms "
        f"(the first after {times[0]:.0f}, the median after {times[len(times) // 2]:.0f})"
    )
    await in_thread(clean_up)


def clean_up() -> None:
    """Remove the run's posting and its notifications, and vacuum: every run inserts into
    a table of the same size (bench/jobs_data.py's --notifications)."""
    from django.db import connection

    remove_target_postings()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM notifications_notification")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--interval", type=float, default=0.02, help="the worker's poll (s)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=60)
    args = parser.parse_args()
    setup_django()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW track_commit_timestamp")
        if cursor.fetchone()[0] != "on":
            sys.exit(
                "PostgreSQL must record commit timestamps: restart the benchmark cluster "
                "(bench/pg.sh stop; bench/pg.sh start) to turn track_commit_timestamp on."
            )
    remove_target_postings()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM notifications_notification")
        print(f"{cursor.fetchone()[0]:,} notifications in the table")
    expected, cookies = subscribers(args.clients)
    print(f"{expected:,} matching alerts; {len(cookies)} websocket clients")
    redis_url, redis = loadkit.start_redis()
    env = loadkit.production_env(REDIS_URL=redis_url)
    base, server = loadkit.start_server(env)
    worker = subprocess.Popen(
        [str(loadkit.VENV_BIN / "python"), "manage.py", "run_worker", "--no-reload",
         "--no-startup-delay", "--interval", str(args.interval)],
        cwd=loadkit.ROOT, env=env, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        print("(the first run also warms the worker up: imports, connections, plans)")
        for _ in range(args.runs):
            asyncio.run(one_run(base, cookies, expected, args.timeout))
    finally:
        for process in (worker, server, redis):
            loadkit.stop(process)


if __name__ == "__main__":
    main()
