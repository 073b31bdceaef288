"""The "documents" scope binds on every path (issue 15, item 4): while alice's case with
dave grants it, dave opens, downloads and reviews what she shares with him, and hears of
it (notifications, digest email); once she withdraws it or pauses the link, every path
refuses him with the reason (403 + `not_granted`), what he was told of it disappears
from his notifications and no email about it leaves, and she cannot share anew with him.
erin and frank (other counsellors) never see her documents, before or after.

REGRESSION: `test_a_withdrawn_documents_scope_closes_every_path` fails on 629d474 (a
bare 404, and the notifications and digest email of her documents still reached him)."""

from __future__ import annotations

import pytest
from django.core import mail

from tests.counselling.consent_paths import (
    OTHERS,
    api,
    assert_not_granted,
    pause,
    post_json,
    withdraw,
)
from tests.vault.conftest import pdf_bytes, upload
from tremplin.counselling.queries import caseload_of
from tremplin.notifications.models import Notification
from tremplin.notifications.queries import still_wanted
from tremplin.notifications.tasks import send_digest_for
from tremplin.vault import services
from tremplin.vault.services import VaultError

KINDS = ("document_shared", "document_comment")
SAID = {
    "withdraw": (
        "Alice Martin has not allowed you to see their documents.",
        "Alice Martin ne vous a pas donné la permission de voir ses documents.",
    ),
    "pause": (
        "Your counselling link with Alice Martin is paused",
        "Votre suivi avec Alice Martin est en pause",
    ),
}


@pytest.fixture
def cv(crew):
    """alice's CV, shared with dave; he commented, she answered (both notify)."""
    document = services.upload_document(crew.alice, upload(pdf_bytes()), title="Mon CV")
    services.share_with(crew.alice, document, crew.dave)
    services.comment(crew.dave, document, "Ajoutez vos dates.")
    services.comment(crew.alice, document, "C’est fait, merci.")
    return document


def paths(doc) -> dict[str, list[str]]:
    base = f"/api/v1/vault/documents/{doc.pk}"
    return {
        "pages": [f"/en/documents/{doc.pk}/", f"/en/documents/{doc.pk}/versions/1/download/"],
        "api": [base, f"{base}/versions", f"{base}/versions/1/download", f"{base}/comments"],
    }


def heard_of(user) -> int:
    return Notification.objects.visible_to(user).filter(kind__in=KINDS).count()


def to_review(crew) -> int:
    return caseload_of(crew.dave).get(pk=crew.case.pk).documents_to_review


def test_with_the_scope_dave_reads_reviews_and_hears_of_her_documents(crew, browser_of, cv):
    dave, token = browser_of("dave"), api(crew.dave)
    for url in paths(cv)["pages"]:
        assert dave.get(url).status_code == 200, url
    for url in paths(cv)["api"]:
        assert token.get(url).status_code == 200, url
    comment = post_json(token, f"/api/v1/vault/documents/{cv.pk}/comments", {"body": "Bien."})
    assert comment.status_code == 201
    assert heard_of(crew.dave) == 2
    assert send_digest_for(crew.dave.pk) == 2
    assert "Alice Martin" in mail.outbox[-1].body and "document" in mail.outbox[-1].body
    for name in OTHERS:
        other, other_token = browser_of(name), api(getattr(crew, name))
        for url in paths(cv)["pages"]:
            assert other.get(url).status_code == 404, (name, url)
        for url in paths(cv)["api"]:
            assert other_token.get(url).status_code == 404, (name, url)
        with pytest.raises(VaultError):
            services.share_with(crew.alice, cv, getattr(crew, name))
        assert heard_of(getattr(crew, name)) == 0


@pytest.mark.parametrize("how", ["withdraw", "pause"])
def test_a_withdrawn_documents_scope_closes_every_path(crew, browser_of, cv, how):
    letter = services.upload_document(crew.alice, upload(pdf_bytes("2")), title="Lettre")
    services.share_with(crew.alice, letter, crew.dave)  # not reviewed yet
    waiting = list(Notification.objects.filter(recipient=crew.dave, kind__in=KINDS))
    assert waiting and to_review(crew) == 1
    (
        withdraw(browser_of, crew.case, "documents")
        if how == "withdraw"
        else pause(browser_of, crew.case)
    )
    sentence, in_french = SAID[how]
    dave, token = browser_of("dave"), api(crew.dave)
    for url in paths(cv)["pages"]:
        page = dave.get(url)
        assert page.status_code == 403 and sentence in page.content.decode(), url
    french = dave.get(f"/fr/documents/{cv.pk}/")
    assert french.status_code == 403 and in_french in french.content.decode()
    for url in paths(cv)["api"]:
        assert_not_granted(token.get(url))
    assert_not_granted(
        post_json(token, f"/api/v1/vault/documents/{cv.pk}/comments", {"body": "Encore."})
    )
    assert dave.post(f"/en/documents/{cv.pk}/comments/", {"body": "Encore."}).status_code == 403
    assert token.get("/api/v1/vault/shared").json() == []
    # What he was told of it: hidden, not counted, never emailed.
    assert heard_of(crew.dave) == 0
    assert not any(still_wanted(n) for n in waiting)
    send_digest_for(crew.dave.pk)  # his digest may tell of the change, not of them
    assert not Notification.objects.filter(pk__in=[n.pk for n in waiting], emailed_at__isnull=False)
    assert not any("document" in m.body for m in mail.outbox)
    assert to_review(crew) == 0
    with pytest.raises(VaultError):
        services.share_with(crew.alice, cv, crew.dave)
    for name in OTHERS:  # no case with her: they learn nothing (a 404, not a reason)
        assert browser_of(name).get(f"/en/documents/{cv.pk}/").status_code == 404
        assert api(getattr(crew, name)).get(paths(cv)["api"][0]).status_code == 404
