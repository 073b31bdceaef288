"""Issue 15, finding 1: a device existing is not a second factor. RequireMFAMiddleware
asks whether THIS session passed it (allauth's record of the sign-in's steps); a
session opened with the password alone (any door around allauth's flow; here
`force_login`) is sent to the code step, and the API answers 403 `mfa_required`.

Finding 2, websockets: a socket opens only for a session every other channel serves.

Each test marked "before the fix" passed a session that skipped the code at 629d474."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from asgiref.sync import async_to_sync
from django.conf import settings as django_settings
from django.test import Client

from tests.accounts.helpers import sign_in, totp_code
from tests.core.websocket import WebsocketClient
from tests.factories import PASSWORD, OrganizationFactory, UserFactory, give_totp, make_member
from tremplin.asgi import application
from tremplin.organizations.models import Role

MFA_STEP = "/fr/accounts/2fa/reauthenticate/"


def password_only(user) -> Client:
    """A session that skipped the second factor (what the admin's old password form, or
    any `login()` outside allauth's flow, opened)."""
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("who", ["dave", "mallory", "sam"])
def test_a_session_that_skipped_the_code_is_sent_to_it_before_the_fix(personas, who):
    user = getattr(personas, who)  # roles with TOTP on
    client = password_only(user)

    response = client.get("/fr/p/alice-martin/")

    assert response.status_code == 302
    assert response["Location"] == f"{MFA_STEP}?next=%2Ffr%2Fp%2Falice-martin%2F"


def test_the_api_refuses_such_a_session_with_mfa_required_before_the_fix(personas):
    response = password_only(personas.dave).get("/api/v1/me")

    assert response.status_code == 403
    assert response.json()["code"] == "mfa_required"


def test_a_member_who_chose_totp_is_held_to_it_too_before_the_fix(personas):
    give_totp(personas.alice)  # no role requires it: she turned it on herself

    response = password_only(personas.alice).get("/fr/")

    assert response.status_code == 302
    assert response["Location"].startswith(MFA_STEP)


def test_giving_the_code_releases_the_session(personas):
    client = password_only(personas.dave)
    assert client.get("/fr/").status_code == 302

    answer = client.post(f"{MFA_STEP}?next=/fr/", {"code": totp_code(personas.dave)})

    assert answer.status_code == 302 and answer["Location"] == "/fr/"
    assert client.get("/fr/").status_code == 200
    assert client.get("/api/v1/me").status_code == 200


def test_a_wrong_code_does_not_release_it(personas):
    client = password_only(personas.dave)
    good = totp_code(personas.dave)

    client.post(MFA_STEP, {"code": f"{(int(good) + 1) % 1_000_000:06d}"})

    assert client.get("/fr/").status_code == 302


def test_the_full_sign_in_passes(personas):
    client = Client()
    client.post("/fr/accounts/login/", {"login": "dave@example.org", "password": PASSWORD})
    client.post("/fr/accounts/2fa/authenticate/", {"code": totp_code(personas.dave)})

    assert client.get("/fr/p/alice-martin/").status_code == 200


def test_totp_turned_on_elsewhere_asks_this_session_for_the_code(personas):
    """TOTP added out of this session (another browser, a script): the session proved
    nothing of the new device, so it gives the code first."""
    client = sign_in(Client(), personas.alice)
    assert client.get("/fr/").status_code == 200

    give_totp(personas.alice)

    assert client.get("/fr/")["Location"].startswith(MFA_STEP)


def test_removing_totp_sends_a_counsellor_back_to_setup(personas):
    client = sign_in(Client(), personas.dave)  # passed the code at sign-in

    Authenticator.objects.filter(user=personas.dave).delete()

    assert client.get("/fr/")["Location"] == "/fr/accounts/2fa/totp/activate/"


def test_the_second_factor_step_is_reachable_without_it(personas):
    client = password_only(personas.dave)

    assert client.get(MFA_STEP).status_code == 200
    assert client.get("/fr/accounts/logout/").status_code == 200


# ---------------------------------------------------------------- websockets

ORIGIN = (b"origin", b"http://localhost")
HOST = (b"host", b"localhost")


@pytest.fixture(autouse=True)
def _in_memory_layer(settings):
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}


def socket_answer(client: Client) -> tuple[bool, int | None]:
    key = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    cookie = (b"cookie", f"{django_settings.SESSION_COOKIE_NAME}={key}".encode())

    async def scenario():
        ws = WebsocketClient(application, "/ws/notifications/", headers=[HOST, ORIGIN, cookie])
        connected, code = await ws.connect()
        await ws.disconnect()
        return connected, code

    return async_to_sync(scenario)()


# Websockets read the session in another thread: the rows must be committed
# (transactional_db).


def test_a_counsellor_without_totp_gets_no_socket_before_the_fix(transactional_db):
    agency = OrganizationFactory(slug="agence-ws")
    counsellor = make_member(agency, Role.COUNSELLOR, email="ws.counsellor@example.org")

    assert socket_answer(sign_in(Client(), counsellor)) == (False, 4403)


def test_a_session_that_skipped_the_code_gets_no_socket_before_the_fix(transactional_db):
    member = UserFactory(email="ws.totp@example.org")
    give_totp(member)

    assert socket_answer(password_only(member)) == (False, 4403)
    connected, _code = socket_answer(sign_in(Client(), member))
    assert connected is True


def test_a_member_without_any_second_factor_rule_keeps_her_socket(transactional_db):
    member = UserFactory(email="ws.member@example.org")

    connected, _code = socket_answer(sign_in(Client(), member))

    assert connected is True
