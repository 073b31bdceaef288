"""The pause (issue 15, item 4): a paused case grants none of the four scopes on any
path, and keeps only what docs/counselling.md says (the case file and its history, the
plan, the appointments, the staff-only case work). Resuming gives back what alice had
granted. A pause she chose is lifted only by her. erin and frank never see the case.

REGRESSION: `test_a_pause_grants_nothing_and_keeps_only_the_case_file` fails on 629d474
(dave's message still reached alice while the link was paused)."""

from __future__ import annotations

from tests.counselling.consent_paths import OTHERS, api, assert_not_granted, pause, post_json
from tests.vault.conftest import pdf_bytes, upload
from tremplin.applications import services as applications
from tremplin.core.viewer import viewer_of
from tremplin.counselling.models import Scope
from tremplin.messaging import services as messaging
from tremplin.vault import services as vault


def every_path(crew, conversation, document) -> dict[str, int]:
    token = api(crew.dave)
    return {
        "message": post_json(
            token, f"/api/v1/messages/conversations/{conversation.pk}/messages", {"body": "Bonjour"}
        ).status_code,
        "document": token.get(f"/api/v1/vault/documents/{document.pk}").status_code,
        "tracker": token.get(f"/api/v1/applications/clients/{crew.alice.pk}/tracker").status_code,
        "profile": int(
            token.get("/api/v1/profiles/alice-martin").json()["counsellor_notice"] is None
        ),
    }


def test_a_pause_grants_nothing_and_keeps_only_the_case_file(crew, browser_of):
    profile = crew.alice.profile
    profile.about, profile.about_visibility = "Quokka", "counsellors"
    profile.save()
    conversation, _m = messaging.start_conversation(crew.dave, [crew.alice], "Bonjour")
    document = vault.upload_document(crew.alice, upload(pdf_bytes()), title="CV")
    vault.share_with(crew.alice, document, crew.dave)
    applications.add_external(crew.alice, title="Commis")
    assert every_path(crew, conversation, document) == {
        "message": 201,
        "document": 200,
        "tracker": 200,
        "profile": 1,
    }

    pause(browser_of, crew.case)
    dave = viewer_of(crew.dave)
    assert not any(dave.counsels(crew.alice.pk, scope) for scope in Scope.values)
    assert every_path(crew, conversation, document) == {
        "message": 403,
        "document": 403,
        "tracker": 403,
        "profile": 0,
    }
    assert_not_granted(
        post_json(
            api(crew.dave),
            "/api/v1/messages/conversations",
            {"participants": ["alice-martin"], "body": "Toujours là ?"},
        )
    )
    # What the pause keeps: the case file, its consent history, the notice of the pause.
    for language, said in (("en", "This link is paused"), ("fr", "Ce suivi est en pause")):
        page = browser_of("dave").get(f"/{language}/counselling/cases/{crew.case.pk}/")
        assert page.status_code == 200 and said in page.content.decode()
    history = api(crew.dave).get(f"/api/v1/counselling/cases/{crew.case.pk}/consents")
    assert history.status_code == 200 and history.json()[0]["action"] == "paused"
    # Her pause is hers to lift.
    refused = post_json(api(crew.dave), f"/api/v1/counselling/cases/{crew.case.pk}/resume", {})
    assert refused.status_code == 409
    for name in OTHERS:
        assert browser_of(name).get(f"/en/counselling/cases/{crew.case.pk}/").status_code == 404

    resumed = post_json(api(crew.alice), f"/api/v1/counselling/cases/{crew.case.pk}/resume", {})
    assert resumed.status_code == 200
    assert every_path(crew, conversation, document) == {
        "message": 201,
        "document": 200,
        "tracker": 200,
        "profile": 1,
    }
