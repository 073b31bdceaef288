"""Deleting an account erases what names the member in EVERY table and in storage.

The scan is generic: it reads every text, character and JSON column of every model
Django knows (`apps.get_models()`), so an app added later whose data an eraser forgets
fails here without this test changing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import models
from django.db.models import TextField
from django.db.models.functions import Cast

from tests.accounts.helpers import sign_in
from tests.privacy.world import EMAIL, IDENTIFIERS, MARK, make_world
from tremplin.accounts.models import User
from tremplin.counselling.models import Case
from tremplin.outcomes.models import SurveyResponse
from tremplin.privacy import services
from tremplin.privacy.models import DeletionRequest, DeletionStatus

pytestmark = pytest.mark.django_db

TEXT_TYPES = (
    models.CharField,
    models.TextField,
    models.JSONField,
)  # Email/Slug/URL/File: CharField


def leaks(identifiers: tuple[str, ...]) -> list[str]:
    """Every (table.column, identifier) where a row still holds one of `identifiers`."""
    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.concrete_fields:
            if not isinstance(field, TEXT_TYPES):
                continue
            rows = model._default_manager.all()
            column = field.name
            if isinstance(field, models.JSONField):
                rows = rows.annotate(_as_text=Cast(field.name, TextField()))
                column = "_as_text"
            for identifier in identifiers:
                if rows.filter(**{f"{column}__icontains": identifier}).exists():
                    found.append(f"{model._meta.db_table}.{field.column}: {identifier}")
    return found


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [Path(folder) / name for folder, _dirs, names in os.walk(root) for name in names]


def files_naming(identifiers: tuple[str, ...]) -> list[str]:
    named = []
    for path in stored_files():
        content = path.read_bytes().lower()
        for identifier in identifiers:
            if identifier.lower().encode() in content or identifier.lower() in path.name.lower():
                named.append(f"{path.name}: {identifier}")
    return named


@pytest.fixture
def world(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        built = make_world()
        services.request_archive(built.zed)  # the task runs at once under tests
    return built


def test_the_world_names_her_everywhere_before(world):
    """The scan finds her before the erasure (it is able to fail), in every app."""
    assert Session.objects.filter(session_key=world.session_key).exists()
    found = leaks(IDENTIFIERS)
    tables = {hit.split(".")[0] for hit in found}
    for prefix in (
        "accounts_",
        "account_emailaddress",
        "profiles_",
        "network_",
        "feed_",
        "messaging_",
        "vault_",
        "plans_",
        "appointments_",
        "casework_",
        "outcomes_",
        "mentoring_",
        "jobs_",
        "job_alerts_",
        "applications_",
        "notifications_",
        "api_",
        "organizations_",
        "communities_",
        "django_admin_log",
        "django_tasks_database",
    ):
        assert any(t.startswith(prefix) for t in tables), prefix
    assert files_naming((MARK,)), "her CV and her archive are in storage"


def test_erasure_leaves_nothing_that_names_her(world, django_capture_on_commit_callbacks):
    before = {path.name for path in stored_files()}
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule_deletion(world.zed)
    request = DeletionRequest.objects.get(user=world.zed)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.erase(request.pk) is True

    assert leaks(IDENTIFIERS) == []
    assert files_naming(IDENTIFIERS) == []
    after = {path.name for path in stored_files()}
    assert len(after) < len(before)  # her photo, pictures, attachment, CV and archive went

    zed = User.objects.get(pk=world.zed.pk)
    assert not zed.is_active and not zed.has_usable_password()
    assert zed.email.endswith("@deleted.invalid")
    assert not Session.objects.filter(session_key=world.session_key).exists()
    request.refresh_from_db()
    assert request.status == DeletionStatus.DONE and request.counts["feed"] > 0


def test_erasure_keeps_the_counts_funders_need(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert services.erase_now(world.zed)
    case = Case.objects.get(pk=world.case.pk)
    assert case.status == "closed" and case.exit_reason == "client_ended"
    assert case.agency_id == world.agency.pk
    response = SurveyResponse.objects.get(invitation__case=case)
    assert response.score == 5 and response.comment == ""
    assert case.record.service == "ES" and case.record.funder_reference == ""
    assert case.follow_ups.count() == 1 and case.referrals.count() == 1
    # Bob's side of the conversation stays, and her message stays as a deleted one.
    bob_said = world.bob.display_name
    assert bob_said and User.objects.get(pk=world.bob.pk).is_active


def test_erasure_is_idempotent(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert services.erase_now(world.zed)
    assert services.erase_now(User.objects.get(pk=world.zed.pk)) is True  # a new request
    assert leaks((EMAIL,)) == []


def test_scan_would_see_a_forgotten_app(world):
    """The scan is generic: a row of any model naming her is found (here the admin
    log, which no app's eraser owns)."""
    from django.contrib.admin.models import ADDITION, LogEntry
    from django.contrib.contenttypes.models import ContentType

    LogEntry.objects.create(
        user=world.dave,
        content_type=ContentType.objects.get_for_model(Case),
        object_id="1",
        object_repr=f"Note {MARK}",
        action_flag=ADDITION,
    )
    assert any(hit.startswith("django_admin_log.object_repr") for hit in leaks((MARK,)))


def test_the_others_pages_still_work_after_the_erasure(world, django_capture_on_commit_callbacks):
    """Bob's conversation with her, his feed item she commented on, and Dave's caseload
    and case page render, showing a deleted member where she was."""
    import time

    from django.test import Client

    from tests.factories import give_totp
    from tremplin.feed.models import Item
    from tremplin.messaging.models import Conversation

    with django_capture_on_commit_callbacks(execute=True):
        services.erase_now(world.zed)
    talk = Conversation.objects.get(participants__user=world.bob)
    bob = Client()
    sign_in(bob, world.bob)
    page = bob.get(f"/fr/messages/{talk.pk}/")
    assert page.status_code == 200 and "Bonjour !" in page.content.decode()
    assert MARK not in page.content.decode()
    item = Item.objects.get(author=world.bob)
    assert bob.get(item.get_absolute_url()).status_code == 200
    give_totp(world.dave)
    dave = Client()
    sign_in(dave, world.dave)
    session = dave.session
    session["account_authentication_methods"] = [
        {"method": "mfa", "type": "totp", "at": time.time()}
    ]
    session.save()
    for url in ("/fr/counselling/caseload/", f"/fr/counselling/cases/{world.case.pk}/"):
        answer = dave.get(url)
        assert answer.status_code == 200, url
        assert MARK not in answer.content.decode()
