"""Issue 5's journey in one browser run: an employer posts a job; a client whose alert
matches it sees it arrive without reloading; her counsellor forwards it to two clients
with a note; she answers "interested" and records that she applied; the counsellor sees
each client's status. axe-core checks every page on the way.

The pieces are tested one by one in test_jobs.py, test_job_alerts.py and
test_applications.py; this test is the whole chain, with the task queue's immediate
backend doing the matching after the employer's request commits.

Selectors use form actions, ids and field names, not button texts (they are translated).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import snap
from tests.browser.test_network import sign_in
from tests.factories import OrganizationFactory, UserFactory, give_totp, make_case, make_member
from tremplin.applications.models import Application, Forward
from tremplin.job_alerts.services import save_search
from tremplin.jobs.models import Posting, PostingStatus
from tremplin.notifications.models import Notification
from tremplin.organizations.models import OrgKind, Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def submit(page, form):
    with page.expect_navigation():
        form.locator("button[type=submit]").first.click()


def test_posted_alerted_forwarded_answered_applied(new_context, assert_accessible):
    employer = OrganizationFactory(
        kind=OrgKind.EMPLOYER, name="Soudures Laurentides", slug="soudures", verified=True
    )
    victor = make_member(employer, Role.ADMIN, email="victor@example.org", name="Victor Roy")
    agency = OrganizationFactory(name="Agence Horizon", slug="agence-horizon")
    dave = make_member(agency, Role.COUNSELLOR, email="dave@example.org", name="Dave Côté")
    alice = UserFactory(email="alice@example.org", name="Alice Martin", language="en")
    henri = UserFactory(email="henri@example.org", name="Henri Gagnon")
    for client in (alice, henri):
        make_case(agency, dave, client)
    dave_secret = give_totp(dave)
    save_search(alice, {"name": "Welding", "q": "welder", "is_alert": True})

    # Alice waits on her alerts page, her socket up.
    client = sign_in(new_context(locale="en-CA"), alice, lang="en")
    client.goto("/en/jobs/alerts/")
    expect(client.locator("body")).to_have_attribute("data-live-state", "up")
    assert_accessible(client, "alerts page")

    # The employer posts a welder's job in both languages and publishes it.
    employer_page = sign_in(new_context(), victor)
    employer_page.goto("/fr/jobs/new/")
    employer_page.fill("#id_title_fr", "Soudeur ou soudeuse MIG")
    employer_page.fill("#id_description_fr", "Soudure MIG en atelier, **quart de jour**.")
    employer_page.fill("#id_title_en", "MIG welder")
    employer_page.fill("#id_description_en", "MIG welding in our shop, day shift.")
    employer_page.fill("#id_city", "Sudbury")
    employer_page.select_option("#id_region", "ON")
    employer_page.fill("#id_salary_min", "27")
    employer_page.check("input[name=apply_method][value=url]")
    employer_page.fill("#id_apply_url", "https://soudures.example.org/emplois")
    until = (timezone.localtime() + dt.timedelta(days=30)).date().isoformat()
    employer_page.fill("#id_valid_through", until)
    with employer_page.expect_navigation():
        employer_page.locator("button[name=action][value=publish]").click()
    posting = Posting.objects.get()
    assert posting.status == PostingStatus.OPEN

    # The alert reached alice at once: a notification row, and her open page says so.
    assert Notification.objects.filter(recipient=alice, kind="job_alert").count() == 1
    expect(client.locator("[data-job-alert-live]")).not_to_be_empty()
    expect(client.locator("[data-notif-badge]")).to_have_text("1")
    snap(client, "jobs-journey-alert-arrived")

    # Dave forwards it to alice and henri with a note, in one action.
    counsellor = sign_in(new_context(bypass_csp=False), dave, dave_secret, lang="en")
    counsellor.goto(f"/en/jobs/{posting.pk}/")
    assert_accessible(counsellor, "posting page (counsellor)")
    counsellor.goto(f"/en/jobs/{posting.pk}/forward/")
    form = counsellor.locator(f"form[action='/en/jobs/{posting.pk}/forward/']")
    form.locator(f"#client-{alice.pk}").check()
    form.locator(f"#client-{henri.pk}").check()
    form.locator("textarea[name=note]").fill("Alice, this one fits your welding ticket.")
    submit(counsellor, form)
    assert Forward.objects.filter(posting=posting).count() == 2
    assert Notification.objects.filter(recipient=alice, kind="job_forwarded").count() == 1

    # Alice answers "interested" and records that she applied.
    forward = Forward.objects.get(client=alice)
    client.goto("/en/applications/")
    item = client.locator(f"#forward-{forward.pk}")
    expect(item).to_contain_text("welding ticket")
    answer = item.locator(f"form[action='/en/applications/forwards/{forward.pk}/respond/']")
    answer.locator("input[value=interested]").check()
    submit(client, answer)
    item = client.locator(f"#forward-{forward.pk}")
    submit(client, item.locator(f"form[action='/en/applications/forwards/{forward.pk}/applied/']"))
    application = Application.objects.get(client=alice)
    assert application.status == "applied"
    assert_accessible(client, "tracker after applying")

    # Dave sees each client's status.
    counsellor.goto(f"/en/jobs/{posting.pk}/forward/")
    alice_row = counsellor.locator(f"#forward-row-{forward.pk}")
    expect(alice_row).to_contain_text("Interested")
    expect(alice_row).to_contain_text("Applied")
    henri_row = counsellor.locator(f"#forward-row-{Forward.objects.get(client=henri).pk}")
    expect(henri_row).to_contain_text("No answer yet")
    assert_accessible(counsellor, "forward statuses")
    snap(counsellor, "jobs-journey-statuses")
