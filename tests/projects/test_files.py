"""A vault document shared with a project: its members open it through the vault (the
owner keeps its versions and sees each opening in its access log); after the owner
revokes it, or leaves, nobody in the project can open it; outsiders never could."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import client_for
from tests.projects.world import make_project
from tremplin.projects.models import Member, SharedFile
from tremplin.projects.services import files, members
from tremplin.vault import services as vault
from tremplin.vault.models import AccessLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(personas):
    project = make_project(personas.alice)
    members.apply(personas.bob, project, "hello")
    row = Member.objects.get(project=project, user=personas.bob)
    members.decide(personas.alice, project, row.pk, accept=True)
    upload = SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    document = vault.upload_document(personas.bob, upload, title="Garden plan")
    return project, document


def test_members_open_a_shared_document_until_the_owner_revokes_it(personas, shared):
    project, document = shared
    bob = client_for(personas.bob)
    page = bob.post(f"/en/projects/{project.pk}/files/", {"document": str(document.pk)})
    assert page.status_code == 302
    alice, carol = client_for(personas.alice), client_for(personas.carol)
    assert (
        f"/en/documents/{document.pk}/"
        in alice.get(f"/en/projects/{project.pk}/files/").content.decode()
    )
    assert alice.get(f"/en/documents/{document.pk}/").status_code == 200
    assert alice.get(f"/en/documents/{document.pk}/versions/1/download/").status_code == 200
    assert AccessLog.objects.filter(document=document, user=personas.alice).exists()
    assert carol.get(f"/en/documents/{document.pk}/").status_code == 404
    shared_file = SharedFile.objects.get(project=project)
    # Only the owner (or the lead) stops sharing; the lead may not share another's.
    refused = alice.post(
        f"/api/v1/projects/{project.pk}/files",
        {"document_id": document.pk},
        content_type="application/json",
    )
    assert refused.status_code in (404, 409)
    bob.post(f"/en/projects/{project.pk}/files/{shared_file.pk}/revoke/")
    assert alice.get(f"/en/documents/{document.pk}/").status_code == 404
    assert alice.get(f"/en/documents/{document.pk}/versions/1/download/").status_code == 404
    assert alice.get(f"/api/v1/projects/{project.pk}/files").json() == []
    assert bob.get(f"/en/documents/{document.pk}/").status_code == 200


def test_the_owner_leaving_ends_the_share(personas, shared):
    project, document = shared
    files.share(personas.bob, project, document.pk)
    alice = client_for(personas.alice)
    assert alice.get(f"/en/documents/{document.pk}/").status_code == 200
    members.leave(personas.bob, project)
    assert alice.get(f"/en/documents/{document.pk}/").status_code == 404
