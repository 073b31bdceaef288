"""Querysets compiled once (tremplin.core.compiled): same rows as the ORM, real values
in place of every stand-in, and a refusal for SQL that depends on anything else."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import UserFactory
from tremplin.accounts.models import User
from tremplin.core.compiled import CompiledQuery, Input

# Both databases: compiled queries: prepared statements on PostgreSQL only.
pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]


def _joined_after(variant, when, ids):
    size, descending = variant
    found = User.objects.filter(date_joined__gt=when, pk__in=ids[:size])
    return found.order_by("-pk" if descending else "pk").values_list("pk", "date_joined")


JOINED = CompiledQuery(_joined_after, when=Input.moment, ids=Input.numbers)


def test_values_rows_match_the_orm_with_datetimes_and_lists_substituted():
    users = [UserFactory() for _ in range(4)]
    now = timezone.now()
    for n, user in enumerate(users):
        User.objects.filter(pk=user.pk).update(date_joined=now - timedelta(days=n))
    ids = [u.pk for u in users]
    since = now - timedelta(days=2, hours=1)
    for variant in [(4, False), (4, True), (2, True)]:
        expected = list(_joined_after(variant, since, ids))
        assert JOINED.run(variant, when=since, ids=ids) == expected
    assert [pk for pk, _joined in JOINED.run((4, False), when=since, ids=ids)] == ids[:3]
    # Converters apply as for any queryset: datetimes, not strings (SQLite).
    assert JOINED.run((1, False), when=since, ids=ids)[0][1] == now


def test_model_rows_come_back_as_instances_with_their_related_objects():
    users = [UserFactory() for _ in range(2)]
    by_email = CompiledQuery(
        lambda variant, email: User.objects.select_related("profile").filter(email=email),
        email=Input.text,
    )
    for user in users:
        with CaptureQueriesContext(connection) as queries:
            (found,) = by_email.run(email=user.email)
            assert found.profile.display_name == user.profile.display_name
        assert len(queries) == 1 and queries[0]["sql"]  # one query, logged with its SQL
        assert found == user


def test_a_user_input_is_replaced_by_the_real_member():
    alice, bob = UserFactory(), UserFactory()
    others = CompiledQuery(
        lambda variant, viewer: User.objects.exclude(pk=viewer.pk).filter(is_active=True),
        viewer=Input.user,
    )
    assert {u.pk for u in others.run(viewer=alice)} == {bob.pk}
    assert {u.pk for u in others.run(viewer=bob)} == {alice.pk}


def test_a_query_that_depends_on_an_undeclared_value_is_refused():
    # timezone.now() is read while building: caching its SQL would freeze the time.
    recent = CompiledQuery(
        lambda variant, email: User.objects.filter(email=email, date_joined__lte=timezone.now()),
        email=Input.text,
    )
    with pytest.raises(ImproperlyConfigured, match="not a declared input"):
        recent.run(email="x@example.org")


def test_each_variant_is_compiled_once():
    calls = []

    def build(variant, email):
        calls.append(variant)
        return User.objects.filter(email=email)[:variant]

    query = CompiledQuery(build, email=Input.text)
    for _ in range(3):
        query.run(1, email="a@example.org")
        query.run(2, email="a@example.org")
    assert calls == [1, 1, 2, 2]  # twice each: the second compilation checks the first


def test_a_day_input_is_replaced_by_the_real_date():
    joined = CompiledQuery(
        lambda variant, day: User.objects.filter(date_joined__date__lt=day).values_list("pk"),
        day=Input.day,
    )
    user = UserFactory()
    today = timezone.localdate(user.date_joined)
    assert joined.run(day=today) == []
    assert joined.run(day=today + timedelta(days=1)) == [(user.pk,)]
