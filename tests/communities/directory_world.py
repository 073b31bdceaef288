"""A small world of communities for the directory's and the feed places' tests: one of
each visibility, an official one, and members in every status."""

from __future__ import annotations

import json
from itertools import count
from types import SimpleNamespace

from django.test import Client
from django.utils import timezone

from tests.factories import UserFactory
from tremplin.api.services import create_token
from tremplin.communities.models import Community, Membership, MembershipStatus, Role
from tremplin.communities.services.community_settings import search_text_of

_serial = count(1)


def make_community(name_fr: str = "", name_en: str = "", **fields) -> Community:
    fields.setdefault("slug", f"communaute-{next(_serial)}")
    community = Community(name_fr=name_fr, name_en=name_en, **fields)
    community.search_text = search_text_of(community)
    community.save()
    return community


def join(community: Community, user, status=MembershipStatus.ACTIVE, role=Role.MEMBER, **more):
    membership = Membership.objects.create(
        community=community,
        user=user,
        status=status,
        role=role,
        joined=timezone.now() if status == MembershipStatus.ACTIVE else None,
        **more,
    )
    if status == MembershipStatus.ACTIVE:
        community.member_count += 1
        community.save(update_fields=["member_count"])
    return membership


def build(personas) -> SimpleNamespace:
    """alice owns every community; bob is an active member of each; pat asked to join
    (pending); bruno was banned; carol is a stranger (signed in, not a member); mallory
    is a site moderator (no special access)."""
    pat = UserFactory(email="pat@example.org", name="Pat Pending")
    bruno = UserFactory(email="bruno@example.org", name="Bruno Banned")
    w = SimpleNamespace(**vars(personas), pat=pat, bruno=bruno)
    w.public = make_community(
        "Métiers de la santé",
        "Health careers",
        slug="sante",
        description_fr="Infirmières et préposés aux bénéficiaires.",
        topics="santé, soins",
        region="QC",
        sector="health",
        languages="fr,en",
        visibility="public",
        organization=personas.agency,
    )
    w.members = make_community(
        "Techno Montréal", slug="techno", topics="informatique", region="QC", visibility="members"
    )
    w.private = make_community(
        "Cercle privé", slug="prive", topics="mentorat", region="ON", visibility="private"
    )
    w.secret = make_community(
        "Groupe secret", slug="secret", topics="confidentiel", region="QC", visibility="secret"
    )
    for community in (w.public, w.members, w.private, w.secret):
        join(community, personas.alice, role=Role.OWNER)
        join(community, personas.bob)
        join(community, pat, status=MembershipStatus.PENDING)
        join(community, bruno, status=MembershipStatus.BANNED)
    return w


class Api:
    """A JSON client for /api/v1 with one member's write token (or none)."""

    def __init__(self, user=None):
        self.client = Client()
        self.headers = {}
        if user is not None:
            _token, raw = create_token(user, "tests", can_write=True)
            self.headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    def get(self, url):
        return self.client.get("/api/v1" + url, **self.headers)

    def post(self, url, body):
        return self.client.post(
            "/api/v1" + url, json.dumps(body), content_type="application/json", **self.headers
        )
