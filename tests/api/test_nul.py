"""Text with a NUL character is refused with a 422 (PostgreSQL cannot store it)."""

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
