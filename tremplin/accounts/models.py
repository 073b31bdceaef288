"""The account: an email address, a language, site-wide roles; a browser it signed in
from. What a member shows others is their profile (profiles); roles at organisations
are memberships (organizations), read through the viewer."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.core.viewer import viewer_of


class Language(models.TextChoices):
    FR = "fr", "Français"
    EN = "en", "English"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """An account. What a person shows others lives on their Profile; roles at an
    organisation live on Membership; only site-wide roles are flags here."""

    email = models.EmailField(_("email address"), unique=True)
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=Language,
        default=Language.FR,
        help_text=_("Pages, emails and notifications use this language."),
    )
    # A field over AbstractBaseUser's class attribute, as Django intends.
    is_active = models.BooleanField(_("active"), default=True)  # type: ignore[misc]
    is_staff = models.BooleanField(_("site administrator"), default=False)
    is_moderator = models.BooleanField(_("moderator"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.email

    @property
    def display_name(self) -> str:
        profile = getattr(self, "profile", None)
        return profile.display_name if profile else self.email.split("@")[0]

    # Roles come from the viewer's memberships (tremplin.core.viewer), read once per
    # request: organisations are a layer above accounts.
    @property
    def is_counsellor(self) -> bool:
        return viewer_of(self).is_counsellor

    @property
    def is_agency_admin(self) -> bool:
        return viewer_of(self).is_agency_admin

    @property
    def requires_mfa(self) -> bool:
        """Accounts that can see other people's private data must use a second factor."""
        return viewer_of(self).requires_mfa


class KnownDevice(models.Model):
    """A browser a user has signed in from; a sign-in from a new one sends an email."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="known_devices")
    fingerprint = models.CharField(max_length=64)
    user_agent = models.CharField(max_length=300)
    first_seen = models.DateTimeField(auto_now_add=True)
    last_seen = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "fingerprint"], name="device_once_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.user_agent[:40]}"


class AddressChange(models.Model):
    """An email address that left an account: changed to another, or removed. The old
    address is told (allauth's notification, queued with this row's id, never the
    address), and a change carries a link that locks the account if it was not the
    member (`services.lock_after_address_change`). Rows are pruned after
    `TREMPLIN_ADDRESS_CHANGE_DAYS` days, when the link has expired."""

    class Kind(models.TextChoices):
        CHANGED = "changed", _("changed")
        REMOVED = "removed", _("removed")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="address_changes")
    kind = models.CharField(max_length=8, choices=Kind)
    old_email = models.EmailField()
    new_email = models.EmailField(blank=True)
    created = models.DateTimeField(default=timezone.now)
    locked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user_id}: {self.kind} {self.created:%Y-%m-%d}"
