"""Background work of job alerts."""


def catch_up() -> int:
    """Periodic: match postings whose outbox row was not processed (a crashed worker)."""
    return 0


def send_due_quiet_emails() -> int:
    """Periodic: send the alert emails held during their recipient's quiet hours."""
    return 0
