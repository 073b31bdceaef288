"""The issue's crash test with a real process: a worker is killed (SIGKILL, no clean-up)
in the middle of a large fan-out, a new worker is started, and every subscriber ends up
with exactly one notification of the posting.

The worker is a separate Python process running the task's own function
(`tasks.process_outbox`, what `db_worker` runs) on the test database: the PostgreSQL test
database when the suite runs on PostgreSQL, else a file copy of the SQLite test database
(see tests/notifications/test_two_processes.py), read back with sqlite3. Its batches are
made small and slow (10 members, a pause of 0.4 s after each: 8 s for the 200) so the
kill lands between batches, with some committed and some not. On PostgreSQL the fan-out
runs on two connections at once (`matching.member_ranges`), and the kill cuts both.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from tests.factories import UserFactory
from tests.notifications.test_two_processes import database_url_for_subprocesses
from tremplin.job_alerts import handlers, services
from tremplin.job_alerts.models import AlertOutbox

# Both databases: a task worker killed mid fan-out, on each database.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.both_databases]

ROOT = Path(__file__).resolve().parents[2]
SUBSCRIBERS = 200
DEADLINE = 120  # seconds: a bound on the wait, not a pace

WORKER = """
import sys, time
import django
django.setup()
from tremplin.job_alerts import matching, tasks
matching.BATCH = 10
matching.PARALLEL_FROM = 1  # on PostgreSQL, two connections at once, both killed
matching.after_batch = lambda done: (print(done, flush=True), time.sleep(0.4))
mode, outbox_id = sys.argv[1], int(sys.argv[2])
if mode == "process":
    print("told", tasks.process_outbox.call(outbox_id), flush=True)
else:
    from datetime import timedelta
    print("caught up", tasks.catch_up(lost_after=timedelta(0)), flush=True)
"""


def start_worker(mode: str, outbox_id: int, url: str, tmp_path: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tremplin.settings",
        "TREMPLIN_TESTING": "1",
        "TREMPLIN_TASKS_IMMEDIATE": "1",
        "DATABASE_URL": url,
        "REDIS_URL": "",
        "TREMPLIN_VAR_DIR": str(tmp_path / "var"),
        "DEBUG": "",
    }
    return subprocess.Popen(
        [sys.executable, "-c", WORKER, mode, str(outbox_id)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def counts(url: str, posting_id: int) -> tuple[int, int]:
    """(notifications of the posting, distinct recipients), read by the test itself."""
    sql = (
        "SELECT count(*), count(DISTINCT recipient_id) FROM notifications_notification "
        "WHERE kind = 'job_alert' AND target_id = %s"
    )
    if url.startswith("sqlite:///"):
        with sqlite3.connect(url.removeprefix("sqlite:///"), timeout=30) as db:
            row = db.execute(sql.replace("%s", "?"), [posting_id]).fetchone()
    else:
        with connection.cursor() as cursor:
            cursor.execute(sql, [posting_id])
            row = cursor.fetchone()
    return int(row[0]), int(row[1])


def test_a_worker_killed_mid_fan_out_loses_nothing_and_repeats_nothing(
    employers, tmp_path, monkeypatch
):
    from tremplin.jobs.models import Posting, PostingStatus
    from tremplin.jobs.services import transition

    for i in range(SUBSCRIBERS):
        member = UserFactory(email=f"soudeur{i}@example.org")
        services.save_search(member, {"name": "Soudure", "q": "soudeur", "is_alert": True})
    # The publishing process only writes the outbox row; the workers below do the rest.
    monkeypatch.setattr(handlers, "_enqueue", lambda outbox_id: None)
    posting = Posting.objects.create(
        organization=employers.verified_org,
        posted_by=employers.victor,
        hiring_organization_name="Soudures Laurentides",
        title_fr="Soudeur ou soudeuse",
        description_fr="Soudure MIG en atelier.",
        region="ON",
        status=PostingStatus.DRAFT,
    )
    transition(posting, PostingStatus.OPEN)
    outbox = AlertOutbox.objects.get(posting=posting)
    url = database_url_for_subprocesses(tmp_path)

    first = start_worker("process", outbox.pk, url, tmp_path)
    deadline = time.monotonic() + DEADLINE
    while counts(url, posting.pk)[0] < 30:  # three batches committed
        assert first.poll() is None, first.communicate()[0]
        assert time.monotonic() < deadline, "the worker told nobody"
        time.sleep(0.05)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=30)
    told, people = counts(url, posting.pk)
    assert 30 <= told < SUBSCRIBERS and told == people  # cut in the middle, no one twice

    second = start_worker("catch_up", outbox.pk, url, tmp_path)
    output, _ = second.communicate(timeout=DEADLINE)
    assert second.returncode == 0, output
    assert counts(url, posting.pk) == (SUBSCRIBERS, SUBSCRIBERS), output

    # Running the catch-up once more (a second clock, a late retry) tells nobody again.
    third = start_worker("catch_up", outbox.pk, url, tmp_path)
    output, _ = third.communicate(timeout=DEADLINE)
    assert third.returncode == 0, output
    assert counts(url, posting.pk) == (SUBSCRIBERS, SUBSCRIBERS), output
