"""The long-running processes settle their garbage collector once started
(tremplin.core.memory): the web server's workers (tremplin.asgi) and the task worker
(`manage.py run_worker`)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tremplin.core.management.commands import run_worker

ROOT = Path(__file__).resolve().parents[2]


def test_settle_freezes_what_is_loaded_and_raises_the_first_threshold():
    script = (
        "import gc, json\n"
        "from tremplin.core.memory import settle\n"
        "before = gc.get_freeze_count()\n"
        "settle()\n"
        "print(json.dumps([before, gc.get_freeze_count(), gc.get_threshold()[0]]))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    before, after, first = json.loads(out.stdout)
    assert before == 0 and after > 1000  # the interpreter and the module, at the least
    assert first == 5_000


def test_the_worker_loads_its_tasks_and_settles_before_it_polls(monkeypatch):
    calls = []
    monkeypatch.setattr(run_worker, "settle", lambda: calls.append("settle"))
    monkeypatch.setattr(
        run_worker.DBWorkerCommand, "handle", lambda self, *a, **o: calls.append("poll")
    )
    # (Its options are db_worker's, parsed against a database task backend; the tests run
    # tasks inline, so the command's body is called directly.)
    run_worker.Command().handle(batch=True)
    assert calls == ["settle", "poll"]
    # The tasks every app defines were imported before the freeze.
    assert "tremplin.job_alerts.tasks" in sys.modules
    assert "tremplin.notifications.tasks" in sys.modules
