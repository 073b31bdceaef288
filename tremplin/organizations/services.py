"""Organisation actions: invitations, acceptance, employer verification.

A request that is wrong (a role this kind of organisation cannot give, a role the person
already holds) is an `OrganizationRefusal`; an action the member may not take at all is
`PermissionDenied` (a 403 page), as Django's own permission checks are.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from functools import partial
from typing import Any

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tremplin.api.models import hash_token
from tremplin.core.email import send
from tremplin.core.refusals import Refusal
from tremplin.core.viewer import viewer_of
from tremplin.organizations.models import (
    ROLES_BY_KIND,
    Invitation,
    Membership,
    Organization,
    OrgKind,
    Role,
)
from tremplin.organizations.tasks import send_invitation_email

INVITATION_DAYS = 14


class OrganizationRefusal(Refusal):
    area = "organizations"


def require_admin(org: Organization, user: Any) -> None:
    if not org.is_admin(user):
        raise PermissionDenied


@transaction.atomic
def create_organization(user: Any, kind: str, **fields: Any) -> Organization:
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
def invite(org: Organization, by: Any, email: str, role: str, language: str) -> Invitation:
    require_admin(org, by)
    if role not in ROLES_BY_KIND[OrgKind(org.kind)]:
        raise OrganizationRefusal(_("This organisation cannot give that role."))
    email = email.strip().lower()
    if org.memberships.filter(user__email__iexact=email, role=role).exists():
        raise OrganizationRefusal(_("This person already has that role here."), code="exists")
    invitation = Invitation.objects.create(
        organization=org,
        email=email,
        role=role,
        language=language,
        # A placeholder: the token the email carries is made when it is sent.
        token_hash=hash_token(secrets.token_urlsafe(32)),
        invited_by=by,
        expires=timezone.now() + timedelta(days=INVITATION_DAYS),
    )
    transaction.on_commit(partial(send_invitation_email.enqueue, invitation.pk))
    return invitation


def email_invitation(invitation_id: int) -> bool:
    """The invitation's email (from the queue, which holds only its id): its token is
    made now and only its hash is kept, so neither the task row nor the table holds a
    usable link. Nothing for an invitation accepted or expired since."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .filter(pk=invitation_id, accepted_at__isnull=True, expires__gt=timezone.now())
            .first()
        )
        if invitation is None:
            return False
        raw = secrets.token_urlsafe(32)
        invitation.token_hash = hash_token(raw)
        invitation.save(update_fields=["token_hash"])
    org, language = invitation.organization, invitation.language
    with translation.override(language):
        path = reverse("organizations:accept", kwargs={"token": raw})
        context = {
            "organization": org.name,
            "role": str(Role(invitation.role).label),
            "inviter": invitation.invited_by.display_name if invitation.invited_by else "",
            "path": path,
            "days": INVITATION_DAYS,
        }
    send(invitation.email, "email/invitation", context, language)
    return True


@transaction.atomic
def accept(invitation: Invitation, user: Any) -> Membership:
    """Only the invited address may accept, and only once it is verified."""
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


def may_verify(user: Any) -> bool:
    """Site administrators and agency administrators vouch for employers."""
    return bool(user.is_staff) or viewer_of(user).is_agency_admin


@transaction.atomic
def set_verified(employer: Organization, by: Any, verified: bool) -> Organization:
    """An agency administrator vouches for an employer (job postings rely on it)."""
    if not may_verify(by):
        raise PermissionDenied
    if employer.kind != OrgKind.EMPLOYER:
        raise OrganizationRefusal(_("Only employers are verified."))
    employer.verified = verified
    employer.verified_by = by if verified else None
    employer.verified_at = timezone.now() if verified else None
    employer.save(update_fields=["verified", "verified_by", "verified_at"])
    return employer
