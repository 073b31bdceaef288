"""Feed actions: fan-out, keyset pagination, edit history, reactions, comments,
reshares, bookmarks, views, deletion, organisations."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.conftest import client_for
from tests.factories import UserFactory, make_member
from tremplin.feed import queries as feed_queries
from tremplin.feed import services, timeline
from tremplin.feed.models import (
    Bookmark,
    Item,
    ItemRevision,
    ItemView,
    Reaction,
    TimelineEntry,
)
from tremplin.network import services as network
from tremplin.notifications.models import Notification
from tremplin.organizations.models import Role

# Both databases: the timeline's raw fan-out SQL, its compiled page query and each database's plan.
pytestmark = pytest.mark.both_databases

# ------------------------------------------------------------------ fan-out


def test_fan_out_is_one_statement_and_idempotent(people, publish):
    item = publish(people.alice, "Un message #emploi", audience="members")
    before = TimelineEntry.objects.count()
    with CaptureQueriesContext(connection) as queries:
        owners = timeline.fan_out(item.pk)
    inserts = [q for q in queries if q["sql"].startswith("INSERT")]
    assert len(inserts) == 1
    assert owners == []  # everyone already had it: ON CONFLICT DO NOTHING
    assert TimelineEntry.objects.count() == before


def test_hashtag_and_organisation_followers_get_items(people, publish):
    reader = UserFactory(name="Ines Tag")
    network.follow(reader, hashtag="emploi")
    employer_admin = make_member(people.agency, Role.ADMIN, name="Paul Admin")
    org_reader = UserFactory(name="Olga Org")
    network.follow(org_reader, organization=people.agency)
    tagged = publish(people.carol, "Offre #Emploi à Sudbury", audience="public")
    from_org = publish(
        employer_admin, "Journée portes ouvertes", audience="public", organization=people.agency
    )
    assert [i.pk for i in feed_queries.timeline_page(reader).items] == [tagged.pk]
    assert [i.pk for i in feed_queries.timeline_page(org_reader).items] == [from_org.pk]
    assert from_org.organization == people.agency
    assert tagged.hashtags.get().name == "emploi"


def test_only_admins_publish_for_an_organisation(people):
    with pytest.raises(ValidationError) as caught:
        services.publish_post(people.dave, "Pour l'agence", organization=people.agency)
    assert caught.value.code == "forbidden"


def test_timelines_are_trimmed_to_the_cap(people, publish):
    for n in range(6):
        publish(people.alice, f"Message {n}")
    removed = timeline.trim_timelines([people.bob.pk], keep=4)
    assert removed == 2
    kept = TimelineEntry.objects.filter(owner=people.bob).order_by("-created", "-id")
    assert [e.item.body for e in kept] == [f"Message {n}" for n in (5, 4, 3, 2)]


def test_backfill_fills_a_new_follower_timeline(people, publish):
    first = publish(people.alice, "Ancien message", audience="members")
    newcomer = UserFactory(name="Nora New")
    network.follow(newcomer, person=people.alice)
    assert feed_queries.timeline_page(newcomer).items == []
    assert timeline.backfill_timeline(newcomer) == 1
    assert [i.pk for i in feed_queries.timeline_page(newcomer).items] == [first.pk]


# ------------------------------------------------------------------ keyset pagination


def test_keyset_pages_walk_the_timeline_without_gaps_or_repeats(people, publish):
    made = [publish(people.alice, f"Message {n}") for n in range(7)]
    # Two items with the same timestamp: the id breaks the tie.
    same = timezone.now() - timedelta(days=1)
    TimelineEntry.objects.filter(item__in=made[:2]).update(created=same)
    seen, cursor, pages = [], None, 0
    while True:
        page = feed_queries.timeline_page(people.bob, cursor, limit=3)
        seen += [i.pk for i in page.items]
        pages += 1
        cursor = page.next_cursor
        if cursor is None:
            break
    assert pages == 3
    assert sorted(seen) == sorted(i.pk for i in made)
    assert len(seen) == len(set(seen))
    assert seen[-2:] == [made[1].pk, made[0].pk]


def timeline_plan(viewer, limit: int) -> str:
    """The database's plan for the page query, as text."""
    sql, params = feed_queries.TIMELINE.sql_with_params(
        (False, False, limit), viewer=viewer, when=None, pk=None, language=None
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A test's tables are tiny, so sorting them would be cheapest: price the
            # alternatives out to see whether the index alone can serve the order (on
            # the benchmark's 76 million rows PostgreSQL picks that plan by itself).
            for setting in ("enable_sort", "enable_hashjoin", "enable_seqscan"):
                cursor.execute(f"SET LOCAL {setting} = off")
            cursor.execute("EXPLAIN " + sql, params)
            return "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "\n".join(row[-1] for row in cursor.fetchall())


def test_the_page_is_one_bounded_query_led_by_the_timeline_index(people, publish):
    for n in range(5):
        publish(people.alice, f"Message {n}", audience="members")
    publish(people.bob, "Moi aussi")
    counts = []
    for limit in (2, 6):
        with CaptureQueriesContext(connection) as queries:
            page = feed_queries.timeline_page(people.bob, limit=limit)
        counts.append(len(queries))
        first = queries[0]["sql"]
        assert first.startswith('SELECT "feed_timelineentry"') and f"LIMIT {limit + 1}" in first
        assert len(page.items) == limit
        plan = timeline_plan(people.bob, limit)
        # The rows come from the (owner, created, id) index in order and the LIMIT stops
        # the scan: the authors, profiles and visibility checks are probed per row,
        # never hashed whole (DESIGN.md, "Hot paths": the planner trap).
        assert "timeline_page" in plan
        if connection.vendor == "postgresql":
            assert plan.startswith("Limit") and "Hash Join" not in plan and "Sort" not in plan
        else:
            assert "TEMP B-TREE" not in plan  # no sort: the index gives the order
    assert counts[0] == counts[1] <= 3


def test_api_feed_pages_with_a_cursor_and_filters_by_language(people, publish, api):
    publish(people.alice, "Un message en français", language="fr")
    english = publish(people.alice, "A message in English", language="en")
    client = api(people.bob)
    body = client.get("/?limit=1").json()
    assert len(body["results"]) == 1 and body["next_cursor"]
    second = client.get(f"/?limit=1&cursor={body['next_cursor']}").json()
    assert second["results"][0]["id"] != body["results"][0]["id"]
    only_en = client.get("/?language=en").json()["results"]
    assert [r["id"] for r in only_en] == [english.pk]
    assert client.get("/?cursor=nope").status_code == 422
    assert client.get("/?language=de").status_code == 422


def test_the_new_posts_count_sees_what_arrived_since_the_page(people, publish, api):
    publish(people.alice, "Premier")
    top = feed_queries.timeline_page(people.bob).top_cursor
    assert feed_queries.new_in_timeline(people.bob, top) == 0
    publish(people.alice, "Deuxième")
    publish(people.carol, "Pas pour bob")
    assert feed_queries.new_in_timeline(people.bob, top) == 1
    assert api(people.bob).get(f"/new?since={top}").json() == {"new": 1}
    fragment = client_for(people.bob).get(f"/en/feed/new/?since={top}")
    assert "1 new post" in fragment.content.decode()


# ------------------------------------------------------------------ edit history


def test_editing_keeps_the_previous_versions_for_readers(people, publish, api):
    item = publish(people.alice, "Première version", audience="members")
    services.edit_item(people.alice, item, body="Deuxième version")
    services.edit_item(people.alice, item, body="Troisième version", language="en")
    item.refresh_from_db()
    assert item.body == "Troisième version" and item.edited is not None
    assert list(
        ItemRevision.objects.filter(item=item)
        .order_by("written", "id")
        .values_list("body", flat=True)
    ) == ["Première version", "Deuxième version"]
    assert not TimelineEntry.objects.filter(item=item).exclude(language="en").exists()
    page = client_for(people.bob).get(f"/fr/feed/items/{item.pk}/history/").content.decode()
    assert "Première version" in page and "Deuxième version" in page
    detail = client_for(people.bob).get(f"/fr/feed/items/{item.pk}/").content.decode()
    assert f"/fr/feed/items/{item.pk}/history/" in detail
    revisions = api(people.bob).get(f"/items/{item.pk}/revisions").json()
    assert [r["text"] for r in revisions] == ["Deuxième version", "Première version"]


def test_only_the_author_may_edit_or_delete(people, publish, api):
    item = publish(people.alice, "À moi", audience="members")
    with pytest.raises(ValidationError):
        services.edit_item(people.bob, item, body="Piraté")
    assert api(people.bob).patch(f"/items/{item.pk}", {"text": "x"}).status_code == 403
    assert api(people.bob).delete(f"/items/{item.pk}").status_code == 403
    assert api(people.carol).delete(f"/items/{item.pk}").status_code == 403
    assert client_for(people.bob).get(f"/fr/feed/items/{item.pk}/edit/").status_code == 404


def test_deleting_removes_the_item_for_everyone(people, publish, api):
    item = publish(people.alice, "Bientôt parti", audience="public")
    reshared = services.reshare(people.bob, item, "Vu", audience="members")
    assert api(people.alice).delete(f"/items/{item.pk}").status_code == 204
    assert not Item.objects.filter(pk=item.pk).exists()
    assert not TimelineEntry.objects.filter(item_id=item.pk).exists()
    assert client_for(people.bob).get(f"/fr/feed/items/{item.pk}/").status_code == 404
    reshared.refresh_from_db()
    assert reshared.reshare_of_id is None
    body = api(people.carol).get(f"/items/{reshared.pk}").json()
    assert body["unavailable"] is True


# ------------------------------------------------------------------ reactions


def test_one_reaction_per_person_changeable_and_removable(people, publish, api):
    item = publish(people.alice, "Réagissez", audience="members")
    client = api(people.bob)
    assert client.put(f"/items/{item.pk}/reaction", {"kind": "like"}).json() == {
        "kind": "like",
        "reactions": 1,
    }
    assert client.put(f"/items/{item.pk}/reaction", {"kind": "celebrate"}).json()["reactions"] == 1
    assert Reaction.objects.get(item=item).kind == "celebrate"
    api(people.carol).put(f"/items/{item.pk}/reaction", {"kind": "support"})
    item.refresh_from_db()
    assert item.reaction_count == 2
    assert client.delete(f"/items/{item.pk}/reaction").status_code == 204
    assert client.delete(f"/items/{item.pk}/reaction").status_code == 404
    item.refresh_from_db()
    assert item.reaction_count == 1
    assert client.put(f"/items/{item.pk}/reaction", {"kind": "angry"}).status_code == 422
    grouped = Notification.objects.get(recipient=people.alice, kind="reaction")
    assert grouped.group_key == f"reaction:post:{item.pk}"
    assert grouped.count == 2


def test_reacting_from_the_page_toggles(people, publish):
    item = publish(people.alice, "Réagissez", audience="members")
    client = client_for(people.bob)
    client.post(f"/fr/feed/items/{item.pk}/react/", {"kind": "insightful"})
    assert Reaction.objects.get(item=item, user=people.bob).kind == "insightful"
    client.post(f"/fr/feed/items/{item.pk}/react/", {"kind": "insightful"})
    assert not Reaction.objects.filter(item=item).exists()


# ------------------------------------------------------------------ comments


def test_comments_replies_and_their_notifications(people, publish, api):
    item = publish(people.alice, "Vos avis ?", audience="members")
    first = api(people.bob).post(f"/items/{item.pk}/comments", {"text": "Super @carol-singh"})
    assert first.status_code == 201
    comment_id = first.json()["id"]
    reply = api(people.carol).post(
        f"/items/{item.pk}/comments", {"text": "Merci", "parent_id": comment_id}
    )
    assert reply.status_code == 201
    # A reply to a reply joins the same thread (one level).
    deeper = api(people.alice).post(
        f"/items/{item.pk}/comments", {"text": "Oui", "parent_id": reply.json()["id"]}
    )
    assert deeper.json()["parent_id"] == comment_id
    listed = api(people.dave).get(f"/items/{item.pk}/comments").json()
    assert [c["text"] for c in listed] == ["Super @carol-singh"]
    assert [r["text"] for r in listed[0]["replies"]] == ["Merci", "Oui"]
    kinds = set(Notification.objects.values_list("recipient__email", "kind"))
    assert ("alice@example.org", "comment") in kinds
    assert ("bob@example.org", "reply") in kinds
    assert ("carol@example.org", "mention") in kinds
    item.refresh_from_db()
    assert item.comment_count == 3


def test_comment_edit_and_delete_rules(people, publish, api):
    item = publish(people.alice, "Vos avis ?", audience="members")
    made = api(people.bob).post(f"/items/{item.pk}/comments", {"text": "Bof"}).json()
    api(people.carol).post(f"/items/{item.pk}/comments", {"text": "Oui", "parent_id": made["id"]})
    assert api(people.carol).patch(f"/comments/{made['id']}", {"text": "x"}).status_code == 403
    edited = api(people.bob).patch(f"/comments/{made['id']}", {"text": "Bien"})
    assert edited.json()["text"] == "Bien" and edited.json()["edited"]
    assert api(people.carol).delete(f"/comments/{made['id']}").status_code == 403
    # The post's author may delete comments on her post (replies go with it).
    assert api(people.alice).delete(f"/comments/{made['id']}").status_code == 204
    item.refresh_from_db()
    assert item.comment_count == 0
    assert api(people.bob).post(f"/items/{item.pk}/comments", {"text": "  "}).status_code == 422


# ------------------------------------------------------------------ reshares and bookmarks


def test_reshare_counts_and_notifies(people, publish, api):
    item = publish(people.alice, "À partager", audience="public")
    made = api(people.carol).post(
        f"/items/{item.pk}/reshares", {"text": "Lisez ça", "audience": "members"}
    )
    assert made.status_code == 201
    body = made.json()
    assert body["kind"] == "reshare" and body["reshare_of"]["id"] == item.pk
    item.refresh_from_db()
    assert item.reshare_count == 1
    assert Notification.objects.filter(recipient=people.alice, kind="reshare").exists()


def test_bookmarks_page_and_api(people, publish, api):
    item = publish(people.alice, "À garder", audience="members")
    client = api(people.bob)
    assert client.put(f"/items/{item.pk}/bookmark").status_code == 204
    assert client.put(f"/items/{item.pk}/bookmark").status_code == 204
    assert Bookmark.objects.filter(user=people.bob).count() == 1
    assert [r["id"] for r in client.get("/bookmarks").json()["results"]] == [item.pk]
    page = client_for(people.bob).get("/fr/feed/bookmarks/").content.decode()
    assert "À garder" in page
    assert client.delete(f"/items/{item.pk}/bookmark").status_code == 204
    assert client.delete(f"/items/{item.pk}/bookmark").status_code == 404


# ------------------------------------------------------------------ views


def test_views_are_counted_once_a_day_per_viewer_in_one_insert(people, publish):
    for n in range(3):
        publish(people.alice, f"Vu {n}", audience="members")
    client = client_for(people.bob)
    with CaptureQueriesContext(connection) as queries:
        client.get("/fr/")
    view_inserts = [
        q for q in queries if "feed_itemview" in q["sql"] and q["sql"].startswith("INSERT")
    ]
    assert len(view_inserts) == 1
    client.get("/fr/")
    client.get(f"/fr/feed/items/{Item.objects.first().pk}/")
    assert ItemView.objects.filter(viewer=people.bob).count() == 3
    client_for(people.alice).get("/fr/")  # authors do not count themselves
    assert not ItemView.objects.filter(viewer=people.alice).exists()
