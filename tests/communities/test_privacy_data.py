"""A member's communities in their archive, and what the erasure of their account does
there: their writing kept in place only where others answered it, votes and
registrations gone with the counters lowered, the communities they own handed over to
the oldest moderator or archived (the generic scan is tests/privacy/test_erasure.py)."""

from __future__ import annotations

import pytest

from tests.communities.moderation_world import fresh, member, once
from tests.factories import UserFactory
from tremplin.communities import personal_data
from tremplin.communities.models import (
    Community,
    Membership,
    ModerationAction,
    Poll,
    PollOption,
    PollVote,
    Registration,
    Reply,
    Resource,
    Thread,
    Vote,
)
from tremplin.communities.services import moderation

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker, without_shared_personas):
    yield from once(django_db_blocker)


@pytest.fixture
def w(built, db):
    return fresh(built)


def test_the_archive_holds_her_communities_and_nobody_else_s_votes(w):
    poll = Poll.objects.create(thread=w.thread, question="Quand ?")
    option = PollOption.objects.create(poll=poll, label="Lundi")
    PollVote.objects.create(poll=poll, option=option, user=w.mel)
    PollVote.objects.create(poll=poll, option=option, user=w.owner)
    Vote.objects.create(reply=w.reply, user=w.owner)
    Registration.objects.create(event=w.event, user=w.mel, answers=["Végétarienne"])
    section = personal_data.export(w.mel)
    assert {m["community_id"] for m in section["memberships"]} == {
        w.private.pk,
        w.secret.pk,
        w.public.pk,
    }
    assert "Recette secrète" in {t["title"] for t in section["threads"]}
    assert [r["body"] for r in section["replies"]] == ["Une réponse"]
    assert len(section["poll_votes"]) == 1 and section["answer_votes"] == []
    assert section["event_registrations"][0]["answers"] == ["Végétarienne"]
    assert [r["title"] for r in section["resources"]] == ["Guide privé"]
    for rows in section.values():
        for row in rows:
            assert "user_id" not in row and "author_id" not in row


def test_erasure_keeps_answered_threads_in_place_and_deletes_the_rest(w):
    Reply.objects.create(thread=w.thread, author=w.owner, body="Merci", number=2)
    own_reply = Reply.objects.create(thread=w.question, author=w.mel, body="Ma réponse", number=1)
    Vote.objects.create(reply=own_reply, user=w.owner)
    Registration.objects.create(event=w.event, user=w.mel)
    Event_going = type(w.event).objects.filter(pk=w.event.pk)
    Event_going.update(going_count=1)
    personal_data.erase(w.mel)
    kept = Thread.objects.get(pk=w.thread.pk)
    assert kept.title == personal_data.ERASED_TITLE and kept.body == ""
    assert Reply.objects.filter(thread=kept).count() == 2  # the others' replies stay
    assert not Thread.objects.filter(pk__in=[w.secret_thread.pk, w.public_thread.pk]).exists()
    assert Reply.objects.get(pk=own_reply.pk).body == ""
    assert not Registration.objects.filter(user=w.mel).exists()
    assert Event_going.get().going_count == 0
    assert not Resource.objects.filter(author=w.mel).exists()
    assert not Membership.objects.filter(user=w.mel).exists()
    assert Community.objects.get(pk=w.public.pk).member_count == 1


def test_owned_communities_pass_to_the_oldest_moderator_else_are_archived(w):
    later = UserFactory()
    member(w.private, later, role="moderator")
    personal_data.erase(w.owner)
    heir = Membership.objects.get(community=w.private, role="owner")
    assert heir.user == w.mod  # the oldest moderator, not the newest
    # The public and secret ones had a member (Mel): she becomes their owner.
    assert Membership.objects.get(community=w.public, role="owner").user == w.mel
    lonely = Community.objects.create(slug="seule", name_fr="Seule")
    member(lonely, w.sue, role="owner")
    personal_data.erase(w.sue)
    assert Community.objects.get(pk=lonely.pk).archived is not None


def test_the_log_forgets_her_but_keeps_its_rows(w):
    moderation.remove_content(w.mod, "reply", w.reply.pk, "Mel a écrit des bêtises")
    personal_data.erase(w.mel)
    entry = ModerationAction.objects.get(community=w.private)
    assert (entry.target_user, entry.excerpt, entry.reason) == (None, "", "")
    personal_data.erase(w.mod)
    assert ModerationAction.objects.get(pk=entry.pk).actor is None
