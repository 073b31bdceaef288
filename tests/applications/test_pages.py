"""The pages of forwarding and of the tracker, for every persona: only the counsellor
(forward page, status table), the client (tracker, answers) and — for applications,
while the scope holds — the counsellor see anything of alice's; everyone else gets a 404
(the anonymous visitor: the sign-in page). Bad input keeps the text and saves nothing."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone

from tests.applications.conftest import NOTE, PERSONAS, make_posting
from tremplin.applications import services
from tremplin.applications.models import Application, Forward
from tremplin.counselling import services as counselling
from tremplin.notifications.models import Notification

pytestmark = pytest.mark.django_db

# Who may open the forward page at all: members working as counsellors.
COUNSELLORS = {"dave", "erin", "frank"}


def forward_page(posting, lang="en"):
    return f"/{lang}/jobs/{posting.pk}/forward/"


def signed_out(response) -> bool:
    return response.status_code == 302 and "/accounts/login/" in response["Location"]


# ------------------------------------------------------------------ the forward page


@pytest.mark.parametrize("name", PERSONAS)
def test_only_counsellors_open_the_forward_page_and_only_dave_sees_alice(
    browser_of, crew, forwarded, name
):
    response = browser_of(name).get(forward_page(forwarded.posting))
    text = response.content.decode()
    if name == "anonymous":
        assert signed_out(response)
    elif name in COUNSELLORS:
        assert response.status_code == 200
        assert ("Alice Martin" in text) is (name == "dave")
        assert (NOTE in text) is False  # the note is the client's to read, not listed here
    else:
        assert response.status_code == 404
        assert "Alice Martin" not in text


def test_dave_forwards_to_two_clients_with_a_note(browser_of, crew, henri, posting):
    page = browser_of("dave").get(forward_page(posting)).content.decode()
    assert f'value="{crew.alice.pk}"' in page and f'value="{henri.pk}"' in page
    response = browser_of("dave").post(
        forward_page(posting), {"clients": [crew.alice.pk, henri.pk], "note": NOTE}
    )
    assert response.status_code == 302 and response["Location"].endswith("#status")
    assert set(Forward.objects.values_list("client", flat=True)) == {crew.alice.pk, henri.pk}
    assert Notification.objects.filter(kind="job_forwarded").count() == 2
    table = browser_of("dave").get(response["Location"]).content.decode()
    assert "Henri Gagnon" in table and "Not yet" in table and "No answer yet" in table
    # Already sent: no box to tick again, the date instead.
    assert f'value="{crew.alice.pk}"' not in table and "already sent on" in table


def test_forwarding_to_a_non_client_keeps_the_note_and_saves_nothing(browser_of, crew, posting):
    response = browser_of("dave").post(
        forward_page(posting), {"clients": [crew.alice.pk, crew.carol.pk], "note": NOTE}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Choose among the clients of your active cases." in text
    assert "Ce poste de cariste" in text
    assert not Forward.objects.exists()


def test_forwarding_without_a_client_says_so(browser_of, crew, posting):
    response = browser_of("dave").post(forward_page(posting), {"note": NOTE})
    assert response.status_code == 400
    assert "Choose at least one client." in response.content.decode()


def test_a_closed_posting_shows_no_form_and_refuses_a_forward(browser_of, crew):
    closed = make_posting(crew.agency, status="closed")
    page = browser_of("dave").get(forward_page(closed)).content.decode()
    assert "no longer open" in page and 'name="clients"' not in page
    response = browser_of("dave").post(forward_page(closed), {"clients": [crew.alice.pk]})
    assert response.status_code == 409
    assert not Forward.objects.exists()


@pytest.mark.both_databases  # search (icontains folds case per database)
def test_the_client_list_filters_by_name_and_by_tag(browser_of, crew, henri, posting):
    from tremplin.casework import services as casework

    tag = casework.create_tag(crew.dave, crew.agency, "sector", "Logistique")
    henri_case = henri.cases.get()
    casework.tag_case(crew.dave, henri_case, tag)
    dave = browser_of("dave")
    by_name = dave.get(forward_page(posting), {"q": "henri"}).content.decode()
    assert "Henri Gagnon" in by_name and "Alice Martin" not in by_name
    by_tag = dave.get(forward_page(posting), {"tags": [tag.pk]}).content.decode()
    assert "Henri Gagnon" in by_tag and "Alice Martin" not in by_tag
    assert f'data-tags="{tag.pk}"' in by_tag
    everyone = dave.get(forward_page(posting)).content.decode()
    assert "Henri Gagnon" in everyone and "Alice Martin" in everyone
    assert "js/applications.js" in everyone


def test_the_status_table_shows_answers_and_hides_unshared_applications(
    browser_of, crew, forwarded
):
    services.respond(crew.henri, forwarded.henri, "not_for_me", "location", "Trop loin.")
    services.apply_from_forward(crew.alice, forwarded.alice)
    counselling.change_scopes(crew.alice, crew.case, ["profile"])
    text = browser_of("dave").get(forward_page(forwarded.posting)).content.decode()
    assert "Not for me" in text and "The place or the workplace does not suit me" in text
    assert "Trop loin." in text
    assert "Not shared with you" in text


# ------------------------------------------------------------------ opening a forward


@pytest.mark.parametrize("name", PERSONAS)
def test_opening_a_forward(browser_of, crew, forwarded, name):
    """Issue 15 (9): the GET of the link records nothing (it did: another site's <img>
    or a prefetch could); the POST of the posting page's panel records the opening."""
    forward = forwarded.alice
    browser = browser_of(name)
    response = browser.get(f"/en/applications/forwards/{forward.pk}/")
    assert Forward.objects.get(pk=forward.pk).opened_at is None
    posted = browser.post(f"/en/applications/forwards/{forward.pk}/opened/", HTTP_HX_REQUEST="true")
    opened = Forward.objects.get(pk=forward.pk).opened_at
    if name == "anonymous":
        assert signed_out(response) and signed_out(posted)
    elif name == "alice":
        assert response.status_code == 302
        assert response["Location"] == forwarded.posting.get_absolute_url()
        assert posted.status_code == 204
        assert opened is not None
    elif name == "dave":
        assert response.status_code == 302 and "/forward/#status" in response["Location"]
        assert posted.status_code == 204  # he sees it; only the client's opening counts
    else:
        assert response.status_code == posted.status_code == 404
    if name != "alice":
        assert opened is None


def test_a_forward_whose_posting_was_removed_opens_the_list(browser_of, crew, forwarded):
    from tremplin.jobs.models import Posting

    Posting.objects.filter(pk=forwarded.posting.pk).update(status="removed")
    response = browser_of("alice").get(f"/en/applications/forwards/{forwarded.alice.pk}/")
    assert response["Location"] == f"/en/applications/#forward-{forwarded.alice.pk}"
    page = browser_of("alice").get("/en/applications/").content.decode()
    assert "(no longer available)" in page


# ------------------------------------------------------------------ the tracker


@pytest.mark.parametrize("name", PERSONAS)
def test_the_tracker_shows_only_ones_own(browser_of, crew, forwarded, name):
    services.apply_from_forward(crew.alice, forwarded.alice, note="Envoyé le CV")
    response = browser_of(name).get("/en/applications/")
    text = response.content.decode()
    if name == "anonymous":
        assert signed_out(response)
        return
    assert response.status_code == 200
    mine = name == "alice"
    assert ("Ce poste de cariste" in text) is mine
    assert ("Forklift operator" in text) is mine
    assert "Jobs from my counsellor" in text


def test_alice_answers_not_for_me_with_a_reason(browser_of, crew, forwarded):
    url = f"/en/applications/forwards/{forwarded.alice.pk}/respond/"
    prefix = f"fwd{forwarded.alice.pk}"
    missing = browser_of("alice").post(
        url, {f"{prefix}-response": "not_for_me", f"{prefix}-text": "Trop loin"}
    )
    assert missing.status_code == 400
    assert "Tell your counsellor why" in missing.content.decode()
    assert "Trop loin" in missing.content.decode()
    done = browser_of("alice").post(
        url,
        {
            f"{prefix}-response": "not_for_me",
            f"{prefix}-reason": "location",
            f"{prefix}-text": "Trop loin",
        },
    )
    assert done.status_code == 302
    forward = Forward.objects.get(pk=forwarded.alice.pk)
    assert (forward.response, forward.response_reason) == ("not_for_me", "location")


@pytest.mark.parametrize("name,status", [("dave", 403), ("erin", 404), ("carol", 404)])
def test_nobody_else_answers_for_alice(browser_of, crew, forwarded, name, status):
    prefix = f"fwd{forwarded.alice.pk}"
    response = browser_of(name).post(
        f"/en/applications/forwards/{forwarded.alice.pk}/respond/",
        {f"{prefix}-response": "interested"},
    )
    assert response.status_code == status
    assert Forward.objects.get(pk=forwarded.alice.pk).response == "none"


@pytest.mark.parametrize("name,status", [("alice", 302), ("dave", 403), ("frank", 404)])
def test_i_applied_from_the_list(browser_of, crew, forwarded, name, status):
    response = browser_of(name).post(
        f"/en/applications/forwards/{forwarded.alice.pk}/applied/", {"status": "applied"}
    )
    assert response.status_code == status
    assert Application.objects.filter(forward=forwarded.alice).exists() is (name == "alice")


def test_save_then_apply_from_the_posting_page_buttons(browser_of, crew, posting):
    url = f"/en/applications/track/{posting.pk}/"
    alice = browser_of("alice")
    assert alice.post(url, {"status": "saved"}).status_code == 302
    again = alice.post(url, {"status": "saved"}, follow=True)
    assert "already in your tracker" in again.content.decode()
    alice.post(url, {"status": "applied"})
    application = Application.objects.get(client=crew.alice)
    assert application.status == "applied" and application.events.count() == 2


def test_a_posting_one_cannot_see_cannot_be_tracked(browser_of, crew):
    from tests.factories import OrganizationFactory

    hidden = make_posting(OrganizationFactory(slug="ailleurs"), audience="agency")
    response = browser_of("carol").post(f"/en/applications/track/{hidden.pk}/", {"status": "saved"})
    assert response.status_code == 404
    anonymous = browser_of("anonymous").post(
        f"/en/applications/track/{hidden.pk}/", {"status": "saved"}
    )
    assert signed_out(anonymous)
    assert not Application.objects.exists()


def test_adding_an_external_job(browser_of, crew):
    alice = browser_of("alice")
    bad = alice.post("/en/applications/new/", {"new-title": "", "new-employer": "Épicerie"})
    assert bad.status_code == 400 and "Épicerie" in bad.content.decode()
    assert not Application.objects.exists()
    good = alice.post(
        "/en/applications/new/",
        {
            "new-title": "Commis",
            "new-employer": "Épicerie Nord",
            "new-url": "https://example.org/commis",
            "new-status": "applied",
            "new-date": timezone.localdate().isoformat(),
            "new-note": "Par courriel",
        },
    )
    application = Application.objects.get()
    assert good.status_code == 302 and good["Location"].endswith(f"#application-{application.pk}")
    assert (application.status, application.url) == ("applied", "https://example.org/commis")
    page = alice.get("/en/applications/").content.decode()
    assert "Épicerie Nord" in page and "Applied" in page


# ------------------------------------------------------------------ one application


@pytest.mark.parametrize("name", PERSONAS + ["sam"])
def test_an_application_page_is_for_alice_and_her_counsellor_only(
    browser_of, crew, forwarded, name
):
    application = services.apply_from_forward(crew.alice, forwarded.alice, note="CV envoyé")
    response = browser_of(name).get(f"/en/applications/{application.pk}/")
    text = response.content.decode()
    if name == "anonymous":
        assert signed_out(response)
    elif name in ("alice", "dave"):
        assert response.status_code == 200 and "CV envoyé" in text
        has_forms = f"/en/applications/{application.pk}/status/" in text
        assert has_forms is (name == "alice")
    else:
        assert response.status_code == 404 and "CV envoyé" not in text


def test_the_counsellor_loses_the_page_when_the_scope_is_withdrawn(browser_of, crew):
    application = services.add_external(crew.alice, title="Commis")
    counselling.change_scopes(crew.alice, crew.case, ["profile", "documents"])
    assert browser_of("dave").get(f"/en/applications/{application.pk}/").status_code == 404


def test_changing_the_status_with_a_date_and_a_note(browser_of, crew):
    application = services.add_external(crew.alice, title="Commis", status="applied")
    url = f"/en/applications/{application.pk}/status/"
    day = timezone.localdate().isoformat()
    refused = browser_of("alice").post(url, {"status-status": "saved", "status-date": day})
    assert refused.status_code == 400 and "Choose a status from the list." in (
        refused.content.decode()
    )
    done = browser_of("alice").post(
        url, {"status-status": "interview", "status-date": day, "status-note": "Mardi 10 h"}
    )
    assert done.status_code == 302
    application.refresh_from_db()
    assert application.status == "interview"
    assert application.events.last().note == "Mardi 10 h"
    for name, status in (("dave", 403), ("erin", 404), ("greta", 404)):
        response = browser_of(name).post(
            url, {"status-status": "offer", "status-date": day, "status-note": "x"}
        )
        assert response.status_code == status
    application.refresh_from_db()
    assert application.status == "interview"


def test_editing_and_deleting(browser_of, crew):
    application = services.add_external(crew.alice, title="Commis")
    edit = f"/en/applications/{application.pk}/edit/"
    bad = browser_of("alice").post(edit, {"edit-title": "", "edit-notes": "Rappeler"})
    assert bad.status_code == 400 and "Rappeler" in bad.content.decode()
    assert browser_of("dave").post(edit, {"edit-title": "X"}).status_code == 403
    ok = browser_of("alice").post(edit, {"edit-title": "Commis-caissier", "edit-notes": "Rappeler"})
    assert ok.status_code == 302
    application.refresh_from_db()
    assert (application.title, application.notes) == ("Commis-caissier", "Rappeler")
    delete = f"/en/applications/{application.pk}/delete/"
    assert browser_of("dave").post(delete).status_code == 403
    assert browser_of("carol").post(delete).status_code == 404
    assert browser_of("alice").post(delete).status_code == 302
    assert not Application.objects.exists()


# ------------------------------------------------------------------ the posting page panel


def render_panel(user, posting) -> str:
    from django.contrib.auth.models import AnonymousUser
    from django.utils import translation

    request = RequestFactory().get(posting.get_absolute_url())
    request.user = user or AnonymousUser()
    with translation.override("en"):
        return render_to_string(
            "applications/_posting_actions.html", {"posting": posting}, request=request
        )


def test_the_panel_for_the_client_posts_the_opening_and_offers_the_answers(crew, forwarded):
    html = render_panel(crew.alice, forwarded.posting)
    assert f'hx-post="/en/applications/forwards/{forwarded.alice.pk}/opened/"' in html
    assert Forward.objects.filter(opened_at__isnull=False).count() == 0  # a GET records none
    assert "Your counsellor Dave Côté sent you this posting." in html
    assert "Ce poste de cariste" in html
    assert f"/en/applications/forwards/{forwarded.alice.pk}/respond/" in html
    assert f"/en/applications/track/{forwarded.posting.pk}/" in html
    assert "Forward to clients" not in html


def test_the_panel_for_the_counsellor_has_the_forward_button_and_the_table(crew, forwarded):
    html = render_panel(crew.dave, forwarded.posting)
    assert f"/en/jobs/{forwarded.posting.pk}/forward/" in html
    assert "Alice Martin" in html and "Henri Gagnon" in html
    assert Forward.objects.filter(opened_at__isnull=False).count() == 0


@pytest.mark.parametrize("name", ["bob", "erin", "frank", "greta", "victor", "ursula"])
def test_the_panel_for_others_shows_only_their_own_buttons(crew, forwarded, viewer, name):
    html = render_panel(viewer(name), forwarded.posting)
    assert "Alice Martin" not in html and "Ce poste de cariste" not in html
    assert f"/en/applications/track/{forwarded.posting.pk}/" in html


def test_the_panel_is_empty_for_visitors(crew, forwarded):
    assert "applications-actions" not in render_panel(None, forwarded.posting)


# ------------------------------------------------------------------ the case page section


@pytest.fixture
def with_section():
    """The section is in the case page's registry (`counselling.sections.case_sections`,
    filled from the apps' hooks.py): nothing to add."""
    from tremplin.counselling.sections import case_sections

    assert "applications" in {section.name for section in case_sections}


@pytest.mark.parametrize("name", ["alice", "dave", "erin", "frank", "greta", "carol"])
def test_the_case_page_section(browser_of, crew, forwarded, with_section, name):
    services.add_external(crew.alice, title="Soudeuse chez Acier Nord")
    response = browser_of(name).get(f"/en/counselling/cases/{crew.case.pk}/")
    text = response.content.decode()
    if name in ("alice", "dave"):
        assert response.status_code == 200
        assert 'id="applications"' in text and "Forklift operator" in text
        assert ("Soudeuse chez Acier Nord" in text) is (name == "dave")
    else:
        assert response.status_code in (302, 404)
        assert "Forklift operator" not in text


def test_the_section_hides_applications_once_the_scope_is_withdrawn(
    browser_of, crew, forwarded, with_section
):
    services.add_external(crew.alice, title="Soudeuse chez Acier Nord")
    counselling.change_scopes(crew.alice, crew.case, ["profile"])
    text = browser_of("dave").get(f"/en/counselling/cases/{crew.case.pk}/").content.decode()
    assert "Forklift operator" in text
    assert "Soudeuse" not in text
    assert "Alice Martin has not allowed you to see their job applications." in text


def test_the_tracked_message_names_the_posting_in_the_reader_language(browser_of, crew, posting):
    response = browser_of("alice").post(
        f"/en/applications/track/{posting.pk}/", {"status": "saved"}, follow=True
    )
    assert "“Forklift operator” is in your tracker" in response.content.decode()
