"""The thread page costs the same number of queries whatever the thread's length and the
page asked (replies fetched as a `number` range with their authors and the replies they
answer, in one query each), and the replies API likewise. Counts, never times."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.communities.threads_world import join, make_community
from tests.conftest import client_for
from tremplin.communities.models import Reply, Role, Thread, ThreadState, Vote
from tremplin.communities.services import polls
from tremplin.communities.services import threads as services

pytestmark = pytest.mark.django_db


def _thread_with(community, author, others, replies: int) -> Thread:
    thread = services.start_thread(
        author, community, title=f"{replies} réponses", body="Début", kind="question"
    )
    rows = [
        Reply(
            thread=thread,
            author=others[n % len(others)],
            number=n + 1,
            body=f"Réponse @bob-roy {n}",
            in_reply_to=None,
        )
        for n in range(replies)
    ]
    Reply.objects.bulk_create(rows)
    made = list(Reply.objects.filter(thread=thread).order_by("number"))
    for r in made[1:]:
        r.in_reply_to = made[r.number - 2]
    Reply.objects.bulk_update(made, ["in_reply_to"])
    Vote.objects.bulk_create([Vote(reply=r, user=author) for r in made[::3]])
    Thread.objects.filter(pk=thread.pk).update(reply_count=replies, accepted=made[0])
    poll = polls.create(
        author,
        thread,
        question="Utile ?",
        options=["Oui", "Non"],
        anonymous=False,
        results_shown="voted",
    )
    polls.vote(author, poll, [poll.options.first().pk])
    return thread


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def test_thread_page_costs_the_same_for_5_and_120_replies_and_any_page(personas):
    c = make_community("longue", "private")
    join(c, personas.alice)
    join(c, personas.bob, Role.MODERATOR)
    join(c, personas.carol)
    others = [personas.bob, personas.carol]
    short = _thread_with(c, personas.alice, others, 5)
    long = _thread_with(c, personas.alice, others, 120)
    for viewer in (personas.alice, personas.bob):
        client = client_for(viewer)
        paths = {
            "short": f"/fr/communities/threads/{short.pk}/",
            "long page 1": f"/fr/communities/threads/{long.pk}/",
            "long page 3": f"/fr/communities/threads/{long.pk}/?page=3",
        }
        # A first visit notes how far the member read (a write); a later one reads only.
        for path in paths.values():
            client.get(path)
        counts = {name: _count(client, path) for name, path in paths.items()}
        assert len(set(counts.values())) == 1, counts
        assert counts["short"] <= 25, counts
        page3 = client.get(f"/fr/communities/threads/{long.pk}/?page=3").content.decode()
        assert (
            'id="reply-101"' in page3
            and 'id="reply-120"' in page3
            and 'id="reply-100"' not in page3
        )


def test_replies_api_costs_the_same_whatever_the_length(personas):
    c = make_community("api-longue", "public")
    join(c, personas.alice)
    join(c, personas.bob)
    short = _thread_with(c, personas.alice, [personas.bob], 5)
    long = _thread_with(c, personas.alice, [personas.bob], 120)
    client = client_for(personas.bob)
    base = "/api/v1/communities/threads"
    client.get(f"{base}/{short.pk}/replies")  # warm the session
    a = _count(client, f"{base}/{short.pk}/replies")
    b = _count(client, f"{base}/{long.pk}/replies?after=50&limit=50")
    assert a == b
    got = client.get(f"{base}/{long.pk}/replies?after=100&limit=50").json()
    assert [r["number"] for r in got] == list(range(101, 121))
    assert got[0]["in_reply_to"] == 100


def test_reading_a_page_again_writes_nothing(personas):
    c = make_community("relue", "public")
    join(c, personas.alice)
    join(c, personas.bob)
    thread = _thread_with(c, personas.alice, [personas.bob], 3)
    client = client_for(personas.bob)
    path = f"/fr/communities/threads/{thread.pk}/"
    client.get(path)
    state = ThreadState.objects.get(thread=thread, user=personas.bob)
    assert state.last_read_number == 3
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    writes = [q["sql"] for q in captured if q["sql"].startswith(("INSERT", "UPDATE"))]
    assert writes == []
