from __future__ import annotations

import pytest
from django.test import Client

from tests.accounts.helpers import sign_in
from tests.factories import PASSWORD


def reauthenticate(client: Client, response) -> object:
    """Follow allauth's re-authentication page with the password; returns the answer
    of the request that resumes."""
    assert response.status_code == 302, response.status_code
    assert "/accounts/reauthenticate/" in response["Location"]
    return client.post(response["Location"], {"password": PASSWORD})


@pytest.fixture
def alice_client(personas):
    client = Client()
    sign_in(client, personas.alice)
    return client
