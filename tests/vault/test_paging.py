"""Long vaults and long access logs come a page at a time, in the pages and the API;
the whole log stays the owner's alone."""

from __future__ import annotations

import pytest

from tests.conftest import client_for
from tests.vault.conftest import pdf_bytes, upload
from tremplin.vault import services
from tremplin.vault.models import AccessLog, Document
from tremplin.vault.queries import LOG_SHOWN, PAGE_SIZE

pytestmark = pytest.mark.django_db


def many_documents(owner, n: int) -> None:
    first = services.upload_document(owner, upload(pdf_bytes()), title="CV 0")
    version = first.versions.get()
    for i in range(1, n):
        copy = Document.objects.create(owner=owner, title=f"CV {i}")
        copy.versions.create(
            number=1,
            file_name=f"{version.file_name}-{i}",
            original_name="cv.pdf",
            content_type=version.content_type,
            size=version.size,
            sha256=version.sha256,
        )


def test_my_documents_come_a_page_at_a_time(personas):
    many_documents(personas.alice, PAGE_SIZE + 3)
    alice = client_for(personas.alice)
    first = alice.get("/en/documents/").content.decode()
    assert first.count('class="result"') == PAGE_SIZE and "?page=2" in first
    second = alice.get("/en/documents/?page=2").content.decode()
    assert second.count('class="result"') == 3
    api = alice.get("/api/v1/vault/documents?offset=50&limit=10").json()
    assert len(api) == 3
    assert len(alice.get("/api/v1/vault/documents").json()) == PAGE_SIZE
    assert alice.get("/api/v1/vault/documents?limit=201").status_code == 422


def test_the_whole_access_log_is_a_link_away_and_only_for_the_owner(personas, cv):
    version = cv.versions.get()
    AccessLog.objects.bulk_create(
        AccessLog(document=cv, version=version, user=personas.dave) for _ in range(LOG_SHOWN + 5)
    )
    log_page = f"/en/documents/{cv.pk}/access-log/"
    detail = client_for(personas.alice).get(f"/en/documents/{cv.pk}/").content.decode()
    assert log_page in detail
    section = detail.split('id="vault-log-h"', 1)[1].split("</section>", 1)[0]
    assert section.count('class="result"') == LOG_SHOWN
    whole = client_for(personas.alice).get(log_page)
    assert whole.status_code == 200
    assert whole.content.decode().count('class="result"') == LOG_SHOWN + 5
    assert client_for(personas.dave).get(log_page).status_code == 404  # shared, not owned
    assert client_for(personas.carol).get(log_page).status_code == 404
    api = client_for(personas.alice).get(f"/api/v1/vault/documents/{cv.pk}/access-log?limit=200")
    assert len(api.json()) == LOG_SHOWN + 5
