from typing import Any

from django.core.management.base import BaseCommand

from tremplin.notifications.tasks import send_digests


class Command(BaseCommand):
    help = (
        "Sends each member's daily digest: one email, in their language, with every "
        "notification waiting for the digest. Safe to run twice: a second run finds "
        "nothing left to send."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_digests()
        self.stdout.write(f"sent {sent} digest(s)")
