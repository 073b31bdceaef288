"""A thread's page of replies is rendered once and kept for every reader who sees it
alike (queries.replies_page): what one reader sees never reaches another who should see
something else (their own replies and votes, pending replies, moderators' buttons, their
language, their CSRF token), and a kept page never outlives a change of what it shows."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.communities.threads_world import build, join
from tests.conftest import client_for
from tremplin.communities.models import PostState, Reply, Thread, ThreadState
from tremplin.communities.queries import replies_page
from tremplin.communities.services import thread_moderation
from tremplin.communities.services import threads as services

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(personas):
    world = build(personas)
    replies_page._kept.clear()
    return world


def replies_of(client: Client, thread: Thread, lang: str = "fr") -> str:
    page = client.get(f"/{lang}/communities/threads/{thread.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    return html[html.index('<div class="replies">') : html.index("</div>\n  \n</section>")]


def test_readers_who_see_alike_share_one_rendering(w):
    thread = w.threads["public"]
    first_reply = Reply.objects.get(thread=thread)
    services.reply(w.alice, thread, body="Merci **Bob**", in_reply_to=first_reply)
    join(w.public, w.carol)
    join(w.public, w.dave)
    carol = replies_of(client_for(w.carol), thread)
    assert len(replies_page._kept) == 1
    assert "Merci <strong>Bob</strong>" in carol and "Citer" in carol and "En réponse à" in carol
    assert replies_of(client_for(w.dave), thread) == carol  # the page kept for Carol
    assert len(replies_page._kept) == 1
    anonymous = replies_of(Client(), thread)  # no quoting: another page
    assert "Merci <strong>Bob</strong>" in anonymous and "Citer" not in anonymous
    english = replies_of(client_for(w.carol), thread, "en")
    assert "Quote" in english and "In reply to" in english and "Citer" not in english
    assert len(replies_page._kept) == 3


def test_a_change_to_what_is_shown_makes_a_new_page(w):
    thread = w.threads["public"]
    made = services.reply(w.alice, thread, body="Première version")
    carol = client_for(w.carol)
    assert "Première version" in replies_of(carol, thread)
    services.edit_reply(w.alice, made, body="Deuxième version")
    page = replies_of(carol, thread)
    assert "Deuxième version" in page and "Première version" not in page
    w.bob.profile.display_name = "Robert Nouveau"
    w.bob.profile.save()
    assert "Robert Nouveau" in replies_of(carol, thread)
    Reply.objects.filter(pk=made.pk).update(state=PostState.REMOVED)
    assert "Deuxième version" not in replies_of(carol, thread)


def test_own_replies_votes_and_pending_replies_stay_with_their_reader(w):
    question = services.start_thread(
        w.alice, w.public, title="Une question", body="Où ?", kind="question"
    )
    answer = services.reply(w.bob, question, body="Ici")
    waiting = services.reply(w.alice, question, body="Réponse en attente")
    Reply.objects.filter(pk=waiting.pk).update(state=PostState.PENDING)
    alice = replies_of(client_for(w.alice), question)
    assert "Réponse en attente" in alice and f"/replies/{waiting.pk}/edit/" in alice
    carol = replies_of(client_for(w.carol), question)  # a stranger: no vote, no pending
    assert "Réponse en attente" not in carol and "/edit/" not in carol
    assert f"/replies/{answer.pk}/vote/" not in carol
    bob = replies_of(client_for(w.bob), question)  # the owner moderates: rendered for him
    assert "Réponse en attente" in bob and f"/replies/{waiting.pk}/approve/" in bob
    assert f"/replies/{answer.pk}/edit/" in bob
    # Alice (the asker, a member) votes: her page says so, a member's who did not does not.
    services.vote(w.alice, answer)
    assert 'aria-pressed="true"' in replies_of(client_for(w.alice), question)
    # Two plain members: only what is theirs tells their pages apart.
    join(w.public, w.carol)
    join(w.public, w.dave)
    draft = services.reply(w.carol, question, body="Mon brouillon")
    Reply.objects.filter(pk=draft.pk).update(state=PostState.PENDING)
    for user in (w.carol, w.dave):  # both read it all, as far as the page goes
        ThreadState.objects.update_or_create(
            thread=question, user=user, defaults={"last_read_number": 100}
        )
    assert "Mon brouillon" in replies_of(client_for(w.carol), question)
    dave = replies_of(client_for(w.dave), question)
    assert "Mon brouillon" not in dave and f"/replies/{answer.pk}/vote/" in dave
    services.vote(w.carol, answer)
    assert 'aria-pressed="true"' in replies_of(client_for(w.carol), question)
    assert 'aria-pressed="true"' not in replies_of(client_for(w.dave), question)
    thread_moderation.approve(w.bob, Reply.objects.get(pk=waiting.pk))
    dave = replies_of(client_for(w.dave), question)
    assert "Réponse en attente" in dave and "2 votes" in dave


def test_each_reader_gets_their_own_csrf_token(w):
    question = services.start_thread(
        w.alice, w.public, title="Une question", body="Où ?", kind="question"
    )
    answer = services.reply(w.bob, question, body="Ici")
    services.reply(w.bob, question, body="Ou là")
    join(w.public, w.carol)
    join(w.public, w.dave)
    clients, tokens = [], []
    for user in (w.carol, w.dave):
        client = client_for(user)
        client.handler.enforce_csrf_checks = True
        page = replies_of(client, question)
        assert replies_page.CSRF_STAND_IN not in page
        clients.append(client)
        tokens.append(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1))
    assert len(replies_page._kept) == 1  # Dave was served the page rendered for Carol
    for client, token in zip(clients, tokens, strict=True):
        voted = client.post(
            f"/fr/communities/replies/{answer.pk}/vote/", {"up": "1", "csrfmiddlewaretoken": token}
        )
        assert voted.status_code == 302  # the token printed was this reader's own
    assert Reply.objects.get(pk=answer.pk).vote_count == 2
    # Carol's token does not pass for Alice: each page carried its reader's.
    alice = client_for(w.alice)
    alice.handler.enforce_csrf_checks = True
    refused = alice.post(
        f"/fr/communities/replies/{answer.pk}/vote/", {"up": "0", "csrfmiddlewaretoken": tokens[0]}
    )
    assert refused.status_code == 403
