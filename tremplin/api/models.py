"""Personal access tokens: a secret shown once (only its SHA-256 is kept), scopes per
area and access (`tremplin.api.scopes`), an end date, and where it was last used."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TOKEN_PREFIX = "trp_"
DEFAULT_DAYS = 90
MAX_DAYS = 365


def hash_token(raw: str) -> str:
    # The raw token has 256 bits of entropy, so a fast hash is safe here (unlike passwords).
    return hashlib.sha256(raw.encode()).hexdigest()


def default_expiry() -> datetime:
    return timezone.now() + timedelta(days=DEFAULT_DAYS)


class TokenQuerySet(models.QuerySet["PersonalAccessToken"]):
    def active(self) -> TokenQuerySet:
        """Neither revoked nor expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class PersonalAccessToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=80)
    # The first characters, shown in the list so people can tell tokens apart.
    hint = models.CharField(max_length=12)
    token_hash = models.CharField(max_length=64, unique=True)
    # "<area>:<access>" strings (tremplin.api.scopes.ALL_SCOPES), write implying read.
    scopes = models.JSONField(_("scopes"), default=list)
    created = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), default=default_expiry)
    last_used = models.DateTimeField(null=True, blank=True)
    last_used_ip = models.GenericIPAddressField(_("last used from"), null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = TokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("personal access token")
        verbose_name_plural = _("personal access tokens")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    def allows(self, scope: str | None) -> bool:
        return scope is not None and scope in self.scopes

    @staticmethod
    def new_raw_token() -> str:
        return TOKEN_PREFIX + secrets.token_urlsafe(32)
