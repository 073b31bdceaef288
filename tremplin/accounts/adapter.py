"""allauth's hooks into our accounts: a new account's language, and allauth's emails
(verification, password reset, notices of changes) queued with ids, then built in the
member's language and sent through our one email path by a task (accounts.mail)."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.stagekit import clear_login
from django.conf import settings
from django.db import transaction
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation

from tremplin.accounts import standing
from tremplin.accounts.mail import job_of
from tremplin.accounts.models import User
from tremplin.accounts.tasks import send_account_email


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

    def send_notification_mail(
        self,
        template_prefix: str,
        user: Any,
        context: dict[str, Any] | None = None,
        email: str | None = None,
    ) -> None:
        """allauth's notice of a change: the member goes with it (allauth keeps only the
        address), so the queued task names the member by id."""
        super().send_notification_mail(
            template_prefix, user, {**(context or {}), "user": user}, email
        )

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Queue the email with ids only (accounts.mail): the task builds its links and
        reads its addresses when it runs, so the task row holds no secret."""
        job = job_of(template_prefix, email, context)
        transaction.on_commit(lambda: send_account_email.enqueue(**job))
