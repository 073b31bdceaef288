"""`field__in_ids`: the same rows as `__in`, on both databases (one array parameter on
PostgreSQL, `IN (...)` on SQLite)."""

from __future__ import annotations

import pytest

from tests.factories import UserFactory
from tremplin.accounts.models import User
from tremplin.profiles.models import Profile

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]


def test_in_ids_finds_what_in_finds_by_primary_and_foreign_key():
    users = [UserFactory() for _ in range(4)]
    wanted = [users[2].pk, users[0].pk, users[2].pk, 10**9]

    by_pk = set(User.objects.filter(pk__in_ids=wanted).values_list("pk", flat=True))
    by_fk = set(Profile.objects.filter(user_id__in_ids=wanted).values_list("user_id", flat=True))

    assert by_pk == set(User.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    assert by_pk == {users[0].pk, users[2].pk}
    assert by_fk == {users[0].pk, users[2].pk}


def test_no_ids_no_rows_and_only_integers():
    UserFactory()
    assert list(User.objects.filter(pk__in_ids=[])) == []
    with pytest.raises(TypeError):
        User.objects.filter(pk__in_ids=["1"])
