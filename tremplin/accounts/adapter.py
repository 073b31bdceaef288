"""allauth's hooks into our accounts: a new account's language, and allauth's emails
(verification, password reset) rendered in the member's language and sent through our one email path
(`core.email.from_rendered`, from a queued task)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.stagekit import clear_login
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.core.mail import EmailMessage
from django.db import transaction
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation

from tremplin.accounts import standing
from tremplin.accounts.models import User
from tremplin.core.i18n import url_in_language
from tremplin.core.tasks import send_rendered_email

_LINK_KEYS = ("activate_url", "password_reset_url", "signup_url")


def _html_of(message: EmailMessage) -> str:
    """The HTML alternative allauth rendered, or "" (our layout is used then)."""
    for content, mime in getattr(message, "alternatives", []):
        if mime == "text/html":
            return str(content)
    return ""


class AccountAdapter(DefaultAccountAdapter):
    def save_user(
        self, request: HttpRequest, user: User, form: BaseForm, commit: bool = True
    ) -> User:
        user = super().save_user(request, user, form, commit=False)
        user.language = translation.get_language() or settings.LANGUAGE_CODE
        if commit:
            user.save()
        return user

    def pre_login(self, request: HttpRequest, user: Any, **kwargs: Any) -> HttpResponse | None:
        """A barred member (a suspension: accounts.standing) gets no session, whatever
        the way in; the page says why."""
        reason = standing.barred(user)
        if reason:
            clear_login(request)
            return render(request, "accounts/barred.html", {"reason": reason}, status=403)
        return super().pre_login(request, user, **kwargs)

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Render in the recipient's language, then queue: the email is a row in the
        task table before the request returns, and the worker delivers it."""
        request = allauth_context.request
        user = context.get("user")
        language = getattr(user, "language", None) or translation.get_language()
        with translation.override(language):
            message = self.render_mail(
                template_prefix, email, self._context(request, email, context, language)
            )
        payload = {
            "to": list(message.to),
            "subject": message.subject,
            "body": message.body,
            "html": _html_of(message),
        }
        transaction.on_commit(lambda: send_rendered_email.enqueue(**payload))

    def _context(
        self, request: HttpRequest, email: str, context: dict[str, Any], language: str
    ) -> dict[str, Any]:
        ctx = {
            "request": request,
            "email": email,
            # allauth greets "from {{ current_site.name }}": say Tremplin, not a host.
            "current_site": SimpleNamespace(
                name="Tremplin", domain=get_current_site(request).domain
            ),
            **context,
        }
        # allauth built the links with the prefix of the page that was used; the email
        # is in the member's language, so its links open pages in it too.
        for key in _LINK_KEYS:
            if ctx.get(key):
                ctx[key] = url_in_language(ctx[key], language)
        return ctx
