"""The moderation API: reports from members, the queue and decisions for moderators;
typed 4xx JSON answers."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.personas import VIEWERS, viewer_of
from tremplin.api.services import create_token
from tremplin.feed.models import Item
from tremplin.moderation.models import Report

API = "/api/v1/moderation"


def bearer(user, write=True) -> dict:
    _token, raw = create_token(user, "test", can_write=write)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def post(user, path, body, write=True):
    return Client().post(
        f"{API}{path}", body, content_type="application/json", **bearer(user, write)
    )


def error(response, status) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    assert isinstance(response.json()["detail"], (str, list))
    return response.json()


def test_a_member_reports_a_post(personas, content):
    response = post(
        personas.bob, "/reports", {"kind": "post", "id": content.post.pk, "reason": "scam"}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["kind"], body["object_id"], body["status"]) == ("post", content.post.pk, "open")
    error(
        post(personas.bob, "/reports", {"kind": "post", "id": content.post.pk, "reason": "spam"}),
        409,
    )
    mine = Client().get(f"{API}/reports/mine", **bearer(personas.bob)).json()
    assert [r["id"] for r in mine] == [body["id"]]


def test_a_member_is_reported_by_handle(personas):
    handle = personas.carol.profile.handle
    response = post(
        personas.bob, "/reports", {"kind": "member", "id": handle, "reason": "impersonation"}
    )
    assert response.status_code == 201, response.content
    assert Report.objects.get().object_id == personas.carol.profile.pk


@pytest.mark.parametrize(
    "body",
    [
        {"kind": "post", "reason": "spam"},
        {"kind": "post", "id": "not a handle", "reason": "spam"},
        {"kind": "post", "id": 1.5, "reason": "spam"},
        {"kind": "nothing", "id": 1, "reason": "spam"},
        {"kind": "post", "id": 1, "reason": "because"},
        {"kind": "post", "id": 1, "reason": "spam", "note": "x" * 1001},
        {"kind": "post", "id": 1, "reason": "spam", "extra": 1},
        {"kind": "post", "id": 0, "reason": "spam"},
    ],
)
def test_bad_reports_are_422(personas, body):
    error(post(personas.bob, "/reports", body), 422)


def test_what_the_reporter_cannot_see_is_404(personas, content):
    error(
        post(
            personas.carol, "/reports", {"kind": "post", "id": content.private.pk, "reason": "spam"}
        ),
        404,
    )
    error(
        post(
            personas.carol,
            "/reports",
            {"kind": "message", "id": content.message.pk, "reason": "spam"},
        ),
        404,
    )
    error(
        post(personas.alice, "/reports", {"kind": "post", "id": content.post.pk, "reason": "spam"}),
        409,
    )


def test_a_read_token_cannot_report(personas, content):
    error(
        post(
            personas.bob,
            "/reports",
            {"kind": "post", "id": content.post.pk, "reason": "spam"},
            write=False,
        ),
        403,
    )


def test_anonymous_gets_401(content):
    client = Client()
    error(client.post(f"{API}/reports", {}, content_type="application/json"), 401)
    error(client.get(f"{API}/queue"), 401)


@pytest.mark.parametrize("name", [v for v in VIEWERS if v != "anonymous"])
def test_only_moderators_read_the_queue_and_the_log(personas, content, name):
    Report.objects.create(
        kind="post",
        object_id=content.post.pk,
        reporter=personas.bob,
        author=personas.alice,
        reason="spam",
    )
    viewer = viewer_of(personas, name)
    queue = Client().get(f"{API}/queue", **bearer(viewer))
    log = Client().get(f"{API}/decisions", **bearer(viewer))
    if name == "mallory":
        (entry,) = queue.json()
        assert entry["kind"] == "post" and entry["reports"] == 1 and entry["excerpt"]
        assert "reporter" not in entry and "bob" not in str(entry).lower()
        assert log.status_code == 200
    else:
        error(queue, 403)
        error(log, 403)


def test_a_moderator_removes_a_post(personas, content):
    post(personas.bob, "/reports", {"kind": "post", "id": content.post.pk, "reason": "scam"})
    path = f"/queue/post/{content.post.pk}/decision"
    error(post(personas.mallory, path, {"action": "remove"}), 422)  # no reason
    error(post(personas.bob, path, {"action": "remove", "reason": "x"}), 403)
    response = post(personas.mallory, path, {"action": "remove", "reason": "Arnaque"})
    assert response.status_code == 201, response.content
    assert response.json()["action"] == "remove"
    assert not Item.objects.filter(pk=content.post.pk).exists()
    error(post(personas.mallory, path, {"action": "dismiss"}), 404)  # nothing open any more
    log = Client().get(f"{API}/decisions", **bearer(personas.mallory)).json()
    assert [(d["action"], d["reason"]) for d in log] == [("remove", "Arnaque")]


def test_decisions_refuse_bad_input(personas, content):
    post(personas.bob, "/reports", {"kind": "post", "id": content.post.pk, "reason": "scam"})
    path = f"/queue/post/{content.post.pk}/decision"
    error(post(personas.mallory, path, {"action": "lift"}), 422)
    error(
        post(
            personas.mallory,
            path,
            {"action": "suspend", "reason": "x", "until": "2000-01-01T00:00:00Z"},
        ),
        422,
    )
    error(post(personas.mallory, "/queue/nothing/1/decision", {"action": "dismiss"}), 422)
    error(post(personas.mallory, "/queue/post/99999999/decision", {"action": "dismiss"}), 404)


def test_the_schema_names_the_reportable_kinds():
    """Another app's enum named "Kind" (notifications) once replaced ours in the
    OpenAPI components: the documented kinds must be the reportable ones."""
    from tremplin.api.api import api
    from tremplin.moderation import reportables

    schema = api.get_openapi_schema()
    body = schema["paths"]["/api/v1/moderation/reports"]["post"]["requestBody"]
    ref = body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    kind = schema["components"]["schemas"][ref]["properties"]["kind"]
    enum = schema["components"]["schemas"][kind["$ref"].rsplit("/", 1)[-1]]["enum"]
    assert sorted(enum) == sorted(reportables.kind_keys())


@pytest.mark.parametrize(
    "until, status",
    [
        ("2000-01-01T00:00:00", 422),  # no offset, in the past
        ("9999-12-31T23:59:59-12:00", 422),  # beyond what can be stored
        ("9999-12-31T23:59:59", 422),
        ("0001-01-01T00:00:00+14:00", 422),
    ],
)
def test_a_suspension_date_is_checked_never_a_500(personas, content, until, status):
    post(personas.bob, "/reports", {"kind": "post", "id": content.post.pk, "reason": "scam"})
    path = f"/queue/post/{content.post.pk}/decision"
    body = {"action": "suspend", "reason": "x", "until": until}
    error(post(personas.mallory, path, body), status)


def test_a_suspension_date_without_offset_is_the_sites_time(personas, content):
    from datetime import timedelta

    from django.utils import timezone

    post(personas.bob, "/reports", {"kind": "post", "id": content.post.pk, "reason": "scam"})
    soon = (timezone.localtime() + timedelta(days=3)).replace(tzinfo=None, microsecond=0)
    path = f"/queue/post/{content.post.pk}/decision"
    response = post(
        personas.mallory, path, {"action": "suspend", "reason": "x", "until": soon.isoformat()}
    )
    assert response.status_code == 201, response.content
