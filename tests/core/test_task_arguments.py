"""Issue 15 (5): a waiting task row holds no secret, no address and no excerpt.

Each email task is queued in the database (django-tasks-db, as in production), its row's
arguments read, then the row is run as a worker would: the email arrives, its link works,
and nothing of it (the link, the key, the addresses, the message's words) was in the row.
Before the fix, allauth's emails and the invitations were queued rendered: the row held
the password-reset link, the confirmation key, the raw invitation token and the address.
"""

from __future__ import annotations

import json
import re

import pytest
from django.core import mail
from django.test import Client
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult

from tests.accounts.helpers import LONG_PASSWORD, confirm_password, first_link, last_mail_to
from tests.factories import PASSWORD, UserFactory
from tremplin.counselling.services import invite as invite_client
from tremplin.messaging.services import start_conversation
from tremplin.organizations.models import Role
from tremplin.organizations.services import invite as invite_to_org

pytestmark = pytest.mark.django_db

WORDS = "rendez-vous jeudi au guichet 4"


@pytest.fixture(autouse=True)
def _queued_in_the_database(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def rows() -> list[DBTaskResult]:
    return list(DBTaskResult.objects.order_by("pk"))


def arguments() -> str:
    return " ".join(json.dumps(row.args_kwargs, ensure_ascii=False) for row in rows())


def run_queued() -> None:
    """What a worker does with the waiting rows (then they are gone)."""
    for row in rows():
        task = import_string(row.task_path)
        task.call(*row.args_kwargs["args"], **row.args_kwargs["kwargs"])
        row.delete()


def assert_nothing_secret(*, names: tuple[str, ...] = ()) -> None:
    held = arguments()
    assert held, "nothing was queued"
    assert "@" not in held, held  # no address
    assert "://" not in held and "/reset/" not in held and "/confirm" not in held, held
    for name in names:
        assert name not in held, held


def test_a_password_reset_is_queued_without_its_link(personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        Client().post("/fr/accounts/password/reset/", {"email": "alice@example.org"})
    assert_nothing_secret()
    run_queued()
    link = first_link(last_mail_to("alice@example.org").body)
    assert "/fr/accounts/password/reset/key/" in link
    assert link not in arguments()
    page = Client().get(link, follow=True)
    assert page.status_code == 200 and b'name="password1"' in page.content


def test_a_sign_up_confirmation_is_queued_without_its_key(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(
            "/en/accounts/signup/",
            {
                "name": "Zed",
                "email": "zed@example.org",
                "password1": LONG_PASSWORD,
                "password2": LONG_PASSWORD,
            },
        )
    assert_nothing_secret()
    run_queued()
    message = last_mail_to("zed@example.org")
    link = first_link(message.body)
    assert link.startswith("/en/accounts/confirm-email/")
    confirmed = Client().post(link)
    assert confirmed.status_code == 302


def test_a_sign_up_with_a_known_address_is_queued_without_it(
    personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(
            "/fr/accounts/signup/",
            {
                "name": "Alice again",
                "email": "alice@example.org",
                "password1": LONG_PASSWORD,
                "password2": LONG_PASSWORD,
            },
        )
    assert_nothing_secret()
    run_queued()
    assert last_mail_to("alice@example.org")


def test_an_email_change_is_queued_without_either_address(
    personas, django_capture_on_commit_callbacks
):
    browser = Client()
    browser.force_login(personas.alice)
    confirm_password(browser, PASSWORD)
    with django_capture_on_commit_callbacks(execute=True):
        browser.post("/fr/accounts/email/", {"action_add": "", "email": "alice.new@example.org"})
    assert_nothing_secret()
    run_queued()
    link = first_link(last_mail_to("alice.new@example.org").body)
    with django_capture_on_commit_callbacks(execute=True):
        browser.post(link)
    # The old address is told (with the lock link), from a row that names neither.
    assert_nothing_secret()
    run_queued()
    told = last_mail_to("alice@example.org")
    assert "alice.new@example.org" in told.body and "/security/not-me/" in told.body


def test_the_new_device_email_is_queued_without_the_address(
    personas, django_capture_on_commit_callbacks
):
    for agent in ("First browser", "Second browser"):
        with django_capture_on_commit_callbacks(execute=True):
            Client(HTTP_USER_AGENT=agent).post(
                "/fr/accounts/login/", {"login": "bob@example.org", "password": PASSWORD}
            )
    assert_nothing_secret()
    run_queued()
    assert "Second browser" in last_mail_to("bob@example.org").body


def test_an_organisation_invitation_is_queued_without_its_token_or_address(
    crew, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite_to_org(crew.agency, crew.greta, "nina@example.org", Role.COUNSELLOR, "en")
    assert_nothing_secret()
    run_queued()
    link = first_link(last_mail_to("nina@example.org").body)
    assert re.match(r"^/en/invitations/[\w-]{20,}/$", link)
    nina = UserFactory(email="nina@example.org")
    browser = Client()
    browser.force_login(nina)
    assert browser.get(link).status_code == 200  # the token made at send time opens it


def test_a_counselling_invitation_is_queued_without_the_address(
    crew, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite_client(crew.dave, crew.agency, email="paul@example.org")
    assert_nothing_secret()
    run_queued()
    assert last_mail_to("paul@example.org")


def test_a_message_notification_is_queued_without_its_words(
    personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        start_conversation(personas.alice, [personas.bob], WORDS)
    assert_nothing_secret(names=(WORDS, "rendez-vous"))
    mail.outbox.clear()
    run_queued()


def test_a_removed_address_is_told_from_a_row_that_names_it_not(
    personas, django_capture_on_commit_callbacks
):
    browser = Client()
    browser.force_login(personas.alice)
    confirm_password(browser, PASSWORD)
    with django_capture_on_commit_callbacks(execute=True):
        browser.post("/fr/accounts/email/", {"action_add": "", "email": "alice.typo@example.org"})
    run_queued()
    with django_capture_on_commit_callbacks(execute=True):
        browser.post(
            "/fr/accounts/email/", {"action_remove": "", "email": "alice.typo@example.org"}
        )
    assert_nothing_secret()
    mail.outbox.clear()
    run_queued()
    told = last_mail_to("alice@example.org")
    assert "alice.typo@example.org" in told.body
