"""Extra personas for counselling: a counsellor of ANOTHER agency (frank) and an admin
of alice's agency (greta), on top of tests/conftest.py's personas (alice is dave's
client at Agence Horizon; erin is another counsellor there)."""

from __future__ import annotations

import pytest

from tests.conftest import client_for
from tests.factories import OrganizationFactory, give_totp, make_member
from tremplin.counselling.models import Case
from tremplin.organizations.models import Role

# Who is who with respect to alice's case with dave.
CASE_VIEWERS = ["alice", "dave", "erin", "frank", "greta", "carol", "mallory", "anonymous"]
# Those who may know the case exists at all.
SEES_CASE = {"alice", "dave", "greta"}


@pytest.fixture
def crew(personas):
    other = OrganizationFactory(name="Emploi Boréal", slug="emploi-boreal")
    personas.other_agency = other
    personas.frank = make_member(
        other, Role.COUNSELLOR, email="frank@example.org", name="Frank Ouellet"
    )
    personas.greta = make_member(
        personas.agency, Role.ADMIN, email="greta@example.org", name="Greta Admin"
    )
    for user in (personas.frank, personas.greta):
        give_totp(user)
    personas.case = Case.objects.get(counsellor=personas.dave, client=personas.alice)
    return personas


@pytest.fixture
def browser_of(crew):
    """A signed-in test client for a persona name (None: anonymous)."""

    def make(name: str):
        return client_for(None if name == "anonymous" else getattr(crew, name))

    return make
