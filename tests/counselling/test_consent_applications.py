"""The "applications" scope binds on every path (issue 15, item 4): while alice's case
grants it, dave sees her applications (the case page, the API's tracker, where each
client is with a posting he sent, "she applied" notifications); once she withdraws it
or pauses the link, every path hides them (the tracker API refuses with the reason)
and no "applied" reaches him. erin and frank never see them.

REGRESSION: `test_a_withdrawn_applications_scope_hides_them_everywhere` fails on 629d474
(the tracker answered a bare 404 where dave knows the case)."""

from __future__ import annotations

import pytest

from tests.applications.conftest import make_posting
from tests.counselling.consent_paths import OTHERS, api, assert_not_granted, pause, withdraw
from tremplin.applications import services
from tremplin.applications.models import Application
from tremplin.notifications.models import Notification

TITLE = "Commis Quokka"


@pytest.fixture
def sent(crew):
    """A posting dave forwarded to alice, and an application she tracks."""
    posting = make_posting(crew.agency, posted_by=crew.dave)
    (forward,) = services.forward_posting(crew.dave, posting, [crew.alice], "Pour vous")
    services.add_external(crew.alice, title=TITLE)
    return forward


def applied_told(crew) -> int:
    return Notification.objects.filter(
        recipient=crew.dave, kind="job_answer", data__event="applied"
    ).count()


def dave_sees(crew, browser_of, forward) -> dict[str, object]:
    case_page = browser_of("dave").get(f"/en/counselling/cases/{crew.case.pk}/")
    assert case_page.status_code == 200
    token = api(crew.dave)
    tracker = token.get(f"/api/v1/applications/clients/{crew.alice.pk}/tracker")
    statuses = token.get(f"/api/v1/applications/postings/{forward.posting_id}/forwards").json()
    return {
        "page": TITLE in case_page.content.decode(),
        "said": case_page.content.decode(),
        "tracker": tracker,
        "shared": statuses[0]["applications_shared"],
    }


def test_with_the_scope_dave_follows_her_applications(crew, browser_of, sent):
    seen = dave_sees(crew, browser_of, sent)
    assert seen["page"] and seen["shared"] is True
    assert [a["title"] for a in seen["tracker"].json()] == [TITLE]
    services.apply_from_forward(crew.alice, sent)
    assert applied_told(crew) == 1
    for name in OTHERS:
        tracker = api(getattr(crew, name)).get(
            f"/api/v1/applications/clients/{crew.alice.pk}/tracker"
        )
        assert tracker.status_code == 404, name  # no case: nothing confirmed
        assert "code" not in tracker.json()  # a 404 reads the same as a missing thing


@pytest.mark.parametrize("how", ["withdraw", "pause"])
def test_a_withdrawn_applications_scope_hides_them_everywhere(crew, browser_of, sent, how):
    if how == "withdraw":
        withdraw(browser_of, crew.case, "applications")
    else:
        pause(browser_of, crew.case)
    seen = dave_sees(crew, browser_of, sent)
    assert not seen["page"] and seen["shared"] is False
    said = "has not allowed you to see their job applications" if how == "withdraw" else "paused"
    assert said in str(seen["said"])
    assert_not_granted(seen["tracker"])
    application = Application.objects.get(client=crew.alice, title=TITLE)
    assert api(crew.dave).get(f"/api/v1/applications/tracker/{application.pk}").status_code == 404
    services.apply_from_forward(crew.alice, sent)
    assert applied_told(crew) == 0
    for name in OTHERS:
        tracker = api(getattr(crew, name)).get(
            f"/api/v1/applications/clients/{crew.alice.pk}/tracker"
        )
        assert tracker.status_code == 404, name
