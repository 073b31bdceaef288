"""Only the mentor and the mentee see a mentorship, in pages and API: everyone else
gets a 404 on every action and finds nothing in their lists (anonymous: the sign-in page
or a 401)."""

from __future__ import annotations

import pytest

from tests.conftest import client_for
from tremplin.mentoring.models import Mentorship

pytestmark = pytest.mark.django_db

OUTSIDERS = ["bob", "carol", "dave", "erin", "mallory", "sam"]
ACTIONS = ["accept", "decline", "end"]


@pytest.mark.parametrize("stage", ["proposal", "mentorship"])
def test_the_two_parties_see_it(personas, max_, stage, request):
    found = request.getfixturevalue(stage)
    for user in (personas.alice, max_):
        client = client_for(user)
        page = client.get("/en/mentoring/")
        assert page.status_code == 200
        assert found in (
            page.context["waiting"]
            + page.context["proposed"]
            + page.context["mentors"]
            + page.context["mentees"]
        )
        listed = client.get("/api/v1/mentoring/mentorships").json()
        assert [m["id"] for m in listed] == [found.pk]
        assert found.is_visible_to(user)


@pytest.mark.parametrize("who", OUTSIDERS)
@pytest.mark.parametrize("stage", ["proposal", "mentorship"])
def test_nobody_else_sees_it(personas, max_, who, stage, request):
    found = request.getfixturevalue(stage)
    status = found.status
    client = client_for(getattr(personas, who))
    page = client.get("/en/mentoring/")
    assert page.status_code == 200
    assert "Max Mentor" not in page.content.decode()
    assert client.get("/api/v1/mentoring/mentorships").json() == []
    for action in ACTIONS:
        assert client.post(f"/en/mentoring/{found.pk}/{action}/").status_code == 404
        url = f"/api/v1/mentoring/mentorships/{found.pk}/{action}"
        answer = client.post(url, content_type="application/json")
        assert answer.status_code == 404
        assert answer.json() == {"detail": "Not found."}
    assert Mentorship.objects.get().status == status
    assert not Mentorship.objects.visible_to(getattr(personas, who)).exists()


def test_anonymous_is_sent_to_sign_in_or_refused(personas, mentorship):
    client = client_for(None)
    page = client.get("/en/mentoring/")
    assert page.status_code == 302 and "/login/" in page["Location"]
    assert client.post(f"/en/mentoring/{mentorship.pk}/end/").status_code == 302
    assert client.get("/api/v1/mentoring/mentorships").status_code == 401
    answer = client.post(
        f"/api/v1/mentoring/mentorships/{mentorship.pk}/end", content_type="application/json"
    )
    assert answer.status_code == 401
    assert Mentorship.objects.get().status == "active"
