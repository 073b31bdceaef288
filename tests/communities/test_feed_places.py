"""Posting to a community through the feed (feed.places): who receives it in their home
timeline, who may read it anywhere the feed shows items (item page, API, timeline,
hashtags, an author's items, Atom), and who may post, on pages and through the API."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from tests.accounts.helpers import sign_in
from tests.communities.directory_world import Api, build
from tremplin.communities import tabs
from tremplin.communities.models import Community, Membership, MembershipStatus
from tremplin.communities.refusals import CommunityRefusal
from tremplin.feed import queries as feed_queries
from tremplin.feed import services
from tremplin.feed.errors import FeedError
from tremplin.feed.models import Item, Kind, TimelineEntry
from tremplin.network import services as network

pytestmark = pytest.mark.django_db

OUTSIDERS = ("anonymous", "carol", "pat", "bruno", "mallory")


@pytest.fixture
def world(personas):
    w = build(personas)
    network.follow(personas.carol, person=personas.alice)  # a follower, not a member
    return w


@pytest.fixture
def post(django_capture_on_commit_callbacks):
    """Publish with the after-commit fan-out run at once."""

    def run(author, community, text="Bonjour #emploi", **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            place = f"community:{community.slug}"
            return services.publish_post(author, text, place=place, **kwargs)

    return run


def who(world, name):
    return None if name == "anonymous" else getattr(world, name)


def client_of(user) -> Client:
    client = Client()
    if user is not None:
        sign_in(client, user)
    return client


def timeline_owners(item) -> set[int]:
    return set(TimelineEntry.objects.filter(item=item).values_list("owner_id", flat=True))


# ------------------------------------------------------------------ fan-out


@pytest.mark.parametrize("kind", ["public", "members", "private", "secret"])
def test_a_post_reaches_the_active_members_only(world, post, kind):
    item = post(world.alice, getattr(world, kind))
    # Not carol (she follows alice), not pat (pending), not bruno (banned).
    assert timeline_owners(item) == {world.alice.pk, world.bob.pk}
    assert item.place_key == f"community:{getattr(world, kind).pk}"
    assert item.audience == ("public" if kind == "public" else "members")


def test_members_get_a_live_event_however_many_they_are(world, post, monkeypatch):
    pushed = []
    monkeypatch.setattr("tremplin.feed.tasks.send_to_users", lambda ids, p: pushed.append(ids))
    monkeypatch.setattr("tremplin.feed.timeline.LIVE_PUSH_LIMIT", 0)
    post(world.alice, world.private)
    assert pushed == [[world.bob.pk]]  # the author's own page already shows it


# ------------------------------------------------------------------ who may read it


@pytest.mark.parametrize("kind", ["private", "secret"])
def test_a_private_or_secret_post_never_reaches_a_non_member(world, post, kind):
    network.follow(world.carol, person=world.bob)  # she follows the author
    item = post(world.bob, getattr(world, kind))
    for member in (world.alice, world.bob):  # the owner (a moderator) and a member
        assert Item.objects.visible_to(member).filter(pk=item.pk).exists()
        assert client_of(member).get(f"/fr/feed/items/{item.pk}/").status_code == 200
    for name in OUTSIDERS:
        viewer = who(world, name)
        assert not Item.objects.visible_to(viewer).filter(pk=item.pk).exists(), name
        assert not item.is_visible_to(viewer), name
        assert client_of(viewer).get(f"/fr/feed/items/{item.pk}/").status_code == 404, name
        assert Api(viewer).get(f"/feed/items/{item.pk}").status_code in (401, 404), name
        hashtag = client_of(viewer).get("/fr/feed/hashtags/emploi/").content.decode()
        assert f"item-{item.pk}" not in hashtag, name
        theirs = Item.objects.by_author_visible_to(world.bob, viewer)
        assert not theirs.filter(pk=item.pk).exists(), name
    assert not feed_queries.timeline_page(world.carol).items


def test_an_article_in_a_private_community_stays_out_of_atom_and_the_profile(world):
    article = Item.objects.create(
        kind=Kind.ARTICLE,
        author=world.alice,
        audience="public",
        language="fr",
        title="Réservé aux membres",
        body="Texte",
        published=timezone.now(),
        place_kind="community",
        place_id=world.private.pk,
    )
    assert article not in feed_queries.public_articles(world.alice)
    atom = Client().get(f"/fr/feed/people/{world.alice.profile.handle}/articles.atom")
    assert "Réservé aux membres" not in atom.content.decode()
    assert article not in feed_queries.article_cards(world.carol, world.alice)
    assert article in feed_queries.article_cards(world.bob, world.alice)


def test_a_banned_member_timeline_stops_showing_them(world, post):
    private = post(world.alice, world.private, "Entre nous")
    public = post(world.alice, world.public, "Pour tous")
    assert {i.pk for i in feed_queries.timeline_page(world.bob).items} == {private.pk, public.pk}
    Membership.objects.filter(community=world.private, user=world.bob).update(
        status=MembershipStatus.BANNED
    )
    Membership.objects.filter(community=world.public, user=world.bob).update(
        status=MembershipStatus.BANNED
    )
    # A public community's posts stay readable by anyone; the private one's are gone.
    assert [i.pk for i in feed_queries.timeline_page(world.bob).items] == [public.pk]


def test_a_public_community_post_is_public_and_says_where(world, post):
    item = post(world.alice, world.public, "Bienvenue à tous")
    response = Client().get(f"/en/feed/items/{item.pk}/")
    assert response.status_code == 200
    assert "in Health careers" in response.content.decode()
    assert "/communities/sante/posts/" in response.content.decode()
    shown = Api().get(f"/feed/items/{item.pk}").json()
    assert shown["place"]["key"] == f"community:{world.public.pk}"


def test_a_members_community_post_is_for_signed_in_members(world, post):
    item = post(world.alice, world.members)
    assert client_of(world.carol).get(f"/fr/feed/items/{item.pk}/").status_code == 200
    assert Client().get(f"/fr/feed/items/{item.pk}/").status_code == 404
    assert client_of(world.bruno).get(f"/fr/feed/items/{item.pk}/").status_code == 404


# ------------------------------------------------------------------ who may post


def refusal_code(author, community, **kwargs) -> str:
    with pytest.raises(CommunityRefusal) as refused:
        services.publish_post(author, "Bonjour", place=f"community:{community.slug}", **kwargs)
    return refused.value.code


def test_only_members_who_may_post_now_can(world, post):
    assert refusal_code(world.carol, world.public) == "forbidden"
    assert refusal_code(world.pat, world.public) == "forbidden"
    assert refusal_code(world.bruno, world.public) == "forbidden"
    assert refusal_code(world.carol, world.secret) == "not_found"
    Membership.objects.filter(community=world.public, user=world.bob).update(
        muted_until=timezone.now() + timezone.timedelta(days=1)
    )
    assert refusal_code(world.bob, world.public) == "refused"
    Community.objects.filter(pk=world.members.pk).update(rules_fr="Soyez courtois.")
    assert refusal_code(world.bob, world.members) == "conflict"
    Community.objects.filter(pk=world.private.pk).update(preapprove_first_posts=True)
    assert refusal_code(world.bob, world.private) == "conflict"
    Community.objects.filter(pk=world.secret.pk).update(slow_mode_seconds=600)
    post(world.bob, world.secret)
    assert refusal_code(world.bob, world.secret) == "rate_limited"
    with pytest.raises(FeedError):
        services.publish_post(world.alice, "Bonjour", place="nowhere:1")
    assert not Item.objects.filter(author=world.carol).exists()


def test_the_api_posts_to_a_community(world):
    api = Api(world.bob)
    created = api.post("/feed/posts", {"text": "Bonjour la gang", "community": "prive"})
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["place"]["key"] == f"community:{world.private.pk}"
    assert body["place"]["name"] == "Cercle privé"
    assert body["place"]["url"].endswith("/communities/prive/posts/")
    assert body["audience"] == "members"
    stranger = Api(world.carol).post("/feed/posts", {"text": "x", "community": "prive"})
    assert stranger.status_code == 403
    assert api.post("/feed/posts", {"text": "x", "community": "secret-inconnu"}).status_code == 404
    assert api.post("/feed/posts", {"text": "x", "community": "a b"}).status_code == 422
    pii = api.post("/feed/posts", {"text": "Écrivez-moi: bob@example.org", "community": "sante"})
    assert pii.status_code == 422 and "pii" in pii.json()
    posts = Api(world.bob).get("/communities/prive/posts").json()["results"]
    assert [p["text"] for p in posts] == ["Bonjour la gang"]
    assert Api(world.carol).get("/communities/prive/posts").json()["results"] == []
    assert Api().get("/communities/prive/posts").status_code == 404
    assert Api(world.carol).get("/communities/secret/posts").status_code == 404


def test_the_composer_offers_my_communities_and_posts_there(world):
    bob = client_of(world.bob)
    home = bob.get("/fr/?place=community:prive").content.decode()
    assert 'name="place"' in home
    assert '<option value="community:prive" selected>Cercle privé</option>' in home
    assert 'name="place"' not in client_of(world.carol).get("/fr/").content.decode()
    response = bob.post(
        "/fr/feed/posts/",
        {
            "body": "Un mot pour le cercle",
            "audience": "public",
            "language": "fr",
            "place": "community:prive",
            "next": "/fr/communities/prive/posts/",
        },  # fmt: skip
    )
    assert response.status_code == 302 and response["Location"] == "/fr/communities/prive/posts/"
    item = Item.objects.get(body="Un mot pour le cercle")
    assert (item.place_id, item.audience) == (world.private.pk, "members")
    page = bob.get("/fr/communities/prive/posts/").content.decode()
    assert "Un mot pour le cercle" in page
    carol_page = client_of(world.carol).get("/fr/communities/prive/posts/")
    assert carol_page.status_code == 200
    assert "Un mot pour le cercle" not in carol_page.content.decode()
    assert Client().get("/fr/communities/prive/posts/").status_code == 404
    assert client_of(world.carol).get("/fr/communities/secret/posts/").status_code == 404


def test_the_composer_refusal_is_shown_with_the_text_kept(world):
    Community.objects.filter(pk=world.members.pk).update(rules_fr="Soyez courtois.")
    response = client_of(world.bob).post(
        "/fr/feed/posts/",
        {
            "body": "Mon texte à garder",
            "audience": "members",
            "language": "fr",
            "place": "community:techno",
        },  # fmt: skip
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Mon texte à garder" in html
    assert "règles" in html.lower() or "rules" in html.lower()


def test_the_posts_tab_is_registered(world, post):
    tab = next(t for t in tabs.all_tabs() if t.key == "posts")
    post(world.alice, world.private, "Dans l'onglet")
    context = tab.context(world.private, world.bob)
    assert [i.body for i in context["posts"].items] == ["Dans l'onglet"] and context["may_post"]
    assert tab.context(world.private, world.carol)["posts"].items == []


def test_a_report_on_a_community_post_is_in_the_community_scope(world, post):
    from tremplin.moderation.services import report

    item = post(world.alice, world.private, "Un message à signaler")
    found = report(world.bob, "post", item.pk, "spam")
    assert found.scope == world.private.scope_key
    outside = services.publish_post(world.bob, "Hors communauté")
    assert report(world.alice, "post", outside.pk, "spam").scope == ""


def test_the_posts_page_goes_on_with_more(world, post):
    for n in range(feed_queries.PAGE_SIZE + 1):
        post(world.bob, world.public, f"Message {n}")
    bob = client_of(world.bob)
    first = bob.get("/fr/communities/sante/posts/").content.decode()
    assert "Message 20" in first and "Message 0<" not in first
    more = first.split('href="/fr/communities/sante/posts/?cursor=')[1].split('"')[0]
    rest = bob.get(
        f"/fr/communities/sante/posts/?cursor={more}&fragment=list", HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Message 0" in rest and "<html" not in rest
    assert bob.get("/fr/communities/sante/posts/?cursor=nope").status_code == 404
    assert Api(world.bob).get("/communities/sante/posts?cursor=nope").status_code == 422
