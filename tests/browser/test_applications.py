"""Issue 5, section 5, in one browser run: a counsellor forwards a posting to two clients
with a note (filtering his caseload as he types); one client opens it, answers
"interested" and records that she applied; the counsellor sees each client's status.
axe-core checks every page of ours.

Selectors use form actions, ids and field names, not button texts (they are translated).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.applications.conftest import NOTE, make_posting
from tests.browser.conftest import snap
from tests.browser.test_network import sign_in
from tests.factories import OrganizationFactory, UserFactory, give_totp, make_case, make_member
from tremplin.applications.models import Application, Forward
from tremplin.notifications.models import Notification
from tremplin.organizations.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def submit(page, form):
    with page.expect_navigation():
        form.locator("button[type=submit]").first.click()


def test_a_counsellor_forwards_a_posting_and_follows_the_answers(new_context, assert_accessible):
    agency = OrganizationFactory(name="Agence Horizon", slug="agence-horizon")
    dave = make_member(agency, Role.COUNSELLOR, email="dave@example.org", name="Dave Côté")
    alice = UserFactory(email="alice@example.org", name="Alice Martin")
    henri = UserFactory(email="henri@example.org", name="Henri Gagnon")
    carol = UserFactory(email="carol@example.org", name="Carol Singh")
    for client in (alice, henri):
        make_case(agency, dave, client)
    secret = give_totp(dave)
    posting = make_posting(agency, posted_by=dave)

    # Dave opens the forward page; typing a name narrows the list without reloading.
    counsellor = sign_in(new_context(bypass_csp=False), dave, secret, lang="en")
    counsellor.goto(f"/en/jobs/{posting.pk}/forward/")
    expect(counsellor.locator(f"#client-{carol.pk}")).to_have_count(0)
    counsellor.fill("#client-filter input[name=q]", "henr")
    expect(counsellor.locator(f"#client-{alice.pk}")).to_be_hidden()
    expect(counsellor.locator(f"#client-{henri.pk}")).to_be_visible()
    counsellor.fill("#client-filter input[name=q]", "")
    expect(counsellor.locator(f"#client-{alice.pk}")).to_be_visible()
    assert_accessible(counsellor, "forward page")

    form = counsellor.locator(f"form[action='/en/jobs/{posting.pk}/forward/']")
    form.locator(f"#client-{alice.pk}").check()
    form.locator(f"#client-{henri.pk}").check()
    form.locator("textarea[name=note]").fill(NOTE)
    submit(counsellor, form)
    assert set(Forward.objects.values_list("client__email", flat=True)) == {
        "alice@example.org",
        "henri@example.org",
    }
    assert Notification.objects.filter(kind="job_forwarded").count() == 2
    table = counsellor.locator("table.forward-status")
    expect(table).to_contain_text("Alice Martin")
    expect(table).to_contain_text("Henri Gagnon")
    expect(counsellor.locator(f"#client-{alice.pk}")).to_have_count(0)  # already sent
    snap(counsellor, "applications-forward-sent")

    # Alice reads it in "Jobs from my counsellor", opens the posting, answers, applies.
    forward = Forward.objects.get(client=alice)
    client = sign_in(new_context(bypass_csp=False), alice, lang="en")
    client.goto("/en/applications/")
    item = client.locator(f"#forward-{forward.pk}")
    expect(item).to_contain_text("Ce poste de cariste")
    assert_accessible(client, "tracker with a forward")
    # The link is a GET that records nothing; the posting page POSTs the opening.
    opened = f"/en/applications/forwards/{forward.pk}/opened/"
    with (
        client.expect_response(lambda r: r.url.endswith(opened) and r.status == 204),
        client.expect_navigation(),
    ):
        item.locator(f"a[href='/en/applications/forwards/{forward.pk}/']").click()
    assert client.url.endswith(f"/en/jobs/{posting.pk}/")
    forward.refresh_from_db()
    assert forward.opened_at is not None

    client.goto("/en/applications/")
    item = client.locator(f"#forward-{forward.pk}")
    answer = item.locator(f"form[action='/en/applications/forwards/{forward.pk}/respond/']")
    answer.locator("input[value=interested]").check()
    submit(client, answer)
    item = client.locator(f"#forward-{forward.pk}")
    submit(client, item.locator(f"form[action='/en/applications/forwards/{forward.pk}/applied/']"))
    application = Application.objects.get(client=alice)
    assert (application.status, application.forward_id) == ("applied", forward.pk)
    expect(client.locator(f"#application-{application.pk}")).to_contain_text("Applied")
    assert_accessible(client, "tracker after applying")
    snap(client, "applications-tracker")

    client.goto(f"/en/applications/{application.pk}/")
    assert_accessible(client, "one application")

    # Dave sees where each client is: alice opened, interested and applied; henri not yet.
    counsellor.goto(f"/en/jobs/{posting.pk}/forward/")
    alice_row = counsellor.locator(f"#forward-row-{forward.pk}")
    expect(alice_row).to_contain_text("Interested")
    expect(alice_row).to_contain_text("Yes")
    expect(alice_row).to_contain_text("Applied")
    henri_row = counsellor.locator(f"#forward-row-{Forward.objects.get(client=henri).pk}")
    expect(henri_row).to_contain_text("Not yet")
    expect(henri_row).to_contain_text("No answer yet")
    assert_accessible(counsellor, "forward page with statuses")
    snap(counsellor, "applications-statuses")
