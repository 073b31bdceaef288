"""The production static storage (hashed names from the manifest) works each file's URL
out once per process, and gives what Django's manifest storage gives."""

from __future__ import annotations

import json

from django.contrib.staticfiles.storage import ManifestStaticFilesStorage

from tremplin.core.storage import ForgivingManifestStaticFilesStorage


def test_urls_are_the_manifests_and_worked_out_once(tmp_path, monkeypatch):
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "site.css").write_text("body{}")
    manifest = {"paths": {"css/site.css": "css/site.0123456789ab.css"}, "version": "1.1"}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    ours = ForgivingManifestStaticFilesStorage(location=tmp_path, base_url="/static/")
    django = ManifestStaticFilesStorage(location=tmp_path, base_url="/static/")
    hashed = "/static/css/site.0123456789ab.css"
    assert ours.url("css/site.css") == django.url("css/site.css") == hashed
    calls = []
    monkeypatch.setattr(
        ManifestStaticFilesStorage, "url", lambda self, name, force=False: calls.append(name) or "x"
    )
    assert ours.url("css/site.css") == hashed  # kept
    assert calls == []
    assert ours.url("js/missing.js") == "x" and calls == ["js/missing.js"]  # asked once
    assert ours.url("js/missing.js") == "x" and calls == ["js/missing.js"]
