"""The person picker with the keyboard only: Alice types part of a name on the new
message page, moves down the suggestions (her connection Zoé first), chooses Yves with
Enter, adds Zoé, removes her chip with the keyboard and sends the message to Yves.
axe-core finds nothing with the listbox open, in French and in English; screenshots go
to test-artifacts/picker-*.png."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import snap
from tests.browser.test_network import sign_in
from tests.factories import UserFactory
from tremplin.messaging.models import Conversation
from tremplin.network.services import connect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_choose_people_by_name_with_the_keyboard(new_context, assert_accessible):
    alice = UserFactory(email="alice@example.org", name="Alice Martin")
    zoe = UserFactory(email="zoe@example.org", name="Zoé Leblanc")
    yves = UserFactory(email="yves@example.org", name="Yves Leblanc")
    connect(alice, zoe)

    page = sign_in(new_context(bypass_csp=False), alice)
    page.goto("/fr/messages/new/")
    box = page.locator("#id_to")
    listbox = page.locator("#id_to_listbox")
    expect(box).to_have_attribute("role", "combobox")
    expect(box).to_have_attribute("aria-expanded", "false")
    box.focus()
    page.keyboard.type("leb")
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    options = listbox.locator("[role=option]")
    expect(options).to_have_count(2)
    expect(options.first).to_contain_text("Zoé Leblanc")  # her connection first
    expect(page.locator("#id_to_status")).to_contain_text("2 suggestions")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", "id_to_listbox-1")
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    assert_accessible(page, "nouveau message, suggestions ouvertes")
    snap(page, "picker-open-fr")
    page.keyboard.press("Enter")
    chips = page.locator("#id_to_chosen .chip")
    expect(chips).to_have_count(1)
    expect(chips.first).to_contain_text("Yves Leblanc")
    expect(listbox).to_be_hidden()
    expect(box).to_have_value("")
    expect(box).to_be_focused()

    page.keyboard.type("zo")
    expect(options).to_have_count(1)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(chips).to_have_count(2)
    snap(page, "picker-chips-fr")
    assert_accessible(page, "nouveau message, deux personnes choisies")
    # Back from the text box to Zoé's remove button (the last chip's), then Enter.
    page.keyboard.press("Shift+Tab")
    expect(page.locator("#id_to_chosen .chip-remove").last).to_be_focused()
    page.keyboard.press("Enter")
    expect(chips).to_have_count(1)
    expect(chips.first).to_contain_text("Yves Leblanc")
    expect(box).to_be_focused()
    expect(page.locator("#id_to_status")).to_contain_text("Zoé Leblanc")

    page.locator("[name=body]").fill("Bonjour Yves, une question sur ton métier.")
    with page.expect_navigation():
        page.locator("#new-conversation button[type=submit]").click()
    conversation = Conversation.objects.get()
    people = set(conversation.participants.values_list("user_id", flat=True))
    assert people == {alice.pk, yves.pk}

    english = sign_in(new_context(bypass_csp=False), alice, lang="en")
    english.goto("/en/messages/new/")
    english.locator("#id_to").focus()
    english.keyboard.type("yves")
    expect(english.locator("#id_to_listbox [role=option]")).to_have_count(1)
    english.keyboard.press("ArrowDown")
    assert_accessible(english, "new message, suggestions open")
    snap(english, "picker-open-en")
    english.keyboard.press("Escape")
    expect(english.locator("#id_to_listbox")).to_be_hidden()
    expect(english.locator("#id_to")).to_have_attribute("aria-expanded", "false")

    # Without JavaScript: the name typed, then the person among the candidates.
    plain = sign_in(new_context(java_script_enabled=False), alice)
    plain.goto("/fr/messages/new/")
    plain.locator("#id_to").fill("Leblanc")
    plain.locator("[name=body]").fill("Bonjour Zoé.")
    with plain.expect_navigation():
        plain.locator("#new-conversation button[type=submit]").click()
    expect(plain.locator("#id_to")).to_have_value("Leblanc")
    expect(plain.locator("input[name=to_pick]")).to_have_count(2)
    snap(plain, "picker-candidates-fr")
    plain.locator("input[name=to_pick]").first.check()
    with plain.expect_navigation():
        plain.locator("#new-conversation button[type=submit]").click()
    assert Conversation.objects.filter(participants__user=zoe).exists()
