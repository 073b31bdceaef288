"""What the resource-library pages and API lists cost in queries, measured as in
test_query_budgets.py: each (path, persona) once with 2 resources of every kind in the
library (bookmarked and voted on by the member), once with 6; the counts must be equal
and within the page budget. (Its own module, built per test with the ORM and the
services, until the lead folds the rows into tests/budgets/world.py.)"""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from tests.accounts.helpers import sign_in
from tests.budgets.measure import grown, measure
from tests.communities.resources_world import community, join, pdf
from tests.factories import UserFactory
from tremplin.communities.models import Role, Visibility
from tremplin.communities.services import resources as services
from tremplin.vault import services as vault

pytestmark = pytest.mark.django_db

PAGE = 20

PATHS = [
    ("/fr/communities/resources/community/{slug}/", ("anonymous", "member", "owner")),
    ("/fr/communities/resources/community/{slug}/?state=suggested", ("owner",)),
    ("/fr/communities/resources/community/{slug}/?q=guide&tag=cv", ("member",)),
    ("/fr/communities/resources/saved/", ("member",)),
    ("/fr/communities/resources/{first}/", ("anonymous", "member", "owner")),
    ("/api/v1/communities/resources/community/{slug}?tag=cv", ("anonymous", "member")),
    ("/api/v1/communities/resources/saved", ("member",)),
]


def grow(w, count: int) -> None:
    for n in range(count):
        for kind, extra in (
            ("link", {"url": f"https://guichet.example/{n}"}),
            ("guide", {"body": "**b**"}),
            ("document", {}),
        ):
            data = {"kind": kind, "title": f"Guide {kind} {n}", "tags": "cv", **extra}
            upload = pdf() if kind == "document" else None
            resource = services.add(w.owner, w.place, data, upload=upload)
            services.bookmark(w.member, resource, True)
            services.vote(w.member, resource, True)
            services.add(
                w.member, w.place, {**data, "title": f"Idée {n}"}, upload=pdf() if upload else None
            )
            w.first = w.first or resource
        shared = vault.upload_document(w.owner, pdf(), title=f"CV {n}")
        services.add(
            w.owner, w.place, {"kind": "document", "title": f"CV {n}", "vault_document": shared.pk}
        )


@override_settings(COMMUNITIES_NEW_ACCOUNT_DAYS=0)  # weeks-old people: no new-account limits
def test_resource_pages_cost_a_fixed_number_of_queries():
    class W:
        first = None

    w = W()
    w.owner = UserFactory(email="owner@example.org", name="Olivia Owner")
    w.member = UserFactory(email="member@example.org", name="Maxime Member")
    w.place = community("sante", Visibility.PUBLIC)
    join(w.place, w.owner, role=Role.OWNER)
    join(w.place, w.member)
    clients = {"anonymous": Client(), "member": sign_in(Client(), w.member),
               "owner": sign_in(Client(), w.owner)}  # fmt: skip
    rows = [(path, persona) for path, personas in PATHS for persona in personas]
    grow(w, 2)
    paths = {path: path.format(slug=w.place.slug, first=w.first.pk) for path, _p in rows}
    before = {(p, who): measure(clients[who], paths[p]) for p, who in rows}
    grow(w, 4)
    for row in rows:
        at_2, at_6 = before[row], measure(clients[row[1]], paths[row[0]])
        assert at_2.status == at_6.status == 200, row
        assert at_2.count == at_6.count, (row, grown(at_2, at_6))
        assert at_6.count <= PAGE, (row, at_6.count)
