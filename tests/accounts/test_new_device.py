"""The new-device alert: allauth's user_logged_in signal calls note_sign_in."""

from __future__ import annotations

from django.core import mail
from django.test import Client

from tests.factories import PASSWORD
from tremplin.accounts.models import KnownDevice
from tremplin.accounts.services import note_sign_in

LAPTOP = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"
PHONE = "Mozilla/5.0 (Linux; Android 15) Chrome/139.0 Mobile"


def sign_in(capture, user_agent: str, email: str = "alice@example.org") -> None:
    client = Client(HTTP_USER_AGENT=user_agent, REMOTE_ADDR="198.51.100.7")
    with capture(execute=True):
        response = client.post("/fr/accounts/login/", {"login": email, "password": PASSWORD})
    assert response.status_code == 302


def alerts_to(address: str) -> list:
    return [m for m in mail.outbox if address in m.to]


def test_the_first_device_is_silent(personas, django_capture_on_commit_callbacks):
    sign_in(django_capture_on_commit_callbacks, LAPTOP)

    assert alerts_to("alice@example.org") == []
    assert KnownDevice.objects.filter(user=personas.alice, user_agent=LAPTOP).exists()


def test_a_new_browser_sends_an_alert(personas, django_capture_on_commit_callbacks):
    sign_in(django_capture_on_commit_callbacks, LAPTOP)

    sign_in(django_capture_on_commit_callbacks, PHONE)

    [alert] = alerts_to("alice@example.org")
    assert alert.subject.startswith("[Tremplin] ")
    assert PHONE in alert.body
    assert "198.51.100.7" in alert.body
    # The link to sign out other sessions is in alice's language.
    assert "/fr/accounts/sessions/" in alert.body


def test_the_same_device_again_sends_nothing(personas, django_capture_on_commit_callbacks):
    sign_in(django_capture_on_commit_callbacks, LAPTOP)
    sign_in(django_capture_on_commit_callbacks, PHONE)
    mail.outbox.clear()

    sign_in(django_capture_on_commit_callbacks, PHONE)
    sign_in(django_capture_on_commit_callbacks, LAPTOP)

    assert alerts_to("alice@example.org") == []
    assert KnownDevice.objects.filter(user=personas.alice).count() == 2


def test_the_alert_is_in_the_members_language(personas, django_capture_on_commit_callbacks):
    personas.alice.language = "en"
    personas.alice.save()
    sign_in(django_capture_on_commit_callbacks, LAPTOP)

    # The French pages do not change the language of alice's email.
    sign_in(django_capture_on_commit_callbacks, PHONE)

    [alert] = alerts_to("alice@example.org")
    assert "New sign-in to your Tremplin account" in alert.subject
    assert "a browser we had not seen before" in alert.body
    assert "/en/accounts/sessions/" in alert.body
    assert "/fr/" not in alert.body


def test_devices_are_remembered_per_member(personas, django_capture_on_commit_callbacks):
    sign_in(django_capture_on_commit_callbacks, LAPTOP)
    sign_in(django_capture_on_commit_callbacks, LAPTOP, email="bob@example.org")
    sign_in(django_capture_on_commit_callbacks, PHONE, email="bob@example.org")

    assert alerts_to("alice@example.org") == []
    assert len(alerts_to("bob@example.org")) == 1


def test_note_sign_in_reports_whether_an_alert_was_queued(
    personas, django_capture_on_commit_callbacks
):
    alice = personas.alice
    with django_capture_on_commit_callbacks(execute=True):
        assert note_sign_in(alice, LAPTOP, "198.51.100.7") is False
        assert note_sign_in(alice, PHONE, "198.51.100.7") is True
        assert note_sign_in(alice, PHONE, "198.51.100.7") is False

    assert len(alerts_to("alice@example.org")) == 1


def test_a_missing_or_huge_user_agent_is_stored_safely(personas):
    note_sign_in(personas.alice, "", "198.51.100.7")
    note_sign_in(personas.alice, "X" * 5000, "198.51.100.7")

    agents = set(
        KnownDevice.objects.filter(user=personas.alice).values_list("user_agent", flat=True)
    )
    assert agents == {"?", "X" * 300}


def test_a_sign_in_with_totp_alerts_only_once_the_code_is_given(
    personas, django_capture_on_commit_callbacks
):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    from tests.accounts.helpers import totp_code

    # A TOTP code works once; the second sign-in uses a recovery code.
    recovery_code = RecoveryCodes.activate(personas.dave).get_unused_codes()[0]
    laptop = Client(HTTP_USER_AGENT=LAPTOP)
    with django_capture_on_commit_callbacks(execute=True):
        laptop.post("/fr/accounts/login/", {"login": "dave@example.org", "password": PASSWORD})
        laptop.post("/fr/accounts/2fa/authenticate/", {"code": totp_code(personas.dave)})
    phone = Client(HTTP_USER_AGENT=PHONE)
    with django_capture_on_commit_callbacks(execute=True):
        phone.post("/fr/accounts/login/", {"login": "dave@example.org", "password": PASSWORD})
    assert alerts_to("dave@example.org") == []  # not before the code is given

    with django_capture_on_commit_callbacks(execute=True):
        phone.post("/fr/accounts/2fa/authenticate/", {"code": recovery_code})

    assert phone.get("/fr/").wsgi_request.user == personas.dave
    [alert] = alerts_to("dave@example.org")
    assert PHONE in alert.body
