"""The members part's actions: creating a community, joining it by each policy,
answering requests and invitations, roles, removals and bans told with their reason,
mutes, invitation links; counters and the log kept in step."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from tests.communities.members_world import make_community
from tests.factories import OrganizationFactory, UserFactory, make_member
from tremplin.communities.models import (
    Community,
    JoinPolicy,
    Membership,
    MembershipStatus,
    ModerationAction,
    Role,
    Visibility,
)
from tremplin.communities.refusals import CommunityRefusal
from tremplin.communities.services import communities as services
from tremplin.communities.services import members, posting
from tremplin.notifications.models import Notification
from tremplin.organizations.models import OrgKind
from tremplin.organizations.models import Role as OrgRole

pytestmark = pytest.mark.django_db


def status_of(community, user):
    return Membership.objects.get(community=community, user=user).status


def count(community):
    return Community.objects.get(pk=community.pk).member_count


def test_creating_a_community_makes_its_owner_a_slug_and_the_search_text(personas):
    made = services.create_community(
        personas.alice,
        name_fr="Métiers de la Santé",
        description_en="Nursing",
        topics="soins, , infirmière ",
        region="QC",
        languages=["fr"],
        join_questions=["  Pourquoi ?  ", ""],
    )
    assert made.slug == "metiers-de-la-sante"
    assert made.topics == "soins, infirmière" and made.languages == "fr"
    assert made.join_questions == ["Pourquoi ?"]
    assert "metiers de la sante" in made.search_text and "infirmiere" in made.search_text
    assert "quebec" in made.search_text  # the region's names, both languages, folded
    owner = Membership.objects.get(community=made)
    assert (owner.user, owner.role, owner.status) == (personas.alice, Role.OWNER, "active")
    assert made.member_count == 1
    again = services.create_community(personas.bob, name_en="Métiers de la santé")
    assert again.slug == "metiers-de-la-sante-2"
    reserved = services.create_community(personas.bob, name_en="Mine")
    assert reserved.slug == "mine-1"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name_fr": " ", "name_en": ""}, "name_fr"),
        ({"name_fr": "x", "join_questions": ["a", "b", "c", "d"]}, "join_questions"),
        ({"name_fr": "x", "languages": []}, "languages"),
        ({"name_fr": "x", "region": "Atlantis"}, "region"),
        ({"name_fr": "x", "visibility": "hidden"}, "visibility"),
        ({"name_fr": "x", "slow_mode_seconds": -1}, "slow_mode_seconds"),
        ({"name_fr": "x" * 101}, "name_fr"),
    ],
)
def test_bad_settings_are_refused_naming_the_field(personas, fields, field):
    with pytest.raises(CommunityRefusal) as refused:
        services.create_community(personas.alice, **fields)
    assert refused.value.code == "invalid" and refused.value.field == field
    assert not Community.objects.exists()


def test_official_communities_need_an_agency_staff_member_or_a_verified_employer(personas):
    agency = personas.agency
    made = services.create_community(personas.dave, organization=agency, name_fr="Horizon santé")
    assert made.is_official and made.organization == agency
    with pytest.raises(CommunityRefusal) as refused:
        services.create_community(personas.alice, organization=agency, name_fr="Faux")
    assert refused.value.code == "forbidden"
    employer = OrganizationFactory(kind=OrgKind.EMPLOYER, verified=False)
    recruiter = make_member(employer, OrgRole.RECRUITER)
    with pytest.raises(CommunityRefusal):
        services.create_community(recruiter, organization=employer, name_fr="Pas encore")
    employer.verified = True
    employer.save()
    assert services.create_community(
        recruiter, organization=employer, name_fr="Vérifié"
    ).is_official


def test_an_open_community_is_joined_at_once_and_left(personas):
    community = make_community(personas.alice, Visibility.PUBLIC, join_policy=JoinPolicy.OPEN)
    joined = services.join(personas.bob, community)
    assert joined.status == "active" and count(community) == 2
    with pytest.raises(CommunityRefusal) as already:
        services.join(personas.bob, community)
    assert already.value.code == "already"
    services.leave(personas.bob, community)
    assert status_of(community, personas.bob) == "left" and count(community) == 1
    services.join(personas.bob, community)
    assert count(community) == 2


def test_the_last_owner_must_transfer_before_leaving(personas):
    community = make_community(personas.alice, Visibility.PUBLIC, join_policy=JoinPolicy.OPEN)
    services.join(personas.bob, community)
    with pytest.raises(CommunityRefusal) as refused:
        services.leave(personas.alice, community)
    assert refused.value.code == "conflict"
    bob_row = Membership.objects.get(community=community, user=personas.bob)
    members.transfer_ownership(personas.alice, bob_row)
    roles = dict(Membership.objects.filter(community=community).values_list("user", "role"))
    assert roles == {personas.alice.pk: Role.MODERATOR, personas.bob.pk: Role.OWNER}
    assert ModerationAction.objects.filter(action="transfer", target_user=personas.bob).exists()
    services.leave(personas.alice, community)


def test_a_request_with_answers_reaches_the_moderators_who_approve_it(personas):
    community = make_community(personas.alice, Visibility.PRIVATE)
    with pytest.raises(CommunityRefusal) as unanswered:
        services.join(personas.carol, community, [" "])
    assert unanswered.value.field == "answers"
    asked = services.join(personas.carol, community, ["Infirmière auxiliaire"])
    assert asked.status == "pending" and count(community) == 1
    assert asked.answers == [
        {"question": "Quel métier visez-vous ?", "answer": "Infirmière auxiliaire"}
    ]
    told = Notification.objects.get(recipient=personas.alice, kind="community_join_request")
    assert told.actor == personas.carol
    with pytest.raises(CommunityRefusal) as not_moderator:
        services.decide_request(personas.bob, asked, approve=True)
    assert not_moderator.value.code == "forbidden"
    services.decide_request(personas.alice, asked, approve=True)
    assert status_of(community, personas.carol) == "active" and count(community) == 2
    answer = Notification.objects.get(recipient=personas.carol, kind="community_request_answered")
    assert answer.actor is None and answer.data["approved"] is True
    with pytest.raises(CommunityRefusal) as twice:
        services.decide_request(personas.alice, asked, approve=False)
    assert twice.value.code == "answered"
    assert ModerationAction.objects.filter(action="approve_member").count() == 1


def test_a_declined_request_may_be_withdrawn_or_asked_again(personas):
    community = make_community(personas.alice, Visibility.PUBLIC)
    row = services.join(personas.carol, community, ["Préposée"])
    services.decide_request(personas.alice, row, approve=False)
    assert status_of(community, personas.carol) == "declined"
    services.join(personas.carol, community, ["Encore"])
    services.withdraw(personas.carol, community)
    assert status_of(community, personas.carol) == "left"


def test_an_invitation_only_community_refuses_requests_and_takes_invitations(personas):
    community = make_community(personas.alice, Visibility.SECRET, join_policy=JoinPolicy.INVITATION)
    # A stranger cannot even find it.
    with pytest.raises(CommunityRefusal) as hidden:
        services.join(personas.carol, community)
    assert hidden.value.code == "not_found"
    members.invite_person(personas.alice, community, personas.carol)
    assert status_of(community, personas.carol) == "invited"
    invited = Notification.objects.get(recipient=personas.carol, kind="community_invitation")
    assert invited.actor == personas.alice
    services.answer_invitation(personas.carol, community, accept=True)
    assert status_of(community, personas.carol) == "active" and count(community) == 2


def test_a_removal_and_a_ban_tell_the_member_the_community_and_the_reason_not_who(
    personas, django_capture_on_commit_callbacks
):
    community = make_community(personas.alice, Visibility.PRIVATE, join_policy=JoinPolicy.OPEN)
    services.join(personas.bob, community)
    services.join(personas.carol, community)
    bob = Membership.objects.get(community=community, user=personas.bob)
    members.set_role(personas.alice, bob, Role.MODERATOR)
    carol = Membership.objects.get(community=community, user=personas.carol)
    with pytest.raises(CommunityRefusal) as no_reason:
        members.remove_member(personas.bob, carol, "  ")
    assert no_reason.value.field == "reason"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        members.remove_member(personas.bob, carol, "Publicité répétée")
    assert status_of(community, personas.carol) == "removed" and count(community) == 2
    told = Notification.objects.get(recipient=personas.carol, kind="community_removed")
    assert told.actor is None and told.data["excerpt"] == "Publicité répétée"
    (email,) = [m for m in mail.outbox if personas.carol.email in m.to]
    assert "Publicité répétée" in email.body and community.name_fr in email.body
    assert "Bob" not in email.body and "Bob" not in email.subject
    # Removed: may join again; banned: may not.
    services.join(personas.carol, community)
    carol.refresh_from_db()
    members.ban(personas.bob, carol, "Harcèlement")
    assert status_of(community, personas.carol) == "banned"
    with pytest.raises(CommunityRefusal) as banned:
        services.join(personas.carol, community)
    assert banned.value.code == "not_found"  # a private community: she sees nothing of it
    assert not Community.objects.get(pk=community.pk).is_visible_to(personas.carol)
    members.unban(personas.alice, carol)
    services.join(personas.carol, community)
    log = list(
        ModerationAction.objects.filter(community=community).values_list("action", flat=True)
    )
    assert {"role", "remove_member", "ban", "unban"} <= set(log)


def test_moderators_cannot_act_on_the_owner_or_each_other(personas):
    community = make_community(personas.alice, Visibility.PUBLIC, join_policy=JoinPolicy.OPEN)
    for user in (personas.bob, personas.carol):
        services.join(user, community)
        members.set_role(
            personas.alice, Membership.objects.get(community=community, user=user), Role.MODERATOR
        )
    owner = Membership.objects.get(community=community, user=personas.alice)
    carol = Membership.objects.get(community=community, user=personas.carol)
    for target in (owner, carol):
        with pytest.raises(CommunityRefusal) as refused:
            members.ban(personas.bob, target, "non")
        assert refused.value.code == "forbidden"
    with pytest.raises(CommunityRefusal):
        members.set_role(personas.bob, carol, Role.MEMBER)  # only the owner


def test_a_muted_member_reads_but_may_not_post_until_the_date(personas):
    community = make_community(personas.alice, Visibility.PUBLIC, join_policy=JoinPolicy.OPEN)
    services.join(personas.carol, community)
    carol = Membership.objects.get(community=community, user=personas.carol)
    with pytest.raises(CommunityRefusal):
        members.mute(personas.alice, carol, 2)
    members.mute(personas.alice, carol, 7)
    with pytest.raises(CommunityRefusal) as muted:
        posting.may_post(personas.carol, community)
    assert muted.value.code == "refused"
    assert community.is_readable_by(personas.carol)
    members.unmute(personas.alice, carol)
    services.accept_rules(personas.carol, community)
    assert posting.may_post(personas.carol, community).pk == carol.pk


def test_the_rules_are_accepted_before_a_first_post(personas):
    community = make_community(personas.alice, Visibility.PUBLIC, join_policy=JoinPolicy.OPEN)
    services.join(personas.carol, community)
    with pytest.raises(CommunityRefusal) as first:
        posting.may_post(personas.carol, community)
    assert first.value.code == "conflict"
    services.accept_rules(personas.carol, community)
    assert posting.may_post(personas.carol, community)
    with pytest.raises(CommunityRefusal):
        services.accept_rules(personas.bob, community)  # not a member


def test_invitation_links_expire_run_out_and_are_revoked(personas):
    community = make_community(personas.alice, Visibility.SECRET, join_policy=JoinPolicy.INVITATION)
    link, raw = members.create_link(personas.alice, community, 7, max_uses=1)
    assert link.token != raw and len(link.token) == 64  # only the hash is kept
    members.join_by_link(personas.bob, raw)
    assert status_of(community, personas.bob) == "active" and count(community) == 2
    with pytest.raises(CommunityRefusal) as used_up:
        members.join_by_link(personas.carol, raw)
    assert used_up.value.code == "expired"
    old, old_raw = members.create_link(personas.alice, community, 1)
    type(old).objects.filter(pk=old.pk).update(expires=timezone.now() - timedelta(minutes=1))
    with pytest.raises(CommunityRefusal):
        members.join_by_link(personas.carol, old_raw)
    revoked, revoked_raw = members.create_link(personas.alice, community, 30)
    members.revoke(personas.alice, revoked)
    with pytest.raises(CommunityRefusal):
        members.join_by_link(personas.carol, revoked_raw)
    with pytest.raises(CommunityRefusal) as missing:
        members.join_by_link(personas.carol, "nope")
    assert missing.value.code == "not_found"
    with pytest.raises(CommunityRefusal):
        members.create_link(personas.bob, community, 7)  # a member, not a moderator


def test_a_banned_person_cannot_use_a_link_or_be_invited(personas):
    community = make_community(personas.alice, Visibility.PUBLIC, join_policy=JoinPolicy.OPEN)
    services.join(personas.carol, community)
    members.ban(
        personas.alice, Membership.objects.get(community=community, user=personas.carol), "Spam"
    )
    _link, raw = members.create_link(personas.alice, community, 7)
    with pytest.raises(CommunityRefusal) as refused:
        members.join_by_link(personas.carol, raw)
    assert refused.value.code == "refused"
    with pytest.raises(CommunityRefusal):
        members.invite_person(personas.alice, community, personas.carol)


def test_inviting_someone_who_asked_approves_their_request(personas):
    community = make_community(personas.alice, Visibility.PUBLIC)
    newcomer = UserFactory(name="Nadia Newcomer")
    services.join(newcomer, community, ["Aide-soignante"])
    members.invite_person(personas.alice, community, newcomer)
    assert status_of(community, newcomer) == MembershipStatus.ACTIVE


def test_a_members_data_is_in_their_archive_and_goes_with_their_account(personas):
    from tremplin.communities import personal_data_communities as data

    community = make_community(personas.alice, Visibility.PUBLIC)
    services.decide_request(personas.alice, services.join(personas.carol, community, ["Ici"]), True)
    (row,) = data.export(personas.carol)["memberships"]
    assert row["address"] == community.slug and row["answers"][0]["answer"] == "Ici"
    assert count(community) == 2
    assert data.erase(personas.carol) == 1
    assert count(community) == 1 and data.export(personas.carol) == {"memberships": []}


def test_new_accounts_send_fewer_invitations_each_day(personas, settings):
    settings.COMMUNITIES_NEW_ACCOUNT_INVITATIONS_PER_DAY = 3
    community = make_community(personas.alice, Visibility.PUBLIC)
    for _ in range(3):
        members.create_link(personas.alice, community, 1)
        members.revoke(personas.alice, community.invitations.latest("pk"))
    with pytest.raises(CommunityRefusal) as refused:
        members.create_link(personas.alice, community, 1)
    assert refused.value.code == "rate_limited"
    type(personas.alice).objects.filter(pk=personas.alice.pk).update(
        date_joined=timezone.now() - timedelta(days=30)
    )
    personas.alice.refresh_from_db()
    assert members.create_link(personas.alice, community, 1)


def test_no_community_can_take_an_address_the_app_uses():
    """A community named "Directory" must not get the slug of /communities/directory/:
    every literal first segment under /communities/ (pages and API) is reserved."""
    import re

    from tremplin.api.api import api
    from tremplin.communities import urls
    from tremplin.communities.services.communities import RESERVED_SLUGS

    words = set()
    for pattern in urls.urlpatterns:
        found = re.match(r"communities/([a-z0-9_-]+)/?", str(pattern.pattern))
        if found:
            words.add(found.group(1))
    for path in api.get_openapi_schema()["paths"]:
        found = re.match(r"/api/v1/communities/([a-z0-9_-]+)", path)
        if found:
            words.add(found.group(1))
    assert len(words) > 5
    assert words <= RESERVED_SLUGS, sorted(words - RESERVED_SLUGS)
