"""Privacy rights in the browser: alice asks for her archive, the task builds it, she
downloads it after re-authenticating; she schedules the deletion of her account, sees
the banner, and cancels. Bob does the same pages in English. axe-core finds nothing on
any page; screenshots of each page in both languages go to /tmp/shots15/export/.

Selectors use form actions and field names, not button texts (they are translated).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.test_network import sign_in
from tests.factories import PASSWORD, UserFactory
from tremplin.privacy.models import Archive, DeletionRequest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots15/export")


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _archive_then_download(page, lang: str, assert_accessible, tmp_path) -> None:
    page.goto(f"/{lang}/privacy/")
    assert_accessible(page, f"privacy ({lang}, nothing yet)")
    shot(page, f"privacy-{lang}-start")
    with page.expect_navigation():
        page.locator(f"form[action='/{lang}/privacy/archive/'] button").click()
    archive = Archive.objects.get()
    assert archive.status == "ready"  # built by the task (run at once in tests)
    link = page.locator(f"a[href='/{lang}/privacy/archive/{archive.pk}/download/']")
    expect(link).to_be_visible()
    assert_accessible(page, f"privacy ({lang}, archive ready)")
    shot(page, f"privacy-{lang}-archive-ready")
    with page.expect_navigation():
        link.click()
    expect(page).to_have_url(re.compile(f"/{lang}/accounts/reauthenticate/"))
    assert_accessible(page, f"re-authentication ({lang})")
    shot(page, f"privacy-{lang}-reauthenticate")
    page.fill("input[name=password]", PASSWORD)
    with page.expect_download() as download:
        page.locator("main form button[type=submit]").first.click()
    saved = tmp_path / f"archive-{lang}.zip"
    download.value.save_as(saved)
    names = zipfile.ZipFile(saved).namelist()
    assert "data.json" in names and "README.txt" in names


def _schedule_then_cancel(page, lang: str, assert_accessible) -> None:
    page.goto(f"/{lang}/privacy/")
    form = page.locator(f"form[action='/{lang}/privacy/delete/']")
    # The box is required: the browser keeps the form from going without it.
    form.locator("[name=confirm]").check()
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert DeletionRequest.objects.get().status == "scheduled"
    expect(page.locator("#deletion-banner")).to_be_visible()
    expect(page.locator("#deletion-status")).to_be_visible()
    assert_accessible(page, f"privacy ({lang}, deletion scheduled)")
    shot(page, f"privacy-{lang}-deletion-scheduled")
    with page.expect_navigation():
        page.locator(f"form[action='/{lang}/privacy/delete/cancel/'] button").click()
    assert DeletionRequest.objects.get().status == "cancelled"
    expect(page.locator("#deletion-banner")).to_have_count(0)
    assert_accessible(page, f"privacy ({lang}, deletion cancelled)")
    shot(page, f"privacy-{lang}-deletion-cancelled")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_download_my_data_then_delete_and_keep_my_account(
    new_context, assert_accessible, tmp_path, lang
):
    member = UserFactory(email="alice@example.org", name="Alice Martin", language=lang)
    page = sign_in(new_context(bypass_csp=False, accept_downloads=True), member, lang=lang)
    # The account menu leads to the page.
    page.goto(f"/{lang}/")
    with page.expect_navigation():
        page.locator(f"header a[href='/{lang}/privacy/']").first.click()
    _archive_then_download(page, lang, assert_accessible, tmp_path)
    _schedule_then_cancel(page, lang, assert_accessible)
