"""The REST API: tokens and sessions, scopes, CSRF, JSON errors, the PII guard, the schema."""

from __future__ import annotations

import hashlib
import json
import re

import pytest
from django.test import Client

from tests.accounts.helpers import confirm_password
from tests.factories import PASSWORD
from tremplin.api.api import api
from tremplin.api.models import PersonalAccessToken
from tremplin.api.scopes import ALL_SCOPES
from tremplin.api.services import create_token, revoke_token
from tremplin.profiles.models import Skill


def bearer(raw: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def patch(client, url, body, **extra):
    data = body if isinstance(body, str) else json.dumps(body)
    return client.patch(url, data, content_type="application/json", **extra)


def assert_json_error(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"]
    return body


@pytest.fixture
def tokens(personas):
    _read, read_raw = create_token(personas.alice, "lecture", can_write=False)
    _write, write_raw = create_token(personas.alice, "écriture", can_write=True)
    return {"read": read_raw, "write": write_raw}


# ---------------------------------------------------------------- authentication


@pytest.mark.parametrize(
    "header",
    ["Bearer trp_not-a-real-token", "Bearer ", "Basic YWxpY2U6c2VjcmV0", "Bearer " + "x" * 5000],
)
@pytest.mark.parametrize("url", ["/api/v1/me", "/api/v1/profiles/me", "/api/v1/profiles"])
def test_a_bad_token_is_a_401_in_json_even_where_anonymous_may_read(db, header, url):
    response = Client().get(url, HTTP_AUTHORIZATION=header)
    assert_json_error(response, 401)


def test_a_revoked_token_stops_working(personas, tokens):
    client = Client()
    assert client.get("/api/v1/me", **bearer(tokens["read"])).status_code == 200
    token = PersonalAccessToken.objects.get(name="lecture")
    assert revoke_token(personas.alice, token.pk)
    assert_json_error(client.get("/api/v1/me", **bearer(tokens["read"])), 401)


def test_someone_elses_token_cannot_be_revoked(personas, tokens):
    token = PersonalAccessToken.objects.get(name="lecture")
    assert not revoke_token(personas.bob, token.pk)
    assert Client().get("/api/v1/me", **bearer(tokens["read"])).status_code == 200


def test_a_deactivated_members_token_stops_working(personas, tokens):
    personas.alice.is_active = False
    personas.alice.save()
    assert_json_error(Client().get("/api/v1/me", **bearer(tokens["read"])), 401)


def test_signed_in_endpoints_answer_401_json_to_anonymous_callers(db):
    client = Client()
    assert_json_error(client.get("/api/v1/me"), 401)
    assert_json_error(client.get("/api/v1/profiles/me"), 401)
    assert_json_error(patch(client, "/api/v1/profiles/me", {"headline": "x"}), 401)


def test_a_read_only_token_cannot_write(personas, tokens):
    client = Client()
    response = patch(
        client, "/api/v1/profiles/me", {"headline": "Pirate"}, **bearer(tokens["read"])
    )
    body = assert_json_error(response, 403)
    assert body["code"] == "insufficient_scope"
    assert "profile:write" in body["detail"]
    assert_json_error(
        patch(client, "/api/v1/me", {"language": "en"}, **bearer(tokens["read"])), 403
    )
    personas.alice.profile.refresh_from_db()
    assert personas.alice.profile.headline == ""


def test_a_write_token_can_write(personas, tokens):
    client = Client()
    response = patch(
        client, "/api/v1/profiles/me", {"headline": "Soudeuse"}, **bearer(tokens["write"])
    )
    assert response.status_code == 200
    assert response.json()["headline"] == "Soudeuse"
    personas.alice.profile.refresh_from_db()
    assert personas.alice.profile.headline == "Soudeuse"
    me = patch(client, "/api/v1/me", {"language": "en"}, **bearer(tokens["write"]))
    assert me.status_code == 200 and me.json()["language"] == "en"
    assert me.json()["token_scopes"] == list(ALL_SCOPES)


def test_a_session_write_needs_the_csrf_header(personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.alice)
    without = patch(client, "/api/v1/profiles/me", {"headline": "Sans jeton"})
    assert_json_error(without, 403)
    personas.alice.profile.refresh_from_db()
    assert personas.alice.profile.headline == ""

    client.get("/fr/profile/edit/")  # a page sets the CSRF cookie
    csrf = client.cookies["csrftoken"].value
    wrong = patch(client, "/api/v1/profiles/me", {"headline": "x"}, HTTP_X_CSRFTOKEN="x" * 32)
    assert_json_error(wrong, 403)
    with_header = patch(
        client, "/api/v1/profiles/me", {"headline": "Avec jeton"}, HTTP_X_CSRFTOKEN=csrf
    )
    assert with_header.status_code == 200
    assert with_header.json()["headline"] == "Avec jeton"
    assert client.get("/api/v1/me").json()["token_scopes"] is None


def test_a_bearer_token_needs_no_csrf_header(personas, tokens):
    client = Client(enforce_csrf_checks=True)
    response = patch(client, "/api/v1/profiles/me", {"headline": "Ok"}, **bearer(tokens["write"]))
    assert response.status_code == 200


# ---------------------------------------------------------------- /me


@pytest.mark.parametrize(
    ("persona", "roles"),
    [
        ("alice", []),
        ("dave", ["counsellor"]),
        ("mallory", ["moderator"]),
        ("sam", ["site_admin"]),
    ],
)
def test_me_says_who_i_am_and_my_roles(personas, as_user, persona, roles):
    user = getattr(personas, persona)
    data = as_user(user).get("/api/v1/me").json()
    assert data["email"] == user.email
    assert data["roles"] == roles
    assert data["handle"] == user.profile.handle


def test_me_refuses_an_unknown_language_and_unknown_fields(personas, as_user):
    client = as_user(personas.alice)
    assert_json_error(patch(client, "/api/v1/me", {"language": "de"}), 422)
    assert_json_error(patch(client, "/api/v1/me", {"language": "fr", "is_staff": True}), 422)
    personas.alice.refresh_from_db()
    assert not personas.alice.is_staff


# ---------------------------------------------------------------- PATCH /profiles/me


def test_an_unknown_field_is_a_422_not_a_silent_no_op(personas, as_user):
    client = as_user(personas.alice)
    body = assert_json_error(patch(client, "/api/v1/profiles/me", {"headlin": "Typo"}), 422)
    assert "errors" in body
    assert_json_error(patch(client, "/api/v1/profiles/me", {"handle": "bob-roy"}), 422)
    personas.alice.profile.refresh_from_db()
    assert personas.alice.profile.handle == "alice-martin"


@pytest.mark.parametrize(
    "body",
    [
        "{not json",
        "[]",
        '"a string"',
        {"display_name": ""},
        {"display_name": "   "},
        {"display_name": "x" * 101},
        {"region": "XX"},
        {"service_language": "de"},
        {"open_to_work": "maybe"},
        {"open_to_work_audience": "aliens"},
        {"skills": "not a list"},
        {"skills": ["x"] * 51},
        {"visibility": {"about": "friends-of-friends"}},
        {"visibility": {"salary": "public"}},
        {"visibility": ["public"]},
    ],
)
def test_bad_patch_bodies_are_json_4xx_and_change_nothing(personas, as_user, body):
    client = as_user(personas.alice)
    response = patch(client, "/api/v1/profiles/me", body)
    assert 400 <= response.status_code < 500, response.content
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]
    personas.alice.profile.refresh_from_db()
    assert personas.alice.profile.display_name == "Alice Martin"
    assert personas.alice.profile.about_visibility == "members"


@pytest.mark.parametrize(
    ("field", "value", "kind"),
    [
        ("headline", "Appelez-moi au 613-555-0199", "phone"),
        ("about", "Mon NAS est 130 692 544", "sin"),
        ("interests", "écrire à alice@example.org", "email"),
        ("skills", ["soudure", "K1A 0B1"], "postal_code"),
    ],
)
def test_personal_data_in_a_patch_is_a_422_with_pii_unless_confirmed(
    personas, as_user, field, value, kind
):
    client = as_user(personas.alice)
    response = patch(client, "/api/v1/profiles/me", {field: value})
    body = assert_json_error(response, 422)
    assert body["pii"] == {field: [kind]}
    personas.alice.profile.refresh_from_db()
    assert not Skill.objects.exists()

    confirmed = patch(client, "/api/v1/profiles/me", {field: value, "confirm_pii": True})
    assert confirmed.status_code == 200
    shown = confirmed.json()[field]
    if field == "interests":
        assert shown == [value]
    elif field == "skills":
        assert sorted(shown) == sorted(value)
    else:
        assert shown == value


def test_visibility_and_skills_are_changed_through_the_api(personas, as_user):
    client = as_user(personas.alice)
    response = patch(
        client,
        "/api/v1/profiles/me",
        {
            "visibility": {"basics": "public", "skills": "only_me"},
            "skills": ["MIG", " mig ", "TIG"],
        },
    )
    assert response.status_code == 200
    data = response.json()
    assert data["visibility"]["basics"] == "public"
    assert data["visibility"]["skills"] == "only_me"
    assert data["skills"] == ["MIG", "TIG"]
    anonymous = Client().get("/api/v1/profiles/alice-martin").json()
    assert anonymous["skills"] is None and anonymous["display_name"] == "Alice Martin"


def test_an_empty_skills_list_removes_every_skill(personas, as_user):
    client = as_user(personas.alice)
    patch(client, "/api/v1/profiles/me", {"skills": ["MIG", "TIG"]})
    assert Skill.objects.count() == 2
    response = patch(client, "/api/v1/profiles/me", {"skills": []})
    assert response.status_code == 200
    assert response.json()["skills"] == []
    assert not Skill.objects.exists()


def test_the_owner_reads_all_her_settings_at_profiles_me(personas, as_user):
    data = as_user(personas.alice).get("/api/v1/profiles/me").json()
    assert data["handle"] == "alice-martin"
    assert data["visibility"]["basics"] == "members"
    assert data["visibility"]["interests"] == "connections"
    assert data["open_to_work_audience"] == "counsellors"


# ---------------------------------------------------------------- search


@pytest.mark.both_databases  # search (icontains folds case per database)
@pytest.mark.parametrize(
    "query",
    ["limit=0", "limit=51", "offset=-1", "offset=10001", "limit=abc", "q=" + "a" * 101],
)
def test_bad_search_parameters_are_a_422_in_json(personas, as_user, query):
    assert_json_error(as_user(personas.bob).get(f"/api/v1/profiles?{query}"), 422)


@pytest.mark.both_databases  # search (icontains folds case per database)
def test_search_pages_through_results(personas, as_user):
    client = as_user(personas.bob)
    everyone = client.get("/api/v1/profiles?limit=50").json()
    assert everyone["count"] == 7
    first = client.get("/api/v1/profiles?limit=3").json()["results"]
    second = client.get("/api/v1/profiles?limit=3&offset=3").json()["results"]
    handles = [p["handle"] for p in first + second]
    assert len(set(handles)) == 6
    assert handles == [p["handle"] for p in everyone["results"][:6]]


# ---------------------------------------------------------------- schema


def routed_operations() -> set[tuple[str, str]]:
    """Every (method, path) the API serves, read from its routers."""
    found = set()
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            full = "/api/v1" + ("/" + prefix.strip("/") if prefix.strip("/") else "")
            full = (full + "/" + path.lstrip("/")).rstrip("/") if path else full
            # "{int:community_id}" (a Django path converter) is "{community_id}" in OpenAPI.
            full = re.sub(r"\{\w+:(\w+)\}", r"{\1}", full)
            for operation in path_view.operations:
                for method in operation.methods:
                    found.add((method.lower(), full))
    return found


def test_the_openapi_schema_lists_every_operation(db):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    listed = {
        (method, path.rstrip("/"))
        for path, item in schema["paths"].items()
        for method in item
        if method in {"get", "post", "put", "patch", "delete"}
    }
    expected = {
        ("get", "/api/v1/me"),
        ("patch", "/api/v1/me"),
        ("get", "/api/v1/profiles"),
        ("get", "/api/v1/profiles/me"),
        ("patch", "/api/v1/profiles/me"),
        ("get", "/api/v1/profiles/{handle}"),
        ("get", "/api/v1/organizations"),
        ("get", "/api/v1/organizations/{slug}"),
    }
    assert expected <= listed
    assert routed_operations() == listed
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            assert operation.get("summary"), (method, path)


# ---------------------------------------------------------------- token page


def test_the_token_page_shows_a_new_token_once_and_stores_only_its_hash(personas, as_user):
    client = as_user(personas.alice)
    confirm_password(client, PASSWORD)
    response = client.post(
        "/fr/security/tokens/",
        {"name": "Mon tableur", "days": "30", "area_profile": "write", "area_jobs": "read"},
    )
    assert response.status_code == 200
    raw = re.search(r'value="(trp_[\w-]+)"', response.content.decode()).group(1)

    token = PersonalAccessToken.objects.get(user=personas.alice)
    assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert token.scopes == ["profile:read", "profile:write", "jobs:read"]
    assert token.hint == raw[:8]
    for field in PersonalAccessToken._meta.concrete_fields:
        value = str(getattr(token, field.attname))
        assert raw not in value

    again = client.get("/fr/security/tokens/").content.decode()
    assert raw not in again
    assert "Mon tableur" in again

    me = Client().get("/api/v1/me", **bearer(raw))
    assert me.status_code == 200 and me.json()["email"] == "alice@example.org"


def test_a_token_without_a_name_or_an_area_is_refused_on_the_page(personas, as_user):
    client = as_user(personas.alice)
    confirm_password(client, PASSWORD)
    no_name = client.post("/fr/security/tokens/", {"name": "", "area_feed": "read"})
    no_area = client.post("/fr/security/tokens/", {"name": "Rien"})
    for response in (no_name, no_area):
        assert response.status_code == 400
        assert "trp_" not in response.content.decode()
    assert 'value="Rien"' in no_area.content.decode()  # the member's text is kept
    assert "au moins un domaine" in no_area.content.decode()
    assert not PersonalAccessToken.objects.exists()


def test_health_answers_without_authentication(client):
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    assert response.json() == {"ok": True}


def test_a_token_is_limited_per_minute_with_a_json_429(personas, tokens, monkeypatch):
    monkeypatch.setattr("tremplin.api.auth.TOKEN_REQUESTS_PER_MINUTE", 3)
    client = Client()
    for _ in range(3):
        assert client.get("/api/v1/me", **bearer(tokens["read"])).status_code == 200
    assert_json_error(client.get("/api/v1/me", **bearer(tokens["read"])), 429)
    # The limit is per token: another token of the same member still works.
    assert client.get("/api/v1/me", **bearer(tokens["write"])).status_code == 200


def test_each_token_lookup_is_one_query_whatever_the_token(personas, tokens):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tremplin.api.services import authenticate_token

    for raw in (tokens["read"], tokens["write"], "tp_unknown"):
        with CaptureQueriesContext(connection) as queries:
            found = authenticate_token(raw)
        assert (found is None) == (raw == "tp_unknown")
        if found is not None:
            assert found.user == personas.alice and found.user.is_active
        assert len([q for q in queries if q["sql"].startswith("SELECT")]) == 1


def test_every_schema_has_its_own_name_in_the_openapi_document():
    """OpenAPI names components by class name: two schemas called `CommentIn` in two
    apps collapse into one, and one endpoint is then documented with the other's
    fields (the fuzz found a feed comment documented with the vault's)."""
    import importlib
    import inspect
    import pkgutil

    from django.apps import apps
    from ninja import Schema

    seen: dict[str, str] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("tremplin."):
            continue
        # Every module of the app: schemas live in api.py, schemas.py or beside them.
        names = [config.name] + [
            info.name
            for info in pkgutil.walk_packages(config.module.__path__, f"{config.name}.")
            if ".migrations" not in info.name and ".management" not in info.name
        ]
        for module_name in names:
            module = importlib.import_module(module_name)
            for name, cls in inspect.getmembers(module, inspect.isclass):
                if issubclass(cls, Schema) and cls.__module__ == module.__name__:
                    assert seen.setdefault(name, cls.__module__) == cls.__module__, (
                        f"{name} is defined in {seen[name]} and {cls.__module__}"
                    )
    assert len(seen) > 50
