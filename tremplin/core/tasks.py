from django_tasks import task

from tremplin.core.email import render_and_send


@task()
def send_email(to: str, template: str, context: dict, language: str) -> None:
    """Queued in the database; takes plain values so a retry after a crash is safe."""
    render_and_send(to, template, context, language)


@task()
def send_rendered_email(to: list[str], subject: str, body: str, html: str = "") -> None:
    from django.conf import settings
    from django.core.mail import EmailMultiAlternatives

    message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, to)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
