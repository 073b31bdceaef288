"""Nobody outside an item's audience sees it: pages, API, pictures, comments, reshares,
the Atom feed and the home timeline, for every persona.

alice publishes; bob is her connection, carol a stranger, dave her counsellor, erin
another counsellor, mallory a moderator, sam staff, frank follows her, gina is blocked
by her, hugo follows her but muted her; plus the anonymous visitor.
"""

from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import client_for
from tests.feed.conftest import upload
from tremplin.feed import cards, cursors, pictures, queries, services
from tremplin.feed.models import Comment, TimelineEntry

VIEWERS = ["anonymous", "alice", "bob", "carol", "dave", "erin", "mallory", "sam", "frank",
           "gina", "hugo"]  # fmt: skip
# Who may open an item of each audience (a block hides everything; a mute only the feed).
MAY_SEE = {
    "public": set(VIEWERS) - {"gina"},
    "members": set(VIEWERS) - {"gina", "anonymous"},
    "connections": {"alice", "bob"},
}
# Whose home timeline receives it: alice, her connections, followers (not for
# "connections"); never gina (blocked) and never shown to hugo (muted).
IN_TIMELINE = {
    "public": {"alice", "bob", "frank"},
    "members": {"alice", "bob", "frank"},
    "connections": {"alice", "bob"},
}


def viewer(people, name):
    return None if name == "anonymous" else getattr(people, name)


@pytest.fixture
def items(people, django_capture_on_commit_callbacks):
    made = {}
    with django_capture_on_commit_callbacks(execute=True):
        for audience in MAY_SEE:
            picture = pictures.upload_image(people.alice, upload(), f"Photo {audience}")
            made[audience] = services.publish_post(
                people.alice,
                f"Texte secret-{audience} #emploi",
                audience=audience,
                images=[picture],
            )
            made[f"{audience}-picture"] = picture
            made[f"{audience}-comment"] = services.add_comment(
                people.alice, made[audience], f"Commentaire secret-{audience}"
            )
            made[f"{audience}-article"] = services.create_article(
                people.alice,
                f"Article secret-{audience}",
                "Le corps de l'article.",
                audience=audience,
                publish=True,
            )
        made["draft"] = services.create_article(people.alice, "Brouillon secret", "Rien encore.")
    return made


@pytest.mark.parametrize("name", VIEWERS)
@pytest.mark.parametrize("audience", list(MAY_SEE))
def test_an_item_reaches_only_its_audience_in_pages_api_pictures_and_comments(
    people, items, name, audience
):
    who = viewer(people, name)
    client = client_for(who)
    post, article = items[audience], items[f"{audience}-article"]
    allowed = name in MAY_SEE[audience]
    expected = 200 if allowed else 404

    for item in (post, article):
        page = client.get(f"/fr/feed/items/{item.pk}/")
        assert page.status_code == expected, (name, audience, item.kind)
        assert client.get(f"/api/v1/feed/items/{item.pk}").status_code == expected
        assert client.get(f"/api/v1/feed/items/{item.pk}/comments").status_code == expected
        assert client.get(f"/fr/feed/items/{item.pk}/history/").status_code == expected
    picture = client.get(f"/fr/feed/images/{items[f'{audience}-picture'].pk}/")
    assert picture.status_code == expected
    if allowed:
        assert picture.content[:2] == b"\xff\xd8"  # a JPEG
        post_page = client.get(f"/fr/feed/items/{post.pk}/").content.decode()
        assert f"Commentaire secret-{audience}" in post_page
        assert f"secret-{audience} " in post_page
    visible_comments = Comment.objects.visible_to(who).filter(pk=items[f"{audience}-comment"].pk)
    assert visible_comments.exists() == allowed


@pytest.mark.parametrize("name", VIEWERS)
def test_the_home_timeline_holds_only_what_the_reader_may_see(people, items, name):
    who = viewer(people, name)
    if who is None:
        assert Client().get("/fr/").status_code == 200  # the welcome page, no feed
        return
    shown = {i.pk for i in queries.timeline_page(who, limit=50).items}
    body = client_for(who).get("/fr/").content.decode()
    api = client_for(who).get("/api/v1/feed/?limit=50").json()["results"]
    for audience in MAY_SEE:
        expected = name in IN_TIMELINE[audience]
        assert (items[audience].pk in shown) == expected, (name, audience)
        assert (f"secret-{audience} " in body) == expected, (name, audience)
        assert (items[audience].pk in {i["id"] for i in api}) == expected
    assert "Brouillon secret" not in body or name == "alice"
    assert items["draft"].pk not in shown


def test_removing_a_connection_hides_connections_items_already_in_the_timeline(people, items):
    from tremplin.network.services import remove_connection

    bob = people.bob
    assert items["connections"].pk in {i.pk for i in queries.timeline_page(bob).items}
    remove_connection(people.alice, bob)
    # The row stays in the table; the page re-checks visible_to and drops it.
    assert TimelineEntry.objects.filter(owner=bob, item=items["connections"]).exists()
    shown = {i.pk for i in queries.timeline_page(bob).items}
    assert items["connections"].pk not in shown
    assert items["members"].pk in shown


def test_a_block_after_publishing_hides_everything_at_once(people, items):
    from tremplin.network.services import block

    block(people.frank, people.alice)
    assert queries.timeline_page(people.frank).items == []
    client = client_for(people.frank)
    assert client.get(f"/fr/feed/items/{items['public'].pk}/").status_code == 404
    assert client.get(f"/api/v1/feed/items/{items['public'].pk}").status_code == 404


def test_muted_authors_leave_the_feed_but_their_items_stay_reachable(people, items):
    assert TimelineEntry.objects.filter(owner=people.hugo).exists()
    assert queries.timeline_page(people.hugo).items == []
    assert client_for(people.hugo).get(f"/fr/feed/items/{items['members'].pk}/").status_code == 200


@pytest.mark.parametrize("name", VIEWERS)
def test_a_reshare_never_shows_an_original_the_reader_may_not_see(
    people, items, name, django_capture_on_commit_callbacks
):
    """bob reshares alice's connections-only post to his own connections; carol is
    connected to bob only: she sees the reshare, the original is "unavailable"."""
    from tremplin.network.services import connect

    connect(people.bob, people.carol)
    with django_capture_on_commit_callbacks(execute=True):
        reshared = services.reshare(
            people.bob, items["connections"], "À lire", audience="connections"
        )
    who = viewer(people, name)
    client = client_for(who)
    page = client.get(f"/fr/feed/items/{reshared.pk}/")
    may_see_reshare = name in {"alice", "bob", "carol"}
    assert page.status_code == (200 if may_see_reshare else 404)
    if may_see_reshare:
        text = page.content.decode()
        api = client.get(f"/api/v1/feed/items/{reshared.pk}").json()
        if name == "carol":
            assert "secret-connections" not in text
            assert "unavailable" in text
            assert api["unavailable"] is True and api["reshare_of"] is None
        else:
            assert "secret-connections" in text
            assert api["reshare_of"]["id"] == items["connections"].pk
    if name == "carol":
        timeline = queries.timeline_page(people.carol).items
        assert [i.pk for i in timeline] == [reshared.pk]
        assert timeline[0].original is None


def test_a_reshare_cannot_be_wider_than_its_original(people, items):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        services.reshare(people.bob, items["connections"], "", audience="public")
    assert caught.value.code == "conflict"
    response = client_for(people.bob).post(
        f"/api/v1/feed/items/{items['members'].pk}/reshares",
        {"text": "", "audience": "public"},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert "reshare" in response.json()["detail"].lower() or "partage" in response.json()["detail"]


@pytest.mark.parametrize("name", VIEWERS)
def test_the_atom_feed_lists_only_public_published_articles(people, items, name):
    response = client_for(viewer(people, name)).get("/fr/feed/people/alice-martin/articles.atom")
    if name == "gina":
        assert response.status_code == 404
        return
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    text = response.content.decode()
    assert "Article secret-public" in text
    assert "secret-members" not in text
    assert "secret-connections" not in text
    assert "Brouillon" not in text


@pytest.mark.parametrize("name", VIEWERS)
def test_the_author_article_list_follows_visible_to(people, items, name):
    client = client_for(viewer(people, name))
    page = client.get("/fr/feed/people/alice-martin/articles/")
    api = client.get("/api/v1/feed/people/alice-martin/articles")
    if name in {"anonymous", "gina"}:  # alice's profile is for members; gina is blocked
        assert page.status_code == 404 and api.status_code == 404
        return
    titles = {r["title"] for r in api.json()["results"]}
    expected = {f"Article secret-{a}" for a in MAY_SEE if name in MAY_SEE[a]}
    assert titles == expected
    for audience in MAY_SEE:
        assert (f"Article secret-{audience}" in page.content.decode()) == (
            f"Article secret-{audience}" in expected
        )


def test_drafts_are_only_for_their_author(people, items):
    draft = items["draft"]
    assert client_for(people.alice).get(f"/fr/feed/items/{draft.pk}/").status_code == 200
    for name in ("bob", "carol", "sam", "mallory"):
        client = client_for(getattr(people, name))
        assert client.get(f"/fr/feed/items/{draft.pk}/").status_code == 404
        assert client.get(f"/api/v1/feed/items/{draft.pk}").status_code == 404


def test_an_unattached_picture_is_only_for_its_uploader(people):
    picture = pictures.upload_image(people.alice, upload(), "Pas encore publiée")
    assert client_for(people.alice).get(f"/fr/feed/images/{picture.pk}/").status_code == 200
    assert client_for(people.bob).get(f"/fr/feed/images/{picture.pk}/").status_code == 404
    assert Client().get(f"/fr/feed/images/{picture.pk}/").status_code == 404


def test_notifications_go_only_to_people_who_may_see_the_item(
    people, django_capture_on_commit_callbacks
):
    from tremplin.notifications.models import Notification

    with django_capture_on_commit_callbacks(execute=True):
        services.publish_post(
            people.alice, "Merci @bob-roy et @carol-singh !", audience="connections"
        )
    mentioned = set(
        Notification.objects.filter(kind="mention").values_list("recipient_id", flat=True)
    )
    assert mentioned == {people.bob.pk}


@pytest.mark.parametrize("name", [n for n in VIEWERS if n != "anonymous"])
def test_the_compiled_page_query_returns_what_the_orm_query_returns(people, items, name):
    """The page's SQL is compiled once per process with stand-in values
    (tremplin.core.compiled); run with each persona's values it must give exactly the
    rows the freshly built queryset gives, with and without a cursor and a language."""
    who = viewer(people, name)
    first = queries.timeline_page(who, limit=2)
    when, pk = cursors.parse_cursor(first.next_cursor) if first.next_cursor else (None, None)
    for variant, values in [
        ((False, False, 2), {"when": None, "pk": None, "language": None}),
        ((False, True, 20), {"when": None, "pk": None, "language": "fr"}),
        ((when is not None, False, 20), {"when": when, "pk": pk, "language": None}),
        ((when is not None, True, 5), {"when": when, "pk": pk, "language": "fr"}),
    ]:
        compiled = queries.TIMELINE.run(variant, viewer=who, **values)
        built = list(queries._timeline_query(variant, viewer=who, **values))
        assert [e.pk for e in compiled] == [e.pk for e in built], (name, variant)
        for mine, theirs in zip(compiled, built, strict=True):
            assert mine.item.author.profile.handle == theirs.item.author.profile.handle
            for field in (*cards.MY_STATE, "has_pictures"):
                assert getattr(mine, field) == getattr(theirs, field), (name, field)
