"""Programmes a community runs: created by its owners and moderators, seen and joined by
its members only, coordinated by its owners and moderators, and a report without the
agency's outcome columns (the page says why).

The cast (a public community "Soudeuses"):

    bob     owner          frank   moderator      alice   member
    carol   stranger       dave    alice's counsellor, not a member
    mallory site moderator, not a member           anonymous: nobody signed in
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import client_for
from tremplin.communities.models import Community, Membership
from tremplin.mentoring import report
from tremplin.mentoring.models import Programme
from tremplin.mentoring.services import MentoringError
from tremplin.mentoring.services import programmes as s

pytestmark = pytest.mark.django_db

API = "/api/v1/mentoring/programmes"


@pytest.fixture
def community(crew):
    made = Community.objects.create(slug="soudeuses", name_fr="Soudeuses", name_en="Welders")
    for user, role in ((crew.bob, "owner"), (crew.frank, "moderator"), (crew.alice, "member")):
        Membership.objects.create(community=made, user=user, status="active", role=role)
    return made


def _data(**extra):
    values = {
        "name_fr": "Mentorat soudure",
        "name_en": "Welding mentoring",
        "starts_on": date(2026, 1, 1),
        "ends_on": date(2026, 12, 31),
        "mentor_policy": "community",
        "mentee_policy": "community",
        **extra,
    }
    return s.ProgrammeData(**values)


@pytest.fixture
def draft(crew, community):
    return s.create_community_programme(crew.bob, community, _data())


def test_owners_and_moderators_create_one_for_their_members(crew, community):
    bob = client_for(crew.bob)
    listed = bob.get("/en/mentoring/programmes/").content.decode()
    assert "Create a programme for the community Welders" in listed
    url = "/en/mentoring/programmes/new/community/soudeuses/"
    form = {
        "name_fr": "Mentorat soudure",
        "name_en": "Welding mentoring",
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
        "mentor_policy": "community",
        "mentee_policy": "clients",  # an agency's policy: refused, the text kept
        "capacity": "10",
        "months": "6",
    }
    bad = bob.post(url, form)
    assert bad.status_code == 400 and "Mentorat soudure" in bad.content.decode()
    assert bob.post(url, {**form, "mentee_policy": "community"}).status_code == 302
    made = Programme.objects.get()
    assert (made.community, made.agency, list(made.coordinators.all())) == (
        community,
        None,
        [crew.bob],
    )
    # A plain member, a stranger, a counsellor: no such page, and the service says no.
    for who in (crew.alice, crew.carol, crew.dave):
        assert client_for(who).get(url).status_code == 404
    with pytest.raises(MentoringError):
        s.create_community_programme(crew.alice, community, _data())
    # The API: exactly one owner, and a community's owners only.
    body = {
        "community": "soudeuses",
        "name_fr": "Deux",
        "name_en": "Two",
        "starts_on": "2026-01-01",
        "ends_on": "2026-06-30",
    }
    both = {**body, "agency": crew.agency.slug}
    assert bob.post(API, both, content_type="application/json").status_code == 422
    alice = client_for(crew.alice).post(API, body, content_type="application/json")
    assert alice.status_code == 404
    made = client_for(crew.frank).post(API, body, content_type="application/json")
    assert made.status_code == 201 and made.json()["community"] == "soudeuses"
    assert (made.json()["agency"], made.json()["mentee_policy"]) == (None, "community")


def test_the_database_wants_exactly_one_owner(crew, community):
    from django.db import IntegrityError, transaction

    values = {"name_fr": "x", "name_en": "x", "starts_on": date(2026, 1, 1)}
    values["ends_on"] = date(2026, 2, 1)
    for owner in ({}, {"agency": crew.agency, "community": community}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Programme.objects.create(**values, **owner)


VISIBLE_IN_DRAFT = {"bob", "frank"}
VISIBLE_OPEN = {"bob", "frank", "alice"}


@pytest.mark.parametrize(
    "who", ["anonymous", "alice", "bob", "carol", "dave", "frank", "greta", "mallory"]
)
def test_a_community_programme_is_seen_by_the_community_only(crew, draft, who):
    user = None if who == "anonymous" else getattr(crew, who)
    client = client_for(user)
    page = f"/en/mentoring/programmes/{draft.pk}/"

    def sees() -> bool:
        found = client.get(page).status_code == 200
        listed = "Welding mentoring" in client.get("/en/mentoring/programmes/").content.decode()
        api = client.get(f"{API}/{draft.pk}").status_code == 200
        assert (
            found
            == listed
            == api
            == Programme.objects.visible_to(user).filter(pk=draft.pk).exists()
        )
        return found

    assert sees() == (who in VISIBLE_IN_DRAFT)
    s.move_programme(crew.bob, draft, "open")
    assert sees() == (who in VISIBLE_OPEN)
    # Only its coordinators edit it: frank moderates but was not added.
    edit = client.get(page + "edit/").status_code
    assert edit == (200 if who == "bob" else 302 if who == "anonymous" else 404)


def test_only_members_join_and_only_moderators_coordinate(crew, draft):
    programme = s.move_programme(crew.bob, draft, "open")
    assert s.may_join(crew.alice, programme, "mentee")
    assert not s.may_join(crew.carol, programme, "mentee")
    with pytest.raises(MentoringError) as refused:
        s.enrol(crew.carol, programme, "mentor", s.Intake())
    assert refused.value.code == "forbidden"
    # Invitations: the picker offers members only; the server refuses the others.
    bob = client_for(crew.bob)
    offered = bob.get(
        "/en/people/picker/", {"scope": f"programme-invite:{programme.pk}", "q": "al"}
    ).content.decode()
    assert "Alice Martin" in offered
    others = bob.get(
        "/en/people/picker/", {"scope": f"programme-invite:{programme.pk}", "q": "ca"}
    ).content.decode()
    assert "Carol" not in others
    # Someone who does not coordinate it is offered nobody, members included.
    stranger = client_for(crew.carol).get(
        "/en/people/picker/", {"scope": f"programme-invite:{programme.pk}", "q": "al"}
    )
    assert "Alice" not in stranger.content.decode()
    with pytest.raises(MentoringError):
        s.invite(crew.bob, programme, crew.carol, "mentor")
    invited = bob.post(
        f"{API}/{programme.pk}/invitations",
        {"who": crew.carol.profile.handle, "side": "mentor"},
        content_type="application/json",
    )
    assert invited.status_code == 422
    # Coordinators: owners and moderators (frank), not a plain member (alice).
    with pytest.raises(MentoringError):
        s.add_coordinator(crew.bob, programme, crew.alice)
    s.add_coordinator(crew.bob, programme, crew.frank)
    assert set(programme.coordinators.all()) == {crew.bob, crew.frank}


def test_the_report_leaves_out_the_agency_outcomes_and_says_why(crew, draft):
    keys = [row.key for row in report.build(draft).columns]
    assert keys == ["met", "goal_met", "satisfied"]
    page = client_for(crew.bob).get(f"/en/mentoring/programmes/{draft.pk}/coordinate/")
    assert "A community runs this programme" in page.content.decode()
    csv = client_for(crew.bob).get(f"/en/mentoring/programmes/{draft.pk}/report.csv")
    assert "Not reported: a community runs this programme" in csv.content.decode("utf-8-sig")
    assert "Mentees who found work" not in csv.content.decode("utf-8-sig")


def test_an_agency_programme_keeps_its_outcome_columns(personas, programme):
    keys = [row.key for row in report.build(programme).columns]
    assert "found_work" in keys and not report.outcomes_withheld(programme)
