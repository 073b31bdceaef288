"""The read path of organisations, shared by the pages and the API: the directory, one
organisation or a 404, an organisation's people and pending invitations, the employers
to verify, and an invitation by its token."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from tremplin.api.models import hash_token
from tremplin.core.reads import visible_or_404
from tremplin.organizations.models import Invitation, Membership, Organization, OrgKind


def organizations_for(viewer: Any, kind: str | None = None) -> QuerySet[Organization]:
    """The directory, by name; `kind` narrows it when it is a kind (else ignored)."""
    found = Organization.objects.visible_to(viewer)
    if kind in OrgKind.values:
        found = found.filter(kind=kind)
    return found


def organization_or_404(viewer: Any, slug: str) -> Organization:
    return visible_or_404(Organization.objects.visible_to(viewer), slug=slug)


def members_of(org: Organization) -> QuerySet[Membership]:
    """The organisation's people and roles (its administrators' members page)."""
    return org.memberships.select_related("user__profile").order_by("role")


def pending_invitations(org: Organization) -> QuerySet[Invitation]:
    return org.invitations.filter(accepted_at__isnull=True).order_by("-created")


def employers_to_verify() -> QuerySet[Organization]:
    """Every employer, those still unverified first."""
    return Organization.objects.employers().order_by("verified", "name")


def find_invitation(raw: str) -> Invitation | None:
    """The invitation a token opens: not used yet and not expired."""
    return (
        Invitation.objects.select_related("organization")
        .filter(token_hash=hash_token(raw), accepted_at__isnull=True, expires__gt=timezone.now())
        .first()
    )
