"""The members part's world: one community of each visibility, each with the same cast
(from the `crew` personas), so every rule is asked of every persona:

    alice   owner            bob     moderator        carol   active member
    dave    asked to join    erin    invited          frank   banned
    greta   stranger (signed in, nothing to do with it)
    mallory site moderator (no membership)           anonymous: nobody signed in
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from tremplin.communities.models import (
    Community,
    JoinPolicy,
    Membership,
    MembershipStatus,
    Role,
    Visibility,
)
from tremplin.communities.services import communities as services

CAST = {
    "bob": (MembershipStatus.ACTIVE, Role.MODERATOR),
    "carol": (MembershipStatus.ACTIVE, Role.MEMBER),
    "dave": (MembershipStatus.PENDING, Role.MEMBER),
    "erin": (MembershipStatus.INVITED, Role.MEMBER),
    "frank": (MembershipStatus.BANNED, Role.MEMBER),
}
PERSONAS = ["anonymous", "alice", "bob", "carol", "dave", "erin", "frank", "greta", "mallory"]


def make_community(owner: Any, visibility: str, **more: Any) -> Community:
    fields = {
        "name_fr": f"Métiers de la santé ({visibility})",
        "name_en": f"Health care jobs ({visibility})",
        "description_fr": "Pour les personnes qui cherchent un emploi en santé.",
        "rules_fr": "Soyez bienveillants.",
        "visibility": visibility,
        "join_policy": JoinPolicy.REQUEST,
        "join_questions": ["Quel métier visez-vous ?"],
        **more,
    }
    return services.create_community(owner, **fields)


def cast(community: Community, crew: SimpleNamespace) -> Community:
    """Gives the community the cast above (rows written directly: the services are
    tested on their own)."""
    for name, (status, role) in CAST.items():
        Membership.objects.create(
            community=community, user=getattr(crew, name), status=status, role=role
        )
    active = sum(1 for status, _role in CAST.values() if status == MembershipStatus.ACTIVE)
    Community.objects.filter(pk=community.pk).update(member_count=1 + active)
    community.refresh_from_db()
    return community


def world(crew: SimpleNamespace) -> dict[str, Community]:
    return {v: cast(make_community(crew.alice, v), crew) for v in Visibility.values}
