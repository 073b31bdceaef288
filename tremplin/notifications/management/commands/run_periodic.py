"""The clock: django-tasks has no scheduler, so one small process runs the periodic
work: the notification sweeper and digests, and every function named in
settings.PERIODIC_WORK, each round. Run exactly one (e.g. `clock: python manage.py
run_periodic` in the Procfile); the work itself is safe to run twice, so a second
clock by mistake sends nothing twice."""

from __future__ import annotations

import logging
import signal
import time
from datetime import date, datetime

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone
from django.utils.module_loading import import_string

from tremplin.notifications.tasks import send_digests, sweep

logger = logging.getLogger(__name__)

DEFAULT_DIGEST_HOUR = 7
# Remembers the day of the last digests across restarts of the clock (Redis in
# production), so a restart in the afternoon does not send a second digest that day.
LAST_DIGEST_KEY = "notifications:last-digest-day"


def digest_due(now: datetime, hour: int, last_run: date | None) -> bool:
    """Once a day, at or after `hour` (local time, settings.TIME_ZONE)."""
    local = timezone.localtime(now)
    return local.hour >= hour and last_run != local.date()


class Command(BaseCommand):
    help = (
        "Runs the periodic notification work in a loop: the sweeper every minute "
        "(deliver_notifications) and the daily digests (send_digests) once a day at "
        "--digest-hour, local time."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--digest-hour",
            type=int,
            default=getattr(settings, "NOTIFICATIONS_DIGEST_HOUR", DEFAULT_DIGEST_HOUR),
            help="Hour of the day (0-23, local time) to send the daily digests (default 7).",
        )
        parser.add_argument(
            "--interval", type=int, default=60, help="Seconds between sweeps (default 60)."
        )
        parser.add_argument(
            "--once", action="store_true", help="Run one round and stop (for cron or tests)."
        )

    def handle(self, *args, **options):
        hour, interval = options["digest_hour"], options["interval"]
        if not 0 <= hour <= 23 or interval < 1:
            self.stderr.write("--digest-hour must be 0-23 and --interval at least 1")
            raise SystemExit(2)
        self.running = True
        signal.signal(signal.SIGTERM, self._stop)
        last_digest: date | None = cache.get(LAST_DIGEST_KEY)
        while self.running:
            last_digest = self.tick(hour, last_digest)
            if options["once"]:
                return
            # A long-lived process: give back connections the database may have dropped.
            close_old_connections()
            # Sleep in small steps so SIGTERM stops the clock promptly.
            deadline = time.monotonic() + interval
            while self.running and time.monotonic() < deadline:
                time.sleep(min(1.0, deadline - time.monotonic()))

    def tick(self, hour: int, last_digest: date | None) -> date | None:
        try:
            done = sweep()
            if any(done.values()):
                self.stdout.write(f"sweeper: {done}")
        except Exception:
            logger.exception("the notification sweeper failed; trying again next round")
        for path in getattr(settings, "PERIODIC_WORK", []):
            # Other apps' sweeps (appointment reminders, due follow-ups...): each is
            # idempotent and returns a count of what it did.
            try:
                done_count = import_string(path)()
                if done_count:
                    self.stdout.write(f"{path.rsplit('.', 1)[-1]}: {done_count}")
            except Exception:
                logger.exception("%s failed; trying again next round", path)
        now = timezone.now()
        if digest_due(now, hour, last_digest):
            try:
                self.stdout.write(f"digests: sent {send_digests()}")
                last_digest = timezone.localtime(now).date()
                cache.set(LAST_DIGEST_KEY, last_digest, timeout=2 * 24 * 3600)
            except Exception:
                logger.exception("the daily digests failed; trying again next round")
        return last_digest

    def _stop(self, *_args) -> None:
        self.running = False
