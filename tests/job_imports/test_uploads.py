"""Every source takes an upload of its format, with or without an address; a source
with an address (a CSV export's too) is read on a schedule, one without is not."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tremplin.job_imports import services
from tremplin.job_imports.models import ImportSource, RunStatus
from tremplin.jobs.models import Posting

FEED = (
    '<?xml version="1.0"?><rss version="2.0"><channel><title>Emplois</title><item>'
    "<title>Soudeur</title><link>https://jobs.example.org/p1</link><guid>P1</guid>"
    "<description>Souder des pièces.</description></item></channel></rss>"
).encode()
CSV = b"title_fr,description_fr,apply_url,identifier\nSoudeur,Souder.,https://a.example/1,A1\n"


def test_a_feed_source_without_an_address_takes_uploads_and_is_never_polled(crew):
    source = services.create_source(crew.greta, crew.agency, {"name": "Flux", "kind": "rss_atom"})
    assert (source.url, source.is_polled, source.next_poll_at) == ("", False, None)
    assert not ImportSource.objects.due(timezone.now()).exists()
    with pytest.raises(services.ImportRefused):
        services.request_import(crew.greta, source)
    run = services.upload(crew.greta, source, SimpleUploadedFile("feed.xml", FEED))
    assert (run.status, run.created_count) == (RunStatus.SUCCEEDED, 1)
    assert Posting.objects.get(identifier="P1").agency == crew.agency


def test_a_feed_source_with_an_address_also_takes_a_file_of_its_format(crew, feed_source):
    assert feed_source.is_polled
    run = services.upload(crew.greta, feed_source, SimpleUploadedFile("feed.xml", FEED))
    assert (run.status, run.created_count) == (RunStatus.SUCCEEDED, 1)


def test_a_csv_source_with_an_address_is_read_from_it(crew, local_server, allow_local):
    url = local_server.serve("/export.csv", CSV, Content_Type="text/csv")
    source = services.create_source(
        crew.greta, crew.agency, {"name": "Export", "kind": "csv", "url": url}
    )
    assert source.is_polled and ImportSource.objects.due(timezone.now()).get() == source
    run = services.request_import(crew.greta, source)
    services.execute(run.pk)
    run.refresh_from_db()
    assert (run.status, run.created_count) == (RunStatus.SUCCEEDED, 1)


def test_the_pages_offer_an_upload_and_import_now_by_address(browser_of, crew, feed_source):
    bare = services.create_source(crew.greta, crew.agency, {"name": "Page", "kind": "jsonld_page"})
    greta = browser_of("greta")
    with_address = greta.get(f"/en/jobs/imports/{feed_source.pk}/").content.decode()
    assert "/upload/" in with_address and "/import/" in with_address
    without = greta.get(f"/en/jobs/imports/{bare.pk}/").content.decode()
    assert "/upload/" in without and "/import/" not in without
