"""Emails queued in the database with their text: kept only so that rows queued before
issue 15 still run after an upgrade. Nothing queues them any more: a task row must hold
no secret, no address and no excerpt, so each app's task takes ids and builds its email
when it runs (accounts.mail, organizations/counselling `email_invitation`, notifications'
`deliver`); see tremplin.core.email for how every email is built."""

from django_tasks import task

from tremplin.core import email


@task()
def send_email(to: str, template: str, context: dict, language: str) -> None:
    """`template` names `templates/email/<template>_subject.txt`, `_body.txt`."""
    email.send(to, f"email/{template}", context, language)


@task()
def send_rendered_email(to: list[str], subject: str, body: str, html: str = "") -> None:
    """An email rendered before it was queued (allauth's)."""
    email.from_rendered(to, subject, body, html).send()
