"""The numbers are right: a view counts once per viewer, item and day; reactions,
comments, reshares and new followers by other people only; the previous period is the
same number of days just before; the cost is a fixed number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.factories import UserFactory
from tests.influence.conftest import days_ago, follow, react, today, view
from tremplin.feed import services as feed
from tremplin.feed.models import ItemView
from tremplin.influence.queries import summary


def series_of(data, field):
    return {d.day: getattr(d, field) for d in data.series}


def test_a_view_counts_once_per_viewer_per_item_per_day(personas, post, article):
    bob, carol = personas.bob, personas.carol
    feed.record_views(bob, [post, article])
    feed.record_views(bob, [post])  # the same day again: not counted twice
    feed.record_views(carol, [post])
    feed.record_views(personas.alice, [post])  # the author's own view is never recorded
    ItemView.objects.create(item=post, viewer=bob, day=days_ago(1))

    data = summary(personas.alice, 30)

    assert data.total("views").current == 4  # bob ×2 items today, carol today, bob yesterday
    assert data.total("viewers").current == 2
    views = series_of(data, "views")
    assert views[today()] == 3
    assert views[days_ago(1)] == 1
    assert sum(views.values()) == 4
    assert len(data.series) == 30
    assert data.start == days_ago(29) and data.end == today()


def test_the_previous_period_is_the_same_length_just_before(personas, post):
    view(post, personas.bob, days_ago(29))  # first day of this period
    view(post, personas.bob, days_ago(30))  # last day of the previous one
    view(post, personas.carol, days_ago(59))
    view(post, personas.carol, days_ago(60))  # too old for both

    data = summary(personas.alice, 30)

    assert (data.total("views").current, data.total("views").previous) == (1, 2)
    assert (data.total("viewers").current, data.total("viewers").previous) == (1, 2)
    week = summary(personas.alice, 7)
    assert week.total("views").current == 0 and len(week.series) == 7


def test_only_my_items_count(personas, post, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        bobs = feed.publish_post(personas.bob, "Le billet de Bob", audience="public")
    view(bobs, personas.carol)
    react(personas.carol, bobs)

    data = summary(personas.alice, 30)
    assert data.total("views").current == 0
    assert data.total("reactions").current == 0
    assert summary(personas.bob, 30).total("views").current == 1


def test_reactions_per_day_by_others_only(personas, post):
    react(personas.bob, post, days_ago(2))
    react(personas.carol, post)
    react(personas.alice, post)  # the author's own reaction does not measure influence
    react(personas.dave, post, days_ago(40))  # previous period

    data = summary(personas.alice, 30)

    reactions = series_of(data, "reactions")
    assert reactions[days_ago(2)] == 1 and reactions[today()] == 1
    assert data.total("reactions").current == 2
    assert data.total("reactions").previous == 1


def test_comments_and_reshares_by_others(personas, post, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        feed.add_comment(personas.bob, post, "Bravo !")
        feed.add_comment(personas.carol, post, "Merci pour le partage.")
        feed.add_comment(personas.alice, post, "Merci à vous.")
        feed.reshare(personas.bob, post, "À lire", audience="public")

    data = summary(personas.alice, 30)
    assert data.total("comments").current == 2
    assert data.total("reshares").current == 1


def test_followers_over_time_are_cumulative(personas):
    alice = personas.alice
    follow(personas.carol, alice, days_ago(45))  # before the period
    follow(personas.erin, alice, days_ago(10))
    follow(personas.mallory, alice, days_ago(10))
    follow(UserFactory(), alice)  # today

    data = summary(alice, 30)

    followers = series_of(data, "followers")
    new = series_of(data, "new_followers")
    assert followers[days_ago(29)] == 1
    assert followers[days_ago(11)] == 1
    assert followers[days_ago(10)] == 3 and new[days_ago(10)] == 2
    assert followers[today()] == 4 and new[today()] == 1
    assert data.total("followers").current == 3
    assert data.total("followers").previous == 1


def test_top_items_by_views_with_their_counters(personas, post, article):
    for viewer in (personas.bob, personas.carol, personas.dave):
        view(article, viewer)
    view(post, personas.bob)
    react(personas.bob, post)

    top = summary(personas.alice, 30).top_items

    assert [t.item.pk for t in top] == [article.pk, post.pk]
    assert [t.views for t in top] == [3, 1]
    assert top[0].label == "Réussir son entrevue"
    assert top[1].item.reaction_count == 1


def test_a_fixed_number_of_queries_whatever_the_data(
    personas, post, article, django_assert_max_num_queries
):
    others = [UserFactory() for _ in range(6)]
    for i, person in enumerate(others):
        view(post, person, days_ago(i))
        view(article, person, today() - timedelta(days=40 + i))
        react(person, post, days_ago(i))
        follow(person, personas.alice, days_ago(i * 3))
    with django_assert_max_num_queries(12):
        data = summary(personas.alice, 90)
    assert data.total("views").current == 12
    with django_assert_max_num_queries(12):
        summary(personas.alice, 7)


def test_days_out_of_range_are_refused(personas):
    for days in (0, -1, 91):
        with pytest.raises(ValueError):
            summary(personas.alice, days)
