"""Employers and postings for the search and alert tests.

Postings are written with the ORM and opened through `jobs.services.transition`, the
one path every opening takes (it sends `posting_opened_on_commit`, dispatched once its
transaction commits)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.factories import OrganizationFactory, UserFactory, make_member
from tremplin.jobs.models import Posting, PostingStatus
from tremplin.organizations.models import OrgKind, Role


@pytest.fixture(autouse=True)
def _one_process_channel_layer(settings):
    """Live pushes go through the in-memory layer (with REDIS_URL set, the Redis layer
    refuses a test's hand-made channel: it belongs to no consumer)."""
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}


@pytest.fixture
def employers(crew):
    """victor: admin of a verified employer; ursula: admin of an unverified one."""
    verified = OrganizationFactory(
        kind=OrgKind.EMPLOYER, name="Boulangerie Soleil", slug="boulangerie-soleil", verified=True
    )
    unverified = OrganizationFactory(
        kind=OrgKind.EMPLOYER, name="Douteux inc.", slug="douteux", verified=False
    )
    crew.verified_org = verified
    crew.unverified_org = unverified
    crew.victor = make_member(verified, Role.ADMIN, email="victor@example.org", name="Victor Roy")
    crew.ursula = make_member(
        unverified, Role.ADMIN, email="ursula@example.org", name="Ursula Vance"
    )
    return crew


@pytest.fixture
def make_posting(employers, django_capture_on_commit_callbacks):
    """Create a posting (open by default, through `transition`), running the after-commit
    work (matching, notifications) at once."""

    def make(open_it: bool = True, **fields) -> Posting:
        from tremplin.jobs.services import transition

        values = {
            "organization": employers.verified_org,
            "posted_by": employers.victor,
            "hiring_organization_name": "Boulangerie Soleil",
            "title_fr": "Boulanger ou boulangère",
            "description_fr": "Pain au levain, horaires de nuit.",
            "region": "ON",
            "city": "Ottawa",
            **fields,
        }
        posting = Posting.objects.create(status=PostingStatus.DRAFT, **values)
        if open_it:
            with django_capture_on_commit_callbacks(execute=True):
                transition(posting, PostingStatus.OPEN, by=values.get("posted_by"))
            posting.refresh_from_db()
        return posting

    return make


@pytest.fixture
def seekers(db):
    """Three extra members for fan-out tests."""
    return SimpleNamespace(
        many=[UserFactory(email=f"seeker{i}@example.org", name=f"Seeker {i}") for i in range(3)]
    )
