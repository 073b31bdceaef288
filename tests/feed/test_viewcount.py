"""Feed views are kept in memory and written in batches (tremplin.feed.viewcount)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tremplin.feed import services, viewcount
from tremplin.feed.models import ItemView

# Both databases: views written in batches with datetimes stored as each database stores them.
pytestmark = pytest.mark.both_databases


def test_a_served_page_waits_in_memory_and_is_written_once_per_viewer_and_day(
    people, settings, monkeypatch
):
    settings.FEED_VIEWS_FLUSH_SECONDS = 3600  # the thread will not flush during the test
    buffer = viewcount.ViewBuffer()
    monkeypatch.setattr(viewcount, "buffer", buffer)
    post = services.publish_post(people.alice, "Bonjour", audience="members")
    services.record_views(people.bob, [post])
    services.record_views(people.bob, [post])  # a reload
    services.record_views(people.alice, [post])  # authors do not count themselves
    assert not ItemView.objects.exists()  # nothing written while the page was served
    assert buffer.rows == {(post.pk, people.bob.pk, timezone.localdate())}
    buffer.flush()
    assert list(ItemView.objects.values_list("item_id", "viewer_id")) == [(post.pk, people.bob.pk)]
    assert buffer.rows == set()
    buffer.add([(post.pk, people.bob.pk, timezone.localdate())])
    buffer.flush()  # the same day again: still one row
    assert ItemView.objects.count() == 1


def test_views_of_items_deleted_before_the_write_are_dropped_not_the_batch(people):
    kept = services.publish_post(people.alice, "Reste", audience="members")
    gone = services.publish_post(people.alice, "Part", audience="members")
    day = timezone.localdate()
    rows = [(kept.pk, people.bob.pk, day), (gone.pk, people.bob.pk, day)]
    services.delete_item(people.alice, gone)
    viewcount.write(rows)
    assert list(ItemView.objects.values_list("item_id", flat=True)) == [kept.pk]
