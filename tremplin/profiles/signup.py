"""The sign-up: allauth's adapter (tremplin.accounts.adapter) plus the member's profile,
made with the account, so that no page ever meets an account without one. It lives in
profiles because accounts is the lower layer: it cannot know profiles exist."""

from __future__ import annotations

from django.forms import BaseForm
from django.http import HttpRequest

from tremplin.accounts.adapter import AccountAdapter
from tremplin.accounts.models import User
from tremplin.profiles.services import create_profile


class SignupAdapter(AccountAdapter):
    def save_user(
        self, request: HttpRequest, user: User, form: BaseForm, commit: bool = True
    ) -> User:
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            create_profile(user, form.cleaned_data.get("name", ""), user.language)
        return user
