"""Password rules (ASVS V2.1): long passphrases welcome, at most 128 characters, never cut."""

from __future__ import annotations

import pytest

from tremplin.accounts.models import User

pytestmark = pytest.mark.django_db


def sign_up(client, password: str, lang: str = "en"):
    return client.post(
        f"/{lang}/accounts/signup/",
        {
            "email": "nina@example.org",
            "name": "Nina Roy",
            "password1": password,
            "password2": password,
        },
    )


def test_a_passphrase_of_128_characters_is_accepted_and_used_whole(client):
    phrase = ("correct horse battery staple " * 5)[:127] + "é"
    assert len(phrase) == 128

    sign_up(client, phrase)

    user = User.objects.get(email="nina@example.org")
    assert user.check_password(phrase)
    assert not user.check_password(phrase[:-1])


def test_a_password_over_128_characters_is_refused_with_a_message_in_french(client):
    response = sign_up(client, "x7 " * 43, lang="fr")

    assert response.status_code == 200
    assert "Ce mot de passe est trop long" in response.content.decode()
    assert not User.objects.filter(email="nina@example.org").exists()


def test_the_password_field_offers_a_show_button_that_scripts_reveal(client):
    html = client.get("/en/accounts/login/").content.decode()

    assert 'class="show-password" hidden aria-pressed="false" aria-controls="id_password"' in html
