"""Versions and restore, the access log, the CV review thread, renaming and deleting."""

from __future__ import annotations

import pytest

from tests.conftest import client_for
from tests.vault.conftest import pdf_bytes, stored_files, upload
from tremplin.notifications.models import Notification
from tremplin.vault import services
from tremplin.vault.hooks import DOCUMENT_COMMENT, DOCUMENT_SHARED
from tremplin.vault.models import AccessLog, Document, DocumentVersion, ReviewComment
from tremplin.vault.storage import vault_storage

pytestmark = pytest.mark.django_db


def read(version: DocumentVersion) -> bytes:
    with vault_storage().open(version.file_name) as handle:
        return handle.read()


def test_a_new_upload_keeps_the_history_and_restore_makes_a_new_version(people, cv):
    client = client_for(people.alice)
    response = client.post(
        f"/en/documents/{cv.pk}/versions/", {"file": upload(pdf_bytes("two"), "cv2.pdf")}
    )
    assert response.status_code == 302
    assert list(cv.versions.values_list("number", flat=True)) == [2, 1]
    first = cv.versions.get(number=1)
    response = client.post(f"/en/documents/{cv.pk}/versions/1/restore/", follow=True)
    assert "Version 1 is restored as version 3." in response.content.decode()
    third = cv.versions.get(number=3)
    assert third.restored_from == 1
    assert third.sha256 == first.sha256
    assert read(third) == read(first)
    assert third.file_name != first.file_name
    assert len(stored_files()) == 3
    page = client.get(f"/en/documents/{cv.pk}/").content.decode()
    assert "restored from version 1" in page
    assert "Restore version 2" in page


def test_versions_and_restore_over_the_api(people, cv):
    client = client_for(people.alice)
    response = client.post(
        f"/api/v1/vault/documents/{cv.pk}/versions", {"file": upload(pdf_bytes("two"))}
    )
    assert response.status_code == 201
    assert response.json()["number"] == 2
    response = client.post(f"/api/v1/vault/documents/{cv.pk}/versions/1/restore")
    assert response.status_code == 201
    assert response.json()["restored_from"] == 1
    numbers = [v["number"] for v in client.get(f"/api/v1/vault/documents/{cv.pk}/versions").json()]
    assert numbers == [3, 2, 1]
    assert client.post(f"/api/v1/vault/documents/{cv.pk}/versions/9/restore").status_code == 404
    assert client.post(f"/en/documents/{cv.pk}/versions/9/restore/").status_code == 404
    detail = client.get(f"/api/v1/vault/documents/{cv.pk}").json()
    assert detail["current_version"]["number"] == 3
    download = client.get(detail["current_version"]["download_url"])
    assert download.status_code == 200


def test_the_access_log_says_who_opened_it_and_when(people, cv):
    client_for(people.alice).get(f"/en/documents/{cv.pk}/versions/1/download/")
    assert AccessLog.objects.count() == 0  # the owner's own openings are not logged
    client_for(people.dave).get(f"/en/documents/{cv.pk}/versions/1/download/")
    response = client_for(people.alice).post(
        f"/api/v1/vault/documents/{cv.pk}/links", {"days": 1}, content_type="application/json"
    )
    token = response.json()["url"].rstrip("/").rsplit("/", 1)[-1]
    client_for(None).get(f"/en/documents/link/{token}/")
    log = client_for(people.alice).get(f"/api/v1/vault/documents/{cv.pk}/access-log").json()
    assert [(e["who"], e["by_link"], e["version"]) for e in log] == [
        (None, True, 1),
        ("Dave Côté", False, 1),
    ]
    page = client_for(people.alice).get(f"/en/documents/{cv.pk}/").content.decode()
    assert "Someone with a link" in page
    assert "Dave Côté" in page


def test_cv_review_counsellor_comments_and_the_client_answers_with_a_new_version(
    people, cv, django_capture_on_commit_callbacks
):
    dave = client_for(people.dave)
    with django_capture_on_commit_callbacks(execute=True):
        response = dave.post(
            f"/en/documents/{cv.pk}/comments/", {"body": "Ajoutez vos certifications."}
        )
    assert response.status_code == 302
    assert Notification.objects.filter(
        recipient=people.alice, kind=DOCUMENT_COMMENT, actor=people.dave
    ).exists()
    alice = client_for(people.alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = alice.post(
            f"/api/v1/vault/documents/{cv.pk}/comments",
            {"body": "Merci, c'est fait."},
            content_type="application/json",
        )
    assert response.status_code == 201
    assert Notification.objects.filter(
        recipient=people.dave, kind=DOCUMENT_COMMENT, actor=people.alice
    ).exists()
    alice.post(f"/en/documents/{cv.pk}/versions/", {"file": upload(pdf_bytes("v2"))})
    thread = dave.get(f"/api/v1/vault/documents/{cv.pk}/comments").json()
    assert [(c["author"], c["version"]) for c in thread] == [
        ("Dave Côté", 1),
        ("Alice Martin", 1),
    ]
    page = dave.get(f"/en/documents/{cv.pk}/").content.decode()
    assert "Ajoutez vos certifications." in page
    assert "Version 2" in page
    # An empty comment re-renders with a message.
    response = dave.post(f"/en/documents/{cv.pk}/comments/", {"body": "  "})
    assert response.status_code == 400
    assert ReviewComment.objects.count() == 2


def test_a_counsellor_whose_scope_is_withdrawn_gets_no_comment_notification(people, cv):
    services.comment(people.dave, cv, "Bien.")
    from tremplin.counselling.models import Case

    Case.objects.filter(counsellor=people.dave).update(shares_documents=False)
    services.comment(people.alice, cv, "Merci.")
    assert not Notification.objects.filter(recipient=people.dave, kind=DOCUMENT_COMMENT).exists()


def test_sharing_notifies_the_recipient(people, django_capture_on_commit_callbacks):
    document = services.upload_document(people.alice, upload(pdf_bytes()), title="Lettre")
    response = client_for(people.alice).post(
        f"/en/documents/{document.pk}/shares/", {"recipient": str(people.bob.pk)}
    )
    assert response.status_code == 302
    notification = Notification.objects.get(recipient=people.bob, kind=DOCUMENT_SHARED)
    assert notification.actor == people.alice
    # Sharing twice is refused clearly.
    response = client_for(people.alice).post(
        f"/en/documents/{document.pk}/shares/", {"recipient": str(people.bob.pk)}
    )
    assert response.status_code == 400
    assert "already shared" in response.content.decode()


def test_the_share_form_offers_only_counsellors_and_connections(people):
    document = services.upload_document(people.alice, upload(pdf_bytes()), title="Lettre")
    page = client_for(people.alice).get(f"/en/documents/{document.pk}/").content.decode()
    assert "Bob Roy" in page and "Dave Côté" in page
    assert "Carol Singh" not in page and "Erin Walsh" not in page
    response = client_for(people.alice).post(
        f"/en/documents/{document.pk}/shares/", {"recipient": str(people.carol.pk)}
    )
    assert response.status_code == 400
    assert not document.shares.exists()


def test_rename_and_delete(people, cv, django_capture_on_commit_callbacks):
    client = client_for(people.alice)
    response = client.post(f"/en/documents/{cv.pk}/rename/", {"title": "", "kind": "cv"})
    assert response.status_code == 400
    response = client.patch(
        f"/api/v1/vault/documents/{cv.pk}",
        {"title": "CV 2026", "kind": "portfolio"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["kind"] == "portfolio"
    services.add_version(people.alice, cv, upload(pdf_bytes("v2")))
    assert len(stored_files()) == 2
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/documents/{cv.pk}/delete/")
    assert response.status_code == 302
    assert not Document.objects.exists()
    assert not DocumentVersion.objects.exists()
    assert stored_files() == []


def test_my_documents_page_shows_the_list_and_the_quota(people, cv):
    page = client_for(people.alice).get("/en/documents/").content.decode()
    assert "Mon CV" in page
    assert "Space used: 0.0 MB of 100 MB" in page
    assert 'enctype="multipart/form-data"' in page
    french = client_for(people.alice).get("/fr/documents/")
    assert french.status_code == 200


def test_upload_through_the_page(people):
    response = client_for(people.alice).post(
        "/en/documents/",
        {"title": "Attestation", "kind": "certificate", "file": upload(pdf_bytes())},
    )
    document = Document.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/documents/{document.pk}/"
    assert document.kind == "certificate"
    assert document.owner == people.alice


def test_the_admin_lists_documents_without_their_tokens(people, cv):
    from django.urls import reverse

    client = client_for(people.sam)
    services.share_by_link(people.alice, cv, days=3)
    for name in ("document", "share", "accesslog", "reviewcomment"):
        response = client.get(reverse(f"admin:vault_{name}_changelist"))
        assert response.status_code == 200, name
    share = cv.shares.links().get()
    response = client.get(reverse("admin:vault_share_change", args=[share.pk]))
    assert response.status_code == 200
    assert share.token_hash not in response.content.decode()
    response = client.get(reverse("admin:vault_document_change", args=[cv.pk]))
    assert response.status_code == 200
