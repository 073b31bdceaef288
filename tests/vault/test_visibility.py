"""Persona matrix: only alice (the owner) and those she shared with, while the share is
valid, see her document, in pages and API. Everyone else gets a 404 (anonymous: the
sign-in page or a 401). A withdrawn scope, a paused case, a block, a removed connection
or a revoked share cut access on the very next request."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.conftest import client_for
from tests.vault.conftest import pdf_bytes, upload
from tremplin.counselling.models import Case
from tremplin.network.services import block, connect, remove_connection
from tremplin.vault import services
from tremplin.vault.models import AccessLog, Document, Share

pytestmark = pytest.mark.django_db

OUTSIDERS = ["erin", "outsider", "admin", "carol", "bob", "mallory", "sam"]


def page_urls(doc) -> list[str]:
    return [f"/en/documents/{doc.pk}/", f"/en/documents/{doc.pk}/versions/1/download/"]


def api_urls(doc) -> list[str]:
    base = f"/api/v1/vault/documents/{doc.pk}"
    return [base, f"{base}/versions", f"{base}/versions/1/download", f"{base}/comments"]


def owner_write_pages(doc) -> list[tuple[str, dict]]:
    return [
        (f"/en/documents/{doc.pk}/versions/1/restore/", {}),
        (f"/en/documents/{doc.pk}/rename/", {"title": "Hacked", "kind": "cv"}),
        (f"/en/documents/{doc.pk}/delete/", {}),
        (f"/en/documents/{doc.pk}/links/", {"days": "3"}),
        (f"/en/documents/{doc.pk}/shares/", {"recipient": "1"}),
        (f"/en/documents/{doc.pk}/versions/", {"file": upload(pdf_bytes())}),
        (f"/en/documents/{doc.pk}/shares/{doc.shares.first().pk}/revoke/", {}),
    ]


def owner_write_api(doc) -> list[tuple[str, str, dict | None]]:
    base = f"/api/v1/vault/documents/{doc.pk}"
    return [
        ("post", f"{base}/versions/1/restore", None),
        ("patch", base, {"title": "Hacked"}),
        ("delete", base, None),
        ("post", f"{base}/links", {"days": 3}),
        ("post", f"{base}/shares", {"handle": "carol"}),
        ("get", f"{base}/shares", None),
        ("get", f"{base}/access-log", None),
        ("post", f"{base}/shares/{doc.shares.first().pk}/revoke", None),
    ]


def call(client, method: str, url: str, body: dict | None):
    if method == "get":
        return client.get(url)
    return getattr(client, method)(url, body or {}, content_type="application/json")


# ------------------------------------------------------------------ the matrix


def test_owner_and_her_counsellor_see_the_document(people, cv):
    for who in ("alice", "dave"):
        client = client_for(getattr(people, who))
        for url in page_urls(cv) + api_urls(cv):
            assert client.get(url).status_code == 200, (who, url)


@pytest.mark.parametrize("who", OUTSIDERS)
def test_nobody_else_sees_anything(people, cv, who):
    client = client_for(getattr(people, who))
    for url in page_urls(cv) + api_urls(cv):
        assert client.get(url).status_code == 404, url
    for url, data in owner_write_pages(cv):
        assert client.post(url, data).status_code == 404, url
    assert client.post(f"/en/documents/{cv.pk}/comments/", {"body": "x"}).status_code == 404
    for method, url, body in owner_write_api(cv):
        assert call(client, method, url, body).status_code == 404, url
    response = call(client, "post", f"/api/v1/vault/documents/{cv.pk}/comments", {"body": "x"})
    assert response.status_code == 404
    response = client.post(
        f"/api/v1/vault/documents/{cv.pk}/versions", {"file": upload(pdf_bytes())}
    )
    assert response.status_code == 404
    # Lists: neither "shared with me" nor the API list name it.
    assert "Mon CV" not in client.get("/en/documents/shared/").content.decode()
    assert "Mon CV" not in client.get("/en/documents/").content.decode()
    assert client.get("/api/v1/vault/shared").json() == []
    assert client.get("/api/v1/vault/documents").json() == []
    assert Document.objects.get(pk=cv.pk).title == "Mon CV"
    assert AccessLog.objects.count() == 0


def test_anonymous_visitors_are_sent_to_sign_in_or_get_401(people, cv):
    client = client_for(None)
    for url in page_urls(cv) + ["/en/documents/", "/en/documents/shared/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    for url in api_urls(cv) + ["/api/v1/vault/documents", "/api/v1/vault/shared"]:
        assert client.get(url).status_code == 401, url
    response = client.post("/api/v1/vault/documents", {"title": "x", "file": upload(pdf_bytes())})
    assert response.status_code == 401
    assert Document.objects.count() == 1


def test_her_counsellor_may_read_and_comment_but_not_act_as_the_owner(people, cv):
    client = client_for(people.dave)
    for url, data in owner_write_pages(cv):
        assert client.post(url, data).status_code == 403, url
    for method, url, body in owner_write_api(cv):
        assert call(client, method, url, body).status_code == 403, url
    response = client.post(
        f"/api/v1/vault/documents/{cv.pk}/versions", {"file": upload(pdf_bytes())}
    )
    assert response.status_code == 403
    assert Document.objects.get(pk=cv.pk).title == "Mon CV"
    assert cv.versions.count() == 1
    assert Share.objects.get(document=cv).revoked_at is None
    assert "Mon CV" in client.get("/en/documents/shared/").content.decode()
    assert [d["id"] for d in client.get("/api/v1/vault/shared").json()] == [cv.pk]


def test_a_connection_sees_only_what_is_shared_with_them(people, cv):
    client = client_for(people.bob)
    assert client.get(f"/en/documents/{cv.pk}/").status_code == 404
    services.share_with(people.alice, cv, people.bob)
    assert client.get(f"/en/documents/{cv.pk}/").status_code == 200
    assert client.get(f"/en/documents/{cv.pk}/versions/1/download/").status_code == 200
    # A connection reads the document but is not part of the counsellor review.
    assert client.get(f"/api/v1/vault/documents/{cv.pk}/comments").status_code == 403
    assert "Review comments" not in client.get(f"/en/documents/{cv.pk}/").content.decode()
    response = call(client, "post", f"/api/v1/vault/documents/{cv.pk}/comments", {"body": "x"})
    assert response.status_code == 403
    assert client.post(f"/en/documents/{cv.pk}/comments/", {"body": "x"}).status_code == 403
    for url, data in owner_write_pages(cv):
        assert client.post(url, data).status_code == 403, url
    for method, url, body in owner_write_api(cv):
        assert call(client, method, url, body).status_code == 403, url
    assert cv.versions.count() == 1


@pytest.mark.parametrize("who", ["alice", "dave", *OUTSIDERS])
def test_the_single_object_check_agrees_with_the_queryset(people, cv, who):
    viewer = getattr(people, who)
    assert cv.is_visible_to(viewer) == Document.objects.visible_to(viewer).filter(pk=cv.pk).exists()
    assert cv.is_reviewable_by(viewer) == (
        Document.objects.reviewable_by(viewer).filter(pk=cv.pk).exists()
    )
    assert cv.is_visible_to(viewer) == (who in ("alice", "dave"))


def test_a_read_only_token_cannot_write(people, cv):
    from django.test import Client

    from tremplin.api.services import create_token

    _token, raw = create_token(people.alice, "read", False)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert client.get(f"/api/v1/vault/documents/{cv.pk}").status_code == 200
    response = client.post("/api/v1/vault/documents", {"title": "x", "file": upload(pdf_bytes())})
    assert response.status_code == 403
    assert Document.objects.count() == 1


def test_sharing_with_a_stranger_or_another_counsellor_is_refused(people, cv):
    client = client_for(people.alice)
    for who in ("carol", "erin", "outsider", "admin"):
        handle = getattr(people, who).profile.handle
        response = client.post(
            f"/api/v1/vault/documents/{cv.pk}/shares",
            {"handle": handle},
            content_type="application/json",
        )
        assert response.status_code == 422, who
    assert not Share.objects.filter(to_user=people.carol).exists()


# ------------------------------------------------------------------ cut at once


def test_withdrawing_the_documents_scope_cuts_access_on_the_next_request(people, cv):
    client = client_for(people.dave)
    assert client.get(f"/en/documents/{cv.pk}/").status_code == 200
    Case.objects.filter(counsellor=people.dave, client=people.alice).update(shares_documents=False)
    # He knows the case and the document: he is told she has not granted it (issue 15).
    for url in page_urls(cv) + api_urls(cv):
        assert client.get(url).status_code == 403, url
    assert client.get("/api/v1/vault/shared").json() == []


@pytest.mark.parametrize("status", ["paused", "closed"])
def test_pausing_or_ending_the_case_cuts_access(people, cv, status):
    client = client_for(people.dave)
    Case.objects.filter(counsellor=people.dave, client=people.alice).update(status=status)
    # A paused case is still his to know of (403, told why); a closed one is not (404).
    for url in page_urls(cv) + api_urls(cv):
        assert client.get(url).status_code == (403 if status == "paused" else 404), url


def test_a_counsellor_who_is_also_a_connection_loses_access_with_the_scope(people, cv):
    connect(people.alice, people.dave)
    Case.objects.filter(counsellor=people.dave, client=people.alice).update(shares_documents=False)
    assert client_for(people.dave).get(f"/en/documents/{cv.pk}/").status_code == 403


def test_a_block_either_way_cuts_every_share(people, cv):
    services.share_with(people.alice, cv, people.bob)
    block(people.bob, people.alice)
    assert client_for(people.bob).get(f"/en/documents/{cv.pk}/").status_code == 404
    block(people.alice, people.dave)
    assert client_for(people.dave).get(f"/en/documents/{cv.pk}/").status_code == 404


def test_removing_the_connection_cuts_the_share(people, cv):
    services.share_with(people.alice, cv, people.bob)
    remove_connection(people.alice, people.bob)
    assert client_for(people.bob).get(f"/api/v1/vault/documents/{cv.pk}").status_code == 404


def test_revoking_a_person_share_cuts_access(people, cv):
    share = Share.objects.get(document=cv, to_user=people.dave)
    response = client_for(people.alice).post(f"/en/documents/{cv.pk}/shares/{share.pk}/revoke/")
    assert response.status_code == 302
    assert client_for(people.dave).get(f"/en/documents/{cv.pk}/").status_code == 404
    # And it can be shared again afterwards.
    services.share_with(people.alice, cv, people.dave)
    assert client_for(people.dave).get(f"/en/documents/{cv.pk}/").status_code == 200


# ------------------------------------------------------------------ links


def make_link(people, cv) -> tuple[Share, str]:
    response = client_for(people.alice).post(
        f"/api/v1/vault/documents/{cv.pk}/links", {"days": 2}, content_type="application/json"
    )
    assert response.status_code == 201
    url = response.json()["url"]
    token = url.rstrip("/").rsplit("/", 1)[-1]
    return Share.objects.get(pk=response.json()["share"]["id"]), token


def test_a_link_works_without_sign_in_until_it_expires(people, cv):
    share, token = make_link(people, cv)
    assert share.token_hash != token and token not in share.token_hash  # only the hash
    anonymous = client_for(None)
    response = anonymous.get(f"/fr/documents/link/{token}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert anonymous.get(f"/api/v1/vault/links/{token}/download").status_code == 200
    # Whoever holds the link gets the file, but still nothing else of the vault.
    assert client_for(people.carol).get(f"/en/documents/{cv.pk}/").status_code == 404
    Share.objects.filter(pk=share.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert anonymous.get(f"/fr/documents/link/{token}/").status_code == 404
    assert anonymous.get(f"/api/v1/vault/links/{token}/download").status_code == 404


def test_a_revoked_link_stops_at_once(people, cv):
    share, token = make_link(people, cv)
    response = client_for(people.alice).post(
        f"/api/v1/vault/documents/{cv.pk}/shares/{share.pk}/revoke"
    )
    assert response.status_code == 200
    assert response.json()["active"] is False
    assert client_for(None).get(f"/fr/documents/link/{token}/").status_code == 404
    assert client_for(None).get(f"/api/v1/vault/links/{token}/download").status_code == 404


def test_a_wrong_token_is_a_404(people, cv):
    make_link(people, cv)
    assert client_for(None).get("/fr/documents/link/not-a-token/").status_code == 404
    assert client_for(None).get("/api/v1/vault/links/nope/download").status_code == 404


def test_the_link_url_is_shown_once_on_the_page(people, cv):
    client = client_for(people.alice)
    response = client.post(f"/en/documents/{cv.pk}/links/", {"days": "5"})
    assert response.status_code == 200
    assert "/documents/link/" in response.content.decode()
    assert "/documents/link/" not in client.get(f"/en/documents/{cv.pk}/").content.decode()
    bad = client.post(f"/en/documents/{cv.pk}/links/", {"days": "400"})
    assert bad.status_code == 400
    assert Share.objects.links().count() == 1


# ------------------------------------------------------------------ files as served


def test_downloads_are_private_attachments(people, cv):
    services.add_version(people.alice, cv, upload(pdf_bytes(), "Curriculum Éloïse.pdf"))
    response = client_for(people.dave).get(f"/en/documents/{cv.pk}/versions/2/download/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''Curriculum%20%C3%89lo%C3%AFse.pdf" in disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


def test_no_file_sits_under_a_public_url(people, cv, settings):
    version = cv.versions.get()
    assert "Mon CV" not in version.file_name and "cv" not in version.file_name.lower()[6:]
    response = client_for(people.alice).get(settings.MEDIA_URL + version.file_name)
    assert response.status_code == 404


def test_uploading_a_second_document_does_not_reach_others(people, cv):
    other = services.upload_document(people.bob, upload(pdf_bytes()), title="Bob CV")
    client = client_for(people.alice)
    assert client.get(f"/en/documents/{other.pk}/").status_code == 404
    assert [d["id"] for d in client.get("/api/v1/vault/documents").json()] == [cv.pk]
