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


def test_contains_and_startswith_inputs_are_escaped_like_the_orm_does():
    """A text compared with LIKE reaches the SQL inside Django's pattern, escaped:
    `%` and `_` in a member's search are letters, not wildcards."""
    UserFactory(email="ana_100%@example.com")
    UserFactory(email="anax100y@example.com")
    by_part = CompiledQuery(
        lambda variant, part, start: User.objects.filter(
            email__contains=part, email__startswith=start
        ).values_list("email", flat=True),
        part=Input.text,
        start=Input.text,
    )
    assert by_part.run(part="_100%", start="ana") == ["ana_100%@example.com"]
    assert by_part.run(part="x100", start="anax") == ["anax100y@example.com"]
    assert by_part.run(part="100", start="zzz") == []


def test_an_integer_field_value_is_an_input_too():
    """Values compared with an IntegerField (not a key) are wrapped in the column's type
    on PostgreSQL: they are still found among the parameters."""
    from tremplin.profiles.models import Education

    user = UserFactory()
    for school, year in (("Cégep", 2003), ("Université", 2017)):
        Education.objects.create(profile=user.profile, school=school, program="P", start_year=year)
    since = CompiledQuery(
        lambda variant, low: Education.objects.filter(
            profile__user=user, start_year__gte=low
        ).values_list("school", flat=True),
        low=Input.count,  # inside the column's range (Django drops the rest)
    )
    assert since.run(low=2010) == ["Université"]
    assert sorted(since.run(low=1990)) == ["Cégep", "Université"]


def test_an_unprepared_query_gives_the_same_rows_and_variants_are_bounded(monkeypatch):
    from tremplin.core import compiled

    users = [UserFactory() for _ in range(3)]
    build = lambda variant, ids: User.objects.filter(pk__in=ids[:variant]).order_by("pk")  # noqa: E731
    prepared = CompiledQuery(build, ids=Input.numbers)
    unprepared = CompiledQuery(build, prepared=False, ids=Input.numbers)
    ids = [u.pk for u in users]
    assert prepared.run(3, ids=ids) == unprepared.run(3, ids=ids) == users
    monkeypatch.setattr(compiled, "MAX_VARIANTS", 2)
    for size in (1, 2, 3):
        assert unprepared.run(size, ids=ids) == users[:size]
    assert len(unprepared._cache) == 2 and 1 not in unprepared._cache  # the oldest went
