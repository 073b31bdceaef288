"""The recruiters around alice (tests/conftest.py's personas and crew):

- rita: recruiter of a VERIFIED employer; victor: administrator of the same
- ursula: recruiter of an UNVERIFIED employer
- oscar: recruiter of alice's own (current) employer, verified
- hugo: recruiter of a verified employer alice chose to hide from

alice is open to work for "my counsellors and recruiters", shows her about section to
recruiters (MARKER) and her skills and languages to members.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.factories import OrganizationFactory, make_member
from tremplin.core.audience import Audience, SectionAudience
from tremplin.organizations.models import OrgKind, Role
from tremplin.profiles.models import Experience, LanguageSkill, OpenToWorkAudience, Skill

MARKER = "Quokkarecrutable"
SKILL = "Kettlebellography"

# Who sees alice's "open to work" and her recruiters-only section.
SEES = {"alice", "dave", "rita", "victor"}
# Who may open the recruiter search at all (and finds alice there).
SEARCHES = {"rita", "victor", "oscar", "hugo"}
FINDS = {"rita", "victor"}
VIEWERS = [
    *("anonymous", "alice", "bob", "carol", "dave", "erin", "frank", "mallory"),
    *("rita", "victor", "ursula", "oscar", "hugo"),
]


def employer(name: str, slug: str, verified: bool = True):
    return OrganizationFactory(kind=OrgKind.EMPLOYER, name=name, slug=slug, verified=verified)


@pytest.fixture
def cast(crew):
    verified = employer("Boulangerie Dupain", "boulangerie-dupain")
    own = employer("Café du Coin", "cafe-du-coin")
    hidden = employer("Banque Nord", "banque-nord")
    crew.rita = make_member(verified, Role.RECRUITER, email="rita@example.org", name="Rita Roux")
    crew.victor = make_member(verified, Role.ADMIN, email="victor@example.org", name="Victor V")
    crew.ursula = make_member(
        employer("Inconnu inc.", "inconnu", verified=False),
        Role.RECRUITER,
        email="ursula@example.org",
    )
    crew.oscar = make_member(own, Role.RECRUITER, email="oscar@example.org", name="Oscar O")
    crew.hugo = make_member(hidden, Role.RECRUITER, email="hugo@example.org", name="Hugo H")
    crew.anonymous = None
    profile = crew.alice.profile
    profile.open_to_work = True
    profile.open_to_work_audience = OpenToWorkAudience.RECRUITERS
    profile.basics_visibility = Audience.PUBLIC
    profile.about = f"Je suis {MARKER}."
    profile.about_visibility = SectionAudience.RECRUITERS
    profile.region = "QC"
    profile.save()
    profile.hidden_from_employers.add(hidden)
    # Her current employer, named in another case than the organisation's.
    Experience.objects.create(
        profile=profile, title="Serveuse", organization_name="CAFÉ DU COIN", start=date(2022, 1, 1)
    )
    Experience.objects.create(
        profile=profile,
        title="Caissière",
        organization_name="Boulangerie Dupain",
        start=date(2019, 1, 1),
        end=date(2021, 1, 1),
    )
    Skill.objects.create(profile=profile, name=SKILL)
    LanguageSkill.objects.create(profile=profile, language="Français", level="native")
    return crew
