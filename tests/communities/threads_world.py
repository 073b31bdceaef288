"""The threads tests' world, built on the shared personas: three communities (public,
private, secret) where bob is the owner and alice a member, with a pending member
(penny), a banned member (barry), and carol a stranger; mallory is the site moderator.
Until the members part's services are merged, communities and memberships are made with
the ORM."""

from __future__ import annotations

from types import SimpleNamespace

from tests.factories import UserFactory
from tremplin.communities.models import Community, Membership, Role, Visibility
from tremplin.communities.services import threads as services

PERSONAS = ("anonymous", "stranger", "member", "pending", "banned", "moderator", "site_moderator")


def make_community(slug: str, visibility: str, **kwargs) -> Community:
    return Community.objects.create(
        slug=slug,
        name_fr=f"Communauté {slug}",
        name_en=f"Community {slug}",
        visibility=visibility,
        **kwargs,
    )


def join(community: Community, user, role: str = Role.MEMBER, status: str = "active") -> Membership:
    return Membership.objects.create(community=community, user=user, role=role, status=status)


def build(personas) -> SimpleNamespace:
    w = SimpleNamespace(**vars(personas))
    w.penny = UserFactory(email="penny@example.org", name="Penny Pending")
    w.barry = UserFactory(email="barry@example.org", name="Barry Banned")
    w.communities = {}
    w.threads = {}
    for visibility in (
        Visibility.PUBLIC,
        Visibility.MEMBERS,
        Visibility.PRIVATE,
        Visibility.SECRET,
    ):
        c = make_community(f"c-{visibility}", visibility)
        join(c, w.bob, Role.OWNER)
        join(c, w.alice)
        join(c, w.penny, status="pending")
        join(c, w.barry, status="banned")
        w.communities[visibility] = c
        t = services.start_thread(w.alice, c, title=f"Sujet {visibility}", body="Bonjour à tous")
        services.reply(w.bob, t, body="Bienvenue")
        w.threads[visibility] = t
    w.public = w.communities[Visibility.PUBLIC]
    w.private = w.communities[Visibility.PRIVATE]
    w.secret = w.communities[Visibility.SECRET]
    return w


def who(w: SimpleNamespace, persona: str):
    return {
        "anonymous": None,
        "stranger": w.carol,
        "member": w.alice,
        "pending": w.penny,
        "banned": w.barry,
        "moderator": w.bob,
        "site_moderator": w.mallory,
    }[persona]
