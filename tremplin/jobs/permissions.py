"""Who may do what with job postings, asked by the pages, the API and the actions.

Every answer comes from the viewer's organisations and roles (`core.viewer`, one query,
shared by the whole of a GET): employers' admins and recruiters post for their employer,
agencies' admins and counsellors for their agency; a verified employer's and an agency's
postings open without review. Agency admins review postings (`is_reviewer`); they and the
site's moderators handle reports (`models.moderates_postings`).
"""

from __future__ import annotations

from typing import Any

from tremplin.core.viewer import viewer_of
from tremplin.jobs.models import Posting, PostingSource, PostingStatus, moderates_postings
from tremplin.organizations.models import Organization, OrgKind, Role

# The roles that post for each kind of organisation.
POSTING_ROLES = {
    OrgKind.EMPLOYER: (Role.ADMIN, Role.RECRUITER),
    OrgKind.AGENCY: (Role.ADMIN, Role.COUNSELLOR),
}


def _roles_at(user: Any, organization_id: int | None) -> set[str]:
    return {m.role for m in viewer_of(user).memberships if m.organization_id == organization_id}


def is_employer_staff(user: Any, organization: Organization | None) -> bool:
    """An admin or recruiter of an employer."""
    if organization is None or organization.kind != OrgKind.EMPLOYER:
        return False
    return bool(_roles_at(user, organization.pk) & set(POSTING_ROLES[OrgKind.EMPLOYER]))


def is_agency_staff(user: Any, agency: Organization | None) -> bool:
    """An admin or counsellor of an agency."""
    if agency is None or agency.kind != OrgKind.AGENCY:
        return False
    return bool(_roles_at(user, agency.pk) & set(POSTING_ROLES[OrgKind.AGENCY]))


def is_reviewer(user: Any) -> bool:
    """An admin of any agency: reviews the postings waiting in the queue."""
    return viewer_of(user).is_agency_admin


def posting_homes(user: Any) -> list[Organization]:
    """The organisations `user` may post for: employers where they are admin or recruiter,
    agencies where they are admin or counsellor (employers first, then by name)."""
    viewer = viewer_of(user)
    ids = {
        organization
        for kind, roles in POSTING_ROLES.items()
        for role in roles
        for organization in viewer.organization_ids(role=role, kind=kind)
    }
    if not ids:
        return []
    found = Organization.objects.filter(pk__in=ids)
    # "employer" sorts after "agency": employers first, then by name.
    return sorted(found, key=lambda o: (o.kind != OrgKind.EMPLOYER, o.name))


def can_post(user: Any) -> bool:
    return bool(posting_homes(user))


def can_manage(user: Any, posting: Posting) -> bool:
    return posting.is_managed_by(user)


def is_trusted(user: Any, posting: Posting) -> bool:
    """Whether `posting` may open without review when `user` publishes it: agency staff
    for their agency, admins and recruiters of a verified employer; an agency's import
    (user None)."""
    if posting.agency_id is not None:
        if user is None:
            return posting.source == PostingSource.IMPORTED
        if is_agency_staff(user, posting.agency):
            return True
    organization = posting.organization
    if organization is not None and organization.verified and user is not None:
        return is_employer_staff(user, organization)
    return False


def can_remove(user: Any, posting: Posting) -> bool:
    """Moderators and agency admins remove a reported posting; an agency's admins may
    remove their agency's postings at any time."""
    if posting.status in (PostingStatus.REMOVED, PostingStatus.DRAFT, PostingStatus.REJECTED):
        return False
    if posting.agency_id is not None and Role.ADMIN in _roles_at(user, posting.agency_id):
        return True
    return moderates_postings(user) and posting.reports.filter(resolved_at__isnull=True).exists()
