"""Download my data: one request at a time, built by a task into private storage, an
email in the member's language, a download only after a fresh re-authentication, gone
after seven days; nobody else ever reaches it."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from tests.accounts.helpers import sign_in
from tests.factories import give_totp
from tests.privacy.conftest import reauthenticate
from tremplin.core import personal_data
from tremplin.privacy import services
from tremplin.privacy.archive import FORMAT, VERSION
from tremplin.privacy.models import Archive, ArchiveStatus
from tremplin.privacy.storage import archive_storage

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready(personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        archive = services.request_archive(personas.alice)
    archive.refresh_from_db()
    return archive


def test_every_app_registers_its_personal_data():
    sections = {entry.section for entry in personal_data.entries()}
    for app in (
        "accounts",
        "privacy",
        "organizations",
        "profiles",
        "network",
        "counselling",
        "feed",
        "messaging",
        "vault",
        "plans",
        "appointments",
        "casework",
        "outcomes",
        "mentoring",
        "jobs",
        "job_imports",
        "job_alerts",
        "applications",
        "notifications",
        "influence",
        "api",
        "moderation",
        "communities",
    ):
        assert app in sections, app
    assert personal_data.erasers()[-1].section == "accounts"  # the tombstone comes last


def test_the_registry_is_sealed_after_start_up():
    with pytest.raises(RuntimeError):
        personal_data.registry.add(personal_data.PersonalData("late", export=dict))


def test_the_archive_is_built_stored_privately_and_announced(personas, ready):
    assert ready.status == ArchiveStatus.READY
    assert ready.expires_at - ready.ready_at == dt.timedelta(days=7)
    assert ready.file_name.startswith("privacy/") and "alice" not in ready.file_name
    with archive_storage().open(ready.file_name, "rb") as handle:
        bundle = zipfile.ZipFile(io.BytesIO(handle.read()))
    names = bundle.namelist()
    assert "data.json" in names and "README.txt" in names
    document = json.loads(bundle.read("data.json"))
    assert document["format"] == FORMAT and document["version"] == VERSION
    assert document["sections"]["accounts"]["account"]["email"] == "alice@example.org"
    assert document["sections"]["profiles"]["profile"]["display_name"] == "Alice Martin"
    assert document["sections"]["counselling"]["cases_as_client"][0]["agency"] == "Agence Horizon"
    assert "password" not in bundle.read("data.json").decode()
    readme = bundle.read("README.txt").decode()
    assert "Vos données" in readme  # alice reads French
    [sent] = mail.outbox
    assert sent.to == ["alice@example.org"] and "archive" in sent.subject.lower()
    assert "/fr/privacy/" in sent.body


def test_the_readme_and_email_follow_the_members_language(
    personas, django_capture_on_commit_callbacks
):
    personas.bob.language = "en"
    personas.bob.save()
    with django_capture_on_commit_callbacks(execute=True):
        archive = services.request_archive(personas.bob)
    archive.refresh_from_db()
    with archive_storage().open(archive.file_name, "rb") as handle:
        readme = zipfile.ZipFile(io.BytesIO(handle.read())).read("README.txt").decode()
    assert "Your Tremplin data" in readme
    assert "/en/privacy/" in mail.outbox[0].body and "ready" in mail.outbox[0].subject


def test_one_request_at_a_time(personas):
    services.request_archive(personas.alice)  # queued: the task waits for the commit
    with pytest.raises(services.PrivacyRefusal) as refused:
        services.request_archive(personas.alice)
    assert refused.value.code == "pending"


def test_the_page_says_when_one_is_being_prepared(personas, alice_client):
    Archive.objects.create(user=personas.alice)
    page = alice_client.get("/en/privacy/")
    assert "being prepared" in page.content.decode()
    again = alice_client.post("/en/privacy/archive/")
    assert again.status_code == 409
    assert "already being prepared" in again.content.decode()


def test_download_needs_a_fresh_reauthentication(personas, ready, alice_client):
    url = f"/fr/privacy/archive/{ready.pk}/download/"
    answer = reauthenticate(alice_client, alice_client.get(url))
    assert answer.status_code == 302 and answer["Location"] == url
    download = alice_client.get(url)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    assert download["Cache-Control"] == "private, no-store"
    assert zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))).testzip() is None


@pytest.mark.parametrize("who", ["bob", "carol", "dave", "sam"])
def test_nobody_else_reaches_the_archive(personas, ready, who):
    other = Client()
    sign_in(other, getattr(personas, who))
    # Even freshly re-authenticated, another member gets a 404.
    answer = other.get(f"/fr/privacy/archive/{ready.pk}/download/")
    if answer.status_code == 302 and "reauthenticate" in answer["Location"]:
        answer = reauthenticate(other, answer)
        answer = other.get(f"/fr/privacy/archive/{ready.pk}/download/")
    assert answer.status_code == 404


def test_anonymous_is_sent_to_sign_in(ready):
    answer = Client().get(f"/fr/privacy/archive/{ready.pk}/download/")
    assert answer.status_code == 302 and "/accounts/login/" in answer["Location"]


def test_an_expired_archive_is_refused_then_pruned(
    personas, ready, alice_client, django_capture_on_commit_callbacks
):
    Archive.objects.filter(pk=ready.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    url = f"/fr/privacy/archive/{ready.pk}/download/"
    reauthenticate(alice_client, alice_client.get(url))
    assert alice_client.get(url).status_code == 410
    with django_capture_on_commit_callbacks(execute=True):
        assert services.prune_archives() == 1
    assert not Archive.objects.filter(pk=ready.pk).exists()
    assert not archive_storage().exists(ready.file_name)


def test_a_lost_task_does_not_block_a_new_request(personas):
    Archive.objects.create(user=personas.alice, requested_at=timezone.now() - dt.timedelta(days=2))
    services.prune_archives()
    assert services.request_archive(personas.alice).status == ArchiveStatus.PENDING


def test_a_new_archive_replaces_the_old_one(personas, ready, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        newer = services.request_archive(personas.alice)
    ready_file = ready.file_name
    ready.refresh_from_db()
    assert ready.status == ArchiveStatus.EXPIRED and not ready.is_downloadable
    assert not archive_storage().exists(ready_file)
    with django_capture_on_commit_callbacks(execute=True):
        services.prune_archives()
    assert list(Archive.objects.filter(user=personas.alice)) == [newer]


def test_the_archive_holds_her_files(personas, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tremplin.vault.services import upload_document

    pdf = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    upload_document(
        personas.alice, SimpleUploadedFile("mon cv.pdf", pdf, "application/pdf"), title="CV"
    )
    give_totp(personas.alice)
    with django_capture_on_commit_callbacks(execute=True):
        archive = services.request_archive(personas.alice)
    archive.refresh_from_db()
    with archive_storage().open(archive.file_name, "rb") as handle:
        bundle = zipfile.ZipFile(io.BytesIO(handle.read()))
    [cv] = [n for n in bundle.namelist() if n.startswith("files/vault/")]
    assert cv.endswith("v1-mon cv.pdf") and bundle.read(cv) == pdf
    document = json.loads(bundle.read("data.json"))
    assert document["files"] == [{"path": cv, "missing": False}]
    assert document["sections"]["accounts"]["second_factors"] == ["totp"]
    assert "secret" not in json.dumps(document["sections"]["accounts"])
