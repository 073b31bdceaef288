"""Who sees that alice is open to work, her recruiters-only section, and her in the
recruiter search: only her counsellor and the recruiters of verified employers that are
not her own employer nor one she hides from. Each persona, on the profile page, in the
profile API, on the search page and in the search API."""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.translation import gettext

from tests.personas import viewer_of
from tests.recruiting.conftest import FINDS, MARKER, SEARCHES, SEES, SKILL, VIEWERS


def badge() -> str:
    with translation.override("fr"):
        return f'<p class="badge">{gettext("Open to work")}</p>'


@pytest.mark.parametrize("viewer", VIEWERS)
def test_the_flag_and_the_recruiters_section_show_only_to_their_audience(cast, as_user, viewer):
    client = as_user(viewer_of(cast, viewer))
    expected = viewer in SEES

    page = client.get("/fr/p/alice-martin/").content.decode()
    assert (badge() in page) is expected
    assert (MARKER in page) is expected

    data = client.get("/api/v1/profiles/alice-martin").json()
    assert data["open_to_work"] is expected
    assert (data["about"] is not None) is expected
    assert ("about" in data["visible_sections"]) is expected


@pytest.mark.parametrize("viewer", VIEWERS)
def test_only_verified_recruiters_search_and_only_the_allowed_ones_find_her(cast, as_user, viewer):
    client = as_user(viewer_of(cast, viewer))
    page = client.get("/fr/recruiting/candidates/", {"skills": SKILL})
    api = client.get("/api/v1/recruiting/candidates", {"skills": SKILL})
    if viewer == "anonymous":
        assert page.status_code == 302 and "/login/" in page["Location"]
        assert api.status_code == 401
        return
    if viewer not in SEARCHES:
        assert page.status_code == api.status_code == 403
        assert "alice-martin" not in page.content.decode()
        assert api.json()["detail"]
        return
    assert page.status_code == api.status_code == 200
    found = viewer in FINDS
    assert ("/fr/p/alice-martin/" in page.content.decode()) is found
    handles = [c["handle"] for c in api.json()["results"]]
    assert ("alice-martin" in handles) is found
