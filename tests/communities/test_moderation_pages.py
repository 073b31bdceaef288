"""The moderation part's pages and API: the community's log (its moderators and site
moderators only, 404 for anyone else), removing and restoring with a reason, the
removals told to their author (never who), in both languages."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.accounts.helpers import sign_in
from tests.api_calls import api_call
from tests.communities.moderation_world import fresh, once
from tests.factories import give_totp
from tremplin.communities.models import ModerationAction, PostState, Reply
from tremplin.communities.services import moderation

pytestmark = pytest.mark.django_db
API = "/api/v1/communities"


def _build():
    from tests.communities.moderation_world import make_world

    world = make_world()
    give_totp(world.site)  # site moderators sign in with a second factor
    return world


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker, without_shared_personas):
    yield from once(django_db_blocker, _build)


@pytest.fixture
def w(built, db):
    return fresh(built)


def client_of(user) -> Client:
    client = Client()
    if user is not None:
        sign_in(client, user)
    return client


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("owner", 200),
        ("mod", 200),
        ("site", 200),
        ("mel", 404),
        ("pat", 404),
        ("ben", 404),
        ("sue", 404),
    ],
)
def test_the_log_is_for_the_community_moderators(w, who, status):
    moderation.remove_content(w.mod, "reply", w.reply.pk, "Raison du retrait")
    page = client_of(getattr(w, who)).get(f"/fr/communities/{w.private.slug}/moderation/")
    assert page.status_code == status
    answer = api_call(API, client_of(getattr(w, who)), "get", f"/{w.private.slug}/moderation/log")
    assert answer.status_code == status
    if status == 200:
        assert "Raison du retrait" in page.content.decode()
        assert "Mo Moderator" in page.content.decode()
        (entry,) = answer.json()["entries"]
        assert entry["action"] == "remove_content" and entry["moderator"] == "Mo Moderator"
    else:
        assert "Raison du retrait" not in page.content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(w):
    assert Client().get(f"/en/communities/{w.private.slug}/moderation/").status_code == 302
    assert api_call(API, Client(), "get", f"/{w.private.slug}/moderation/log").status_code == 401


def test_the_log_filters_by_action_and_pages(w, settings):
    for n in range(3):
        ModerationAction.objects.create(
            community=w.private, actor=w.mod, action="mute", reason=f"muet {n}"
        )
    ModerationAction.objects.create(community=w.private, actor=w.mod, action="ban", reason="ban")
    mod = client_of(w.mod)
    page = mod.get(f"/en/communities/{w.private.slug}/moderation/?action=ban").content.decode()
    assert "ban" in page and "muet" not in page
    answer = api_call(API, mod, "get", f"/{w.private.slug}/moderation/log?action=mute").json()
    assert answer["count"] == 3 and {e["action"] for e in answer["entries"]} == {"mute"}
    bad = api_call(API, mod, "get", f"/{w.private.slug}/moderation/log?action=nope")
    assert bad.status_code == 422
    assert mod.get(f"/en/communities/{w.private.slug}/moderation/?page=999").status_code == 200


def test_a_moderator_removes_and_restores_through_the_page(w):
    mod = client_of(w.mod)
    url = f"/en/communities/moderation/reply/{w.reply.pk}/remove/"
    form = mod.get(url)
    assert form.status_code == 200 and "Une réponse" in form.content.decode()
    empty = mod.post(url, {"reason": ""})
    assert empty.status_code == 400
    done = mod.post(url, {"reason": "Hors sujet"})
    assert done.status_code == 302
    assert Reply.objects.get(pk=w.reply.pk).state == PostState.REMOVED
    again = mod.post(url, {"reason": "Encore"})
    assert again.status_code == 409
    restored = mod.post(f"/en/communities/moderation/reply/{w.reply.pk}/restore/", {"reason": ""})
    assert restored.status_code == 302
    assert Reply.objects.get(pk=w.reply.pk).state == PostState.PUBLISHED
    assert client_of(w.mel).get(url).status_code == 404
    assert mod.get("/en/communities/moderation/poll/1/remove/").status_code == 404


def test_the_api_removes_and_restores(w):
    mod = client_of(w.mod)
    path = f"/moderation/thread/{w.thread.pk}"
    assert api_call(API, mod, "post", f"{path}/remove", {"reason": ""}).status_code == 422
    removed = api_call(API, mod, "post", f"{path}/remove", {"reason": "Spam"})
    assert removed.status_code == 201 and removed.json()["removed"] is True
    assert api_call(API, mod, "post", f"{path}/remove", {"reason": "x"}).status_code == 409
    stranger = api_call(API, client_of(w.sue), "post", f"{path}/restore", {})
    assert stranger.status_code == 404
    assert api_call(API, mod, "post", f"{path}/restore", {}).status_code == 201
    bad = api_call(API, mod, "post", "/moderation/poll/1/remove", {"reason": "x"})
    assert bad.status_code == 422
    nul = api_call(API, mod, "post", f"{path}/remove", {"reason": "a\u0000b"})
    assert nul.status_code == 422


def test_the_author_reads_what_was_removed_and_why_never_by_whom(w):
    moderation.remove_content(w.mod, "reply", w.reply.pk, "Propos blessants")
    for language in ("fr", "en"):
        page = client_of(w.mel).get(f"/{language}/communities/moderation/removed/")
        text = page.content.decode()
        assert page.status_code == 200
        assert "Propos blessants" in text and "Une réponse" in text
        assert "Mo Moderator" not in text and w.mod.email not in text
    answer = api_call(API, client_of(w.mel), "get", "/moderation/removed").json()
    assert [(r["kind"], r["reason"]) for r in answer] == [("reply", "Propos blessants")]
    assert "moderator" not in answer[0]
    others = client_of(w.sue).get("/en/communities/moderation/removed/").content.decode()
    assert "Propos blessants" not in others
