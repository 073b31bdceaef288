"""The same job from two sources of one agency is one posting: recognised by the same
reference, the same link, or the same employer and place — each with the same title —
and the run says so. A row number or a careers page shared by all jobs is not enough."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tremplin.job_imports import services
from tremplin.job_imports.models import ImportedItem
from tremplin.jobs.models import Posting, PostingStatus

HEADER = b"title_en,description_en,employer,city,region,apply_url,identifier\n"
FIRST = b"Welder,Weld parts.,Steel Co,Sudbury,ON,https://steel.example/jobs/1,R-100\n"


@pytest.fixture
def sources(crew):
    make = lambda name: services.create_source(  # noqa: E731
        crew.greta, crew.agency, {"name": name, "kind": "csv"}
    )
    first, second = make("Employer's own file"), make("Job board export")
    run = services.upload(crew.greta, first, SimpleUploadedFile("a.csv", HEADER + FIRST))
    assert run.created_count == 1
    return first, second


def second_file(crew, source, row: bytes):
    return services.upload(crew.greta, source, SimpleUploadedFile("b.csv", HEADER + row))


@pytest.mark.parametrize(
    ("rule", "row"),
    [
        ("identifier", b"WELDER,Other text.,Steel Company Ltd,,,https://board.example/9,R-100\n"),
        ("link", b"Welder,Other text.,,,,https://steel.example/jobs/1,\n"),
        ("employer and place", b"Welder,Other text.,STEEL CO,Sudbury,ON,https://b.example/2,X\n"),
    ],
)
def test_the_second_source_links_to_the_posting(crew, sources, rule, row):
    first, second = sources
    run = second_file(crew, second, row)
    assert (run.created_count, run.linked_count) == (0, 1), rule
    posting = Posting.objects.get()
    assert posting.description_en == "Weld parts."  # the first source's text stays
    assert set(posting.import_items.values_list("source", "linked")) == {
        (first.pk, False),
        (second.pk, True),
    }


@pytest.mark.parametrize(
    "row",
    [
        b"Cook,Cook meals.,Diner,,,https://diner.example/1,R-100\n",  # same row number only
        b"Cook,Cook meals.,Steel Co,,,https://steel.example/jobs/1,\n",  # one careers page
        b"Welder,Weld.,Steel Co,Toronto,ON,https://b.example/3,\n",  # another place
    ],
)
def test_a_shared_number_or_careers_page_is_not_the_same_job(crew, sources, row):
    run = second_file(crew, sources[1], row)
    assert (run.created_count, run.linked_count) == (1, 0)
    assert Posting.objects.count() == 2


def test_the_posting_closes_only_when_every_source_dropped_it(crew, sources, browser_of):
    first, second = sources
    second_file(crew, second, b"Welder,Text.,,,,https://steel.example/jobs/1,\n")
    other = b"Cook,Cook meals.,Diner,,,https://diner.example/1,C1\n"
    services.upload(
        crew.greta, first, SimpleUploadedFile("c.csv", HEADER + other), close_missing=True
    )
    welder = Posting.objects.get(title_en="Welder")
    assert welder.status == PostingStatus.OPEN  # the job board still lists it
    run = services.upload(
        crew.greta, second, SimpleUploadedFile("d.csv", HEADER + other), close_missing=True
    )
    welder.refresh_from_db()
    assert welder.status == PostingStatus.CLOSED and run.withdrawn_count == 1
    assert ImportedItem.objects.filter(posting=welder, withdrawn_at__isnull=True).count() == 0


def test_the_run_page_says_it_in_both_languages(crew, sources, browser_of):
    run = second_file(crew, sources[1], b"Welder,Text.,,,,https://steel.example/jobs/1,\n")
    greta = browser_of("greta")
    english = greta.get(f"/en/jobs/imports/runs/{run.pk}/").content.decode()
    assert "1 job of this file was already published from another source" in english
    french = greta.get(f"/fr/jobs/imports/runs/{run.pk}/").content.decode()
    assert "1 offre de ce fichier était déjà publiée par une autre source" in french
