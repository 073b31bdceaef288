"""The viewer's relations: asked once per GET, afresh on every write and outside a
request, and provided by the apps that own them."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tremplin.core.viewer import Viewer, _scope, viewer_of
from tremplin.network.services import block, mute

pytestmark = pytest.mark.django_db


def test_relations_come_from_the_apps_that_own_them(crew):
    dave = viewer_of(crew.dave)
    assert dave.is_counsellor and not dave.is_agency_admin
    assert dave.counsels(crew.alice.pk, "profile")
    assert not viewer_of(crew.erin).counsels(crew.alice.pk, "profile")
    assert viewer_of(crew.greta).is_agency_admin
    assert viewer_of(crew.alice).is_connected_to(crew.bob.pk)
    assert not viewer_of(crew.alice).is_connected_to(crew.carol.pk)


def test_blocks_either_way_and_mutes(personas):
    block(personas.carol, personas.alice)
    mute(personas.alice, personas.bob)
    alice = viewer_of(personas.alice)
    assert alice.blocks_either_way(personas.carol.pk)
    assert viewer_of(personas.carol).blocks_either_way(personas.alice.pk)
    assert alice.muted_ids == {personas.bob.pk}


def test_anonymous_has_no_relation_and_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        nobody = viewer_of(None)
        assert not nobody.is_authenticated
        assert nobody.blocked_ids == frozenset() and not nobody.is_counsellor
        assert nobody.connected_among([1, 2]) == set()


def test_each_relation_is_one_query_then_memory(crew):
    viewer = Viewer(crew.alice)
    with CaptureQueriesContext(connection) as first:
        viewer.blocked_ids, viewer.memberships, viewer.counsellor_scopes
        viewer.is_connected_to(crew.bob.pk)
    with CaptureQueriesContext(connection) as again:
        viewer.blocked_ids, viewer.memberships, viewer.counsellor_scopes
        viewer.is_connected_to(crew.bob.pk)
        viewer.is_counsellor, viewer.requires_mfa
    assert len(first) == 4 and len(again) == 0


def test_one_viewer_per_person_during_a_get_and_a_new_one_outside(personas):
    assert viewer_of(personas.alice) is not viewer_of(personas.alice)
    token = _scope.set({})
    try:
        assert viewer_of(personas.alice) is viewer_of(personas.alice)
        assert viewer_of(personas.alice) is not viewer_of(personas.bob)
    finally:
        _scope.reset(token)


def test_a_profile_page_asks_each_relation_once(personas, as_user, settings):
    """The scope is on for GET: the same page asked twice in one request would read each
    relation twice without it."""
    client = as_user(personas.bob)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/en/p/{personas.alice.profile.handle}/").status_code == 200
    # Round trips that read the blocks themselves (a block rule inside another query, as
    # the notification badge's count has, costs no round trip of its own).
    block_reads = [
        q["sql"] for q in queries if re.match(r'SELECT [^()]* FROM "network_block"', q["sql"])
    ]
    assert len(block_reads) <= 1, block_reads
