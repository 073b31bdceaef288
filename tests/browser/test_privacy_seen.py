"""Who saw my data, and hide me from search, in the browser (issue 15): a client opens
"Who saw my data" after her counsellor opened her CV, and her agency's administrator
sees the case-notes reads; a member hides herself from search and a stranger's people
search no longer finds her. axe-core finds nothing; screenshots in French and English.

Selectors use URLs and field names, not button texts (they are translated).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.test_network import sign_in
from tests.factories import OrganizationFactory, UserFactory, give_totp, make_case, make_member
from tests.vault.conftest import pdf_bytes, upload
from tremplin.casework.services import add_note
from tremplin.core.audience import Audience
from tremplin.organizations.models import Role
from tremplin.profiles.models import Profile
from tremplin.vault import services as vault

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots15/seen")


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_the_client_sees_her_counsellor_opened_her_cv(new_context, assert_accessible):
    agency = OrganizationFactory(name="Agence Horizon", slug="agence-horizon")
    coach = make_member(agency, Role.COUNSELLOR, email="coach@example.org", name="Lina Coach")
    boss = make_member(agency, Role.ADMIN, email="boss@example.org", name="Greta Admin")
    nadia = UserFactory(email="nadia@example.org", name="Nadia Tremblay")
    case = make_case(agency, coach, nadia)
    add_note(coach, case, kind="meeting", contact_on=timezone.localdate(), body="Secret")
    cv = vault.upload_document(nadia, upload(pdf_bytes()), title="CV de Nadia")
    vault.share_with(nadia, cv, coach)

    counsellor = sign_in(new_context(bypass_csp=False), coach, give_totp(coach), lang="en")
    counsellor.goto(f"/en/documents/{cv.pk}/")
    with counsellor.expect_download():
        counsellor.locator(f"a[href='/en/documents/{cv.pk}/versions/1/download/']").click()
    counsellor.goto(f"/en/counselling/cases/{case.pk}/")  # the case record, with the notes

    member = sign_in(new_context(bypass_csp=False), nadia)
    member.goto("/fr/profile/privacy/")
    with member.expect_navigation():
        member.locator("a[href='/fr/privacy/who-saw-my-data/']").click()
    main = member.locator("main")
    expect(main).to_contain_text("Lina Coach")
    expect(main).to_contain_text("Agence Horizon")
    expect(main).to_contain_text("CV de Nadia")
    expect(main).to_contain_text("Votre dossier")
    expect(main).not_to_contain_text("Secret")
    assert_accessible(member, "who saw my data (fr)")
    shot(member, "who-saw-my-data-fr")
    member.goto("/en/privacy/who-saw-my-data/")
    expect(member.locator("main")).to_contain_text("Your case record")
    assert_accessible(member, "who saw my data (en)")
    shot(member, "who-saw-my-data-en")

    admin = sign_in(new_context(bypass_csp=False), boss, give_totp(boss))
    admin.goto("/fr/privacy/case-notes-reads/")
    expect(admin.locator("main")).to_contain_text("Nadia Tremblay")
    expect(admin.locator("main")).to_contain_text("Lina Coach")
    expect(admin.locator("main")).not_to_contain_text("Secret")
    assert_accessible(admin, "case notes reads (fr)")
    shot(admin, "case-notes-reads-fr")
    admin.goto("/en/privacy/case-notes-reads/")
    assert_accessible(admin, "case notes reads (en)")
    shot(admin, "case-notes-reads-en")


def test_a_member_hides_from_search_and_a_stranger_no_longer_finds_her(
    new_context, assert_accessible
):
    nadia = UserFactory(email="nadia@example.org", name="Nadia Tremblay")
    Profile.objects.filter(user=nadia).update(basics_visibility=Audience.MEMBERS)
    omar = UserFactory(email="omar@example.org", name="Omar Haddad")

    stranger = sign_in(new_context(bypass_csp=False), omar, lang="en")
    stranger.goto("/en/people/?q=Nadia")
    expect(stranger.locator("main")).to_contain_text("Nadia Tremblay")

    member = sign_in(new_context(bypass_csp=False), nadia)
    member.goto("/fr/profile/privacy/")
    member.locator("[name=hidden_from_search]").check()
    assert_accessible(member, "privacy settings (fr)")
    shot(member, "hide-from-search-fr")
    with member.expect_navigation():
        member.locator("main form button[type=submit]").click()
    assert Profile.objects.get(user=nadia).hidden_from_search
    member.goto("/en/profile/privacy/")
    expect(member.locator("[name=hidden_from_search]")).to_be_checked()
    assert_accessible(member, "privacy settings (en)")
    shot(member, "hide-from-search-en")

    stranger.goto("/en/people/?q=Nadia")
    expect(stranger.locator("main")).not_to_contain_text("Nadia Tremblay")
    assert_accessible(stranger, "people search (en), nobody found")
    shot(stranger, "people-search-without-her-en")
    stranger.goto("/fr/people/?q=Nadia")
    expect(stranger.locator("main")).not_to_contain_text("Nadia Tremblay")
    shot(stranger, "people-search-without-her-fr")
    # Her profile itself stays for those who may see it, marked noindex.
    response = stranger.goto("/en/p/nadia-tremblay/")
    assert response.headers["x-robots-tag"] == "noindex, nofollow"
    expect(stranger.locator("meta[name=robots]")).to_have_attribute("content", "noindex, nofollow")
