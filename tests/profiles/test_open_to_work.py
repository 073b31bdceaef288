""" "Open to work" has its own audience: counsellors only, counsellors and recruiters of
verified employers, or everyone who can see the profile."""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.translation import gettext

from tests.factories import OrganizationFactory, UserFactory, make_member
from tremplin.core.audience import Audience
from tremplin.organizations.models import OrgKind, Role
from tremplin.profiles.models import OpenToWorkAudience


@pytest.fixture
def cast(personas):
    """The personas plus two recruiters: one at a verified employer, one not."""
    verified = OrganizationFactory(kind=OrgKind.EMPLOYER, name="Boulangerie", verified=True)
    unverified = OrganizationFactory(kind=OrgKind.EMPLOYER, name="Inconnu inc.", verified=False)
    personas.recruiter = make_member(verified, Role.RECRUITER, email="rita@example.org")
    personas.unverified_recruiter = make_member(
        unverified, Role.RECRUITER, email="ursula@example.org"
    )
    personas.verified_admin = make_member(verified, Role.ADMIN, email="victor@example.org")
    personas.anonymous = None
    profile = personas.alice.profile
    profile.open_to_work = True
    profile.basics_visibility = Audience.PUBLIC
    profile.save()
    return personas


EXPECTED = {
    OpenToWorkAudience.COUNSELLORS: {"alice", "dave"},
    OpenToWorkAudience.RECRUITERS: {"alice", "dave", "recruiter", "verified_admin"},
    OpenToWorkAudience.EVERYONE: {
        "alice",
        "dave",
        "recruiter",
        "anonymous",
        "bob",
        "carol",
        "erin",
        "mallory",
        "sam",
        "unverified_recruiter",
        "verified_admin",
    },
}
VIEWERS = sorted(EXPECTED[OpenToWorkAudience.EVERYONE])


def badge_text() -> str:
    with translation.override("fr"):
        return gettext("Open to work")


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("audience", OpenToWorkAudience.values)
def test_open_to_work_shows_only_to_its_audience(cast, as_user, audience, viewer):
    profile = cast.alice.profile
    profile.open_to_work_audience = audience
    profile.save()
    expected = viewer in EXPECTED[audience]
    client = as_user(getattr(cast, viewer))

    data = client.get("/api/v1/profiles/alice-martin").json()
    assert data["open_to_work"] is expected
    page = client.get("/fr/p/alice-martin/").content.decode()
    assert (f'<p class="badge">{badge_text()}</p>' in page) is expected


def test_a_recruiter_loses_sight_of_it_when_the_employer_is_unverified(cast, as_user):
    profile = cast.alice.profile
    profile.open_to_work_audience = OpenToWorkAudience.RECRUITERS
    profile.save()
    client = as_user(cast.recruiter)
    assert client.get("/api/v1/profiles/alice-martin").json()["open_to_work"] is True
    employer = cast.recruiter.memberships.get().organization
    employer.verified = False
    employer.save()
    assert client.get("/api/v1/profiles/alice-martin").json()["open_to_work"] is False


def test_nobody_sees_open_to_work_when_she_is_not_looking(cast, as_user):
    profile = cast.alice.profile
    profile.open_to_work = False
    profile.open_to_work_audience = OpenToWorkAudience.EVERYONE
    profile.save()
    for viewer in (cast.dave, cast.recruiter, cast.carol, None):
        assert as_user(viewer).get("/api/v1/profiles/alice-martin").json()["open_to_work"] is False


def test_open_to_work_stays_inside_the_basics_audience(cast, as_user):
    """Even "everyone" cannot show the badge to someone who may not see her at all."""
    profile = cast.alice.profile
    profile.open_to_work_audience = OpenToWorkAudience.EVERYONE
    profile.basics_visibility = Audience.CONNECTIONS
    profile.save()
    assert profile.open_to_work_visible_to(cast.carol) is False
    assert profile.open_to_work_visible_to(cast.bob) is True
    stranger = UserFactory()
    assert as_user(stranger).get("/api/v1/profiles/alice-martin").status_code == 404
