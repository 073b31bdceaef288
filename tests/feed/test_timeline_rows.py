"""The timeline's rows have no foreign-key constraint in the database (feed migration
0004: the fan-out's speed); Django still deletes them with their item and their owner,
on both databases."""

from __future__ import annotations

import pytest

from tests.factories import UserFactory
from tremplin.feed import services
from tremplin.feed.models import TimelineEntry
from tremplin.network import services as network

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]


def test_rows_go_with_their_item_and_with_their_owner(publish):
    author, reader, other = UserFactory(), UserFactory(), UserFactory()
    network.follow(reader, person=author)
    network.follow(other, person=author)
    kept = publish(author, "Reste", audience="members")
    gone = publish(author, "Part", audience="members")
    owners = {author.pk, reader.pk, other.pk}
    for item in (kept, gone):
        assert set(TimelineEntry.objects.filter(item=item).values_list("owner_id", flat=True)) == (
            owners
        )
    services.delete_item(author, gone)
    assert not TimelineEntry.objects.filter(item_id=gone.pk).exists()
    reader_pk = reader.pk
    reader.delete()
    assert not TimelineEntry.objects.filter(owner_id=reader_pk).exists()
    assert set(TimelineEntry.objects.values_list("owner_id", "item_id")) == {
        (author.pk, kept.pk),
        (other.pk, kept.pk),
    }
