"""Durable work of organisations: the invitation email, queued with the invitation's id
(its token is made when the email is sent: see services.email_invitation)."""

from __future__ import annotations

from django_tasks import task


@task()
def send_invitation_email(invitation_id: int) -> None:
    from tremplin.organizations.services import email_invitation

    email_invitation(invitation_id)
