"""Durable work of counselling: the invitation email to a person who has no account,
queued with the case's id (its address and text are read when it runs)."""

from __future__ import annotations

from django_tasks import task


@task()
def send_invitation_email(case_id: int) -> None:
    from tremplin.counselling.services import email_invitation

    email_invitation(case_id)
