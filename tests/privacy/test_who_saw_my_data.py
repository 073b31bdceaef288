"""Who saw my data (issue 15): a client sees who opened her documents, her case record and
the profile sections she shows only to her counsellors, and when; nobody else sees her
log; her agency's administrator sees who read which client's case notes (never the
notes); the site administrator's reads of case work in the Django admin are logged too;
the logs are pruned after TREMPLIN_ACCESS_LOG_KEPT_DAYS.

Personas (the `crew` fixture): alice is dave's client at Agence Horizon; erin another
counsellor there, greta its administrator; frank a counsellor of Emploi Boréal; bob
alice's connection, carol a member, mallory a moderator, sam the site administrator.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.conftest import client_for
from tests.factories import give_totp, make_member
from tests.vault.conftest import pdf_bytes, upload
from tremplin.casework.models import CaseNote
from tremplin.casework.services import add_note
from tremplin.core.audience import Audience
from tremplin.core.hooks import periodic
from tremplin.organizations.models import Role
from tremplin.privacy import access
from tremplin.privacy.models import AccessRecord, AccessWhat
from tremplin.vault import services as vault
from tremplin.vault.models import AccessLog

MINE = "/{lang}/privacy/who-saw-my-data/"
MINE_API = "/api/v1/privacy/access/mine"
NOTES = "/{lang}/privacy/case-notes-reads/"
NOTES_API = "/api/v1/privacy/access/case-notes-reads"
SECRET = "Confidentiel: difficultés familiales"

OTHERS = ["bob", "carol", "dave", "erin", "frank", "greta", "mallory", "sam"]


def mine(client) -> list[dict]:
    response = client.get(MINE_API)
    assert response.status_code == 200, response.content
    return response.json()["results"]


@pytest.fixture
def cv(crew):
    document = vault.upload_document(crew.alice, upload(pdf_bytes()), title="Mon CV 2026")
    vault.share_with(crew.alice, document, crew.dave)
    return document


@pytest.fixture
def note(crew) -> CaseNote:
    return add_note(
        crew.dave, crew.case, kind="meeting", contact_on=timezone.localdate(), body=SECRET
    )


# ------------------------------------------------------------------ the client's log


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_client_sees_her_counsellor_open_her_document(crew, cv, lang):
    dave = client_for(crew.dave)
    assert dave.get(f"/{lang}/documents/{cv.pk}/versions/1/download/").status_code == 200
    page = client_for(crew.alice).get(MINE.format(lang=lang)).content.decode()
    assert "Dave Côté" in page
    assert "Agence Horizon" in page
    assert "Mon CV 2026" in page
    assert ("Conseillère ou conseiller" if lang == "fr" else "Counsellor") in page
    [read] = mine(client_for(crew.alice))
    assert read["reader"] == "Dave Côté"
    assert read["role"] == "counsellor"
    assert read["agency"] == "Agence Horizon"
    assert read["what"] == "document"
    assert read["label"] == "Mon CV 2026"
    # One record of the opening: the vault's access log, read from there.
    assert AccessLog.objects.count() == 1
    assert not AccessRecord.objects.exists()


def test_the_client_sees_her_case_record_opened(crew, note):
    assert client_for(crew.dave).get(crew.case.get_absolute_url()).status_code == 200
    [read] = mine(client_for(crew.alice))
    assert (read["reader"], read["role"], read["agency"], read["what"]) == (
        "Dave Côté",
        "counsellor",
        "Agence Horizon",
        "case_record",
    )
    page = client_for(crew.alice).get(MINE.format(lang="en")).content.decode()
    assert "Your case record" in page
    assert SECRET not in page


def test_reading_case_work_through_the_api_is_logged(crew, note):
    dave = client_for(crew.dave)
    for url in (
        f"/api/v1/casework/cases/{crew.case.pk}/record",
        f"/api/v1/casework/cases/{crew.case.pk}/notes",
        f"/api/v1/casework/notes/{note.pk}/revisions",
        f"/api/v1/casework/cases/{crew.case.pk}/referrals",
        f"/api/v1/casework/cases/{crew.case.pk}/follow-ups",
    ):
        assert dave.get(url).status_code == 200, url
    found = list(AccessRecord.objects.order_by("id").values_list("what", "notes"))
    assert found == [
        ("case_record", False),
        ("case_record", True),
        ("case_record", True),
        ("case_record", False),
        ("case_record", False),
    ]


def test_counsellor_only_profile_sections_opened_by_her_counsellor_are_logged(crew):
    profile = crew.alice.profile
    profile.about_visibility = Audience.COUNSELLORS
    profile.about = "Je cherche un emploi de soudeuse."
    profile.save()
    page = f"/en/p/{profile.handle}/"
    for name in ("alice", "bob", "carol", "erin"):  # none of them is her counsellor
        client_for(getattr(crew, name)).get(page)
    assert not AccessRecord.objects.exists()
    assert client_for(crew.dave).get(page).status_code == 200
    assert client_for(crew.dave).get(f"/api/v1/profiles/{profile.handle}").status_code == 200
    reads = mine(client_for(crew.alice))
    assert [(r["what"], r["reader"], r["agency"]) for r in reads] == [
        ("profile", "Dave Côté", "Agence Horizon")
    ] * 2


def test_sections_for_everyone_are_not_logged(crew):
    assert client_for(crew.dave).get(f"/en/p/{crew.alice.profile.handle}/").status_code == 200
    assert not AccessRecord.objects.exists()


def test_her_own_reads_are_not_logged(crew, cv):
    alice = client_for(crew.alice)
    assert alice.get(f"/en/documents/{cv.pk}/versions/1/download/").status_code == 200
    assert alice.get(crew.case.get_absolute_url()).status_code == 200
    assert mine(alice) == []
    assert (
        "Nobody else has opened your data yet."
        in alice.get(MINE.format(lang="en")).content.decode()
    )


# ------------------------------------------------------------------ nobody else sees it


@pytest.mark.parametrize("viewer", OTHERS)
def test_nobody_else_sees_her_log(crew, cv, note, viewer):
    client_for(crew.dave).get(f"/en/documents/{cv.pk}/versions/1/download/")
    client_for(crew.dave).get(crew.case.get_absolute_url())
    client = client_for(getattr(crew, viewer))
    # Each member's page and endpoint is her own; there is no way to name someone else.
    page = client.get(MINE.format(lang="en"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Mon CV 2026" not in html and "Your case record" not in html
    assert all(r["label"] != "Mon CV 2026" and r["what"] != "case_record" for r in mine(client))
    assert client.get(MINE_API, {"subject": crew.alice.pk}).json()["count"] == 0


def test_anonymous_visitors_are_sent_to_sign_in(crew):
    anonymous = client_for(None)
    response = anonymous.get(MINE.format(lang="fr"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert anonymous.get(MINE_API).status_code == 401
    assert anonymous.get(NOTES_API).status_code == 401


def test_the_page_is_paginated(crew):
    AccessRecord.objects.bulk_create(
        AccessRecord(reader=crew.dave, subject=crew.alice, what="case_record", role="counsellor")
        for _ in range(30)
    )
    alice = client_for(crew.alice)
    first = alice.get(MINE.format(lang="en")).content.decode()
    assert "Page 1 of 2" in first
    assert alice.get(MINE_API, {"limit": 5}).json()["count"] == 30
    assert len(alice.get(MINE_API, {"offset": 25}).json()["results"]) == 5
    assert alice.get(MINE_API, {"limit": 1000}).status_code == 422


# ------------------------------------------------------------------ the agency's administrator


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_agency_admin_sees_who_read_which_clients_notes(crew, note, lang):
    client_for(crew.dave).get(crew.case.get_absolute_url())
    greta = client_for(crew.greta)
    page = greta.get(NOTES.format(lang=lang))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Dave Côté" in html and "Alice Martin" in html and "Agence Horizon" in html
    assert SECRET not in html
    [row] = greta.get(NOTES_API).json()["results"]
    assert (row["reader"], row["client"], row["agency"]) == (
        "Dave Côté",
        "Alice Martin",
        "Agence Horizon",
    )
    assert SECRET not in json.dumps(row)


@pytest.mark.parametrize(
    "viewer", ["alice", "bob", "carol", "dave", "erin", "frank", "mallory", "sam"]
)
def test_only_agency_admins_have_the_notes_page(crew, note, viewer):
    client = client_for(getattr(crew, viewer))
    assert client.get(NOTES.format(lang="en")).status_code == 404
    assert client.get(NOTES_API).status_code == 404


def test_another_agencys_admin_sees_none_of_these_reads(crew, note):
    client_for(crew.dave).get(crew.case.get_absolute_url())
    hank = make_member(crew.other_agency, Role.ADMIN, email="hank@example.org", name="Hank Admin")
    give_totp(hank)
    client = client_for(hank)
    assert client.get(NOTES_API).json() == {"count": 0, "results": []}
    assert "Alice Martin" not in client.get(NOTES.format(lang="en")).content.decode()


# ------------------------------------------------------------------ the site administrator


def test_the_site_admins_reads_of_case_notes_are_logged_and_show_no_text(crew, note):
    """Regression (issue 15, item 9): the admin showed a note's text, unlogged."""
    sam = client_for(crew.sam)
    page = sam.get(f"/fr/admin/casework/casenote/{note.pk}/change/")
    assert page.status_code == 200
    assert SECRET not in page.content.decode()
    revision = note.revisions.get()
    page = sam.get(f"/fr/admin/casework/noterevision/{revision.pk}/change/")
    assert page.status_code == 200
    assert SECRET not in page.content.decode()
    assert sam.get(f"/fr/admin/counselling/case/{crew.case.pk}/change/").status_code == 200
    reads = mine(client_for(crew.alice))
    assert [(r["what"], r["role"], r["reader"]) for r in reads] == [
        ("admin", "site_admin", "Sam Admin")
    ] * 3


def test_the_admins_lists_record_nothing_and_show_no_text(crew, note):
    sam = client_for(crew.sam)
    listing = sam.get("/fr/admin/casework/casenote/")
    assert listing.status_code == 200
    assert SECRET not in listing.content.decode()
    assert not AccessRecord.objects.exists()


# ------------------------------------------------------------------ retention


def test_old_reads_are_pruned_by_the_clock(crew, cv, settings):
    settings.TREMPLIN_ACCESS_LOG_KEPT_DAYS = 30
    client_for(crew.dave).get(f"/en/documents/{cv.pk}/versions/1/download/")
    client_for(crew.dave).get(crew.case.get_absolute_url())
    old = timezone.now() - timedelta(days=31)
    AccessRecord.objects.create(
        reader=crew.dave, subject=crew.alice, what="profile", role="counsellor", created=old
    )
    stale_open = AccessLog.objects.create(document=cv, user=crew.dave)
    AccessLog.objects.filter(pk=stale_open.pk).update(created=old)
    assert "old access records" in [p.name for p in periodic]
    assert access.prune() == 2
    assert AccessRecord.objects.count() == 1
    assert AccessLog.objects.count() == 1
    assert access.prune() == 0  # nothing twice
    assert [r["what"] for r in mine(client_for(crew.alice))] == ["case_record", "document"]


def test_the_what_labels_exist_in_both_languages():
    from django.utils import translation

    with translation.override("fr"):
        assert str(AccessWhat.CASE_RECORD.label) == "Votre dossier"


def test_an_opening_by_share_link_is_shown_without_a_name(crew, cv):
    _share, token = vault.share_by_link(crew.alice, cv, days=7)
    assert client_for(None).get(f"/en/documents/link/{token}/").status_code == 200
    [read] = mine(client_for(crew.alice))
    assert (read["reader"], read["role"], read["agency"], read["label"]) == (
        None,
        "link",
        None,
        "Mon CV 2026",
    )
    page = client_for(crew.alice).get(MINE.format(lang="en")).content.decode()
    assert "Someone with a link" in page
