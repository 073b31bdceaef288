"""allauth's sign-up form, costing the same for a known address and a new one.

With enumeration prevention, a sign-up with an address that already has an account
creates nothing and queues an "you already have an account" email, while a new address
hashes its password (Argon2, the costly step): the two answered in 22 ms and 270 ms, and
the difference told whether an address had an account. The known path now hashes the
given password too (and throws the hash away); its email goes through the queue, like
the new path's confirmation. (A module of its own: allauth builds its form on top of
`accounts.forms.SignupForm`, so that module cannot import allauth's forms.)
"""

from __future__ import annotations

from typing import Any

from allauth.account.forms import SignupForm
from django.contrib.auth.hashers import make_password
from django.http import HttpRequest


class EqualCostSignupForm(SignupForm):
    def try_save(self, request: HttpRequest) -> tuple[Any, Any]:
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1") or "")  # the new path's work
        return super().try_save(request)
