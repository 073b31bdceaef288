"""Nothing of a private or secret community reaches a non-member, a pending member, a
banned member or a search engine (an anonymous visitor): not through the models' rules,
not through the pages and API on this branch (the directory, the moderation log, the
digest choice), not in a report, not in a digest email, not in a notification.

Personas: anonymous, stranger (signed in, not a member), member, pending member, banned
member, community moderator, site moderator."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from tests.accounts.helpers import sign_in
from tests.api_calls import api_call
from tests.communities.moderation_world import fresh, once
from tests.factories import give_totp
from tremplin.communities.models import Community, Event, Membership, Reply, Resource, Thread
from tremplin.communities.services import digest
from tremplin.moderation import services as reports
from tremplin.moderation.models import ModerationRefusal
from tremplin.notifications.models import Notification

pytestmark = pytest.mark.django_db

PERSONAS = {
    "anonymous": None,
    "stranger": "sue",
    "member": "mel",
    "pending": "pat",
    "banned": "ben",
    "moderator": "mod",
    "site": "site",
}
# Who reads the private community's content (threads, replies, events, resources).
READS_PRIVATE = {"member", "moderator"}
# Who sees the private community listed (name, description): every signed-in member of
# Tremplin but the banned one.
SEES_PRIVATE = {"stranger", "member", "pending", "moderator", "site"}


def _build():
    from tests.communities.moderation_world import make_world

    world = make_world()
    give_totp(world.site)
    return world


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker, without_shared_personas):
    yield from once(django_db_blocker, _build)


@pytest.fixture
def w(built, db):
    return fresh(built)


def viewer(w, persona):
    name = PERSONAS[persona]
    return None if name is None else getattr(w, name)


def client(w, persona) -> Client:
    c = Client()
    if viewer(w, persona) is not None:
        sign_in(c, viewer(w, persona))
    return c


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_rules(w, persona):
    who = viewer(w, persona)
    reads = persona in READS_PRIVATE
    assert Community.objects.visible_to(who).filter(pk=w.private.pk).exists() == (
        persona in SEES_PRIVATE
    )
    assert Community.objects.readable_by(who).filter(pk=w.private.pk).exists() == reads
    for model, obj in (
        (Thread, w.thread),
        (Reply, w.reply),
        (Event, w.event),
        (Resource, w.resource),
    ):
        assert model.objects.visible_to(who).filter(pk=obj.pk).exists() == reads, model
    # The secret community: only its active members (Mel, and its owner).
    secret_seen = persona == "member"
    assert Community.objects.visible_to(who).filter(pk=w.secret.pk).exists() == secret_seen
    assert Thread.objects.visible_to(who).filter(pk=w.secret_thread.pk).exists() == secret_seen
    assert Community.objects.listed().filter(pk=w.secret.pk).exists() is False


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_directory_page(w, persona):
    page = client(w, persona).get("/fr/communities/")
    assert page.status_code == 200
    text = page.content.decode()
    # A secret community is never listed, not even to its members (they find it under
    # "My communities"): the directory is what anyone may be shown next to them.
    assert "Communauté cachee" not in text
    assert ("Communauté cuisine" in text) == (persona in SEES_PRIVATE)
    assert "Recette secrète" not in text
    if persona == "member":
        mine = client(w, persona).get("/fr/communities/mine/").content.decode()
        assert "Communauté cachee" in mine


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_moderation_pages_and_api(w, persona):
    moderates = persona in ("moderator", "site")
    c = client(w, persona)
    for slug in (w.private.slug, w.secret.slug):
        page = c.get(f"/en/communities/{slug}/moderation/")
        expected = 302 if persona == "anonymous" else 200 if moderates else 404
        if slug == w.secret.slug and persona == "moderator":
            expected = 404  # Mo moderates the private community, not the secret one
        if slug == w.secret.slug and persona == "site":
            expected = 404  # a secret community is not listed, even to site moderators
        assert page.status_code == expected, slug
        answer = api_call("/api/v1/communities", c, "get", f"/{slug}/moderation/log")
        assert answer.status_code == (401 if persona == "anonymous" else expected)
    digest_page = c.get(f"/en/communities/{w.private.slug}/digest/")
    assert digest_page.status_code == (
        302 if persona == "anonymous" else 200 if persona in READS_PRIVATE else 404
    )


@pytest.mark.parametrize("persona", ["stranger", "pending", "banned"])
def test_no_report_confirms_what_they_cannot_see(w, persona):
    for kind, obj in (
        ("thread", w.thread),
        ("reply", w.reply),
        ("event", w.event),
        ("resource", w.resource),
        ("thread", w.secret_thread),
    ):
        with pytest.raises(ModerationRefusal) as refused:
            reports.report(viewer(w, persona), kind, obj.pk, "spam")
        assert refused.value.code == "not_found"


@pytest.mark.parametrize("persona", ["pending", "banned", "moderator", "member"])
def test_digests_reach_active_members_only(w, persona):
    membership = Membership.objects.get(community=w.private, user=viewer(w, persona))
    from datetime import timedelta

    from django.utils import timezone

    sent = digest.send_digest(membership, timezone.now() - timedelta(days=1))
    assert sent == (persona in READS_PRIVATE)
    bodies = " ".join(m.body for m in mail.outbox)
    assert ("Recette secrète" in bodies) == (persona in READS_PRIVATE)
    assert "Sujet caché" not in bodies


def test_a_removal_notice_quotes_only_the_reason(w, django_capture_on_commit_callbacks):
    from tremplin.communities.services import moderation

    with django_capture_on_commit_callbacks(execute=True):
        moderation.remove_content(w.mod, "thread", w.thread.pk, "Hors sujet")
    (notice,) = Notification.objects.filter(kind="community_content_removed")
    assert notice.recipient == w.mel
    assert notice.target_id is None and notice.actor_id is None
    assert set(notice.data) == {"kind", "excerpt"} and notice.data["excerpt"] == "Hors sujet"
    others = Notification.objects.exclude(recipient=w.mel)
    assert not others.filter(kind="community_content_removed").exists()
