"""The two ways `audience_q` checks "connections" (the viewer's set, or row by row)
must keep exactly the same rows, for every persona."""

from __future__ import annotations

import pytest

from tests.personas import VIEWERS, viewer_of
from tremplin.profiles.models import Profile

AUDIENCES = ["public", "members", "connections", "counsellors", "only_me"]


@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize("viewer_name", VIEWERS)
def test_row_by_row_and_set_checks_agree(personas, viewer_name, audience):
    Profile.objects.update(basics_visibility=audience)
    viewer = viewer_of(personas, viewer_name)
    by_set = set(Profile.objects.visible_to(viewer).values_list("pk", flat=True))
    by_row = set(Profile.objects.visible_to(viewer, by_row=True).values_list("pk", flat=True))
    assert by_set == by_row
    if audience == "connections" and viewer_name == "bob":  # alice's connection
        assert personas.alice.profile.pk in by_row
