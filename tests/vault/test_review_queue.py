"""The caseload's "documents to review" count: documents a client shares with the case's
counsellor whose newest version the counsellor has not commented on yet."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tests.vault.conftest import pdf_bytes, upload
from tremplin.counselling import services as counselling
from tremplin.counselling.models import Case
from tremplin.vault import queries, services
from tremplin.vault.models import DocumentVersion, ReviewComment


def waiting(people) -> int:
    cases = queries.annotate_caseload(Case.objects.filter(counsellor=people.dave))
    return cases.get(client=people.alice).documents_to_review


def test_a_shared_document_waits_until_the_counsellor_comments(people, cv):
    assert waiting(people) == 1
    services.comment(people.dave, cv, "Ajoutez vos dates.")
    assert waiting(people) == 0


def test_a_new_version_after_the_comment_waits_again(people, cv):
    services.comment(people.dave, cv, "Ajoutez vos dates.")
    ReviewComment.objects.update(created=timezone.now() - timedelta(minutes=5))
    services.add_version(people.alice, cv, upload(pdf_bytes()))
    assert waiting(people) == 1


def test_unshared_documents_and_other_clients_do_not_count(people, cv):
    services.upload_document(people.alice, upload(pdf_bytes()), title="Lettre")  # not shared
    services.share_with(people.alice, cv, people.bob)  # to a connection, not a counsellor
    erin_cases = queries.annotate_caseload(Case.objects.filter(counsellor=people.erin))
    assert list(erin_cases) == []
    assert waiting(people) == 1
    assert DocumentVersion.objects.count() == 2


def test_nothing_waits_once_the_client_withdraws_the_documents_scope(people, cv):
    case = Case.objects.get(counsellor=people.dave, client=people.alice)
    counselling.change_scopes(people.alice, case, ["profile"])
    assert waiting(people) == 0


def test_the_count_is_one_query_for_the_whole_caseload(people, cv, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = list(queries.annotate_caseload(Case.objects.filter(counsellor=people.dave)))
    assert [r.documents_to_review for r in rows] == [1]
