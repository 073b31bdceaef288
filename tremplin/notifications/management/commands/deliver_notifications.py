from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tremplin.notifications.tasks import LOST_AFTER, STUCK_AFTER, sweep


class Command(BaseCommand):
    help = (
        "The notification sweeper: sends again the emails a crashed worker left in "
        "'sending' (or a digest left in 'digesting') for longer than --stuck-minutes, and "
        "queues again the pending emails whose task was lost. Safe to run at any time, "
        "from several machines at once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--stuck-minutes",
            type=int,
            default=int(STUCK_AFTER.total_seconds() // 60),
            help="A claimed email older than this belongs to a dead worker (default 10).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        minutes = options["stuck_minutes"]
        if minutes < 0:
            self.stderr.write("--stuck-minutes must be 0 or more")
            raise SystemExit(2)
        done = sweep(stuck_after=timedelta(minutes=minutes), lost_after=LOST_AFTER)
        self.stdout.write(
            f"resent {done['resent']} email(s), {done['digests_resent']} digest(s); "
            f"queued again {done['requeued']} pending email(s)"
        )
