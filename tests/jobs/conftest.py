"""Postings tests use `crew` and `browser_of` from tests/conftest.py (alice is dave's
client at crew.agency; erin another counsellor there; frank a counsellor of another
agency; greta the agency's admin; bob alice's connection; carol a stranger; mallory a
moderator) plus:

- `jobs`: victor, admin of a verified employer (`jobs.verified`); ursula, admin of an
  unverified one (`jobs.unverified`);
- `data()`: a complete, valid posting as services take it (French version);
- `board`: one posting in each situation the visibility tests walk.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.test import Client
from django.utils import timezone

from tests.accounts.helpers import sign_in
from tests.factories import OrganizationFactory, make_member
from tremplin.jobs import services
from tremplin.jobs.models import Posting, PostingStatus
from tremplin.organizations.models import OrgKind, Role

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


def posting_data(**overrides) -> dict:
    data = {
        "title_fr": "Boulanger ou boulangère",
        "description_fr": "Pain au levain, **horaires de nuit**.",
        "employment_type": "FULL_TIME",
        "workplace": "on_site",
        "city": "Ottawa",
        "region": "ON",
        "salary_min": "22.50",
        "salary_max": "28",
        "salary_unit": "HOUR",
        "apply_method": "url",
        "apply_url": "https://boulangerie.example.org/emplois",
        "valid_through": timezone.now() + dt.timedelta(days=30),
        "requires_french": True,
    }
    data.update(overrides)
    return data


@pytest.fixture
def data():
    return posting_data


@pytest.fixture
def jobs(crew):
    verified = OrganizationFactory(
        kind=OrgKind.EMPLOYER,
        name="Boulangerie Soleil",
        slug="boulangerie-soleil",
        verified=True,
        website="https://boulangerie.example.org",
    )
    unverified = OrganizationFactory(
        kind=OrgKind.EMPLOYER, name="Emplois Faciles", slug="emplois-faciles", region="ON"
    )
    crew.verified = verified
    crew.unverified = unverified
    crew.victor = make_member(verified, Role.ADMIN, email="victor@example.org", name="Victor Roy")
    crew.ursula = make_member(
        unverified, Role.ADMIN, email="ursula@example.org", name="Ursula Vance"
    )
    return crew


@pytest.fixture
def browser(jobs):
    def make(name: str) -> Client:
        client = Client()
        if name != "anonymous":
            sign_in(client, getattr(jobs, name))
        return client

    return make


def viewer(jobs, name: str):
    return None if name == "anonymous" else getattr(jobs, name)


@pytest.fixture
def board(jobs, django_capture_on_commit_callbacks):
    """One posting per situation (all through the services)."""
    with django_capture_on_commit_callbacks(execute=True):
        public = services.create_posting(
            jobs.victor, posting_data(title_fr="Public ouvert"), publish=True
        )
        members = services.create_posting(
            jobs.victor,
            posting_data(title_fr="Membres seulement", audience="members"),
            publish=True,
        )
        agency = services.create_posting(
            jobs.dave,
            posting_data(
                title_fr="Agence seulement",
                audience="agency",
                hiring_organization_name="Transport Boréal",
            ),
            agency=jobs.agency,
            publish=True,
        )
        draft = services.create_posting(jobs.victor, posting_data(title_fr="Brouillon"))
        review = services.create_posting(
            jobs.ursula, posting_data(title_fr="En révision"), publish=True
        )
        rejected = services.create_posting(
            jobs.ursula, posting_data(title_fr="Refusée"), publish=True
        )
        services.reject(jobs.greta, rejected, "Pas assez de détails.")
        removed = services.create_posting(
            jobs.victor, posting_data(title_fr="Retirée"), publish=True
        )
        services.report(jobs.carol, removed, "scam")
        services.remove(jobs.mallory, removed, "Arnaque")
        closed = services.create_posting(jobs.victor, posting_data(title_fr="Fermée"), publish=True)
        services.close(jobs.victor, closed)
    found = SimpleNamespace(
        public=public,
        members=members,
        agency=agency,
        draft=draft,
        review=review,
        rejected=rejected,
        removed=removed,
        closed=closed,
    )
    for posting in vars(found).values():
        posting.refresh_from_db()
    assert found.public.status == PostingStatus.OPEN
    assert found.review.status == PostingStatus.REVIEW
    assert found.rejected.status == PostingStatus.REJECTED
    assert found.removed.status == PostingStatus.REMOVED
    assert found.closed.status == PostingStatus.CLOSED
    assert found.draft.status == PostingStatus.DRAFT
    return found


# Who sees each posting of the board (the rest get a 404).
SEES = {
    "public": set(PERSONAS),
    "members": set(PERSONAS) - {"anonymous"},
    "agency": {"alice", "dave", "erin", "greta"},
    "draft": {"victor"},
    "review": {"ursula", "greta"},
    "rejected": {"ursula"},
    "removed": {"victor"},
    "closed": set(PERSONAS),
}


def all_postings() -> list[Posting]:
    return list(Posting.objects.all())
