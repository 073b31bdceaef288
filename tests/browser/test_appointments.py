"""Dave books a video appointment for alice from the case page; alice sees it on her
case page and downloads the .ics; every page passes axe-core.

Selectors use form actions and names, not button texts, so the test survives translation.
"""

from __future__ import annotations

from datetime import UTC, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.test_network import sign_in
from tests.factories import OrganizationFactory, UserFactory, give_totp, make_case, make_member
from tremplin.appointments.forms import local_input
from tremplin.appointments.models import Appointment
from tremplin.core import ics
from tremplin.organizations.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_dave_books_a_video_appointment_and_alice_downloads_it(new_context, assert_accessible):
    agency = OrganizationFactory(name="Agence Horizon", slug="agence-horizon")
    dave = make_member(agency, Role.COUNSELLOR, email="dave@example.org", name="Dave Côté")
    alice = UserFactory(email="alice@example.org", name="Alice Martin")
    case = make_case(agency, dave, alice)
    secret = give_totp(dave)
    when = local_input((timezone.now() + timedelta(days=5)).replace(minute=0))

    counsellor = sign_in(new_context(bypass_csp=False), dave, secret)
    counsellor.goto(f"/fr/counselling/cases/{case.pk}/")
    assert_accessible(counsellor, "case page (counsellor, no appointment)")
    form = counsellor.locator(f"form[action='/fr/appointments/cases/{case.pk}/book/']")
    form.locator("[name=book-starts_at]").fill(when)
    form.locator("[name=book-duration]").fill("45")
    form.locator("[name=book-mode]").select_option("video")
    form.locator("[name=book-video_url]").fill("http://meet.example.org/horizon")  # refused
    form.locator("[name=book-agenda]").fill("Préparer l'entrevue chez Boréal")
    with counsellor.expect_navigation():
        form.locator("button[type=submit]").click()
    retry = counsellor.locator("main form")
    expect(retry.locator("[name=book-agenda]")).to_have_value("Préparer l'entrevue chez Boréal")
    assert_accessible(counsellor, "booking refused (http link)")
    retry.locator("[name=book-video_url]").fill("https://meet.example.org/horizon")
    with counsellor.expect_navigation():
        retry.locator("button[type=submit]").click()
    made = Appointment.objects.get(case=case)
    assert (made.mode, made.duration) == ("video", 45)
    expect(counsellor.locator(f"#appointment-{made.pk}")).to_contain_text("meet.example.org")
    counsellor.locator(f"#appointment-{made.pk} details.appointment-move summary").click()
    assert_accessible(counsellor, "case page (counsellor, booked, move open)")

    member = sign_in(new_context(bypass_csp=False), alice)
    member.goto(f"/fr/counselling/cases/{case.pk}/")
    item = member.locator(f"#appointment-{made.pk}")
    expect(item).to_contain_text("Préparer l'entrevue chez Boréal")
    expect(item.locator("a[href='https://meet.example.org/horizon']")).to_be_visible()
    assert_accessible(member, "case page (client)")
    with member.expect_download() as download:
        item.locator(f"a[href='/fr/appointments/{made.pk}/calendar.ics']").click()
    assert download.value.suggested_filename == f"appointment-{made.pk}.ics"
    text = Path(download.value.path()).read_bytes().decode("utf-8")
    assert text.startswith("BEGIN:VCALENDAR\r\n")
    props = ics.event_properties(text)
    assert "METHOD:REQUEST" in text
    assert props["UID"].startswith(str(made.uid))
    assert props["LOCATION"] == "https://meet.example.org/horizon"
    assert props["DTSTART"] == made.starts_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
