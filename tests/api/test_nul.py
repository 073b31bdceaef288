"""Text with a NUL character is refused with a 422 (PostgreSQL cannot store it)."""

import re

import pytest
from django.test import Client

from tests.factories import UserFactory
from tremplin.api.services import create_token

# Both databases: NUL characters, which PostgreSQL refuses and SQLite stores.
pytestmark = pytest.mark.both_databases


def test_a_nul_character_in_any_text_is_a_422(db):
    member = UserFactory(email="nul@example.org")
    _token, raw = create_token(member, "t", True)
    response = Client().post(
        "/api/v1/messages/conversations",
        {"participants": ["bob\x00"], "body": "Bonjour"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 422
    assert "Null characters" in str(response.json())


# Texts a pattern that refuses NUL must not match.
NUL_PROBES = ("a\x00", "\x00a", "a\x00a", "1\x00", "a-\x00-a")


def _free_texts(node, where, found, components, seen):
    """Every string in a schema node (following $refs) with neither a pattern, an enum
    nor a format."""
    if isinstance(node, list):
        for index, item in enumerate(node):
            _free_texts(item, f"{where}[{index}]", found, components, seen)
        return
    if not isinstance(node, dict):
        return
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[1]
        if name not in seen:
            seen.add(name)
            _free_texts(components[name], name, found, components, seen)
        return
    if node.get("type") == "string" and not {"pattern", "enum", "const", "format"} & node.keys():
        found.append(where)
    pattern = node.get("pattern") if node.get("type") == "string" else None
    if pattern and any(re.search(pattern, probe) for probe in NUL_PROBES):
        found.append(f"{where} /{pattern}/")
    for key in ("anyOf", "oneOf", "allOf", "items", "additionalProperties"):
        if key in node:
            _free_texts(node[key], f"{where}.{key}", found, components, seen)
    for name, value in node.get("properties", {}).items():
        _free_texts(value, f"{where}.{name}", found, components, seen)


def test_the_schema_says_every_text_in_a_json_body_refuses_nul(db):
    """The refusal above must be documented: a schema-valid NUL answered with a 422 is
    what the fuzzer calls "schema-valid request rejected" (the feed's `organization`
    field was one, found by CI's stateful phase)."""
    document = Client().get("/api/v1/openapi.json").json()
    components = document["components"]["schemas"]
    found: list[str] = []
    seen: set[str] = set()
    bodies = 0
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            body = operation.get("requestBody", {}).get("content", {})
            for kind in ("application/json", "multipart/form-data"):
                schema = body.get(kind, {}).get("schema")
                if schema:
                    bodies += 1
                    _free_texts(schema, f"{method.upper()} {path}", found, components, seen)
    assert bodies > 50  # the walk reached the API's JSON bodies
    assert found == [], "\n".join(found)
