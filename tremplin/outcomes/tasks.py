"""Durable work for surveys: each task takes an id and is safe to run twice."""

from __future__ import annotations

from django_tasks import task


@task()
def create_exit_survey(case_id: int) -> None:
    """Queued when a case closes: the exit survey (nothing if it already exists)."""
    from tremplin.outcomes.services import send_exit_survey

    send_exit_survey(case_id)


@task()
def send_survey_email(invitation_id: int) -> None:
    """The survey link, emailed in the client's language (nothing once answered)."""
    from tremplin.outcomes.services import email_invitation

    email_invitation(invitation_id)


def send_due_surveys() -> int:
    """Run by the clock (settings.PERIODIC_WORK): exit surveys for cases closed in the
    last 30 days that have none. Returns how many were sent."""
    from tremplin.outcomes.services import catch_up_exit_surveys

    return catch_up_exit_surveys()
