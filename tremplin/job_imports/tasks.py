"""Background work of job imports."""


def poll_due_sources() -> int:
    """Periodic: fetch the sources whose polling interval has passed."""
    return 0
