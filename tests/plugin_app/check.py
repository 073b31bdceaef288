"""Run by tests/test_plugin_app.py in a Django of its own (tests.plugin_app.settings):
the notice board, added with its folder and one line, reaches every part of the product
it registered itself into. Prints one line per check; any failure raises."""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.plugin_app.settings")
django.setup()

from django.apps import apps  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.migrations.recorder import MigrationRecorder  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import translation  # noqa: E402

setup_test_environment()
# The notice board's own migration runs, as it would on a live site; the rest of the
# schema is made from Tremplin's models at once (as pytest-django's --no-migrations
# does), where replaying Tremplin's migrations cost 35-45 s of this test.
settings.MIGRATION_MODULES = {
    app.label: None for app in apps.get_app_configs() if app.label != "noticeboard"
}
call_command("migrate", run_syncdb=True, verbosity=0)
assert ("noticeboard", "0001_initial") in MigrationRecorder(connection).applied_migrations()
print("its migration: ok")

from tests.factories import OrganizationFactory, UserFactory, make_case, make_member  # noqa: E402
from tests.plugin_app import services  # noqa: E402
from tests.plugin_app.models import Notice  # noqa: E402
from tremplin.api.services import create_token  # noqa: E402
from tremplin.notifications import kinds  # noqa: E402
from tremplin.notifications.models import Notification  # noqa: E402
from tremplin.organizations.models import Role  # noqa: E402

agency = OrganizationFactory(name="Agence Horizon", slug="agence-horizon")
staff = make_member(agency, Role.COUNSELLOR, email="staff@example.org", name="Dave Staff")
client_user = UserFactory(email="client@example.org", name="Alice Client")
case = make_case(agency, staff, client_user)
notice = services.publish(staff, services.post_notice(staff, agency.pk, "Salon de l'emploi"))


def signed_in(user):
    browser = Client()
    browser.force_login(user)
    return browser


# Its page, and its entry in the menu, in French from its own catalogue.
page = signed_in(client_user).get("/fr/notices/").content.decode()
assert '<ul class="notices"><li>Salon de l&#39;emploi — Agence Horizon</li>' in page, page
assert '<a href="/fr/notices/">Annonces</a>' in page
print("page and menu entry: ok")

# Its router in the API, documented, answering JSON; its refusals through the one table.
schema = Client().get("/api/v1/openapi.json").json()
assert "/api/v1/notices/" in schema["paths"]
token = create_token(client_user, "check", can_write=True)[1]
bearer = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
listed = Client().get("/api/v1/notices/", **bearer).json()
assert [n["title"] for n in listed] == ["Salon de l'emploi"], listed
refused = Client().post(
    "/api/v1/notices/",
    {"agency": agency.pk, "title": "x"},
    content_type="application/json",
    HTTP_ACCEPT_LANGUAGE="en",
    **bearer,
)
assert refused.status_code == 403 and "staff" in refused.json()["detail"], refused.content
print("API router and refusals: ok")

# Its notification kind: raised, rendered in the reader's language, on the preferences page.
row = Notification.objects.get(recipient=staff, kind="notice_published")
with translation.override("fr"):
    assert (
        kinds.sentence(row.kind, "", 0, 1, row.data)
        == "Votre annonce « Salon de l'emploi » est publiée."
    )
prefs = signed_in(client_user).get("/en/notifications/preferences/").content.decode()
assert 'name="notice_published"' in prefs
print("notification kind: ok")

# Its section on the case page, for the client.
case_page = signed_in(client_user).get(f"/en/counselling/cases/{case.pk}/").content.decode()
assert "The agency's notices" in case_page and "Salon de l&#x27;emploi" in case_page
print("case page section: ok")

# Its periodic work, run by the clock.
Notice.objects.update(created="2020-01-01T00:00:00Z")
call_command("run_periodic", "--once", stdout=open(os.devnull, "w"))  # noqa: SIM115
assert Notice.objects.get().status == "archived"
print("periodic work: ok")
