"""Durable work of accounts: allauth's emails, queued with ids (see accounts.mail)."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from tremplin.accounts import mail


@task()
def send_account_email(
    template: str,
    language: str,
    user_id: int | None = None,
    address_id: int | None = None,
    change_id: int | None = None,
    facts: dict[str, str] | None = None,
    to: str = "",
) -> None:
    """allauth's email `template`, its links and addresses read from the ids now."""
    job: dict[str, Any] = {
        "template": template,
        "language": language,
        "user_id": user_id,
        "address_id": address_id,
        "change_id": change_id,
        "facts": facts or {},
        "to": to,
    }
    mail.send(job)


@task()
def send_new_device_email(device_id: int, ip: str, when: str) -> None:
    """The "new sign-in" email, to the member's address as it is when it runs."""
    from tremplin.accounts.services import email_new_device

    email_new_device(device_id, ip, when)
