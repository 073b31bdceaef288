"""A suspension: the member cannot sign in until its date (or ever), their sessions and
sockets end, their API tokens stop working, and they are told by email."""

from __future__ import annotations

from datetime import timedelta

import pytest
from allauth.usersessions.models import UserSession
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD
from tremplin.api.services import create_token
from tremplin.moderation import services
from tremplin.moderation.models import Action, Decision, ModerationRefusal, Suspension


def sign_in(email: str) -> tuple[Client, object]:
    client = Client()
    response = client.post(reverse("account_login"), {"login": email, "password": PASSWORD})
    return client, response


def signed_in(client: Client) -> bool:
    return client.get(reverse("notifications:centre")).status_code == 200


def suspend(personas, until=None, reason="Harcèlement répété"):
    services.report(personas.bob, "member", personas.carol.profile.pk, "harassment")
    return services.decide(
        personas.mallory,
        "member",
        personas.carol.profile.pk,
        services.Ask(action=Action.SUSPEND, reason=reason, until=until),
    )


@pytest.fixture
def carol_signed_in(personas):
    client, response = sign_in(personas.carol.email)
    assert response.status_code == 302 and signed_in(client)
    _token, raw = create_token(personas.carol, "script", can_write=True)
    return client, {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_a_suspended_member_is_cut_off_everywhere(
    personas, carol_signed_in, django_capture_on_commit_callbacks, monkeypatch
):
    client, bearer = carol_signed_in
    assert Client().get("/api/v1/notifications", **bearer).status_code == 200
    closed = []
    monkeypatch.setattr("tremplin.accounts.signals.close_session_sockets", closed.append)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        suspend(personas, until=timezone.now() + timedelta(days=7))
    # The open session ends (its sockets with it), the token stops working.
    assert not signed_in(client)
    assert not UserSession.objects.filter(user=personas.carol).exists()
    assert len(closed) == 1
    assert Client().get("/api/v1/notifications", **bearer).status_code == 401
    # Signing in again is refused, with the reason.
    again, response = sign_in(personas.carol.email)
    assert response.status_code == 403
    assert "suspendu" in response.content.decode()
    assert not signed_in(again)
    # Told by email, in her language, with the moderator's reason.
    (email,) = [m for m in mail.outbox if m.to == [personas.carol.email]]
    assert "suspendu" in email.subject and "Harcèlement répété" in email.body


def test_a_suspension_ends_at_its_date(personas):
    decision = suspend(personas, until=timezone.now() + timedelta(days=1))
    assert sign_in(personas.carol.email)[1].status_code == 403
    Suspension.objects.filter(decision=decision).update(until=timezone.now() - timedelta(seconds=1))
    client, response = sign_in(personas.carol.email)
    assert response.status_code == 302 and signed_in(client)


def test_a_suspension_for_good_holds_until_lifted(personas, django_capture_on_commit_callbacks):
    decision = suspend(personas, until=None)
    assert sign_in(personas.carol.email)[1].status_code == 403
    with pytest.raises(ModerationRefusal):
        services.lift(personas.bob, decision.suspension)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.lift(personas.mallory, decision.suspension)
    client, response = sign_in(personas.carol.email)
    assert response.status_code == 302 and signed_in(client)
    assert Decision.objects.filter(action=Action.LIFT, author=personas.carol).exists()
    assert [m for m in mail.outbox if m.to == [personas.carol.email]]
    with pytest.raises(ModerationRefusal) as caught:
        services.lift(personas.mallory, Suspension.objects.get(pk=decision.suspension.pk))
    assert caught.value.code == "already"


def test_a_suspension_date_must_be_in_the_future(personas):
    with pytest.raises(ModerationRefusal) as caught:
        suspend(personas, until=timezone.now() - timedelta(days=1))
    assert caught.value.field == "until"


def test_other_members_still_sign_in(personas):
    suspend(personas)
    client, response = sign_in(personas.bob.email)
    assert response.status_code == 302 and signed_in(client)


def test_a_session_the_suspension_missed_is_signed_out_at_its_next_record(
    personas, carol_signed_in
):
    """Defence in depth: a session with no UserSession row (so `cut_off` cannot find
    it) is signed out when its activity is next recorded."""
    from tremplin.accounts.sessions import RECORDED_AT

    client, _bearer = carol_signed_in
    UserSession.objects.filter(user=personas.carol).delete()  # the row, not the session
    suspend(personas)  # its cut-off runs after commit: never here
    assert signed_in(client)  # within ACTIVITY_EVERY nothing is asked
    session = client.session
    session[RECORDED_AT] = 0
    session.save()
    assert not signed_in(client)
    assert not signed_in(client)
