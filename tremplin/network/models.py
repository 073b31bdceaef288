"""Connections between members. The request/accept workflow arrives with the social
core; this model is the relation every audience rule reads."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class ConnectionQuerySet(models.QuerySet):
    def between(self, a, b):
        low, high = sorted([a.pk, b.pk])
        return self.filter(user_low_id=low, user_high_id=high)

    def user_ids_connected_to(self, user):
        """A subquery of user ids connected to `user` (usable in `__in`)."""
        from django.db.models import Case, When

        return (
            self.filter(Q(user_low=user) | Q(user_high=user))
            .annotate(
                other=Case(When(user_low=user, then=F("user_high_id")), default=F("user_low_id"))
            )
            .values("other")
        )


class Connection(models.Model):
    """One row per connected pair, stored with the smaller id first so a pair exists
    once and `between()` is a single index lookup."""

    user_low = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    user_high = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = ConnectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("connection")
        verbose_name_plural = _("connections")
        constraints = [
            models.UniqueConstraint(fields=["user_low", "user_high"], name="connection_once"),
            models.CheckConstraint(
                condition=Q(user_low__lt=F("user_high")), name="connection_ordered"
            ),
        ]
        indexes = [models.Index(fields=["user_high", "user_low"])]

    def __str__(self) -> str:
        return f"{self.user_low_id} ↔ {self.user_high_id}"
