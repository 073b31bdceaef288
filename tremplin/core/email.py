"""Every email is rendered in its recipient's language, from a pair of templates."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def render_and_send(
    to: str, template: str, context: dict, language: str = settings.LANGUAGE_CODE
) -> None:
    """`template` names `templates/email/<template>_subject.txt` and `_body.txt`."""
    with translation.override(language):
        context = {**context, "site_url": settings.SITE_URL, "language": language}
        subject = render_to_string(f"email/{template}_subject.txt", context).strip()
        body = render_to_string(f"email/{template}_body.txt", context)
    message = EmailMultiAlternatives(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split()),
        body=body,
        to=[to],
    )
    message.send()
