"""Delete my account: after re-authentication, a 14-day grace period the member can
cancel (told by email with the date; a banner while signed in), then the clock erases.
Deletion from the admin takes the same path and is never a cascade."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from tests.accounts.helpers import sign_in
from tests.factories import PASSWORD
from tests.privacy.conftest import reauthenticate
from tremplin.accounts.models import User
from tremplin.counselling.models import Case
from tremplin.privacy import services
from tremplin.privacy.models import DeletionRequest, DeletionStatus

pytestmark = pytest.mark.django_db


def schedule_from_the_page(client: Client, language: str = "fr"):
    url = f"/{language}/privacy/delete/"
    answer = reauthenticate(client, client.post(url, {"confirm": "yes"}))
    return answer


def test_scheduling_needs_reauthentication_then_tells_the_date(
    personas, alice_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        answer = schedule_from_the_page(alice_client)
    assert answer.status_code == 302 and answer["Location"] == "/fr/privacy/"
    request = DeletionRequest.objects.get(user=personas.alice)
    assert request.status == DeletionStatus.SCHEDULED
    assert (
        dt.timedelta(days=13, hours=23) < request.due_at - timezone.now() <= dt.timedelta(days=14)
    )
    [sent] = mail.outbox
    assert sent.to == ["alice@example.org"] and "supprimé" in sent.subject
    assert "/fr/privacy/" in sent.body and "Garder mon compte" in sent.body
    page = alice_client.get("/fr/privacy/")
    assert 'id="deletion-banner"' in page.content.decode()
    assert "Garder mon compte" in page.content.decode()


def test_without_the_box_ticked_nothing_is_scheduled(personas, alice_client):
    answer = reauthenticate(alice_client, alice_client.post("/en/privacy/delete/", {}))
    assert answer.status_code == 400
    assert "Tick the box" in answer.content.decode()
    assert not DeletionRequest.objects.exists()


def test_a_wrong_password_schedules_nothing(personas, alice_client):
    answer = alice_client.post("/fr/privacy/delete/", {"confirm": "yes"})
    alice_client.post(answer["Location"], {"password": "not-the-password"})
    assert not DeletionRequest.objects.exists()


def test_cancel_during_the_grace_period(personas, alice_client, django_capture_on_commit_callbacks):
    schedule_from_the_page(alice_client, "en")
    with django_capture_on_commit_callbacks(execute=True):
        answer = alice_client.post("/en/privacy/delete/cancel/")
    assert answer.status_code == 302
    assert DeletionRequest.objects.get(user=personas.alice).status == DeletionStatus.CANCELLED
    assert (
        "will not be deleted" in mail.outbox[-1].subject or "ne sera pas" in mail.outbox[-1].subject
    )
    page = alice_client.get("/en/privacy/")
    assert 'id="deletion-banner"' not in page.content.decode()
    assert services.erase_due() == 0
    assert User.objects.get(pk=personas.alice.pk).is_active


def test_cancelling_nothing_is_a_clear_404(personas, alice_client):
    answer = alice_client.post("/en/privacy/delete/cancel/")
    assert answer.status_code == 404
    assert "not scheduled for deletion" in answer.content.decode()


def test_signing_in_during_the_grace_period_shows_the_banner(personas):
    services.schedule_deletion(personas.alice)
    client = Client()
    signed = client.post(
        "/en/accounts/login/", {"login": "alice@example.org", "password": PASSWORD}
    )
    assert signed.status_code == 302
    page = client.get("/en/privacy/")
    assert 'id="deletion-banner"' in page.content.decode()
    assert "scheduled for deletion" in page.content.decode()


def test_the_clock_erases_only_when_due(personas):
    request = services.schedule_deletion(personas.alice)
    assert services.erase_due() == 0
    DeletionRequest.objects.filter(pk=request.pk).update(due_at=timezone.now())
    assert services.erase_due() == 1
    alice = User.objects.get(pk=personas.alice.pk)
    assert not alice.is_active and alice.email.endswith("@deleted.invalid")
    assert services.erase_due() == 0  # idempotent


def test_an_erased_member_can_no_longer_sign_in(personas):
    services.erase_now(personas.alice)
    client = Client()
    client.post("/en/accounts/login/", {"login": "alice@example.org", "password": PASSWORD})
    assert not client.get("/en/privacy/").wsgi_request.user.is_authenticated


def test_the_page_says_what_goes_and_what_stays_in_both_languages(alice_client):
    fr = alice_client.get("/fr/privacy/").content.decode()
    en = alice_client.get("/en/privacy/").content.decode()
    assert "Ce qui est effacé" in fr and "Ce qui reste, et pourquoi" in fr
    assert "What goes" in en and "What stays, and why" in en
    assert "bailleurs de fonds" in fr and "funders" in en


def test_the_menu_links_to_the_privacy_page(alice_client):
    assert 'href="/en/privacy/"' in alice_client.get("/en/").content.decode()


# ------------------------------------------------------------------ the admin


@pytest.fixture
def admin_client(personas):
    client = Client()
    sign_in(client, personas.sam)
    session = client.session
    session["account_authentication_methods"] = [
        {"method": "mfa", "type": "totp", "at": timezone.now().timestamp()}
    ]
    session.save()
    return client


def test_admin_deletion_takes_the_erasure_path_and_keeps_the_case(personas, admin_client):
    """Before, the admin's delete was Django's cascade: alice's case (and with it the
    agency's outcomes and counts) went with her account."""
    case = Case.objects.get(client=personas.alice)
    url = f"/fr/admin/accounts/user/{personas.alice.pk}/delete/"
    confirm = admin_client.get(url)
    assert confirm.status_code == 200
    assert "protected" not in confirm.content.decode().lower()
    done = admin_client.post(url, {"post": "yes"})
    assert done.status_code == 302
    alice = User.objects.get(pk=personas.alice.pk)
    assert not alice.is_active and alice.email.endswith("@deleted.invalid")
    assert Case.objects.filter(pk=case.pk, status="closed").exists()
    request = DeletionRequest.objects.get(user=alice)
    assert request.by_admin and request.status == DeletionStatus.DONE


def test_admin_bulk_deletion_takes_the_same_path(personas, admin_client):
    answer = admin_client.post(
        "/fr/admin/accounts/user/",
        {"action": "delete_selected", "_selected_action": [personas.bob.pk], "post": "yes"},
    )
    assert answer.status_code == 302
    assert not User.objects.get(pk=personas.bob.pk).is_active


def test_no_foreign_key_can_block_an_erasure(personas):
    """The account row is never deleted (it becomes a tombstone), so no foreign key to
    it, PROTECT or RESTRICT included, can block the erasure or cascade through it: every
    row that pointed at alice still points at the same row."""
    from django.apps import apps

    pointing = {}
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is User:
                count = model._default_manager.filter(**{field.name: personas.alice}).count()
                if count:
                    pointing[(model, field.name)] = count
    assert pointing  # her case, her consent history... point at her
    assert services.erase_now(personas.alice)
    assert User.objects.filter(pk=personas.alice.pk).exists()
    case_field = (Case, "client")
    assert Case.objects.filter(client=personas.alice).count() == pointing[case_field]


def test_one_failing_erasure_does_not_hold_back_the_others(personas, monkeypatch):
    from tremplin.core import personal_data

    first = services.schedule_deletion(personas.alice)
    second = services.schedule_deletion(personas.carol)
    DeletionRequest.objects.update(due_at=timezone.now())
    real = personal_data.PersonalData.erased

    def fragile(entry, user):
        if user.pk == personas.alice.pk and entry.section == "feed":
            raise RuntimeError("storage down")
        return real(entry, user)

    monkeypatch.setattr(personal_data.PersonalData, "erased", fragile)
    assert services.erase_due() == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == DeletionStatus.SCHEDULED  # rolled back, retried next round
    assert User.objects.get(pk=personas.alice.pk).is_active
    assert second.status == DeletionStatus.DONE
