"""A small world for the moderation part's tests, built with the ORM (the other parts'
services are not on this branch): a private community with its owner, a moderator, a
member, a pending member and a banned one; a stranger; a site moderator; a thread, a
reply, an event and a resource of the member's; a secret community and a public one."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

from django.utils import timezone

from tests.factories import UserFactory
from tremplin.communities.models import (
    Community,
    Event,
    Membership,
    MembershipStatus,
    Reply,
    Resource,
    Role,
    Thread,
    ThreadKind,
    Visibility,
)

OLD = timezone.now() - timedelta(days=400)


def member(community: Community, user, role=Role.MEMBER, status=MembershipStatus.ACTIVE, **kw):
    joined = kw.pop("joined", OLD)
    m = Membership.objects.create(
        community=community, user=user, role=role, status=status, joined=joined, **kw
    )
    if status == MembershipStatus.ACTIVE:
        Community.objects.filter(pk=community.pk).update(member_count=community.member_count + 1)
        community.member_count += 1
    return m


def community(slug: str, visibility: str, **kw) -> Community:
    return Community.objects.create(
        slug=slug,
        name_fr=f"Communauté {slug}",
        name_en=f"Community {slug}",
        visibility=visibility,
        **kw,
    )


def old_user(**kw):
    return UserFactory(date_joined=OLD, **kw)


def make_world() -> SimpleNamespace:
    w = SimpleNamespace()
    w.owner = old_user(email="olga@example.org", name="Olga Owner", language="fr")
    w.mod = old_user(email="mo@example.org", name="Mo Moderator", language="en")
    w.mel = old_user(email="mel@example.org", name="Mel Member", language="fr")
    w.pat = old_user(email="pat@example.org", name="Pat Pending")
    w.ben = old_user(email="ben@example.org", name="Ben Banned")
    w.sue = old_user(email="sue@example.org", name="Sue Stranger")
    w.site = old_user(email="site@example.org", name="Site Moderator", is_moderator=True)
    w.private = community("cuisine", Visibility.PRIVATE)
    w.secret = community("cachee", Visibility.SECRET)
    w.public = community("ouverte", Visibility.PUBLIC)
    member(w.private, w.owner, Role.OWNER)
    member(w.private, w.mod, Role.MODERATOR)
    w.mel_membership = member(w.private, w.mel)
    member(w.private, w.pat, status=MembershipStatus.PENDING)
    member(w.private, w.ben, status=MembershipStatus.BANNED)
    member(w.secret, w.owner, Role.OWNER)
    member(w.secret, w.mel)
    member(w.secret, w.ben, status=MembershipStatus.BANNED)
    member(w.public, w.owner, Role.OWNER)
    member(w.public, w.mel)
    w.thread = Thread.objects.create(
        community=w.private, author=w.mel, title="Recette secrète", body="Le texte privé"
    )
    w.reply = Reply.objects.create(thread=w.thread, author=w.mel, body="Une réponse", number=1)
    Thread.objects.filter(pk=w.thread.pk).update(reply_count=1)
    Community.objects.filter(pk=w.private.pk).update(thread_count=1)
    w.question = Thread.objects.create(
        community=w.private,
        author=w.mod,
        kind=ThreadKind.QUESTION,
        title="Question sans réponse",
        body="?",
    )
    w.event = Event.objects.create(
        community=w.private,
        created_by=w.mel,
        title="Atelier privé",
        starts=timezone.now() + timedelta(days=3),
        ends=timezone.now() + timedelta(days=3, hours=2),
    )
    w.resource = Resource.objects.create(
        community=w.private, author=w.mel, kind="guide", title="Guide privé", body="Le guide"
    )
    w.secret_thread = Thread.objects.create(
        community=w.secret, author=w.mel, title="Sujet caché", body="Rien à voir"
    )
    w.public_thread = Thread.objects.create(
        community=w.public, author=w.mel, title="Sujet public", body="Pour tous"
    )
    return w


def stand_in_links(monkeypatch) -> None:
    """Until the threads, events, resources and members parts are merged, their pages'
    URL names do not exist on this branch: stand-in addresses, used only then."""
    from django.urls import NoReverseMatch, reverse

    for model, name, prefix in (
        (Thread, "communities:thread", "/communities/threads/"),
        (Event, "communities:event", "/communities/events/"),
        (Resource, "communities:resource", "/communities/resources/"),
    ):
        try:
            reverse(name, args=[1])
        except NoReverseMatch:
            monkeypatch.setattr(model, "get_absolute_url", lambda self, p=prefix: f"{p}{self.pk}/")
    try:
        reverse("communities:detail", args=["x"])
    except NoReverseMatch:
        monkeypatch.setattr(
            Community, "get_absolute_url", lambda self: f"/communities/{self.slug}/"
        )


def once(django_db_blocker, build=make_world):
    """Build the world once for a module, inside a transaction rolled back at its end
    (each test's own transaction is a savepoint inside it, as with the shared personas).
    Yields the world; the tests take fresh copies with `fresh`."""
    import pytest
    from django.db import connection, transaction

    with pytest.MonkeyPatch.context() as patch:
        stand_in_links(patch)
        with django_db_blocker.unblock():
            atomic = transaction.atomic()
            atomic.__enter__()
            connection.atomic_blocks[-1]._from_testcase = True
            try:
                built = build()
            except BaseException:
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)
                raise
        try:
            yield built
        finally:
            with django_db_blocker.unblock():
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)


def fresh(world: SimpleNamespace) -> SimpleNamespace:
    """New Python objects for the world's rows (no cache carried from a test to the
    next)."""
    from django.db import models

    copy = SimpleNamespace()
    for name, value in vars(world).items():
        if isinstance(value, models.Model):
            value = type(value)._default_manager.get(pk=value.pk)
        setattr(copy, name, value)
    return copy
