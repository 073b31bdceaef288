"""The person picker (issue 17): whom a member may choose, by name, wherever a form asks
for a person. Alice chooses among the Leblancs: Zoé and Sara are her connections (Sara
hides from search, which does not hide her from her connections), Yves is a stranger
who shows his profile to members; Xavier shows it to his connections only, Wanda to
herself only, Tom hides from search, Victor is blocked by Alice and Ursula blocked her.
Only Sara, Zoé (connections first) and Yves may ever be offered, in the read, the page's
suggestions, the API and the forms without JavaScript."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.communities.members_world import make_community
from tests.conftest import client_for
from tests.factories import UserFactory
from tremplin.api.services import create_token
from tremplin.communities.models import JoinPolicy, Membership, MembershipStatus, Visibility
from tremplin.core.audience import Audience
from tremplin.mentoring.forms import ProposeForm
from tremplin.messaging.models import Conversation
from tremplin.network.services import block, connect
from tremplin.profiles.picker import people_for_picker, picked

PAGE = "/en/people/picker/"
API = "/api/v1/profiles/picker/people"
BODY = "Bonjour, voici ma question."


def _member(name: str, **profile_fields: object):
    user = UserFactory(name=name)
    for field, value in profile_fields.items():
        setattr(user.profile, field, value)
    user.profile.save()
    return user


@pytest.fixture
def leblancs(personas):
    alice = personas.alice
    world = SimpleNamespace(
        zoe=_member("Zoé Leblanc"),
        sara=_member("Sara Leblanc", hidden_from_search=True),
        yves=_member("Yves Leblanc"),
        xavier=_member("Xavier Leblanc", basics_visibility=Audience.CONNECTIONS),
        wanda=_member("Wanda Leblanc", basics_visibility=Audience.ONLY_ME),
        tom=_member("Tom Leblanc", hidden_from_search=True),
        victor=_member("Victor Leblanc"),
        ursula=_member("Ursula Leblanc"),
    )
    connect(alice, world.zoe)
    connect(alice, world.sara)
    block(alice, world.victor)
    block(world.ursula, alice)
    return world


def _names(profiles) -> list[str]:
    return [p.display_name for p in profiles]


def _api(user, **params):
    headers = {}
    if user is not None:
        _token, raw = create_token(user, "picker")
        headers["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    return client_for(None).get(API, params, **headers)


OFFERED = ["Sara Leblanc", "Zoé Leblanc", "Yves Leblanc"]


def test_only_people_the_viewer_may_see_are_offered_connections_first(personas, leblancs):
    found = people_for_picker(personas.alice, "leblanc")
    assert _names(found) == OFFERED
    assert [p.is_connection for p in found] == [True, True, False]
    # Every word must match; the start of a profile address matches too; never oneself.
    assert _names(people_for_picker(personas.alice, "yves leb")) == ["Yves Leblanc"]
    assert _names(people_for_picker(personas.alice, "zoe-le")) == ["Zoé Leblanc"]
    assert people_for_picker(personas.alice, "alice") == []
    assert people_for_picker(personas.alice, "l") == []  # too short to ask
    assert _names(people_for_picker(personas.alice, "leblanc", limit=2)) == OFFERED[:2]
    # Xavier's connections find him; the others' blocks hide Alice from them.
    connect(leblancs.yves, leblancs.xavier)
    assert "Xavier Leblanc" in _names(people_for_picker(leblancs.yves, "leblanc"))
    assert "Alice Martin" not in _names(people_for_picker(leblancs.victor, "martin"))
    assert "Alice Martin" not in _names(people_for_picker(leblancs.ursula, "martin"))
    # Nobody offered is chosen by address either.
    handles = [getattr(leblancs, n).profile.handle for n in ("xavier", "wanda", "victor", "tom")]
    chosen, unknown = picked(personas.alice, handles)
    assert chosen == [leblancs.tom.profile] and unknown == handles[:3]


def test_the_page_and_the_api_offer_the_same_people_to_signed_in_members_only(personas, leblancs):
    page = client_for(personas.alice).get(PAGE, {"q": "Leblanc"})
    html = page.content.decode()
    assert page.status_code == 200 and page["Cache-Control"] == "private, no-store"
    offered = [name for name in OFFERED if f'data-name="{name}"' in html]
    assert offered == OFFERED and html.count('role="option"') == 3
    assert html.index("Sara Leblanc") < html.index("Zoé Leblanc") < html.index("Yves Leblanc")
    assert "3 suggestions" in html
    answer = _api(personas.alice, q="Leblanc")
    assert answer.status_code == 200
    assert [(p["display_name"], p["is_connection"]) for p in answer.json()] == [
        ("Sara Leblanc", True),
        ("Zoé Leblanc", True),
        ("Yves Leblanc", False),
    ]
    assert client_for(None).get(PAGE, {"q": "Leblanc"}).status_code == 401
    assert _api(None, q="Leblanc").status_code == 401
    for bad in ({}, {"q": "l"}, {"q": "x" * 101}, {"q": "Leblanc", "limit": 0}):
        refused = _api(personas.alice, **bad)
        assert refused.status_code == 422 and "detail" in refused.json()


def test_a_scope_narrows_the_choice_and_an_unknown_scope_keeps_nobody(personas, leblancs):
    community = make_community(personas.alice, Visibility.PUBLIC, join_policy=JoinPolicy.INVITATION)
    Membership.objects.create(
        community=community, user=leblancs.zoe, status=MembershipStatus.ACTIVE
    )
    scope = f"community:{community.slug}"
    assert _names(people_for_picker(personas.alice, "leblanc", scope=scope)) == [
        "Sara Leblanc",
        "Yves Leblanc",
    ]
    # Someone who does not moderate it is offered nobody; nor is anyone in a made-up scope.
    assert people_for_picker(leblancs.yves, "leblanc", scope=scope) == []
    assert people_for_picker(personas.alice, "leblanc", scope="nothing") == []
    assert _api(personas.alice, q="Leblanc", scope="nothing").json() == []
    # The invitation page chooses by name within the scope, without JavaScript.
    url = f"/en/communities/{community.slug}/invitations/"
    alice = client_for(personas.alice)
    refused = alice.post(url, {"kind": "person", "person-handle_text": "Zoé"})
    assert refused.status_code == 400 and "Nobody you can choose here" in refused.content.decode()
    assert alice.post(url, {"kind": "person", "person-handle_text": "Yves"}).status_code == 302
    invited = Membership.objects.get(community=community, user=leblancs.yves)
    assert invited.status == MembershipStatus.INVITED


def test_without_javascript_a_unique_name_is_resolved_and_the_message_sent(personas, leblancs):
    alice = client_for(personas.alice)
    sent = alice.post("/en/messages/new/", {"to_text": "Yves, zoé leb", "body": BODY})
    assert sent.status_code == 302
    conversation = Conversation.objects.get()
    people = set(conversation.participants.values_list("user__profile__display_name", flat=True))
    assert people == {"Alice Martin", "Yves Leblanc", "Zoé Leblanc"}


def test_without_javascript_several_matches_are_offered_as_radio_buttons(personas, leblancs):
    alice = client_for(personas.alice)
    form = {"to_text": "Leblanc", "body": BODY}
    page = alice.post("/en/messages/new/", form)
    html = page.content.decode()
    assert "Several people match “Leblanc”: choose one below." in html
    assert 'name="to_text" value="Leblanc"' in html and BODY in html  # nothing is lost
    assert html.count('type="radio" name="to_pick"') == 3
    for hidden in ("Xavier", "Wanda", "Tom", "Victor", "Ursula"):
        assert f"{hidden} Leblanc" not in html
    chosen = {**form, "to_asked": "Leblanc", "to_pick": leblancs.yves.profile.handle}
    assert alice.post("/en/messages/new/", chosen).status_code == 302
    assert Conversation.objects.get().participants.filter(user=leblancs.yves).exists()


def test_without_javascript_a_name_nobody_may_choose_is_refused(personas, leblancs):
    alice = client_for(personas.alice)
    for name in ("Wanda", "Victor Leblanc", "Xavier", "Nobody At All"):
        page = alice.post("/en/messages/new/", {"to_text": name, "body": BODY})
        html = page.content.decode()
        assert f"Nobody you can choose here is called “{name}”." in html, name
        assert f'value="{name}"' in html and BODY in html
    page = alice.post("/en/messages/new/", {"to": leblancs.wanda.profile.handle, "body": BODY})
    expected = f"No member found with the address “{leblancs.wanda.profile.handle}”."
    assert expected in page.content.decode()
    assert "Choose a person" in alice.post("/en/messages/new/", {"body": BODY}).content.decode()
    assert not Conversation.objects.exists()


def test_a_chosen_person_is_shown_as_a_chip_with_the_suggestions_list(personas, leblancs):
    alice = client_for(personas.alice)
    page = alice.get("/en/messages/new/", {"to": leblancs.zoe.profile.handle}).content.decode()
    assert f'name="to" value="{leblancs.zoe.profile.handle}" checked> Zoé Leblanc' in page
    assert 'class="picker-listbox"' in page and 'role="status"' in page
    assert "js/person_picker" in page
    # A profile Alice may not see is not named, even when its address is in the link.
    hidden = alice.get("/en/messages/new/", {"to": leblancs.wanda.profile.handle})
    assert "Wanda" not in hidden.content.decode()


def test_the_mentorship_form_chooses_by_name_once_given_its_viewer(personas, leblancs):
    form = ProposeForm({"who_text": "Yves", "role": "mentee"}, viewer=personas.alice)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["who"] == leblancs.yves.profile.handle
    several = ProposeForm({"who_text": "Leblanc", "role": "mentee"}, viewer=personas.alice)
    assert not several.is_valid() and "who" in several.errors
