"""Sharing with my mentor: allowed only while the mentorship is active; the mentor sees
the document (pages and API) until the mentorship ends, a block comes, or the share is
revoked, and then gets a 404 on the very next request. Mentors read; they do not take
part in the review thread (that stays with counsellors)."""

from __future__ import annotations

import pytest
from django.utils import translation

from tests.conftest import client_for
from tests.factories import UserFactory
from tests.vault.conftest import pdf_bytes, upload
from tremplin.mentoring import services as mentoring
from tremplin.network.services import block
from tremplin.vault import queries, services
from tremplin.vault.models import Document, Share, ShareVia
from tremplin.vault.services import VaultError

pytestmark = pytest.mark.django_db


@pytest.fixture
def max_(personas):
    return UserFactory(email="max@example.org", name="Max Mentor")


@pytest.fixture
def mentorship(personas, max_):
    proposal = mentoring.propose(max_, personas.alice, "mentor", "")
    return mentoring.accept(personas.alice, proposal)


@pytest.fixture
def doc(personas):
    return services.upload_document(personas.alice, upload(pdf_bytes()), title="CV")


def urls(doc) -> list[str]:
    api = f"/api/v1/vault/documents/{doc.pk}"
    return [
        f"/en/documents/{doc.pk}/",
        f"/en/documents/{doc.pk}/versions/1/download/",
        api,
        f"{api}/versions/1/download",
    ]


def assert_sees(user, doc, expected: int) -> None:
    client = client_for(user)
    for url in urls(doc):
        assert client.get(url).status_code == expected, url


def test_my_active_mentor_is_a_candidate_and_receives_a_mentor_share(
    personas, max_, mentorship, doc
):
    assert max_ in queries.sharing_candidates(personas.alice)
    share = services.share_with(personas.alice, doc, max_)
    assert share.via == ShareVia.MENTOR
    assert_sees(max_, doc, 200)
    assert doc in Document.objects.visible_to(max_)
    shared = client_for(max_).get("/en/documents/shared/")
    assert doc in shared.context["documents"]


def test_the_share_form_lists_my_mentor(personas, max_, mentorship, doc):
    page = client_for(personas.alice).get(f"/en/documents/{doc.pk}/")
    assert f'<option value="{max_.pk}">Max Mentor</option>' in page.content.decode()


def test_sharing_from_the_page_and_the_api(personas, max_, mentorship, doc):
    client = client_for(personas.alice)
    answer = client.post(f"/en/documents/{doc.pk}/shares/", {"recipient": max_.pk})
    assert answer.status_code == 302
    assert Share.objects.get(to_user=max_).via == "mentor"
    other = services.upload_document(personas.alice, upload(pdf_bytes("2")), title="Lettre")
    answer = client.post(
        f"/api/v1/vault/documents/{other.pk}/shares",
        {"handle": "max-mentor"},
        content_type="application/json",
    )
    assert answer.status_code == 201 and answer.json()["via"] == "mentor"


@pytest.mark.parametrize("who", ["alice", "max"])
def test_ending_the_mentorship_cuts_access_at_once(personas, max_, mentorship, doc, who):
    services.share_with(personas.alice, doc, max_)
    assert_sees(max_, doc, 200)
    mentoring.end(max_ if who == "max" else personas.alice, mentorship)
    assert_sees(max_, doc, 404)
    assert doc not in Document.objects.visible_to(max_)
    assert max_ not in queries.sharing_candidates(personas.alice)
    # The share was never revoked: like a connection's, it counts again if the two
    # start a new mentorship (alice revokes it to stop that).
    again = mentoring.accept(max_, mentoring.propose(personas.alice, max_, "mentee", ""))
    assert again.status == "active"
    assert_sees(max_, doc, 200)


def test_a_block_cuts_a_mentor_share(personas, max_, mentorship, doc):
    services.share_with(personas.alice, doc, max_)
    block(max_, personas.alice)
    assert_sees(max_, doc, 404)


def test_revoking_cuts_a_mentor_share(personas, max_, mentorship, doc):
    share = services.share_with(personas.alice, doc, max_)
    services.revoke(personas.alice, share)
    assert_sees(max_, doc, 404)


def test_a_proposal_is_not_enough_and_the_refusal_names_the_mentor(personas, max_, doc):
    mentoring.propose(max_, personas.alice, "mentor", "")
    assert max_ not in queries.sharing_candidates(personas.alice)
    with translation.override("en"), pytest.raises(VaultError) as caught:
        services.share_with(personas.alice, doc, max_)
    assert caught.value.messages == [
        "You can share a document only with one of your counsellors, your mentor or your "
        "connections."
    ]
    assert caught.value.code == "not_eligible"
    assert_sees(max_, doc, 404)


def test_a_mentor_cannot_be_sent_the_documents_of_their_mentee_the_other_way(
    personas, max_, mentorship
):
    # Max mentors alice: he may not push his own documents to her as "mentor".
    mine = services.upload_document(max_, upload(pdf_bytes()), title="Mon CV")
    with pytest.raises(VaultError):
        services.share_with(max_, mine, personas.alice)


def test_a_mentor_share_does_not_open_the_review_thread(personas, max_, mentorship, doc):
    services.share_with(personas.alice, doc, max_)
    client = client_for(max_)
    assert not doc.is_reviewable_by(max_)
    assert client.post(f"/en/documents/{doc.pk}/comments/", {"body": "Bien"}).status_code == 403
    assert client.get(f"/api/v1/vault/documents/{doc.pk}/comments").status_code == 403


@pytest.mark.parametrize("who", ["bob", "carol", "dave", "erin", "mallory", "sam"])
def test_a_mentor_share_shows_the_document_to_nobody_else(personas, max_, mentorship, doc, who):
    services.share_with(personas.alice, doc, max_)
    assert_sees(getattr(personas, who), doc, 404)
