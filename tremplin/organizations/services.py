"""Organisation actions: invitations, acceptance, employer verification."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tremplin.api.models import hash_token
from tremplin.core.tasks import send_email
from tremplin.organizations.models import (
    ROLES_BY_KIND,
    Invitation,
    Membership,
    Organization,
    OrgKind,
    Role,
)

INVITATION_DAYS = 14


def require_admin(org: Organization, user) -> None:
    if not org.is_admin(user):
        raise PermissionDenied


@transaction.atomic
def create_organization(user, kind: str, **fields) -> Organization:
    """Anyone may open an employer page (they become its admin); agencies are created
    by site administrators, since an agency admin vouches for counsellors."""
    if kind == OrgKind.AGENCY and not user.is_staff:
        raise PermissionDenied
    org = Organization(kind=kind, **fields)
    org.full_clean()
    org.save()
    Membership.objects.create(organization=org, user=user, role=Role.ADMIN)
    return org


@transaction.atomic
def invite(org: Organization, by, email: str, role: str, language: str) -> Invitation:
    require_admin(org, by)
    if role not in ROLES_BY_KIND[OrgKind(org.kind)]:
        raise ValidationError(_("This organisation cannot give that role."))
    email = email.strip().lower()
    if org.memberships.filter(user__email__iexact=email, role=role).exists():
        raise ValidationError(_("This person already has that role here."))
    raw = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organization=org,
        email=email,
        role=role,
        language=language,
        token_hash=hash_token(raw),
        invited_by=by,
        expires=timezone.now() + timedelta(days=INVITATION_DAYS),
    )
    with translation.override(language):
        path = reverse("organizations:accept", kwargs={"token": raw})
        context = {
            "organization": org.name,
            "role": str(Role(role).label),
            "inviter": by.display_name,
            "path": path,
            "days": INVITATION_DAYS,
        }
    transaction.on_commit(lambda: send_email.enqueue(email, "invitation", context, language))
    return invitation


def find_invitation(raw: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("organization")
        .filter(token_hash=hash_token(raw), accepted_at__isnull=True, expires__gt=timezone.now())
        .first()
    )


@transaction.atomic
def accept(invitation: Invitation, user) -> Membership:
    """Only the invited address may accept, and only once it is verified."""
    from allauth.account.models import EmailAddress

    verified = EmailAddress.objects.filter(
        user=user, email__iexact=invitation.email, verified=True
    ).exists()
    if not verified:
        raise PermissionDenied(_("This invitation was sent to another email address."))
    if invitation.role not in ROLES_BY_KIND[OrgKind(invitation.organization.kind)]:
        # An invitation made outside `invite()` (the admin site, a script) is checked too.
        raise PermissionDenied(_("This organisation cannot give that role."))
    # Claim the invitation first, conditionally: a second tab or a concurrent request
    # holding the same (stale) invitation finds nothing left to claim.
    claimed = Invitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, expires__gt=timezone.now()
    ).update(accepted_at=timezone.now(), accepted_by=user)
    if not claimed:
        raise PermissionDenied(_("This invitation was already used or has expired."))
    membership, _created = Membership.objects.get_or_create(
        organization=invitation.organization, user=user, role=invitation.role
    )
    return membership


@transaction.atomic
def set_verified(employer: Organization, by, verified: bool) -> Organization:
    """An agency administrator vouches for an employer (job postings rely on it)."""
    if not (by.is_staff or by.is_agency_admin):
        raise PermissionDenied
    if employer.kind != OrgKind.EMPLOYER:
        raise ValidationError(_("Only employers are verified."))
    employer.verified = verified
    employer.verified_by = by if verified else None
    employer.verified_at = timezone.now() if verified else None
    employer.save(update_fields=["verified", "verified_by", "verified_at"])
    return employer
