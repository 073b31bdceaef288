"""Factories for the test suite. Every user gets a verified email and a profile,
like a member who finished sign-up."""

from __future__ import annotations

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from tremplin.accounts.models import User
from tremplin.counselling.models import Case
from tremplin.organizations.models import Membership, Organization, OrgKind, Role
from tremplin.profiles.services import create_profile

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"member{n}@example.org")
    language = "fr"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        name = kwargs.pop("name", None)
        user = model_class.objects.create_user(*args, password=PASSWORD, **kwargs)
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        create_profile(user, name or user.email.split("@")[0].title(), user.language)
        return user


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    kind = OrgKind.AGENCY
    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"org-{n}")
    region = "ON"


def make_member(org: Organization, role: str = Role.COUNSELLOR, **kwargs) -> User:
    user = UserFactory(**kwargs)
    Membership.objects.create(organization=org, user=user, role=role)
    return user


def make_case(agency: Organization, counsellor: User, client: User, **scopes: bool) -> Case:
    """An active case with every scope granted unless `scopes` says otherwise
    (e.g. `shares_documents=False`)."""
    granted = {
        "shares_profile": True,
        "shares_documents": True,
        "shares_applications": True,
        "allows_messages": True,
        **scopes,
    }
    return Case.objects.create(
        agency=agency,
        counsellor=counsellor,
        client=client,
        status="active",
        client_consented_at=timezone.now(),
        **granted,
    )


def fresh_totp(secret: str, margin: float = 5.0) -> str:
    """The current TOTP code of `secret`, with at least `margin` seconds of its 30-second
    window left: a code read near the end of its window could reach the server in the
    next one and be refused (allauth tolerates no drift), as a loaded CI machine showed."""
    import time

    import pyotp

    totp = pyotp.TOTP(secret)
    left = totp.interval - time.time() % totp.interval
    if left < margin:
        time.sleep(left + 0.05)
    return totp.now()


def give_totp(user: User) -> str:
    """Turn on TOTP for a user (roles that require MFA); returns the secret."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret
