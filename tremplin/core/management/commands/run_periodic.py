"""The clock: django-tasks has no scheduler, so one small process runs the periodic work
every round: what each app registered in its hooks.py (`tremplin.core.hooks.periodic`:
the notification sweeper and digests, appointment reminders, due follow-ups, job imports
and alerts...). Run exactly one (e.g. `clock: python manage.py run_periodic` in the
Procfile); the work itself is safe to run twice, so a second clock by mistake sends
nothing twice."""

from __future__ import annotations

import logging
import signal
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from tremplin.core import hooks

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Runs the periodic work every app registered (core.hooks.periodic) in a loop, "
        "every --interval seconds."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--interval", type=int, default=60, help="Seconds between rounds (default 60)."
        )
        parser.add_argument(
            "--once", action="store_true", help="Run one round and stop (for cron or tests)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        interval = options["interval"]
        if interval < 1:
            self.stderr.write("--interval must be at least 1")
            raise SystemExit(2)
        self.running = True
        signal.signal(signal.SIGTERM, self._stop)
        while self.running:
            self.tick()
            if options["once"]:
                return
            # A long-lived process: give back connections the database may have dropped.
            close_old_connections()
            # Sleep in small steps so SIGTERM stops the clock promptly.
            deadline = time.monotonic() + interval
            while self.running and time.monotonic() < deadline:
                time.sleep(min(1.0, deadline - time.monotonic()))

    def tick(self) -> None:
        for work in hooks.periodic:
            # Each is idempotent and returns a count of what it did; one failing must
            # not stop the others.
            try:
                done = work()
                if done:
                    self.stdout.write(f"{work.name}: {done}")
            except Exception:
                logger.exception("%s failed; trying again next round", work.name)

    def _stop(self, *_args: object) -> None:
        self.running = False
