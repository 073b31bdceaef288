"""Issue 15, findings 2 and 3: API tokens obey the second factor, end, and are scoped.

Tests whose name ends in "before the fix" failed at 629d474 (tokens had no end, two
scopes, no MFA check, and survived a new password or "sign out everywhere")."""

from __future__ import annotations

import datetime
import re

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from django.test import Client
from django.utils import timezone

from tests.accounts.helpers import LONG_PASSWORD, confirm_password, sign_in, totp_code
from tests.factories import PASSWORD, UserFactory, give_totp
from tremplin.api.models import PersonalAccessToken
from tremplin.api.scopes import AREAS, registered
from tremplin.api.services import create_token
from tremplin.casework.services import add_note
from tremplin.core import hooks
from tremplin.organizations.models import Membership, Role

TOKENS = "/fr/security/tokens/"


def bearer(raw: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def token(user, *scopes: str, days: int = 90) -> str:
    return create_token(user, "t", scopes=scopes, days=days)[1]


def old_kind_of_token(user) -> str:
    """A read token made as before scopes existed (the call works before and after the
    fix, so that the tests marked "before the fix" fail there for their own reason)."""
    return create_token(user, "lecture", False)[1]


def refused(response, status: int, code: str) -> None:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == code


# ---------------------------------------------------------------- finding 2: MFA


def test_a_counsellor_without_totp_cannot_read_case_notes_with_a_token_before_the_fix(crew):
    add_note(
        crew.dave,
        crew.case,
        kind="phone",
        contact_on=timezone.localdate(),
        body="Note confidentielle",
    )
    raw = old_kind_of_token(crew.dave)
    Authenticator.objects.filter(user=crew.dave).delete()  # TOTP turned off
    notes = f"/api/v1/casework/cases/{crew.case.pk}/notes"

    response = Client().get(notes, **bearer(raw))

    refused(response, 403, "mfa_required")
    assert "confidentielle" not in response.content.decode()
    give_totp(crew.dave)  # the same token works once TOTP is on again
    again = Client().get(notes, **bearer(raw))
    assert again.status_code == 200 and "confidentielle" in again.content.decode()


def test_a_token_made_before_a_counsellor_role_stops_until_totp_before_the_fix(personas):
    newcomer = UserFactory(email="nina@example.org")
    raw = old_kind_of_token(newcomer)
    assert Client().get("/api/v1/me", **bearer(raw)).status_code == 200

    # she accepts a counsellor invitation
    Membership.objects.create(organization=personas.agency, user=newcomer, role=Role.COUNSELLOR)

    refused(Client().get("/api/v1/me", **bearer(raw)), 403, "mfa_required")
    give_totp(newcomer)
    assert Client().get("/api/v1/me", **bearer(raw)).status_code == 200


def test_creating_a_token_on_the_page_needs_the_password_again_before_the_fix(personas):
    client = sign_in(Client(), personas.alice)

    response = client.post(TOKENS, {"name": "Tableur", "days": "90", "area_profile": "read"})

    assert response.status_code == 302
    assert response["Location"].startswith("/fr/accounts/reauthenticate/")
    assert not PersonalAccessToken.objects.exists()


def test_with_totp_it_needs_the_password_and_then_the_code(crew):
    personas = crew
    client = sign_in(Client(), personas.dave)
    form = {"name": "Rapport", "area_casework": "read", "days": "30"}

    to_password = client.post(TOKENS, form)
    assert to_password["Location"] == (
        "/fr/accounts/reauthenticate/?next=%2Ffr%2Fsecurity%2Ftokens%2F"
    )
    # allauth resumes the kept POST after the password, which asks for the code next
    to_code = client.post(to_password["Location"], {"password": PASSWORD})
    assert to_code.status_code == 302
    assert to_code["Location"].startswith("/fr/accounts/2fa/reauthenticate/")
    assert not PersonalAccessToken.objects.exists()

    created = client.post(to_code["Location"], {"code": totp_code(personas.dave)})

    assert created.status_code == 200
    raw = re.search(r'value="(trp_[\w-]+)"', created.content.decode()).group(1)
    made = PersonalAccessToken.objects.get(user=personas.dave)
    assert made.scopes == ["casework:read"] and made.name == "Rapport"
    assert made.expires_at.date() == (timezone.now() + datetime.timedelta(days=30)).date()
    notes = Client().get(f"/api/v1/casework/cases/{crew.case.pk}/notes", **bearer(raw))
    assert notes.status_code == 200


def test_a_token_cannot_make_a_token_and_a_stale_session_cannot_either(personas):
    raw = token(personas.alice, *[f"{a}:write" for a in AREAS])
    body = {"name": "Encore", "scopes": ["feed:read"]}

    refused(
        Client().post("/api/v1/tokens", body, content_type="application/json", **bearer(raw)),
        403,
        "session_required",
    )
    refused(Client().get("/api/v1/tokens", **bearer(raw)), 403, "session_required")
    stale = sign_in(Client(), personas.alice)
    stale_session = stale.session
    for record in stale_session["account_authentication_methods"]:
        record["at"] -= 3600  # signed in an hour ago
    stale_session.save()
    refused(
        stale.post("/api/v1/tokens", body, content_type="application/json"),
        403,
        "reauthentication_required",
    )
    assert PersonalAccessToken.objects.filter(name="Encore").count() == 0


def test_a_freshly_confirmed_session_makes_a_token_over_the_api(personas):
    client = sign_in(Client(), personas.alice)
    confirm_password(client, PASSWORD)

    response = client.post(
        "/api/v1/tokens",
        {"name": "Script", "scopes": ["messages:read"], "days": 7},
        content_type="application/json",
    )

    assert response.status_code == 201
    made = response.json()
    assert made["scopes"] == ["messages:read"] and made["token"].startswith("trp_")
    listed = client.get("/api/v1/tokens").json()
    assert [t["name"] for t in listed] == ["Script"] and "token" not in listed[0]
    assert client.delete(f"/api/v1/tokens/{made['id']}").status_code == 204
    revoked = Client().get("/api/v1/messages/conversations", **bearer(made["token"]))
    assert revoked.status_code == 401


@pytest.mark.parametrize(
    "body",
    [
        {"name": "x", "scopes": ["feed:read"], "days": 366},
        {"name": "x", "scopes": ["feed:read"], "days": 0},
        {"name": "x", "scopes": []},
        {"name": "x", "scopes": ["everything:write"]},
        {"name": " ", "scopes": ["feed:read"]},
    ],
)
def test_bad_token_requests_are_422(personas, body):
    client = sign_in(Client(), personas.alice)
    confirm_password(client, PASSWORD)

    response = client.post("/api/v1/tokens", body, content_type="application/json")

    assert response.status_code == 422
    assert not PersonalAccessToken.objects.exists()


# ---------------------------------------------------------------- finding 3: tokens end


def test_an_expired_token_is_refused_before_the_fix(personas):
    raw = old_kind_of_token(personas.alice)
    PersonalAccessToken.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))

    response = Client().get("/api/v1/me", **bearer(raw))

    assert response.status_code == 401
    assert not PersonalAccessToken.objects.active().exists()


def test_a_token_lasts_at_most_a_year(personas):
    from tremplin.api.services import TokenRefusal

    with pytest.raises(TokenRefusal):
        create_token(personas.alice, "trop long", scopes=["feed:read"], days=366)


def test_changing_the_password_revokes_every_token_before_the_fix(personas):
    raw = old_kind_of_token(personas.alice)
    client = sign_in(Client(), personas.alice)
    confirm_password(client, PASSWORD)

    response = client.post(
        "/fr/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": LONG_PASSWORD, "password2": LONG_PASSWORD},
    )

    assert response.status_code == 302
    assert Client().get("/api/v1/me", **bearer(raw)).status_code == 401


def test_a_password_reset_revokes_every_token_before_the_fix(
    personas, client, django_capture_on_commit_callbacks
):
    from tests.accounts.helpers import first_link, last_mail_to

    raw = old_kind_of_token(personas.alice)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/fr/accounts/password/reset/", {"email": "alice@example.org"})
    form_page = client.get(first_link(last_mail_to("alice@example.org").body), follow=True)
    set_url = form_page.redirect_chain[-1][0]

    client.post(set_url, {"password1": LONG_PASSWORD, "password2": LONG_PASSWORD})

    assert Client().get("/api/v1/me", **bearer(raw)).status_code == 401


def test_signing_out_everywhere_revokes_every_token_before_the_fix(personas):
    mine = old_kind_of_token(personas.alice)
    bobs = old_kind_of_token(personas.bob)
    client = sign_in(Client(), personas.alice)

    assert client.post("/fr/accounts/sessions/").status_code == 302

    assert Client().get("/api/v1/me", **bearer(mine)).status_code == 401
    assert Client().get("/api/v1/me", **bearer(bobs)).status_code == 200  # only hers


def test_the_tokens_page_shows_scopes_dates_and_where_it_was_last_used(personas):
    raw = token(personas.alice, "messages:read", "jobs:write")
    Client(REMOTE_ADDR="203.0.113.9").get("/api/v1/jobs/saved", **bearer(raw))

    page = sign_in(Client(), personas.alice).get(TOKENS).content.decode()

    made = PersonalAccessToken.objects.get()
    assert made.last_used is not None and made.last_used_ip == "203.0.113.9"
    assert "203.0.113.9" in page
    assert "Messages : lecture seule" in page
    assert "lecture et écriture" in page
    assert made.expires_at.strftime("%Y") in page


def test_a_new_token_is_told_by_email_in_the_members_language(
    personas, django_capture_on_commit_callbacks
):
    personas.bob.language = "en"
    personas.bob.save()
    with django_capture_on_commit_callbacks(execute=True):
        _made, raw = create_token(personas.bob, "Sheet", scopes=["vault:read"])

    message = [m for m in mail.outbox if personas.bob.email in m.to][-1]
    assert "API token" in message.subject
    assert "Sheet" in message.body and "Document vault: read only" in message.body
    assert raw not in message.body and raw[8:] not in message.body
    assert "/en/security/tokens/" in message.body


# ---------------------------------------------------------------- scopes per area


def test_every_router_declares_its_area():
    import tremplin.api.api  # noqa: F401  (mounting the routers registers their areas)

    mounted = registered()
    for declared in hooks.routes:
        if declared.router is not None:
            assert declared.area in (*AREAS, "session"), declared
            assert mounted[(declared.api_prefix or "/").strip("/")] == declared.area


@pytest.mark.parametrize(
    ("scopes", "method", "path", "allowed"),
    [
        # a read-only messages token reads messages, and nothing else
        (["messages:read"], "get", "/api/v1/messages/conversations", True),
        (["messages:read"], "get", "/api/v1/vault/documents", False),
        (["messages:read"], "get", "/api/v1/profiles/me", False),
        (["messages:read"], "get", "/api/v1/me", False),
        # a vault token reads the vault, not the messages
        (["vault:read"], "get", "/api/v1/vault/documents", True),
        (["vault:read"], "get", "/api/v1/messages/conversations", False),
        # reading is not writing
        (["profile:read"], "patch", "/api/v1/profiles/me", False),
        (["profile:write"], "patch", "/api/v1/profiles/me", True),
        # public reads still need the area's scope with a token
        (["vault:read"], "get", "/api/v1/jobs", False),
        (["jobs:read"], "get", "/api/v1/jobs", True),
    ],
)
def test_a_token_reaches_only_its_areas(personas, scopes, method, path, allowed):
    raw = token(personas.alice, *scopes)
    send = getattr(Client(), method)
    extra = {"data": '{"headline": "Soudeuse"}', "content_type": "application/json"}

    response = send(path, **(extra if method == "patch" else {}), **bearer(raw))

    if allowed:
        assert response.status_code == 200, response.content
    else:
        refused(response, 403, "insufficient_scope")


def test_a_casework_read_token_cannot_write_a_note(crew):
    raw = token(crew.dave, "casework:read")

    response = Client().post(
        f"/api/v1/casework/cases/{crew.case.pk}/notes",
        {"kind": "phone", "body": "x"},
        content_type="application/json",
        **bearer(raw),
    )

    refused(response, 403, "insufficient_scope")


def test_the_schema_names_the_scope_of_each_operation(db):
    schema = Client().get("/api/v1/openapi.json").json()
    documents = schema["paths"]["/api/v1/vault/documents"]
    assert documents["get"]["x-token-scope"] == "vault:read"
    assert documents["post"]["security"] == [{"ApiAuth": ["vault:write"]}]
    assert schema["paths"]["/api/v1/tokens"]["post"]["security"] == [{"ApiAuth": []}]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if "security" in operation:
                assert "x-token-scope" in operation, (method, path)


def test_ended_tokens_are_deleted_after_thirty_days(personas):
    from tremplin.api.services import prune_ended_tokens

    long_ago = timezone.now() - datetime.timedelta(days=31)
    recently = timezone.now() - datetime.timedelta(days=2)
    for name, revoked, expires in [
        ("revoked long ago", long_ago, None),
        ("expired long ago", None, long_ago),
        ("revoked recently", recently, None),
        ("working", None, None),
    ]:
        made, _raw = create_token(personas.alice, name, scopes=["feed:read"])
        PersonalAccessToken.objects.filter(pk=made.pk).update(
            revoked_at=revoked, expires_at=expires or made.expires_at
        )

    assert prune_ended_tokens() == 2
    assert prune_ended_tokens() == 0
    left = set(PersonalAccessToken.objects.values_list("name", flat=True))
    assert left == {"revoked recently", "working"}


def test_a_password_set_from_the_admin_revokes_the_members_tokens(personas):
    root = UserFactory(email="root@example.org", is_staff=True, is_superuser=True)
    give_totp(root)
    raw = old_kind_of_token(personas.alice)

    response = sign_in(Client(), root).post(
        f"/fr/admin/accounts/user/{personas.alice.pk}/password/",
        {"password1": LONG_PASSWORD, "password2": LONG_PASSWORD, "usable_password": "true"},
    )

    assert response.status_code == 302, response.content[:500]
    assert Client().get("/api/v1/me", **bearer(raw)).status_code == 401
