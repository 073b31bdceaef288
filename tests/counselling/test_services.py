"""The lifecycle of a counselling link, its consent record, and its refusals, through
services.py (pages and API call the same functions)."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import translation

from tests.factories import UserFactory, make_member
from tremplin.core.viewer import viewer_of
from tremplin.counselling import services
from tremplin.counselling.hooks import CASE_INVITATION, CASE_UPDATE
from tremplin.counselling.models import (
    CASE_TRANSITIONS,
    Case,
    CaseStatus,
    Consent,
    ConsentAction,
    ExitReason,
    Scope,
)
from tremplin.notifications.models import Delivery, Notification, Preference
from tremplin.notifications.rendering import text_of
from tremplin.organizations.models import Role


def refused(code: str):
    """pytest.raises for a ValidationError with this code."""

    class Check:
        def __enter__(self):
            self.ctx = pytest.raises(ValidationError)
            self.info = self.ctx.__enter__()
            return self.info

        def __exit__(self, *exc):
            result = self.ctx.__exit__(*exc)
            assert self.info.value.code == code, self.info.value
            return result

    return Check()


def notifications(user, kind):
    return Notification.objects.filter(recipient=user, kind=kind)


@pytest.fixture
def invited(crew):
    """dave invites bob (who accepts nothing yet)."""
    return services.invite(crew.dave, crew.agency, client=crew.bob)


def test_every_status_of_the_lifecycle_is_declared():
    assert set(CASE_TRANSITIONS) == set(CaseStatus.values)
    assert CASE_TRANSITIONS[CaseStatus.CLOSED] == set()


def test_an_invitation_notifies_the_member_and_waits_for_consent(crew, invited):
    assert invited.status == CaseStatus.INVITED
    assert invited.scopes == set()
    assert not viewer_of(crew.dave).counsels(crew.bob.pk, Scope.PROFILE)
    note = notifications(crew.bob, CASE_INVITATION).get()
    assert note.actor == crew.dave
    assert note.target == invited
    assert invited.get_absolute_url() == f"/fr/counselling/cases/{invited.pk}/"


def test_accepting_records_the_consent_with_its_version_and_scopes(crew, invited):
    services.accept(crew.bob, invited, [Scope.PROFILE, Scope.MESSAGES])
    invited.refresh_from_db()
    assert invited.status == CaseStatus.ACTIVE
    assert invited.scopes == {"profile", "messages"}
    assert invited.client_consented_at is not None
    consent = invited.consents.get()
    assert (consent.action, consent.scopes, consent.by, consent.version) == (
        ConsentAction.GRANTED,
        ["messages", "profile"],
        crew.bob,
        services.CONSENT_VERSION,
    )
    assert viewer_of(crew.dave).counsels(crew.bob.pk, Scope.PROFILE)
    assert not viewer_of(crew.dave).counsels(crew.bob.pk, Scope.DOCUMENTS)
    assert notifications(crew.dave, CASE_UPDATE).filter(actor=crew.bob).exists()


def test_accepting_with_no_scope_at_all_is_allowed(crew, invited):
    services.accept(crew.bob, invited, [])
    invited.refresh_from_db()
    assert invited.status == CaseStatus.ACTIVE
    assert invited.scopes == set()
    assert not Case.objects.granting(Scope.PROFILE).filter(pk=invited.pk).exists()


def test_an_unknown_scope_is_refused_by_name(crew, invited):
    with refused("invalid") as info:
        services.accept(crew.bob, invited, ["profile", "bank_account"])
    assert "bank_account" in info.value.messages[0]
    invited.refresh_from_db()
    assert invited.status == CaseStatus.INVITED


def test_only_the_client_can_accept(crew, invited):
    for someone in (crew.dave, crew.erin, crew.carol):
        with refused("not_found"):
            services.accept(someone, invited, [])


def test_change_pause_resume_end_each_leave_a_consent_row(crew):
    case = crew.case
    services.change_scopes(crew.alice, case, ["documents"])
    services.pause(crew.alice, case)
    services.resume(crew.alice, case)
    services.end(crew.alice, case)
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert case.exit_reason == ExitReason.CLIENT_ENDED
    assert case.closed_at is not None
    actions = list(case.consents.order_by("id").values_list("action", "scopes"))
    assert actions == [
        ("changed", ["documents"]),
        ("paused", ["documents"]),
        ("resumed", ["documents"]),
        ("ended", []),
    ]
    assert not any(viewer_of(crew.dave).counsels(crew.alice.pk, s) for s in Scope.values)


def test_access_follows_the_current_scopes_at_once(crew):
    assert viewer_of(crew.dave).counsels(crew.alice.pk, Scope.DOCUMENTS)
    services.change_scopes(crew.alice, crew.case, ["profile"])
    assert not viewer_of(crew.dave).counsels(crew.alice.pk, Scope.DOCUMENTS)
    assert viewer_of(crew.dave).counsels(crew.alice.pk, Scope.PROFILE)
    services.pause(crew.dave, crew.case)
    assert not viewer_of(crew.dave).counsels(crew.alice.pk, Scope.PROFILE)


def test_a_pause_the_client_chose_is_lifted_only_by_the_client(crew):
    services.pause(crew.alice, crew.case)
    with refused("transition"):
        services.resume(crew.dave, crew.case)
    services.resume(crew.alice, crew.case)
    services.pause(crew.dave, crew.case)
    services.resume(crew.dave, crew.case)
    crew.case.refresh_from_db()
    assert crew.case.status == CaseStatus.ACTIVE


def test_each_change_notifies_the_other_party(crew):
    services.pause(crew.dave, crew.case)
    assert notifications(crew.alice, CASE_UPDATE).filter(actor=crew.dave).exists()
    services.resume(crew.dave, crew.case)
    services.change_scopes(crew.alice, crew.case, [])
    assert notifications(crew.dave, CASE_UPDATE).filter(actor=crew.alice).exists()


@pytest.mark.parametrize(
    "status, action",
    [
        ("invited", "pause"),
        ("invited", "resume"),
        ("invited", "end"),
        ("invited", "change"),
        ("active", "accept"),
        ("active", "decline"),
        ("active", "resume"),
        ("paused", "pause"),
        ("paused", "accept"),
        ("closed", "accept"),
        ("closed", "pause"),
        ("closed", "resume"),
        ("closed", "end"),
        ("closed", "close"),
        ("closed", "change"),
        ("closed", "decline"),
    ],
)
def test_the_lifecycle_refuses_moves_it_does_not_declare(crew, status, action):
    Case.objects.filter(pk=crew.case.pk).update(status=status)
    calls = {
        "pause": lambda: services.pause(crew.alice, crew.case),
        "resume": lambda: services.resume(crew.alice, crew.case),
        "end": lambda: services.end(crew.alice, crew.case),
        "change": lambda: services.change_scopes(crew.alice, crew.case, ["profile"]),
        "accept": lambda: services.accept(crew.alice, crew.case, []),
        "decline": lambda: services.decline(crew.alice, crew.case),
        "close": lambda: services.close(crew.dave, crew.case, ExitReason.EMPLOYED),
    }
    before = Consent.objects.count()
    with refused("transition"):
        calls[action]()
    crew.case.refresh_from_db()
    assert crew.case.status == status
    assert Consent.objects.count() == before


def test_declining_closes_the_invitation(crew, invited):
    services.decline(crew.bob, invited)
    invited.refresh_from_db()
    assert (invited.status, invited.exit_reason) == (CaseStatus.CLOSED, ExitReason.DECLINED)
    assert invited.consents.get().action == ConsentAction.DECLINED


def test_the_counsellor_closes_with_a_required_reason(crew):
    with refused("invalid") as info:
        services.close(crew.dave, crew.case, "")
    assert "motif" in info.value.messages[0]  # French, the site default
    with refused("invalid"):
        services.close(crew.dave, crew.case, "bored")
    with refused("invalid"):  # only the client ends a link as "client ended"
        services.close(crew.dave, crew.case, ExitReason.CLIENT_ENDED)
    with refused("not_found"):
        services.close(crew.erin, crew.case, ExitReason.EMPLOYED)
    services.close(crew.dave, crew.case, ExitReason.EMPLOYED)
    crew.case.refresh_from_db()
    assert (crew.case.status, crew.case.exit_reason) == ("closed", "employed")
    assert crew.case.consents.first().action == ConsentAction.CLOSED
    assert notifications(crew.alice, CASE_UPDATE).filter(actor=crew.dave).exists()


def test_a_second_open_case_for_the_same_pair_is_refused(crew):
    with refused("exists"):
        services.invite(crew.dave, crew.agency, client=crew.alice)
    services.end(crew.alice, crew.case)
    again = services.invite(crew.dave, crew.agency, client=crew.alice)
    assert again.status == CaseStatus.INVITED


def test_a_client_may_have_several_counsellors_from_different_agencies(crew):
    other = services.invite(crew.frank, crew.other_agency, client=crew.alice)
    services.accept(crew.alice, other, ["messages"])
    assert Case.objects.open().filter(client=crew.alice).count() == 2


def test_inviting_oneself_or_without_being_a_counsellor_is_refused(crew):
    with refused("self"):
        services.invite(crew.dave, crew.agency, client=crew.dave)
    with refused("forbidden"):
        services.invite(crew.carol, crew.agency, client=crew.bob)
    with refused("forbidden"):  # frank counsels at another agency
        services.invite(crew.frank, crew.agency, client=crew.bob)
    with refused("forbidden"):  # an admin is not a counsellor
        services.invite(crew.greta, crew.agency, client=crew.bob)
    with refused("invalid"):
        services.invite(crew.dave, crew.agency, email="not an address")
    with refused("invalid"):
        services.invite(crew.dave, crew.agency)


def test_an_email_that_a_member_verified_reaches_that_member(
    crew, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = services.invite(crew.erin, crew.agency, email="  BOB@example.org ")
    assert case.client == crew.bob
    assert case.client_label == "bob@example.org"  # the address, not the member's name
    assert notifications(crew.bob, CASE_INVITATION).exists()
    assert mail.outbox == []


def test_an_email_invitation_waits_for_its_person_then_attaches(
    crew, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = services.invite(crew.dave, crew.agency, email="nina@example.org")
    assert case.client is None and case.invited_email == "nina@example.org"
    (sent,) = mail.outbox
    assert sent.to == ["nina@example.org"]
    # The site's default language (French) for a person with no account: its links.
    assert "Dave Côté" in sent.subject
    assert "/fr/counselling/" in sent.body and "/fr/accounts/signup/" in sent.body
    with refused("exists"):
        services.invite(crew.dave, crew.agency, email="Nina@example.org")

    nina = UserFactory(email="nina.other@example.org", name="Nina Roy")
    EmailAddress.objects.create(user=nina, email="nina@example.org", verified=False)
    assert services.claim_invitations(nina) == 0  # an unverified address does not count
    EmailAddress.objects.filter(email="nina@example.org").update(verified=True)
    assert services.claim_invitations(nina) == 1
    case.refresh_from_db()
    assert case.client == nina
    assert notifications(nina, CASE_INVITATION).exists()


def test_reassignment_by_an_agency_admin(crew):
    with refused("not_found"):
        services.reassign(crew.dave, crew.case, crew.erin)
    with refused("invalid"):
        services.reassign(crew.greta, crew.case, crew.frank)  # another agency's counsellor
    with refused("invalid"):
        services.reassign(crew.greta, crew.case, crew.dave)  # already theirs
    services.reassign(crew.greta, crew.case, crew.erin)
    crew.case.refresh_from_db()
    assert crew.case.counsellor == crew.erin
    assert crew.case.scopes == set(Scope.values)  # the client's choices travel with it
    consent = crew.case.consents.first()
    assert (consent.action, consent.by, consent.counsellor) == ("reassigned", crew.greta, crew.erin)
    assert notifications(crew.alice, CASE_UPDATE).filter(actor=crew.greta).exists()
    assert viewer_of(crew.erin).counsels(crew.alice.pk, Scope.PROFILE)
    assert not viewer_of(crew.dave).counsels(crew.alice.pk, Scope.PROFILE)


def test_a_whole_caseload_moves_except_clients_the_target_already_has(crew):
    services.invite(crew.dave, crew.agency, client=crew.bob)
    services.invite(crew.erin, crew.agency, client=crew.carol)
    services.invite(crew.dave, crew.agency, client=crew.carol)
    moved = services.reassign_caseload(crew.greta, crew.agency, crew.dave, crew.erin)
    assert {c.client for c in moved} == {crew.alice, crew.bob}
    assert Case.objects.open().filter(counsellor=crew.dave).get().client == crew.carol
    with refused("not_found"):
        services.reassign_caseload(crew.erin, crew.agency, crew.erin, crew.dave)


def test_visibility_of_a_case(crew):
    expected = {"alice", "dave", "greta"}
    for name in ("alice", "dave", "erin", "frank", "greta", "carol", "mallory", "sam"):
        user = getattr(crew, name)
        seen = Case.objects.visible_to(user).filter(pk=crew.case.pk).exists()
        assert seen is (name in expected), name
        assert crew.case.is_visible_to(user) is (name in expected), name
    assert not Case.objects.visible_to(None).exists()


def test_an_invitation_reaches_the_member_in_their_language(
    crew, django_capture_on_commit_callbacks
):
    """The site speaks French by default; alice reads English: her email is English."""
    crew.alice.language = "en"
    crew.alice.save()
    Preference.objects.create(user=crew.alice, kind=CASE_INVITATION, delivery=Delivery.EMAIL)
    other = make_member(crew.other_agency, Role.COUNSELLOR, name="Hugo Leduc")
    assert translation.get_language() == "fr"
    with django_capture_on_commit_callbacks(execute=True):
        services.invite(other, crew.other_agency, client=crew.alice)
    (sent,) = mail.outbox
    assert sent.to == ["alice@example.org"]
    assert "Hugo Leduc invited you to work together as your counsellor." in sent.body
    note = notifications(crew.alice, CASE_INVITATION).get()
    with translation.override(crew.alice.language):
        assert text_of(note) == "Hugo Leduc invited you to work together as your counsellor."


def test_a_block_is_neither_revealed_nor_crossed_by_an_invitation(
    crew, django_capture_on_commit_callbacks
):
    from tremplin.network.services import block

    block(crew.bob, crew.erin)
    with refused("not_found"):
        services.invite(crew.erin, crew.agency, client=crew.bob)
    with django_capture_on_commit_callbacks(execute=True):
        case = services.invite(crew.erin, crew.agency, email="bob@example.org")
    assert case.client is None  # looks like any address to erin
    assert mail.outbox == []
    assert not notifications(crew.bob, CASE_INVITATION).exists()
    assert services.claim_invitations(crew.bob) == 0
    case.refresh_from_db()
    assert case.client is None
