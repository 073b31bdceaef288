"""Forwarding and tracker tests use `crew` and `browser_of` from tests/conftest.py
(alice is dave's client, all scopes; erin another counsellor of the agency; frank a
counsellor of another agency; greta the agency's admin; bob alice's connection; carol a
stranger) plus:

- `henri`: a second client of dave's (active case, all scopes);
- `employers` (for every test here): victor, admin of a verified employer, and ursula,
  admin of an unverified one;
- `posting`: an open public posting of dave's agency, made directly (the postings
  services are written at the same time by another helper);
- `forwarded`: that posting forwarded by dave to alice and henri.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.utils import timezone

from tests.factories import OrganizationFactory, make_case, make_member
from tremplin.applications import services
from tremplin.jobs.models import Posting
from tremplin.organizations.models import OrgKind, Role

# Every persona of the jobs issue: those who must see nothing of alice's forwards and
# applications, and the two who may.
PERSONAS = [
    "anonymous",
    "alice",
    "bob",
    "carol",
    "dave",
    "erin",
    "frank",
    "greta",
    "mallory",
    "victor",
    "ursula",
]
NOTE = "Ce poste de cariste vous irait bien : horaires de jour."


def make_posting(agency=None, **fields) -> Posting:
    values = {
        "agency": agency,
        "hiring_organization_name": "Transport Boréal",
        "title_fr": "Cariste",
        "title_en": "Forklift operator",
        "description_fr": "Conduite de chariot élévateur.",
        "city": "Sudbury",
        "region": "ON",
        "status": "open",
        "date_posted": timezone.now(),
        **fields,
    }
    return Posting.objects.create(**values)


@pytest.fixture
def henri(crew):
    from tests.factories import UserFactory

    henri = UserFactory(email="henri@example.org", name="Henri Gagnon")
    make_case(crew.agency, crew.dave, henri)
    crew.henri = henri
    return henri


@pytest.fixture(autouse=True)
def employers(crew):
    verified = OrganizationFactory(
        kind=OrgKind.EMPLOYER, name="Transport Boréal", slug="transport-boreal", verified=True
    )
    unverified = OrganizationFactory(
        kind=OrgKind.EMPLOYER, name="Emplois Faciles", slug="emplois-faciles"
    )
    crew.victor = make_member(verified, Role.ADMIN, email="victor@example.org", name="Victor")
    crew.ursula = make_member(unverified, Role.ADMIN, email="ursula@example.org", name="Ursula")
    return SimpleNamespace(verified=verified, unverified=unverified)


@pytest.fixture
def posting(crew):
    return make_posting(crew.agency, posted_by=crew.dave)


@pytest.fixture
def forwarded(crew, henri, posting, employers):
    with_note = services.forward_posting(crew.dave, posting, [crew.alice, henri], NOTE)
    by_client = {f.client_id: f for f in with_note}
    return SimpleNamespace(
        posting=posting, alice=by_client[crew.alice.pk], henri=by_client[henri.pk]
    )


@pytest.fixture
def viewer(crew, employers):
    def get(name: str):
        return None if name == "anonymous" else getattr(crew, name)

    return get


# Applying here, on Tremplin (tests/applications/apply_fixtures.py).
from tests.applications.apply_fixtures import here, sent  # noqa: E402, F401
