"""A counselling case: one client served by one counsellor of one agency.

It is the relation behind the "my counsellors" audience. Requests, consent screens and
caseload tools grow on it in the counselling issue.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


# Lifecycle: the only allowed moves.
CASE_TRANSITIONS = {CaseStatus.ACTIVE: {CaseStatus.CLOSED}, CaseStatus.CLOSED: set()}


class CaseQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=CaseStatus.ACTIVE)


class Case(models.Model):
    agency = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="cases"
    )
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="caseload"
    )
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cases"
    )
    status = models.CharField(max_length=10, choices=CaseStatus, default=CaseStatus.ACTIVE)
    client_consented_at = models.DateTimeField()
    created = models.DateTimeField(auto_now_add=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("counselling case")
        verbose_name_plural = _("counselling cases")
        constraints = [
            models.UniqueConstraint(
                fields=["counsellor", "client"],
                condition=models.Q(status="active"),
                name="one_active_case_per_pair",
            )
        ]
        indexes = [models.Index(fields=["counsellor", "status"])]

    def __str__(self) -> str:
        return f"{self.counsellor_id} → {self.client_id} ({self.status})"
