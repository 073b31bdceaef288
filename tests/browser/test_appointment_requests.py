"""Alice (in English) asks for an appointment in one of dave's free times, by keyboard
only; dave (in French) sees the request on his caseload and his case page and confirms
it in one click; alice then sees it scheduled with its .ics link. Every page passes
axe-core; screenshots go to test-artifacts/.

Selectors use form actions and names, not button texts, so the test survives translation.
"""

from __future__ import annotations

from datetime import datetime, time

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import snap
from tests.browser.test_network import sign_in
from tests.factories import OrganizationFactory, UserFactory, give_totp, make_case, make_member
from tremplin.appointments.models import Appointment
from tremplin.availability.services import Slot, set_week
from tremplin.organizations.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_alice_asks_by_keyboard_and_dave_confirms(new_context, assert_accessible):
    agency = OrganizationFactory(name="Agence Horizon", slug="agence-horizon")
    dave = make_member(agency, Role.COUNSELLOR, email="dave@example.org", name="Dave Côté")
    alice = UserFactory(email="alice@example.org", name="Alice Martin", language="en")
    case = make_case(agency, dave, alice)
    set_week(dave, [Slot(day, time(9), time(12)) for day in range(5)], "America/Toronto")
    secret = give_totp(dave)

    member = sign_in(new_context(bypass_csp=False), alice, lang="en")
    member.goto(f"/en/counselling/cases/{case.pk}/")
    form = member.locator(f"form[action='/en/appointments/cases/{case.pk}/ask/']")
    expect(form).to_contain_text("Toronto time")
    assert_accessible(member, "case page (client, free times)")
    snap(member, "appointment-requests-1-client-free-times-en")
    first = form.locator("input[name=ask-starts_at]").first
    chosen = first.get_attribute("value")
    first.focus()
    member.keyboard.press("Space")
    expect(first).to_be_checked()
    form.locator("input[name=ask-mode][value=video]").focus()
    member.keyboard.press("Space")
    form.locator("[name=ask-message]").focus()
    member.keyboard.type("Prepare my interview at Boréal")
    form.locator("button[type=submit]").focus()
    with member.expect_navigation():
        member.keyboard.press("Enter")
    made = Appointment.objects.get(case=case)
    assert (made.status, made.mode) == ("requested", "video")
    assert made.starts_at == datetime.fromisoformat(chosen or "")
    waiting = member.locator(f"#appointment-{made.pk}")
    expect(waiting).to_contain_text("Prepare my interview at Boréal")
    expect(waiting.locator("a[href$='calendar.ics']")).to_have_count(0)  # no .ics yet
    assert_accessible(member, "case page (client, request waiting)")

    counsellor = sign_in(new_context(bypass_csp=False), dave, secret)
    counsellor.goto("/fr/counselling/caseload/")
    expect(counsellor.locator("table.caseload")).to_contain_text("1 demande en attente")
    expect(counsellor.locator("a[href='/fr/availability/']")).to_be_visible()
    counsellor.goto(f"/fr/counselling/cases/{case.pk}/")
    request = counsellor.locator(f"#appointment-{made.pk}")
    expect(request).to_contain_text("Prepare my interview at Boréal")
    assert_accessible(counsellor, "case page (counsellor, request waiting)")
    snap(counsellor, "appointment-requests-2-counsellor-waiting-fr")
    request.locator(f"[name=confirm{made.pk}-details]").fill("https://meet.example.org/horizon")
    with counsellor.expect_navigation():
        request.locator(f"form[action='/fr/appointments/{made.pk}/confirm/'] button").click()
    made.refresh_from_db()
    assert made.status == "scheduled"

    member.goto(f"/en/counselling/cases/{case.pk}/")
    item = member.locator(f"#appointment-{made.pk}")
    expect(item.locator(f"a[href='/en/appointments/{made.pk}/calendar.ics']")).to_be_visible()
    expect(item.locator("a[href='https://meet.example.org/horizon']")).to_be_visible()
    assert_accessible(member, "case page (client, confirmed)")
    snap(member, "appointment-requests-3-client-scheduled-en")
