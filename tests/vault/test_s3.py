"""The vault on S3-compatible object storage, as production configures it with
VAULT_S3_BUCKET: the settings' own STORAGES["vault"] entry (read from a fresh
interpreter) is used against moto's in-process S3 (botocore is intercepted: nothing
leaves the process), and a CV goes in, comes out through the authorised view only, and
its versions and deletion follow."""

from __future__ import annotations

import json

import boto3
import pytest
from moto import mock_aws

from tests.conftest import client_for
from tests.core.test_deploy_settings import production_env, run
from tests.vault.conftest import pdf_bytes, upload
from tremplin.vault import services
from tremplin.vault.storage import vault_storage

pytestmark = pytest.mark.django_db

BUCKET = "tremplin-vault-test"


@pytest.fixture
def s3(monkeypatch):
    for key, value in {
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
        "AWS_DEFAULT_REGION": "ca-central-1",
    }.items():
        monkeypatch.setenv(key, value)
    with mock_aws():
        client = boto3.client("s3", region_name="ca-central-1")
        client.create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "ca-central-1"}
        )
        yield client


def production_vault_storage(tmp_path) -> dict:
    """STORAGES["vault"] exactly as tremplin/settings.py builds it for production."""
    env = production_env(tmp_path, VAULT_S3_BUCKET=BUCKET, VAULT_S3_ENDPOINT_URL=None)
    code = "import json, tremplin.settings as s; print(json.dumps(s.STORAGES['vault']))"
    result = run(["-c", code], env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_cv_lives_in_the_bucket_and_leaves_only_through_the_view(
    personas, settings, s3, tmp_path, django_capture_on_commit_callbacks
):
    client = s3
    entry = production_vault_storage(tmp_path)
    assert entry["BACKEND"] == "storages.backends.s3.S3Storage"
    assert entry["OPTIONS"]["default_acl"] == "private"
    settings.STORAGES = {**settings.STORAGES, "vault": entry}
    assert type(vault_storage()).__name__ == "S3Storage"

    document = services.upload_document(personas.alice, upload(pdf_bytes()), title="CV")
    name = document.versions.get().file_name
    keys = [o["Key"] for o in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]
    assert keys == [f"vault-files/{name}"]  # a random name, not "cv.pdf"
    assert "cv" not in name.lower()
    stored = client.get_object(Bucket=BUCKET, Key=keys[0])["Body"].read()
    assert stored == pdf_bytes()

    download = f"/en/documents/{document.pk}/versions/1/download/"
    owner = client_for(personas.alice).get(download)
    assert owner.status_code == 200
    assert b"".join(owner.streaming_content) == pdf_bytes()
    assert owner["Content-Disposition"].startswith("attachment")
    assert client_for(personas.carol).get(download).status_code == 404

    services.add_version(personas.alice, document, upload(pdf_bytes("v2")))
    assert len(client.list_objects_v2(Bucket=BUCKET)["Contents"]) == 2
    with django_capture_on_commit_callbacks(execute=True):  # files go after the commit
        services.delete_document(personas.alice, document)
    assert client.list_objects_v2(Bucket=BUCKET).get("Contents", []) == []
