"""The world of the resource-library tests: three communities (public, private,
secret), an agency, the personas of the issue (anonymous, stranger, member, pending,
banned, community moderator, site moderator, agency staff) and, in each library, one
published resource and one suggestion. Built through the ORM (the members part's
services are merged later), the resources through `services.resources`."""

from __future__ import annotations

from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import OrganizationFactory, UserFactory, give_totp, make_member
from tremplin.communities.models import Community, Membership, MembershipStatus, Role, Visibility
from tremplin.communities.services import resources as services
from tremplin.organizations.models import Role as OrgRole

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def pdf(name: str = "guide.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def community(slug: str, visibility: str, **kwargs) -> Community:
    return Community.objects.create(
        slug=slug, name_fr=f"Communauté {slug}", name_en=f"Community {slug}",
        visibility=visibility, **kwargs,
    )  # fmt: skip


def join(place: Community, user, status=MembershipStatus.ACTIVE, role=Role.MEMBER) -> Membership:
    return Membership.objects.create(community=place, user=user, status=status, role=role)


def build() -> SimpleNamespace:
    w = SimpleNamespace()
    w.owner = UserFactory(email="owner@example.org", name="Olivia Owner")
    w.member = UserFactory(email="member@example.org", name="Maxime Member")
    w.pending = UserFactory(email="pending@example.org", name="Paula Pending")
    w.banned = UserFactory(email="banned@example.org", name="Bruno Banned")
    w.stranger = UserFactory(email="stranger@example.org", name="Sacha Stranger")
    w.site_moderator = UserFactory(email="sitemod@example.org", name="Sid Mod", is_moderator=True)
    give_totp(w.site_moderator)
    w.agency = OrganizationFactory(name="Emploi Horizon", slug="emploi-horizon")
    w.staff = make_member(
        w.agency, OrgRole.COUNSELLOR, email="staff@example.org", name="Stan Staff"
    )
    give_totp(w.staff)
    w.places = {}
    w.published = {}
    w.suggested = {}
    for visibility in (Visibility.PUBLIC, Visibility.PRIVATE, Visibility.SECRET):
        place = community(f"c-{visibility}", visibility)
        join(place, w.owner, role=Role.OWNER)
        join(place, w.member)
        join(place, w.pending, MembershipStatus.PENDING)
        join(place, w.banned, MembershipStatus.BANNED)
        w.places[visibility] = place
        w.published[visibility] = services.add(
            w.owner, place,
            {"kind": "document", "title": f"Guide CV {visibility}", "tags": "cv"},
            upload=pdf(),
        )  # fmt: skip
        w.suggested[visibility] = services.add(
            w.member, place,
            {"kind": "guide", "title": f"Entrevue {visibility}", "body": "**Préparez**"},
        )  # fmt: skip
    w.agency_public = services.add(
        w.staff, w.agency,
        {"kind": "guide", "title": "Bourses", "body": "Texte", "audience": "public"},
    )  # fmt: skip
    w.agency_members = services.add(
        w.staff, w.agency,
        {"kind": "guide", "title": "Ateliers", "body": "Texte", "audience": "members"},
    )  # fmt: skip
    w.agency_suggested = services.add(
        w.member, w.agency, {"kind": "guide", "title": "Idée", "body": "Texte"}
    )
    return w
