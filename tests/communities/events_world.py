"""The events tests' world, made with the ORM (the members part builds communities
through its services; these tests need only rows): three communities (public, private,
secret) moderated by bob, where alice is a member, erin asked to join (pending) and
mallory... is the site's moderator, not a member; dave is banned from all three and
carol belongs to none. Each community has one upcoming event; the agency (dave's and
erin's) has one public event of its own."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

from django.utils import timezone

from tremplin.communities.models import (  # noqa: F401  (Role: for the browser test)
    Community,
    Event,
    EventAudience,
    EventFormat,
    Membership,
    MembershipStatus,
    Role,
    Visibility,
)

LINK = "https://meet.example.org/secret-room-42"


def later(days: float = 3, hours: float = 0):
    return (timezone.now() + timedelta(days=days, hours=hours)).replace(microsecond=0)


def make_community(slug: str, visibility: str, **fields) -> Community:
    return Community.objects.create(
        slug=slug, name_fr=f"Communauté {slug}", name_en=f"Community {slug}",
        visibility=visibility, **fields,
    )  # fmt: skip


def join(community: Community, user, status=MembershipStatus.ACTIVE, role=Role.MEMBER):
    return Membership.objects.create(community=community, user=user, status=status, role=role)


def make_event(community=None, organization=None, **fields) -> Event:
    values = {
        "title": "Salon de l'emploi",
        "kind": "job_fair",
        "format": EventFormat.HYBRID,
        "venue": "Bibliothèque centrale",
        "city": "Ottawa",
        "online_url": LINK,
        "starts": later(),
        "ends": later(hours=2),
        "audience": EventAudience.PUBLIC,
    }
    values.update(fields)
    return Event.objects.create(community=community, organization=organization, **values)


def make_world(p: SimpleNamespace) -> SimpleNamespace:
    ensure_community_page()
    world = SimpleNamespace(**vars(p))
    for name, visibility in (
        ("public", Visibility.PUBLIC),
        ("private", Visibility.PRIVATE),
        ("secret", Visibility.SECRET),
    ):
        community = make_community(f"c-{name}", visibility)
        join(community, p.bob, role=Role.OWNER)
        join(community, p.alice)
        join(community, p.erin, status=MembershipStatus.PENDING)
        join(community, p.dave, status=MembershipStatus.BANNED)
        setattr(world, name, community)
        setattr(world, f"{name}_event", make_event(community, title=f"Atelier {name}"))
    world.agency_event = make_event(organization=p.agency, title="Portes ouvertes")
    return world


def ensure_community_page() -> None:
    """Until the members part (which owns `communities:detail`) is merged, the event
    pages' link to their community needs a stand-in; once it is there, nothing is
    added."""
    from django.http import HttpResponse
    from django.urls import NoReverseMatch, clear_url_caches, path, reverse

    from tremplin.communities import urls

    try:
        reverse("communities:detail", args=["x"])
    except NoReverseMatch:
        urls.urlpatterns.append(
            path("communities/<slug:slug>/", lambda r, slug: HttpResponse(slug), name="detail")
        )
        clear_url_caches()
