"""Agencies and employers, the roles people hold at them, and invitations to a role."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tremplin.core.regions import Region
from tremplin.core.viewer import viewer_of


class OrgKind(models.TextChoices):
    AGENCY = "agency", _("Employment agency")
    EMPLOYER = "employer", _("Employer")


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    COUNSELLOR = "counsellor", _("Employment counsellor")
    RECRUITER = "recruiter", _("Recruiter")


# Which roles each kind of organisation can give: a counsellor exists only at an agency.
ROLES_BY_KIND = {
    OrgKind.AGENCY: {Role.ADMIN, Role.COUNSELLOR},
    OrgKind.EMPLOYER: {Role.ADMIN, Role.RECRUITER},
}


class OrganizationQuerySet(models.QuerySet["Organization"]):
    def visible_to(self, viewer: Any) -> OrganizationQuerySet:
        """Organisation pages are public: they are how people find agencies and employers."""
        return self.all()

    def agencies(self) -> OrganizationQuerySet:
        return self.filter(kind=OrgKind.AGENCY)

    def employers(self) -> OrganizationQuerySet:
        return self.filter(kind=OrgKind.EMPLOYER)


def logo_path(instance: Organization, filename: str) -> str:
    return f"logos/{instance.slug}.jpg"


class Organization(models.Model):
    kind = models.CharField(_("kind"), max_length=10, choices=OrgKind)
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=150)
    description_fr = models.TextField(_("description in French"), blank=True, max_length=4000)
    description_en = models.TextField(_("description in English"), blank=True, max_length=4000)
    region = models.CharField(_("region"), max_length=2, choices=Region, blank=True)
    city = models.CharField(_("city"), max_length=80, blank=True)
    website = models.URLField(_("website"), blank=True)
    # An agency's shared address for its clients: the organiser of appointment
    # invitations (appointments.emails), so that a reply reaches a person while
    # counsellors' own addresses stay private. Never shown on the public page.
    contact_email = models.EmailField(_("contact address for clients"), blank=True)
    logo = models.ImageField(_("logo"), upload_to=logo_path, blank=True)
    verified = models.BooleanField(_("verified"), default=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def description(self) -> str:
        """The description in the reader's language, or the other one if that is empty."""
        if get_language() == "en":
            return self.description_en or self.description_fr
        return self.description_fr or self.description_en

    def is_visible_to(self, viewer: Any) -> bool:
        """Public, like the set (`OrganizationQuerySet.visible_to`)."""
        return True

    def is_admin(self, user: Any) -> bool:
        """Whether `user` administers this organisation (the viewer's memberships, read
        once per request)."""
        return self.pk in viewer_of(user).organization_ids(role=Role.ADMIN)


class Membership(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=12, choices=Role)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["organization", "user", "role"], name="membership_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} @ {self.organization}"


class Invitation(models.Model):
    """An emailed invitation to take a role at an organisation. Only a hash of the
    token is stored: a leaked database cannot be used to accept invitations."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=12, choices=Role)
    language = models.CharField(
        _("language of the invitation"), max_length=2, choices=settings.LANGUAGES
    )
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    expires = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.role} @ {self.organization_id}"
