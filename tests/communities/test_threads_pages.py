"""The threads pages in use: start a thread with a poll, reply with a quote, edit and
see the history, vote and accept, moderators' actions; bad input keeps the text; the
rules come before a first post; French and English."""

from __future__ import annotations

import pytest

from tests.communities.threads_world import build
from tests.conftest import client_for
from tremplin.communities.models import ModerationAction, Poll, Reply, Thread, ThreadState

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(personas):
    return build(personas)


def test_start_a_thread_with_a_poll_and_vote(w):
    alice = client_for(w.alice)
    url = f"/fr/communities/{w.public.slug}/threads/new/"
    assert alice.get(url).status_code == 200
    made = alice.post(
        url,
        {
            "title": "Ateliers de janvier",
            "body": "Lequel **préférez**-vous ?",
            "kind": "discussion",
            "tags": "ateliers, janvier",
            "language": "fr",
            "poll-add_poll": "on",
            "poll-question": "Quel atelier ?",
            "poll-options": "CV\nEntrevue\n",
            "poll-kind": "single",
            "poll-results": "voted",
            "poll-anonymous": "",
        },
    )
    thread = Thread.objects.get(title="Ateliers de janvier")
    assert made.status_code == 302 and made["Location"].endswith(
        f"/communities/threads/{thread.pk}/"
    )
    assert thread.tags == ["ateliers", "janvier"]
    page = alice.get(made["Location"]).content.decode()
    assert "<strong>préférez</strong>" in page and "Quel atelier ?" in page
    option = Poll.objects.get(thread=thread).options.first()
    bob = client_for(w.bob)
    bob.post(f"/fr/communities/threads/{thread.pk}/poll/", {"option": [option.pk]})
    results = bob.get(f"/en/communities/threads/{thread.pk}/").content.decode()
    assert "100 % (1 vote)" in results and "Bob Roy" in results  # named poll: voters shown


def test_bad_input_keeps_the_text_and_says_why(w):
    alice = client_for(w.alice)
    answer = alice.post(
        f"/en/communities/{w.public.slug}/threads/new/",
        {
            "title": "",
            "body": "Mon long texte",
            "kind": "discussion",
            "language": "fr",
            "poll-add_poll": "on",
            "poll-question": "Q",
            "poll-options": "seul",
        },
    )
    assert answer.status_code == 400
    assert "Mon long texte" in answer.content.decode()
    answer = alice.post(
        f"/en/communities/{w.public.slug}/threads/new/",
        {
            "title": "T",
            "body": "Mon long texte",
            "kind": "discussion",
            "language": "fr",
            "poll-add_poll": "on",
            "poll-question": "Q",
            "poll-options": "seul",
        },
    )
    assert answer.status_code == 400 and "from 2 to 10" in answer.content.decode()
    reply = alice.post(f"/fr/communities/threads/{w.threads['public'].pk}/reply/", {"body": "  "})
    assert reply.status_code == 400


def test_reply_with_a_quote_edit_and_history(w):
    thread = w.threads["public"]
    alice = client_for(w.alice)
    quoted = alice.get(f"/fr/communities/threads/{thread.pk}/?quote=1").content.decode()
    assert "&gt; Bienvenue" in quoted
    first = Reply.objects.get(thread=thread, number=1)
    sent = alice.post(
        f"/fr/communities/threads/{thread.pk}/reply/",
        {"body": "@bob-roy (#1):\n> Bienvenue\n\nMerci !", "in_reply_to": first.pk},
    )
    assert sent.status_code == 302 and sent["Location"].endswith("#reply-2")
    mine = Reply.objects.get(thread=thread, number=2)
    assert mine.in_reply_to == first
    page = alice.get(f"/fr/communities/threads/{thread.pk}/").content.decode()
    assert "<blockquote>" in page and "En réponse à" in page or "In reply to" in page
    assert (
        alice.post(
            f"/fr/communities/replies/{mine.pk}/edit/", {"body": "Merci beaucoup !"}
        ).status_code
        == 302
    )
    history = (
        client_for(w.carol).get(f"/en/communities/replies/{mine.pk}/history/").content.decode()
    )
    assert "Merci !" in history and "Merci beaucoup !" in history
    assert ThreadState.objects.get(thread=thread, user=w.alice).last_read_number == 2


def test_rules_come_before_the_first_post(w):
    w.public.rules_fr = "Soyez **bienveillants**."
    w.public.save()
    alice = client_for(w.alice)
    thread = w.threads["public"]
    sent = alice.post(f"/fr/communities/threads/{thread.pk}/reply/", {"body": "Bonjour"})
    assert sent.status_code == 302 and "/rules/accept/" in sent["Location"]
    rules = alice.get(sent["Location"])
    assert "<strong>bienveillants</strong>" in rules.content.decode()
    back = alice.post(sent["Location"])
    assert back.status_code == 302 and back["Location"] == thread.get_absolute_url()
    assert (
        alice.post(f"/fr/communities/threads/{thread.pk}/reply/", {"body": "Bonjour"}).status_code
        == 302
    )


def test_question_vote_accept_and_moderation(w):
    alice, bob = client_for(w.alice), client_for(w.bob)
    alice.post(
        f"/fr/communities/{w.public.slug}/threads/new/",
        {"title": "Où trouver des stages ?", "body": "Merci", "kind": "question", "language": "fr"},
    )
    q = Thread.objects.get(title="Où trouver des stages ?")
    bob.post(f"/fr/communities/threads/{q.pk}/reply/", {"body": "Au centre d'emploi"})
    answer = Reply.objects.get(thread=q)
    alice.post(f"/fr/communities/replies/{answer.pk}/vote/", {"up": "1"})
    assert (
        client_for(w.carol).post(f"/fr/communities/replies/{answer.pk}/accept/").status_code == 302
    )
    assert Thread.objects.get(pk=q.pk).accepted is None  # carol may not: refused, said in a message
    alice.post(f"/fr/communities/replies/{answer.pk}/accept/")
    page = alice.get(f"/en/communities/threads/{q.pk}/").content.decode()
    assert "Accepted answer" in page and "1 vote" in page
    for action in ("pin", "close"):
        assert alice.post(f"/fr/communities/threads/{q.pk}/{action}/").status_code == 302
    assert not Thread.objects.get(pk=q.pk).pinned
    for action in ("pin", "close"):
        bob.post(f"/fr/communities/threads/{q.pk}/{action}/")
    q.refresh_from_db()
    assert q.pinned and q.closed is not None
    assert set(
        ModerationAction.objects.filter(community=w.public).values_list("action", flat=True)
    ) == {"pin", "close"}
    assert "closed" in alice.get(f"/en/communities/threads/{q.pk}/").content.decode()


def test_list_filters_by_tag_and_category_and_shows_new_replies(w):
    alice, bob = client_for(w.alice), client_for(w.bob)
    bob.post(
        f"/fr/communities/{w.public.slug}/categories/", {"name_fr": "Emplois", "name_en": "Jobs"}
    )
    category = w.public.categories.get()
    alice.post(
        f"/fr/communities/{w.public.slug}/threads/new/",
        {
            "title": "Offre à Sudbury",
            "body": "Voici",
            "kind": "discussion",
            "language": "fr",
            "tags": "sudbury",
            "category": category.pk,
        },
    )
    listed = alice.get(f"/en/communities/{w.public.slug}/threads/?tag=sudbury").content.decode()
    assert "Offre à Sudbury" in listed and "Sujet public" not in listed
    listed = alice.get(
        f"/en/communities/{w.public.slug}/threads/?category={category.pk}"
    ).content.decode()
    assert "Offre à Sudbury" in listed and "Sujet public" not in listed
    thread = w.threads["public"]
    alice.post(f"/fr/communities/threads/{thread.pk}/follow/", {"level": "tracking"})
    alice.get(f"/fr/communities/threads/{thread.pk}/")
    bob.post(f"/fr/communities/threads/{thread.pk}/reply/", {"body": "Du nouveau"})
    assert "1 new" in alice.get(f"/en/communities/{w.public.slug}/threads/").content.decode()


def test_the_follow_up_list_shows_the_level_in_force(w):
    """A member who never chose follows at the default ("normal"), and the list says so
    instead of showing its first entry ("watching") as if chosen."""
    carol = client_for(w.carol)
    thread = w.threads["public"]
    page = carol.get(f"/en/communities/threads/{thread.pk}/").content.decode()
    assert '<option value="normal" selected>' in page
    assert '<option value="watching" selected>' not in page
    carol.post(f"/fr/communities/threads/{thread.pk}/follow/", {"level": "watching"})
    page = carol.get(f"/en/communities/threads/{thread.pk}/").content.decode()
    assert '<option value="watching" selected>' in page
