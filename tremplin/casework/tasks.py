"""Durable work of case work: follow-ups after exit.

`follow_ups_for_closed_case` is queued by the `case_closed_on_commit` handler (see
hooks.py); `open_due_follow_ups` runs every minute from `manage.py run_periodic` (its
`hooks.periodic` entry). Both are idempotent: a retry or two clocks at once do nothing
twice.
"""

from __future__ import annotations

from django_tasks import task

from tremplin.casework import services


@task()
def follow_ups_for_closed_case(case_id: int) -> int:
    return services.create_follow_ups(case_id)


def open_due_follow_ups() -> int:
    """Catch up closed cases whose follow-ups were never created (a lost event), then
    announce each due follow-up to the case's counsellor, once. Returns how many rows
    were created plus how many follow-ups were announced."""
    return services.catch_up_follow_ups() + services.announce_due_follow_ups()
