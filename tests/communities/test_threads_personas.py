"""Who sees a community's threads, on the pages and through the API: each persona, in a
public, members-only, private and secret community. Nothing of a private or secret
community reaches a stranger, a pending or a banned member, or a site moderator who is
not a member; a private question is seen by its asker and the one asked only."""

from __future__ import annotations

import pytest

from tests.communities.threads_world import PERSONAS, build, who
from tests.conftest import client_for
from tremplin.communities.services import threads as services

pytestmark = pytest.mark.django_db

# persona -> the visibilities whose threads they read
READS = {
    "anonymous": {"public"},
    "stranger": {"public", "members"},
    "member": {"public", "members", "private", "secret"},
    "pending": {"public", "members"},
    "banned": {"public"},
    "moderator": {"public", "members", "private", "secret"},
    "site_moderator": {"public", "members"},
}
# persona -> the visibilities whose threads list page exists for them (secret: members only;
# a banned member sees nothing of a private or secret community)
LISTS = {
    "anonymous": {"public"},
    "stranger": {"public", "members", "private"},
    "member": {"public", "members", "private", "secret"},
    "pending": {"public", "members", "private"},
    "banned": {"public", "members"},
    "moderator": {"public", "members", "private", "secret"},
    "site_moderator": {"public", "members", "private"},
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_sees_exactly_what_the_rule_allows(personas, persona):
    w = build(personas)
    client = client_for(who(w, persona))
    for visibility, thread in w.threads.items():
        sees = visibility in READS[persona]
        page = client.get(f"/fr/communities/threads/{thread.pk}/")
        assert page.status_code == (200 if sees else 404), (persona, visibility)
        api = client.get(f"/api/v1/communities/threads/{thread.pk}")
        assert api.status_code == (200 if sees else 404), (persona, visibility)
        replies = client.get(f"/api/v1/communities/threads/{thread.pk}/replies")
        assert replies.status_code == (200 if sees else 404)
        if sees:
            assert api.json()["title"] == thread.title
            assert [r["body"] for r in replies.json()] == ["Bienvenue"]
        slug = thread.community.slug
        listed = client.get(f"/fr/communities/{slug}/threads/")
        assert listed.status_code == (200 if visibility in LISTS[persona] else 404), (
            persona,
            visibility,
        )
        assert (thread.title in listed.content.decode()) is sees, (persona, visibility)
        items = client.get(f"/api/v1/communities/{slug}/threads")
        if visibility in LISTS[persona]:
            assert [t["title"] for t in items.json()["items"]] == ([thread.title] if sees else [])
        else:
            assert items.status_code == 404


def test_a_private_question_reaches_only_the_two(personas):
    w = build(personas)
    q = services.ask_privately(w.alice, w.dave, title="Question confidentielle", body="Mon dossier")
    for user, sees in (
        (w.alice, True),
        (w.dave, True),
        (w.erin, False),
        (w.bob, False),
        (w.mallory, False),
        (None, False),
    ):
        client = client_for(user)
        assert client.get(f"/en/communities/threads/{q.pk}/").status_code == (200 if sees else 404)
        assert client.get(f"/api/v1/communities/threads/{q.pk}").status_code == (
            200 if sees else 404
        )
        if user is not None:
            mine = client.get("/api/v1/communities/questions/private").json()
            assert ([t["id"] for t in mine] == [q.pk]) is sees
            page = client.get("/en/communities/questions/mine/").content.decode()
            assert ("Question confidentielle" in page) is sees


def test_unanswered_lists_only_readable_communities(personas):
    w = build(personas)
    for visibility, c in w.communities.items():
        services.start_thread(w.bob, c, title=f"Qui sait ? {visibility}", body="?", kind="question")
    titles = {
        t["title"]
        for t in client_for(w.carol).get("/api/v1/communities/questions/unanswered").json()
    }
    assert titles == {"Qui sait ? public", "Qui sait ? members"}
    page = client_for(w.alice).get("/fr/communities/questions/unanswered/").content.decode()
    assert all(f"Qui sait ? {v}" in page for v in w.communities)


@pytest.mark.parametrize(("persona", "sees"), [("member", True), ("stranger", False)])
def test_the_tabs_show_a_private_communitys_threads_to_members_only(personas, persona, sees):
    from django.template.loader import render_to_string

    from tremplin.communities import tabs

    w = build(personas)
    viewer = who(w, persona)
    services.start_thread(w.alice, w.private, title="Qui embauche ?", body="?", kind="question")
    by_key = {tab.key: tab for tab in tabs.all_tabs()}
    for key, title in (("discussions", "Sujet private"), ("questions", "Qui embauche ?")):
        tab = by_key[key]
        context = {"community": w.private, "membership": w.private.membership_of(viewer),
                   "viewer": viewer, **tab.context(w.private, viewer)}  # fmt: skip
        html = render_to_string(tab.template, context)
        assert (title in html) is sees, (persona, key)
