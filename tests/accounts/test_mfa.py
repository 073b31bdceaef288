"""Two-factor authentication: activating TOTP, signing in with a code, recovery codes,
and the rule that roles seeing other people's private data must use it."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client

from tests.accounts.helpers import totp_code
from tests.factories import (
    PASSWORD,
    OrganizationFactory,
    UserFactory,
    fresh_totp,
    make_member,
)
from tremplin.organizations.models import OrgKind, Role

ACTIVATE = "/fr/accounts/2fa/totp/activate/"


def signed_in_user(client: Client):
    return client.get("/fr/").wsgi_request.user


def reauthenticate_then_open_activation(client: Client):
    response = client.get(ACTIVATE)
    # allauth asks for the password again before a security change.
    assert response.status_code == 302
    assert response["Location"].startswith("/fr/accounts/reauthenticate/")
    response = client.post(response["Location"], {"password": PASSWORD})
    assert response["Location"] == ACTIVATE
    return client.get(ACTIVATE)


def test_a_member_can_turn_on_totp_with_a_code_from_her_app(personas, client):
    client.force_login(personas.alice)

    page = reauthenticate_then_open_activation(client)
    assert page.status_code == 200
    secret = page.context["form"].secret
    assert secret in page.content.decode()  # for people who cannot scan the QR code
    assert "issuer=Tremplin" in page.context["totp_url"]

    response = client.post(ACTIVATE, {"code": fresh_totp(secret)})

    assert response.status_code == 302
    types = set(Authenticator.objects.filter(user=personas.alice).values_list("type", flat=True))
    assert types == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}


def test_it_refuses_a_wrong_activation_code(personas, client):
    client.force_login(personas.alice)
    page = reauthenticate_then_open_activation(client)
    good = fresh_totp(page.context["form"].secret)
    wrong = f"{(int(good) + 1) % 1_000_000:06d}"

    response = client.post(ACTIVATE, {"code": wrong})

    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert not Authenticator.objects.filter(user=personas.alice).exists()


def test_ten_recovery_codes_are_shown_after_activation(personas, client):
    client.force_login(personas.alice)
    page = reauthenticate_then_open_activation(client)
    client.post(ACTIVATE, {"code": fresh_totp(page.context["form"].secret)})

    response = client.get("/fr/accounts/2fa/recovery-codes/")

    assert response.status_code == 200
    codes = response.context["unused_codes"]
    assert len(codes) == 10
    assert len(set(codes)) == 10
    assert codes[0] in response.content.decode()


def test_signing_in_with_totp_asks_for_the_code(personas, client):
    response = client.post(
        "/fr/accounts/login/", {"login": "dave@example.org", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == "/fr/accounts/2fa/authenticate/"
    assert not signed_in_user(client).is_authenticated
    page = client.get("/fr/accounts/2fa/authenticate/")
    assert page.status_code == 200
    assert 'autocomplete="one-time-code"' in page.content.decode()


def test_the_code_from_the_app_completes_the_sign_in(personas, client):
    client.post("/fr/accounts/login/", {"login": "dave@example.org", "password": PASSWORD})

    response = client.post("/fr/accounts/2fa/authenticate/", {"code": totp_code(personas.dave)})

    assert response.status_code == 302
    assert response["Location"] == "/fr/"
    assert signed_in_user(client) == personas.dave


def test_a_wrong_code_does_not_sign_in(personas, client):
    client.post("/fr/accounts/login/", {"login": "dave@example.org", "password": PASSWORD})
    good = totp_code(personas.dave)

    response = client.post(
        "/fr/accounts/2fa/authenticate/", {"code": f"{(int(good) + 1) % 1_000_000:06d}"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not signed_in_user(client).is_authenticated


def test_a_code_cannot_be_used_twice(personas):
    first, second = Client(), Client()
    first.post("/fr/accounts/login/", {"login": "dave@example.org", "password": PASSWORD})
    second.post("/fr/accounts/login/", {"login": "dave@example.org", "password": PASSWORD})
    code = totp_code(personas.dave)

    first.post("/fr/accounts/2fa/authenticate/", {"code": code})
    second.post("/fr/accounts/2fa/authenticate/", {"code": code})

    assert signed_in_user(first) == personas.dave
    assert not signed_in_user(second).is_authenticated


def test_a_recovery_code_completes_the_sign_in_once(personas, client):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    code = RecoveryCodes.activate(personas.dave).get_unused_codes()[0]
    client.post("/fr/accounts/login/", {"login": "dave@example.org", "password": PASSWORD})

    client.post("/fr/accounts/2fa/authenticate/", {"code": code})

    assert signed_in_user(client) == personas.dave
    codes = Authenticator.objects.get(user=personas.dave, type=Authenticator.Type.RECOVERY_CODES)
    assert code not in RecoveryCodes(codes).get_unused_codes()


# --- Enforcement: RequireMFAMiddleware --------------------------------------------------


def _counsellor(personas):
    return make_member(personas.agency, Role.COUNSELLOR, email="new.counsellor@example.org")


def _agency_admin(personas):
    return make_member(personas.agency, Role.ADMIN, email="agency.admin@example.org")


def _moderator(personas):
    return UserFactory(email="new.moderator@example.org", is_moderator=True)


def _staff(personas):
    return UserFactory(email="new.staff@example.org", is_staff=True)


def _superuser(personas):
    return UserFactory(email="new.root@example.org", is_superuser=True)


ROLES_THAT_NEED_MFA = [_counsellor, _agency_admin, _moderator, _staff, _superuser]


def _client(personas):
    return personas.alice


def _employer_admin(personas):
    employer = OrganizationFactory(kind=OrgKind.EMPLOYER, slug="acme")
    return make_member(employer, Role.ADMIN, email="boss@example.org")


def _recruiter(personas):
    employer = OrganizationFactory(kind=OrgKind.EMPLOYER, slug="acme")
    return make_member(employer, Role.RECRUITER, email="recruiter@example.org")


ROLES_FREE_OF_MFA = [_client, _employer_admin, _recruiter]


@pytest.mark.parametrize("make_user", ROLES_THAT_NEED_MFA)
@pytest.mark.parametrize("path", ["/fr/", "/en/", "/fr/p/alice-martin/", "/fr/accounts/email/"])
def test_a_role_that_sees_private_data_is_sent_to_totp_activation_from_any_page(
    personas, as_user, make_user, path
):
    user = make_user(personas)

    response = as_user(user).get(path)

    assert response.status_code == 302
    language = path.split("/")[1]
    assert response["Location"] == f"/{language}/accounts/2fa/totp/activate/"


@pytest.mark.parametrize("make_user", ROLES_THAT_NEED_MFA)
def test_a_role_that_sees_private_data_gets_a_json_403_from_the_api(personas, as_user, make_user):
    response = as_user(make_user(personas)).get("/api/v1/me")

    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/json")
    # No language prefix on the API: the default language (French) answers.
    assert "deux facteurs" in response.json()["detail"]


@pytest.mark.parametrize("make_user", ROLES_THAT_NEED_MFA)
def test_the_activation_page_itself_stays_reachable(personas, as_user, make_user):
    client = as_user(make_user(personas))

    # the reauthentication step before it, and signing out, are reachable too
    response = client.get(ACTIVATE)
    assert response.status_code == 302
    assert response["Location"].startswith("/fr/accounts/reauthenticate/")
    assert client.get(response["Location"]).status_code == 200
    assert client.get("/fr/accounts/logout/").status_code == 200


def test_the_admin_site_is_closed_to_staff_without_totp(personas, as_user):
    response = as_user(_staff(personas)).get("/fr/admin/")

    assert response.status_code == 302
    assert response["Location"] == "/fr/accounts/2fa/totp/activate/"


@pytest.mark.parametrize("make_user", ROLES_FREE_OF_MFA)
def test_members_without_such_a_role_are_not_redirected(personas, as_user, make_user):
    client = as_user(make_user(personas))

    assert client.get("/fr/").status_code == 200
    assert client.get("/api/v1/me").status_code == 200


@pytest.mark.parametrize("who", ["dave", "erin", "mallory", "sam"])
def test_roles_with_totp_go_where_they_asked(personas, as_user, who):
    response = as_user(getattr(personas, who)).get("/fr/")

    assert response.status_code == 200


def test_a_counsellor_is_released_once_totp_is_on(personas, as_user):
    user = _counsellor(personas)
    client = as_user(user)
    assert client.get("/fr/").status_code == 302

    page = reauthenticate_then_open_activation(client)
    client.post(ACTIVATE, {"code": fresh_totp(page.context["form"].secret)})

    # turning it on in this session is its proof of the second factor
    assert client.get("/fr/").status_code == 200


@pytest.mark.parametrize("make_user", ROLES_THAT_NEED_MFA)
def test_nobody_is_redirected_when_enforcement_is_off(personas, as_user, settings, make_user):
    settings.TREMPLIN_ENFORCE_MFA = False

    client = as_user(make_user(personas))

    assert client.get("/fr/").status_code == 200
    assert client.get("/api/v1/me").status_code == 200


def test_anonymous_visitors_are_not_redirected(db, client):
    assert client.get("/fr/accounts/login/").status_code == 200
