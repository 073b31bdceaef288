"""The per-community digest: what it holds (only what the member may see), nothing when
nothing is new, once per period whatever the number of runs, in the member's language,
with a one-click unsubscribe; the choice per community, on a page and through the API."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from tests.accounts.helpers import sign_in
from tests.api_calls import api_call
from tests.communities.moderation_world import fresh, once
from tremplin.communities.models import Membership, MembershipStatus, Thread
from tremplin.communities.services import digest

pytestmark = pytest.mark.django_db
API = "/api/v1/communities"


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker, without_shared_personas):
    yield from once(django_db_blocker)


@pytest.fixture
def w(built, db):
    return fresh(built)


def since() -> timezone.datetime:
    return timezone.now() - timedelta(days=1)


def test_a_digest_lists_what_is_new_and_visible(w):
    got = digest.digest_of(w.mel_membership, since())
    assert [t.title for t in got.threads] == ["Recette secrète"]
    assert [t.title for t in got.questions] == ["Question sans réponse"]
    assert [e.title for e in got.events] == ["Atelier privé"]
    assert [r.title for r in got.resources] == ["Guide privé"]


def test_removed_content_and_old_content_are_left_out(w):
    Thread.objects.filter(pk=w.thread.pk).update(state="removed")
    got = digest.digest_of(w.mel_membership, since())
    assert got.threads == []
    assert digest.digest_of(w.mel_membership, timezone.now()).empty


@pytest.mark.parametrize("status", ["pending", "banned", "removed", "left"])
def test_who_is_not_an_active_member_gets_nothing(w, status):
    membership = Membership.objects.get(community=w.private, user=w.mel)
    Membership.objects.filter(pk=membership.pk).update(status=status)
    membership.refresh_from_db()
    assert digest.digest_of(membership, since()).empty
    assert not digest.send_digest(membership, since())
    assert mail.outbox == []


def test_the_email_is_in_the_member_s_language_with_one_click_unsubscribe(w):
    assert digest.send_digest(w.mel_membership, since())
    (sent,) = mail.outbox
    assert sent.to == [w.mel.email]
    assert "Recette secrète" in sent.body and "Atelier privé" in sent.body
    assert "Quoi de neuf" in sent.subject  # Mel reads French
    assert sent.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Sujet caché" not in sent.body  # another community's
    mod = Membership.objects.get(community=w.private, user=w.mod)
    mail.outbox.clear()
    assert digest.send_digest(mod, since())
    assert "What is new" in mail.outbox[0].subject  # Mo reads English


def test_the_periodic_work_claims_once_and_sends_nothing_empty(
    w, django_capture_on_commit_callbacks
):
    Membership.objects.update(last_digest=None, digest="")
    Membership.objects.filter(pk=w.mel_membership.pk).update(
        digest="daily", last_digest=timezone.now() - timedelta(days=2)
    )
    Membership.objects.filter(community=w.private, user=w.owner).update(
        digest="weekly", last_digest=timezone.now() - timedelta(days=2)
    )  # not due yet
    Membership.objects.filter(community=w.public, user=w.mel).update(
        digest="weekly", last_digest=timezone.now() - timedelta(days=8)
    )  # due, but nothing new since
    Thread.objects.filter(community=w.public).update(created=timezone.now() - timedelta(days=9))
    with django_capture_on_commit_callbacks(execute=True):
        assert digest.send_due_digests() == 2
    assert [m.subject for m in mail.outbox] == ["[Tremplin] Quoi de neuf dans Communauté cuisine"]
    with django_capture_on_commit_callbacks(execute=True):
        assert digest.send_due_digests() == 0  # a second run finds nothing due
    assert len(mail.outbox) == 1


def test_banned_members_are_never_claimed(w):
    Membership.objects.update(digest="daily", last_digest=None)
    claimed = {pk for pk, _since in digest.claim_due()}
    statuses = set(Membership.objects.filter(pk__in=claimed).values_list("status", flat=True))
    assert statuses == {MembershipStatus.ACTIVE}


def test_one_click_unsubscribe(w):
    token = digest.unsubscribe_token(w.mel_membership)
    url = f"/en/communities/moderation/digest-stop/{token}/"
    assert Client().get(url).status_code == 200
    assert Membership.objects.get(pk=w.mel_membership.pk).digest == "weekly"  # GET changes nothing
    assert Client().post(url, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert Membership.objects.get(pk=w.mel_membership.pk).digest == ""
    assert Client().get("/en/communities/moderation/digest-stop/forged/").status_code == 400


def test_the_choice_page_and_api(w):
    client = Client()
    sign_in(client, w.mel)
    url = f"/fr/communities/{w.private.slug}/digest/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"digest": "daily"}).status_code == 302
    assert Membership.objects.get(pk=w.mel_membership.pk).digest == "daily"
    assert client.post(url, {"digest": "hourly"}).status_code == 400
    answer = api_call(API, client, "put", f"/{w.private.slug}/digest", {"digest": ""})
    assert answer.status_code == 200 and answer.json()["digest"] == ""
    got = api_call(API, client, "get", f"/{w.private.slug}/digest").json()
    # The page's posts above left the home-feed box unticked (a checkbox sent nothing).
    assert got == {"community": w.private.slug, "digest": "", "in_home_feed": False}
    assert client.post(url, {"digest": "weekly", "in_home_feed": "on"}).status_code == 302
    assert Membership.objects.get(pk=w.mel_membership.pk).in_home_feed is True
    assert client.post(url, {"digest": "weekly"}).status_code == 302
    assert Membership.objects.get(pk=w.mel_membership.pk).in_home_feed is False
    assert 'name="in_home_feed"' in client.get(url).content.decode()
    # Back through the API; a PUT without it leaves it as it is.
    put = {"digest": "weekly", "in_home_feed": True}
    answer = api_call(API, client, "put", f"/{w.private.slug}/digest", put)
    assert answer.json()["in_home_feed"] is True
    answer = api_call(API, client, "put", f"/{w.private.slug}/digest", {"digest": "daily"})
    assert answer.json() == {"community": w.private.slug, "digest": "daily", "in_home_feed": True}
    not_a_boolean = {"digest": "daily", "in_home_feed": 0}
    answer = api_call(API, client, "put", f"/{w.private.slug}/digest", not_a_boolean)
    assert answer.status_code == 422
    assert (
        api_call(API, client, "put", f"/{w.private.slug}/digest", {"digest": "x"}).status_code
        == 422
    )
    stranger = Client()
    sign_in(stranger, w.sue)
    assert stranger.get(url).status_code == 404
    assert api_call(API, stranger, "get", f"/{w.private.slug}/digest").status_code == 404
    banned = Client()
    sign_in(banned, w.ben)
    assert banned.get(url).status_code == 404
