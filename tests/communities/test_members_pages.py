"""The members part's pages in both languages: creating a community (bad input keeps
the text), its settings and picture, asking to join and approving, a member's page for
moderators, invitation links, the rules before a first post, My communities."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from tests.communities.members_world import make_community
from tests.conftest import client_for
from tremplin.communities.models import (
    Community,
    Invitation,
    JoinPolicy,
    Membership,
    Visibility,
)
from tremplin.communities.services import communities as services

pytestmark = pytest.mark.django_db


def png() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (300, 200), (20, 90, 160)).save(out, format="PNG")
    return SimpleUploadedFile("team.png", out.getvalue(), content_type="image/png")


CREATE = {
    "name_fr": "Soudeurs du Nord",
    "name_en": "",
    "description_fr": "Entraide entre soudeurs.",
    "topics": "soudure, métallurgie",
    "region": "QC",
    "sector": "",
    "language_list": ["fr"],
    "visibility": "private",
    "join_policy": "request",
    "question_1": "Depuis quand soudez-vous ?",
}


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_create_form_keeps_the_text_on_bad_input_then_creates(personas, language):
    alice = client_for(personas.alice)
    assert alice.get(f"/{language}/communities/new/").status_code == 200
    bad = alice.post(f"/{language}/communities/new/", {**CREATE, "name_fr": " "})
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "Entraide entre soudeurs." in html and "Depuis quand soudez-vous ?" in html
    made = alice.post(f"/{language}/communities/new/", {**CREATE, "picture_upload": png()})
    community = Community.objects.get()
    assert (
        made.status_code == 302 and made["Location"] == f"/{language}/communities/{community.slug}/"
    )
    assert community.join_questions == ["Depuis quand soudez-vous ?"]
    assert community.picture and community.languages == "fr"
    page = alice.get(made["Location"])
    assert page.status_code == 200 and "Soudeurs du Nord" in page.content.decode()
    picture = alice.get(f"/{language}/communities/{community.slug}/picture/")
    assert picture.status_code == 200 and picture["Content-Type"] == "image/jpeg"
    # A private community's picture is not for visitors.
    assert (
        client_for(None).get(f"/{language}/communities/{community.slug}/picture/").status_code
        == 404
    )


def test_an_agency_counsellor_may_make_it_official_and_the_badge_shows(personas):
    dave = client_for(personas.dave)
    form = dave.get("/fr/communities/new/").content.decode()
    assert "Agence Horizon" in form
    made = dave.post(
        "/fr/communities/new/",
        {**CREATE, "visibility": "public", "organization_choice": personas.agency.pk},
    )
    assert made.status_code == 302
    page = client_for(None).get(made["Location"]).content.decode()
    assert "Communauté officielle : Agence Horizon" in page


def test_asking_to_join_through_the_pages_and_the_owner_approving(personas):
    community = make_community(personas.alice, Visibility.PRIVATE)
    carol = client_for(personas.carol)
    form = carol.get(f"/en/communities/{community.slug}/join/")
    assert form.status_code == 200 and "Quel métier visez-vous ?" in form.content.decode()
    empty = carol.post(f"/en/communities/{community.slug}/join/", {"answer_1": ""})
    assert empty.status_code == 400
    sent = carol.post(f"/en/communities/{community.slug}/join/", {"answer_1": "Infirmière"})
    assert sent.status_code == 302
    page = carol.get(f"/en/communities/{community.slug}/").content.decode()
    assert "Withdraw my request" in page
    alice = client_for(personas.alice)
    requests = alice.get(f"/en/communities/{community.slug}/requests/").content.decode()
    assert "Infirmière" in requests and "Carol Singh" in requests
    row = Membership.objects.get(community=community, user=personas.carol)
    alice.post(f"/en/communities/{community.slug}/requests/{row.pk}/", {"decision": "approve"})
    row.refresh_from_db()
    assert row.status == "active"
    tab = carol.get(f"/en/communities/{community.slug}/?tab=members").content.decode()
    assert "Alice Martin" in tab and "Leave the community" in tab
    assert carol.get(f"/en/communities/{community.slug}/?tab=nothing").status_code == 404


def test_a_moderator_bans_from_the_member_page_with_a_reason(personas):
    community = make_community(personas.alice, Visibility.PUBLIC, join_policy=JoinPolicy.OPEN)
    services.join(personas.carol, community)
    row = Membership.objects.get(community=community, user=personas.carol)
    alice = client_for(personas.alice)
    url = f"/fr/communities/{community.slug}/members/{row.pk}/"
    assert alice.get(url).status_code == 200
    missing = alice.post(url, {"action": "ban", "ban-reason": ""})
    assert missing.status_code == 400
    done = alice.post(url, {"action": "ban", "ban-reason": "Messages injurieux"})
    assert done.status_code == 302
    row.refresh_from_db()
    assert row.status == "banned" and row.reason == "Messages injurieux"
    assert alice.post(url, {"action": "unban"}).status_code == 302
    assert alice.post(url, {"action": "explode"}).status_code == 404


def test_an_invitation_link_page_joins_or_says_it_expired(personas):
    community = make_community(personas.alice, Visibility.SECRET, join_policy=JoinPolicy.INVITATION)
    alice = client_for(personas.alice)
    made = alice.post(
        f"/en/communities/{community.slug}/invitations/", {"kind": "link", "days": "7"}
    )
    assert made.status_code == 200
    raw = made.content.decode().split("/communities/join/")[1].split("/")[0]
    carol = client_for(personas.carol)
    shown = carol.get(f"/en/communities/join/{raw}/")
    assert shown.status_code == 200 and community.name_en in shown.content.decode()
    assert carol.post(f"/en/communities/join/{raw}/").status_code == 302
    assert Membership.objects.get(community=community, user=personas.carol).status == "active"
    Invitation.objects.update(expires=timezone.now() - timedelta(days=1))
    expired = client_for(personas.bob).get(f"/en/communities/join/{raw}/")
    assert expired.status_code == 410 and "has expired" in expired.content.decode()
    assert client_for(None).get("/en/communities/join/nothing-here/").status_code == 404


def test_inviting_a_person_by_profile_address(personas):
    community = make_community(personas.alice, Visibility.PUBLIC, join_policy=JoinPolicy.INVITATION)
    alice = client_for(personas.alice)
    url = f"/fr/communities/{community.slug}/invitations/"
    unknown = alice.post(url, {"kind": "person", "person-handle": "nobody-here"})
    assert unknown.status_code == 400
    handle = personas.bob.profile.handle
    assert alice.post(url, {"kind": "person", "person-handle": handle}).status_code == 302
    mine = client_for(personas.bob).get("/fr/communities/mine/").content.decode()
    assert community.name_fr in mine and "Alice Martin" in mine


def test_the_rules_page_records_acceptance_and_returns_where_the_member_was(personas):
    community = make_community(personas.alice, Visibility.PUBLIC, join_policy=JoinPolicy.OPEN)
    members_ = client_for(personas.carol)
    members_.post(f"/en/communities/{community.slug}/join/")
    page = members_.get(f"/en/communities/{community.slug}/rules/?next=/en/communities/")
    assert "Soyez bienveillants." in page.content.decode()
    back = members_.post(
        f"/en/communities/{community.slug}/rules/", {"next": "https://evil.example/"}
    )
    assert back["Location"] == f"/en/communities/{community.slug}/"
    assert Membership.objects.get(community=community, user=personas.carol).rules_accepted


def test_settings_are_for_moderators_and_change_the_search_text(personas):
    community = make_community(personas.alice, Visibility.PUBLIC)
    alice = client_for(personas.alice)
    url = f"/en/communities/{community.slug}/settings/"
    form = alice.get(url)
    assert form.status_code == 200 and "Quel métier visez-vous ?" in form.content.decode()
    data = {
        **CREATE,
        "name_fr": "Santé Québec",
        "visibility": "public",
        "slow_mode_seconds": "60",
        "preapprove_first_posts": "on",
    }
    assert alice.post(url, data).status_code == 302
    community.refresh_from_db()
    assert community.slow_mode_seconds == 60 and community.preapprove_first_posts
    assert "sante quebec" in community.search_text
    assert client_for(personas.carol).get(url).status_code == 404


def test_leaving_from_the_page(personas):
    community = make_community(personas.alice, Visibility.PUBLIC, join_policy=JoinPolicy.OPEN)
    services.join(personas.carol, community)
    carol = client_for(personas.carol)
    assert carol.post(f"/fr/communities/{community.slug}/leave/").status_code == 302
    assert Membership.objects.get(community=community, user=personas.carol).status == "left"
    owner = client_for(personas.alice).post(f"/fr/communities/{community.slug}/leave/", follow=True)
    assert "transf" in owner.content.decode()
