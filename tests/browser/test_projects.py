"""The projects journey: Alice creates a project (in French), Bob finds it in the search
by skill and applies (in English), Alice accepts him; a task moves across the board, to
do → doing → done, with the keyboard only; Bob shares a document from his vault, Alice
opens it, Bob stops sharing it and Alice can no longer open it. axe-core finds nothing
on each page, in both languages; screenshots go to /tmp/shots17/projects/.

Selectors use form actions and field names, not button texts (they are translated)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from tests.browser.test_network import sign_in
from tests.factories import UserFactory
from tremplin.projects.models import Project, Task
from tremplin.vault import services as vault

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots17/projects")


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_find_a_collaborator_move_a_task_and_share_then_revoke_a_file(
    new_context, assert_accessible
):
    alice = UserFactory(email="alice@example.org", name="Alice Martin")
    bob = UserFactory(email="bob@example.org", name="Bob Roy", language="en")
    upload = SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    document = vault.upload_document(bob, upload, title="Garden plan")

    # Alice creates a public project, in French.
    lead = sign_in(new_context(bypass_csp=False), alice)
    lead.goto("/fr/projects/new/")
    assert_accessible(lead, "nouveau projet")
    form = lead.locator("main form.project-form")
    form.locator("[name=title_fr]").fill("Jardin communautaire")
    form.locator("[name=description_fr]").fill("Un jardin partagé derrière la bibliothèque.")
    form.locator("[name=kind]").select_option("volunteer")
    form.locator("[name=skills]").fill("jardinage, menuiserie")
    form.locator("[name=region]").select_option("ON")
    form.locator("[name=hours_per_week]").fill("3")
    form.locator("[name=visibility][value=public]").check()
    with lead.expect_navigation():
        form.locator("button[type=submit]").click()
    project = Project.objects.get(title_fr="Jardin communautaire")
    expect(lead.locator("main h1")).to_have_text("Jardin communautaire")
    assert_accessible(lead, "page du projet (responsable)")

    # Bob finds it by skill and applies, in English.
    member = sign_in(new_context(bypass_csp=False), bob, lang="en")
    member.goto("/en/projects/")
    member.locator("[name=skill]").fill("menuiserie")
    with member.expect_navigation():
        member.locator("form.project-search button[type=submit]").click()
    expect(member.locator("#results")).to_contain_text("Jardin communautaire")
    assert_accessible(member, "search with a skill")
    shot(member, "search-en")
    with member.expect_navigation():
        member.locator(f"#results a[href='/en/projects/{project.pk}/']").click()
    apply = member.locator(f"form[action='/en/projects/{project.pk}/apply/']")
    apply.locator("[name=message]").fill("I build raised beds.")
    with member.expect_navigation():
        apply.locator("button[type=submit]").click()
    assert_accessible(member, "project page (applied)")

    # Alice accepts him.
    lead.goto(f"/fr/projects/{project.pk}/")
    expect(lead.locator("main")).to_contain_text("I build raised beds.")
    shot(lead, "application-fr")
    decide = lead.locator("form[action*='/decide/']")
    with lead.expect_navigation():
        decide.locator("button[value=accept]").click()
    expect(lead.locator(".member-list")).to_contain_text("Bob Roy")

    # A task, then across the board with the keyboard only (Tab and Enter).
    lead.goto(f"/fr/projects/{project.pk}/board/")
    new = lead.locator(f"form[action='/fr/projects/{project.pk}/tasks/new/']")
    new.locator("[name=title]").fill("Construire les bacs")
    new.locator("[name=assignee]").select_option(str(bob.pk))
    with lead.expect_navigation():
        new.locator("button[type=submit]").click()
    task = Task.objects.get(project=project)
    member.goto(f"/en/projects/{project.pk}/board/")
    assert_accessible(member, "board (to do)")
    card = member.locator(f"#task-{task.pk}")
    card.locator("button").first.focus()  # "Move … to Doing": the first target of "to do"
    member.keyboard.press("Enter")
    expect(member.locator(f"#col-doing ~ ul #task-{task.pk}")).to_be_visible()
    moved = member.locator(f"#task-{task.pk} button").first
    expect(moved).to_be_focused()  # the card's first button keeps the keyboard's place
    member.keyboard.press("Tab")
    expect(member.locator(f"#task-{task.pk} button").nth(1)).to_be_focused()  # "Move … to Done"
    member.keyboard.press("Enter")
    expect(member.locator(f"#col-done ~ ul #task-{task.pk}")).to_be_visible()
    task.refresh_from_db()
    assert task.column == "done"
    assert_accessible(member, "board (done)")
    shot(member, "board-en")
    lead.goto(f"/fr/projects/{project.pk}/board/")
    assert_accessible(lead, "tableau (fait)")
    shot(lead, "board-fr")

    # Bob shares his document; Alice opens it; Bob stops; Alice can no longer open it.
    member.goto(f"/en/projects/{project.pk}/files/")
    share = member.locator("main form:has([name=document])")
    share.locator("[name=document]").select_option(str(document.pk))
    with member.expect_navigation():
        share.locator("button[type=submit]").click()
    assert_accessible(member, "files (one shared)")
    shot(member, "files-en")
    lead.goto(f"/fr/projects/{project.pk}/files/")
    with lead.expect_navigation():
        lead.locator(f"main a[href='/fr/documents/{document.pk}/']").click()
    expect(lead.locator("main h1")).to_contain_text("Garden plan")
    assert_accessible(lead, "document partagé par le projet")
    with member.expect_navigation():
        member.locator("form[action*='/revoke/'] button").click()
    response = lead.goto(f"/fr/documents/{document.pk}/")
    assert response is not None and response.status == 404
    lead.goto(f"/fr/projects/{project.pk}/activity/")
    expect(lead.locator("main")).to_contain_text("Bob Roy a cessé de partager le document")
    assert_accessible(lead, "activité")
    shot(lead, "activity-fr")
