"""The counselling pages for every persona, their forms and their refusals."""

from __future__ import annotations

import pytest

from tests.counselling.conftest import CASE_VIEWERS
from tremplin.counselling import services
from tremplin.counselling.models import Case, CaseStatus, Scope

MINE = "/en/counselling/"
CASELOAD = "/en/counselling/caseload/"
REASSIGN = "/en/counselling/agencies/agence-horizon/reassign/"


def case_url(case, action: str = "") -> str:
    return f"/en/counselling/cases/{case.pk}/" + (f"{action}/" if action else "")


# ------------------------------------------------------------------ who sees what


@pytest.mark.parametrize("name", CASE_VIEWERS)
def test_my_counsellors_shows_only_my_own_links(browser_of, crew, name):
    response = browser_of(name).get(MINE)
    if name == "anonymous":
        assert response.status_code == 302 and "/login/" in response["Location"]
        return
    assert response.status_code == 200
    body = response.content.decode()
    assert ("Dave Côté" in body) is (name == "alice")
    assert "Alice Martin" not in body


@pytest.mark.parametrize("name", CASE_VIEWERS)
def test_the_caseload_shows_a_counsellor_only_their_own_clients(browser_of, crew, name):
    response = browser_of(name).get(CASELOAD)
    if name == "anonymous":
        assert response.status_code == 302
    elif name in ("dave", "erin", "frank"):
        assert response.status_code == 200
        assert ("Alice Martin" in response.content.decode()) is (name == "dave")
    else:  # not a counsellor: no caseload page at all
        assert response.status_code == 404


@pytest.mark.parametrize("name", CASE_VIEWERS)
def test_the_case_page_opens_for_the_two_parties_only(browser_of, crew, name):
    """The client and the counsellor get the case page; the agency admin, who knows
    nothing about the client, is sent to the reassignment page; anyone else gets 404."""
    response = browser_of(name).get(case_url(crew.case))
    if name == "anonymous":
        assert response.status_code == 302 and "/login/" in response["Location"]
    elif name in ("alice", "dave"):
        assert response.status_code == 200
        page = response.content.decode()
        assert "Agence Horizon" in page
        title = "My file with Dave Côté" if name == "alice" else "Case file: Alice Martin"
        assert title in page
    elif name == "greta":
        assert response.status_code == 302
        assert response["Location"] == f"{REASSIGN}#case-{crew.case.pk}"
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("name", CASE_VIEWERS)
def test_only_an_agency_admin_opens_the_reassign_page(browser_of, crew, name):
    response = browser_of(name).get(REASSIGN)
    if name == "anonymous":
        assert response.status_code == 302
        return
    if name != "greta":
        assert response.status_code == 404
        return
    body = response.content.decode()
    assert response.status_code == 200
    assert "Dave Côté" in body and f"Link no. {crew.case.pk}" in body
    assert "Alice Martin" not in body  # an admin sees the status and counsellor, not more


ACTIONS = {
    # action: (who may do it, POST data)
    "scopes": ({"alice"}, {"case{pk}-scopes": ["profile"]}),
    "pause": ({"alice", "dave"}, {}),
    "end": ({"alice"}, {}),
    "close": ({"dave"}, {"case{pk}-exit_reason": "employed"}),
    "reassign": ({"greta"}, {"case{pk}-counsellor": "{erin}"}),
}


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("name", CASE_VIEWERS)
def test_nobody_else_can_act_on_a_case(browser_of, crew, name, action):
    allowed, data = ACTIONS[action]
    if name in allowed:
        return
    data = {
        key.format(pk=crew.case.pk): value.format(erin=crew.erin.pk)
        if isinstance(value, str)
        else value
        for key, value in data.items()
    }
    response = browser_of(name).post(case_url(crew.case, action), data)
    assert response.status_code == (302 if name == "anonymous" else 404)
    if name == "anonymous":
        assert "/login/" in response["Location"]
    crew.case.refresh_from_db()
    assert crew.case.status == CaseStatus.ACTIVE
    assert crew.case.counsellor == crew.dave
    assert crew.case.scopes == set(Scope.values)


@pytest.mark.parametrize("name", CASE_VIEWERS)
def test_nobody_else_can_answer_an_invitation(browser_of, crew, name):
    invited = services.invite(crew.dave, crew.agency, client=crew.bob)
    for action in ("accept", "decline"):
        response = browser_of(name).post(case_url(invited, action), {})
        assert response.status_code == (302 if name == "anonymous" else 404)
    invited.refresh_from_db()
    assert invited.status == CaseStatus.INVITED


# ------------------------------------------------------------------ the client


def test_the_client_accepts_with_chosen_scopes(browser_of, crew):
    invited = services.invite(crew.dave, crew.agency, client=crew.bob)
    bob = browser_of("bob")
    page = bob.get(MINE).content.decode()
    assert "Invitations waiting for your answer" in page
    assert "See the documents I share with them" in page  # each scope with its meaning
    assert "Consent text version 1" in page
    response = bob.post(case_url(invited, "accept"), {f"case{invited.pk}-scopes": ["documents"]})
    assert response.status_code == 302
    invited.refresh_from_db()
    assert (invited.status, invited.scopes) == ("active", {"documents"})
    page = bob.get(MINE).content.decode()
    assert "Consent history" in page and "Accepted the invitation" in page


def test_an_unknown_scope_re_renders_with_a_message_and_the_choices_kept(browser_of, crew):
    pk = crew.case.pk
    response = browser_of("alice").post(
        case_url(crew.case, "scopes"), {f"case{pk}-scopes": ["documents", "bank_account"]}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Unknown permission: bank_account." in body
    assert f'value="documents" aria-invalid="true" id="id_case{pk}-scopes_1" checked' in body
    assert f'value="profile" aria-invalid="true" id="id_case{pk}-scopes_0">' in body  # unticked
    crew.case.refresh_from_db()
    assert crew.case.scopes == set(Scope.values)


def test_the_client_declines_pauses_resumes_and_ends(browser_of, crew):
    alice = browser_of("alice")
    alice.post(case_url(crew.case, "pause"))
    crew.case.refresh_from_db()
    assert crew.case.status == "paused"
    assert "This link is paused" in alice.get(MINE).content.decode()
    alice.post(case_url(crew.case, "resume"))
    alice.post(case_url(crew.case, "end"))
    crew.case.refresh_from_db()
    assert (crew.case.status, crew.case.exit_reason) == ("closed", "client_ended")
    page = alice.get(MINE).content.decode()
    assert "Past links" in page and "Ended the link" in page
    # A refused move is a message, not an error page.
    response = alice.post(case_url(crew.case, "end"), follow=True)
    assert response.status_code == 200
    assert "That change is not possible now (link status: closed)." in response.content.decode()


def test_an_email_invitation_appears_when_the_member_opens_the_page(browser_of, crew):
    from allauth.account.models import EmailAddress

    case = services.invite(crew.dave, crew.agency, email="carol.home@example.org")
    EmailAddress.objects.create(user=crew.carol, email="carol.home@example.org", verified=True)
    page = browser_of("carol").get(MINE).content.decode()
    assert "Dave Côté" in page
    case.refresh_from_db()
    assert case.client == crew.carol


# ------------------------------------------------------------------ the counsellor


@pytest.mark.both_databases  # search (icontains folds case per database)
def test_the_caseload_filters_by_status_and_name(browser_of, crew):
    services.invite(crew.dave, crew.agency, client=crew.bob)
    dave = browser_of("dave")
    body = dave.get(CASELOAD).content.decode()
    assert "Alice Martin" in body and "Bob Roy" in body
    body = dave.get(CASELOAD, {"status": "invited"}).content.decode()
    assert "Bob Roy" in body and "Alice Martin" not in body
    body = dave.get(CASELOAD, {"q": "alice"}).content.decode()
    assert "Alice Martin" in body and "Bob Roy" not in body
    services.end(crew.alice, crew.case)
    assert "Alice Martin" not in dave.get(CASELOAD).content.decode()  # open ones by default
    body = dave.get(CASELOAD, {"status": "closed"}).content.decode()
    assert "Alice Martin" in body and "The client ended the service" in body
    response = dave.get(CASELOAD, {"status": "nonsense"})
    assert response.status_code == 200


def test_the_caseload_shows_status_scopes_and_dates(browser_of, crew):
    services.change_scopes(crew.alice, crew.case, ["messages"])
    body = browser_of("dave").get(CASELOAD).content.decode()
    assert "Send me messages" in body
    assert "See my job applications" not in body
    assert "Next appointment" in body and "Last contact" in body and "since" in body


def test_inviting_by_handle_and_by_email(browser_of, crew):
    dave = browser_of("dave")
    response = dave.post(CASELOAD + "invite/", {"who": "bob-roy"})
    assert response.status_code == 302
    assert Case.objects.get(counsellor=crew.dave, client=crew.bob).status == "invited"
    response = dave.post(CASELOAD + "invite/", {"who": "newcomer@example.org"})
    assert response.status_code == 302
    assert Case.objects.filter(invited_email="newcomer@example.org", client=None).exists()


@pytest.mark.parametrize(
    "who, message",
    [
        ("dave-cote", "You cannot be your own client."),
        ("alice-martin", "You already have an open link with this person."),
        ("nobody-here", "No member with this profile address."),
        ("not@an@address", "Enter a valid email address."),
        ("", "Give a profile address or an email address."),
    ],
)
def test_a_refused_invitation_keeps_what_was_typed(browser_of, crew, who, message):
    response = browser_of("dave").post(CASELOAD + "invite/", {"who": who})
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    if who:
        assert f'value="{who}"' in body


@pytest.mark.parametrize("name", ["alice", "carol", "greta", "mallory"])
def test_a_member_who_is_not_a_counsellor_cannot_invite(browser_of, crew, name):
    response = browser_of(name).post(CASELOAD + "invite/", {"who": "bob-roy"})
    assert response.status_code == 404
    assert not Case.objects.filter(client=crew.bob).exists()


def test_closing_needs_a_reason(browser_of, crew):
    dave = browser_of("dave")
    response = dave.post(case_url(crew.case, "close"), {f"case{crew.case.pk}-exit_reason": ""})
    assert response.status_code == 200
    assert "Choose the reason for closing." in response.content.decode()
    crew.case.refresh_from_db()
    assert crew.case.status == "active"
    response = dave.post(
        case_url(crew.case, "close"), {f"case{crew.case.pk}-exit_reason": "client_ended"}
    )
    assert response.status_code == 200
    assert "Unknown reason: client_ended." in response.content.decode()
    dave.post(case_url(crew.case, "close"), {f"case{crew.case.pk}-exit_reason": "moved"})
    crew.case.refresh_from_db()
    assert (crew.case.status, crew.case.exit_reason) == ("closed", "moved")


def test_the_counsellor_cannot_lift_a_pause_the_client_chose(browser_of, crew):
    browser_of("alice").post(case_url(crew.case, "pause"))
    response = browser_of("dave").post(case_url(crew.case, "resume"), follow=True)
    assert "only they can resume it" in response.content.decode()
    crew.case.refresh_from_db()
    assert crew.case.status == "paused"


# ------------------------------------------------------------------ the agency admin


def test_the_admin_reassigns_one_case_and_a_whole_caseload(browser_of, crew):
    greta = browser_of("greta")
    response = greta.post(
        case_url(crew.case, "reassign"), {f"case{crew.case.pk}-counsellor": str(crew.erin.pk)}
    )
    assert response.status_code == 302
    crew.case.refresh_from_db()
    assert crew.case.counsellor == crew.erin
    response = greta.post(
        REASSIGN, {"from_counsellor": str(crew.erin.pk), "counsellor": str(crew.dave.pk)}
    )
    assert response.status_code == 302
    crew.case.refresh_from_db()
    assert crew.case.counsellor == crew.dave
    # A counsellor of another agency is not a choice.
    response = greta.post(
        REASSIGN, {"from_counsellor": str(crew.dave.pk), "counsellor": str(crew.frank.pk)}
    )
    assert response.status_code == 200
    assert "Choose a counsellor of this agency." in response.content.decode()
    crew.case.refresh_from_db()
    assert crew.case.counsellor == crew.dave


@pytest.mark.parametrize("name", ["greta", "dave", "carol", "anonymous"])
def test_the_agency_page_leads_only_its_admins_to_the_report(browser_of, crew, name):
    response = browser_of(name).get("/en/o/agence-horizon/")
    assert response.status_code == 200
    page = response.content.decode()
    links = (
        "/en/counselling/agencies/agence-horizon/report/",
        "/en/counselling/agencies/agence-horizon/reassign/",
        "/en/counselling/agencies/agence-horizon/follow-ups/",
    )
    assert all((link in page) is (name == "greta") for link in links)


@pytest.mark.parametrize(
    ("basics", "lands_on"),
    [
        ("connections", "the case file"),  # dave is not alice's connection
        ("only_me", "the case file"),
        ("members", "the profile"),
        ("counsellors", "the profile"),  # her case grants the profile scope
    ],
)
def test_the_caseload_name_leads_to_what_the_client_lets_the_counsellor_see(
    browser_of, crew, basics, lands_on
):
    """A client's name on the caseload opens their profile only when its basics are
    shown to the counsellor (the profile page's own rule); otherwise the case file,
    never a "Page not found"."""
    import re

    profile = crew.alice.profile
    profile.basics_visibility = basics
    profile.save()
    dave = browser_of("dave")
    body = dave.get(CASELOAD).content.decode()
    row = body[body.index(f'id="case-{crew.case.pk}"') :]
    href = re.search(r'<a href="([^"]+)">Alice Martin</a>', row[: row.index("</th>")]).group(1)
    expected = (
        "/en/p/alice-martin/"
        if lands_on == "the profile"
        else f"/en/counselling/cases/{crew.case.pk}/"
    )
    assert href == expected
    assert dave.get(href).status_code == 200
    # The profile's rule itself is unchanged: hidden basics stay hidden from him.
    shown = dave.get("/en/p/alice-martin/").status_code
    assert shown == (200 if lands_on == "the profile" else 404)
