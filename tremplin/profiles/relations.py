"""Who keeps her "recruiters" audience from a recruiter (tremplin.core.audience): a
member whose current employer (an experience with no end date naming it, case folded)
or chosen hidden employer (`Profile.hidden_from_employers`) is one of the recruiter's
employers. One Q answers both questions core asks, for a queryset and for one member,
so the two cannot disagree. Registered from hooks.py.

The recruiter's employers are all the employers where she holds a role, verified or
not: a recruiter at two employers is kept out when either is the member's.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q

from tremplin.organizations.models import Organization, OrgKind
from tremplin.profiles.choices import organization_key
from tremplin.profiles.models import Experience, Profile


def _employers_of(user_id: int) -> Any:
    return Organization.objects.filter(kind=OrgKind.EMPLOYER, memberships__user_id=user_id)


def kept_from_recruiter_q(user_id: int, owner_field: str) -> Q:
    """Rows whose owner keeps her "recruiters" audience from `user_id`'s employers: one
    query for the employers' names (a recruiter has one or two), then two subqueries.
    The current-employer one reads the partial index `experience_current` (current rows
    by folded name: `Experience.organization_key`)."""
    names = {organization_key(n) for n in _employers_of(user_id).values_list("name", flat=True)}
    current = Experience.objects.filter(end__isnull=True, organization_key__in=names).values(
        "profile__user_id"
    )
    hidden = Profile.hidden_from_employers.through.objects.filter(
        organization__in=_employers_of(user_id).values("pk")
    ).values("profile__user_id")
    return Q(**{f"{owner_field}__in": current}) | Q(**{f"{owner_field}__in": hidden})


def kept_from_recruiter(user_id: int, owner_id: int) -> bool:
    """The same rule for one member (one query)."""
    users = get_user_model().objects.filter(pk=owner_id)
    return users.filter(kept_from_recruiter_q(user_id, "pk")).exists()
