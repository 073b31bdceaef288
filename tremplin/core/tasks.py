"""Emails queued in the database: each task takes plain values, so a retry after a crash
is safe (see tremplin.core.email for how every email is built)."""

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
