"""Organisation pages, their administration, invitations and employer verification."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext

from tests.accounts.helpers import sign_in
from tests.factories import OrganizationFactory, UserFactory, give_totp, make_member
from tremplin.organizations import queries, services
from tremplin.organizations.models import Invitation, Membership, Organization, OrgKind, Role


@pytest.fixture
def orgs(personas):
    """The personas, plus an agency admin (hana) and an employer run by olga."""
    personas.hana = make_member(personas.agency, Role.ADMIN, email="hana@example.org")
    give_totp(personas.hana)
    personas.employer = OrganizationFactory(
        kind=OrgKind.EMPLOYER, name="Boulangerie Soleil", slug="boulangerie-soleil"
    )
    personas.olga = make_member(personas.employer, Role.ADMIN, email="olga@example.org")
    personas.anonymous = None
    return personas


def invite_link(message) -> str:
    match = re.search(r"https?://\S+?(/(fr|en)/invitations/[\w-]+/)", message.body)
    assert match, message.body
    return match.group(1)


def send_invitation(client, slug, captured, **data):
    with captured(execute=True):
        return client.post(f"/fr/o/{slug}/members/", data)


# ---------------------------------------------------------------- public pages


def test_organisation_pages_are_public(orgs, as_user):
    orgs.agency.description_fr = "Nous aidons les gens à trouver un emploi."
    orgs.agency.save()
    client = as_user(None)
    page = client.get("/fr/o/agence-horizon/")
    assert page.status_code == 200
    assert "Nous aidons les gens" in page.content.decode()
    listing = client.get("/fr/organisations/").content.decode()
    assert "Agence Horizon" in listing and "Boulangerie Soleil" in listing
    only_employers = client.get("/fr/organisations/?kind=employer").content.decode()
    assert "Boulangerie Soleil" in only_employers
    assert "Agence Horizon" not in only_employers
    assert client.get("/fr/organisations/?kind=<script>").status_code == 200
    assert client.get("/fr/o/nowhere/").status_code == 404


def test_the_description_follows_the_readers_language(orgs, as_user):
    orgs.agency.description_fr = "En français."
    orgs.agency.description_en = "In English."
    orgs.agency.save()
    client = as_user(None)
    assert "En français." in client.get("/fr/o/agence-horizon/").content.decode()
    assert "In English." in client.get("/en/o/agence-horizon/").content.decode()


def test_the_api_lists_organisations_to_anyone(orgs, as_user):
    client = as_user(None)
    data = client.get("/api/v1/organizations").json()
    assert {o["slug"] for o in data} == {"agence-horizon", "boulangerie-soleil"}
    employers = client.get("/api/v1/organizations?kind=employer").json()
    assert [o["slug"] for o in employers] == ["boulangerie-soleil"]
    one = client.get("/api/v1/organizations/agence-horizon").json()
    assert one["kind"] == "agency" and one["url"] == "/fr/o/agence-horizon/"
    missing = client.get("/api/v1/organizations/nowhere")
    assert missing.status_code == 404 and missing.json() == {"detail": "Not found."}
    bad_kind = client.get("/api/v1/organizations?kind=bakery")
    assert bad_kind.status_code == 422 and "detail" in bad_kind.json()


# ---------------------------------------------------------------- administration


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("olga", 200),
        ("hana", 403),
        ("carol", 403),
        ("dave", 403),
        ("mallory", 403),
        ("sam", 403),
    ],
)
@pytest.mark.parametrize("page", ["edit", "members"])
def test_only_the_organisations_admins_can_edit_and_invite(orgs, as_user, persona, status, page):
    client = as_user(getattr(orgs, persona))
    assert client.get(f"/fr/o/boulangerie-soleil/{page}/").status_code == status
    posted = client.post(
        f"/fr/o/boulangerie-soleil/{page}/",
        {"name": "Piratée", "slug": "boulangerie-soleil", "email": "x@example.org",
         "role": "recruiter", "language": "fr"},
    )  # fmt: skip
    if status == 403:
        assert posted.status_code == 403
    orgs.employer.refresh_from_db()
    assert orgs.employer.name == (
        "Piratée" if page == "edit" and status == 200 else "Boulangerie Soleil"
    )
    if page == "members" and status == 403:
        assert not Invitation.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in_for_administration(orgs, as_user):
    response = as_user(None).get("/fr/o/boulangerie-soleil/edit/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_member_opens_an_employer_page_and_becomes_its_admin(orgs, as_user):
    client = as_user(orgs.carol)
    data = {"name": "Atelier Carol", "slug": "atelier-carol", "region": "ON", "kind": "agency"}
    response = client.post("/fr/organisations/new/", data)
    assert response.status_code == 302
    org = Organization.objects.get(slug="atelier-carol")
    assert org.kind == OrgKind.EMPLOYER  # the posted "kind" is ignored
    assert not org.verified
    assert org.is_admin(orgs.carol)


def test_a_taken_address_is_refused_and_the_form_keeps_the_text(orgs, as_user):
    data = {"name": "Autre boulangerie", "slug": "boulangerie-soleil", "city": "Sudbury"}
    response = as_user(orgs.carol).post("/fr/organisations/new/", data)
    assert response.status_code == 200
    assert "slug" in response.context["form"].errors
    assert "Autre boulangerie" in response.content.decode()


def test_a_bad_logo_is_refused_with_a_message_and_creates_nothing(orgs, as_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {
        "name": "Atelier",
        "slug": "atelier",
        "logo_upload": SimpleUploadedFile("logo.png", b"not a picture", "image/png"),
    }
    response = as_user(orgs.carol).post("/fr/organisations/new/", data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Organization.objects.filter(slug="atelier").exists()


def test_only_site_administrators_create_agencies(orgs):
    with pytest.raises(Exception) as refused:
        services.create_organization(orgs.carol, OrgKind.AGENCY, name="Fausse", slug="fausse")
    assert refused.type.__name__ == "PermissionDenied"
    org = services.create_organization(orgs.sam, OrgKind.AGENCY, name="Vraie", slug="vraie")
    assert org.is_admin(orgs.sam)


# ---------------------------------------------------------------- invitations


@pytest.mark.parametrize("language", ["fr", "en"])
def test_an_invitation_is_emailed_in_the_chosen_language_with_a_link(
    orgs, as_user, django_capture_on_commit_callbacks, language
):
    response = send_invitation(
        as_user(orgs.hana), "agence-horizon", django_capture_on_commit_callbacks,
        email="Nina@Example.org", role="counsellor", language=language,
    )  # fmt: skip
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nina@example.org"]
    with translation.override(language):
        subject = gettext("Invitation to join %(organization)s on Tremplin") % {
            "organization": "Agence Horizon"
        }
    assert subject in message.subject
    assert invite_link(message).startswith(f"/{language}/invitations/")
    invitation = Invitation.objects.get()
    assert invitation.language == language and invitation.role == Role.COUNSELLOR
    token = invite_link(message).rstrip("/").rsplit("/", 1)[1]
    assert token not in invitation.token_hash  # only the hash is stored


def test_an_employer_cannot_give_the_counsellor_role(
    orgs, as_user, django_capture_on_commit_callbacks
):
    response = send_invitation(
        as_user(orgs.olga), "boulangerie-soleil", django_capture_on_commit_callbacks,
        email="nina@example.org", role="counsellor", language="fr",
    )  # fmt: skip
    assert response.status_code == 200
    assert "role" in response.context["form"].errors
    assert not Invitation.objects.exists() and not mail.outbox
    with pytest.raises(ValidationError):
        services.invite(orgs.employer, orgs.olga, "nina@example.org", Role.COUNSELLOR, "fr")
    with pytest.raises(ValidationError):
        services.invite(orgs.agency, orgs.hana, "nina@example.org", Role.RECRUITER, "fr")


def test_inviting_someone_who_already_has_the_role_is_refused(
    orgs, as_user, django_capture_on_commit_callbacks
):
    response = send_invitation(
        as_user(orgs.hana), "agence-horizon", django_capture_on_commit_callbacks,
        email="DAVE@example.org", role="counsellor", language="fr",
    )  # fmt: skip
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not mail.outbox


@pytest.fixture
def invitation_link(orgs, as_user, django_capture_on_commit_callbacks):
    send_invitation(
        as_user(orgs.hana), "agence-horizon", django_capture_on_commit_callbacks,
        email="nina@example.org", role="counsellor", language="fr",
    )  # fmt: skip
    return invite_link(mail.outbox[0])


def test_accepting_with_another_account_is_refused(orgs, as_user, invitation_link):
    client = as_user(orgs.carol)
    assert client.get(invitation_link).status_code == 200
    response = client.post(invitation_link, follow=True)
    assert response.status_code == 200
    assert not Membership.objects.filter(user=orgs.carol).exists()
    assert Invitation.objects.get().accepted_at is None


def test_accepting_with_the_address_unverified_is_refused(orgs, as_user, invitation_link):
    nina = UserFactory(email="nina@example.org")
    EmailAddress.objects.filter(user=nina).update(verified=False)
    as_user(nina).post(invitation_link)
    assert not Membership.objects.filter(user=nina).exists()


def test_the_invited_verified_address_becomes_a_counsellor_once(orgs, as_user, invitation_link):
    nina = UserFactory(email="nina@example.org")
    client = as_user(nina)
    response = client.post(invitation_link)
    assert response.status_code == 302
    assert response["Location"] == "/fr/o/agence-horizon/"
    membership = Membership.objects.get(user=nina)
    assert (membership.organization, membership.role) == (orgs.agency, Role.COUNSELLOR)
    invitation = Invitation.objects.get()
    assert invitation.accepted_by == nina and invitation.accepted_at is not None

    give_totp(nina)  # a counsellor must turn on MFA before anything else
    sign_in(client, nina)  # ...and this session passes it (as turning it on here would)
    used = client.post(invitation_link)
    assert used.status_code == 404
    assert Membership.objects.filter(user=nina).count() == 1


def test_anonymous_visitors_sign_in_before_accepting(orgs, as_user, invitation_link):
    response = as_user(None).get(invitation_link)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_an_expired_invitation_shows_the_invalid_page(orgs, as_user, invitation_link):
    Invitation.objects.update(expires=timezone.now() - timedelta(minutes=1))
    nina = UserFactory(email="nina@example.org")
    response = as_user(nina).post(invitation_link)
    assert response.status_code == 404
    assert "organizations/invitation_invalid.html" in [t.name for t in response.templates]
    assert not Membership.objects.filter(user=nina).exists()


@pytest.mark.parametrize("token", ["nope", "a" * 43, "%00%27"])
def test_a_made_up_token_shows_the_invalid_page(orgs, as_user, token):
    response = as_user(orgs.carol).get(f"/fr/invitations/{token}/")
    assert response.status_code == 404
    assert "organizations/invitation_invalid.html" in [t.name for t in response.templates]


def test_an_invitation_cannot_be_accepted_twice_by_a_stale_page(orgs, invitation_link):
    """Two tabs open on the same invitation: the second acceptance is refused."""
    nina = UserFactory(email="nina@example.org")
    token = invitation_link.rstrip("/").rsplit("/", 1)[1]
    stale = queries.find_invitation(token)
    services.accept(queries.find_invitation(token), nina)
    with pytest.raises(Exception) as refused:
        services.accept(stale, nina)
    assert refused.type.__name__ == "PermissionDenied"
    assert Invitation.objects.get().accepted_by == nina


# ---------------------------------------------------------------- verification


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("hana", True),
        ("sam", True),
        ("olga", False),
        ("dave", False),
        ("carol", False),
        ("mallory", False),
    ],
)
def test_only_agency_admins_and_staff_verify_employers(orgs, as_user, persona, allowed):
    client = as_user(getattr(orgs, persona))
    assert client.get("/fr/organisations/verification/").status_code == (200 if allowed else 403)
    response = client.post("/fr/o/boulangerie-soleil/verify/", {"verified": "1"})
    assert response.status_code == (302 if allowed else 403)
    orgs.employer.refresh_from_db()
    assert orgs.employer.verified is allowed
    if allowed:
        assert orgs.employer.verified_by == getattr(orgs, persona)
        client.post("/fr/o/boulangerie-soleil/verify/", {"verified": "0"})
        orgs.employer.refresh_from_db()
        assert not orgs.employer.verified and orgs.employer.verified_by is None


def test_verification_needs_a_post_and_a_signed_in_member(orgs, as_user):
    assert as_user(orgs.hana).get("/fr/o/boulangerie-soleil/verify/").status_code == 405
    anonymous = as_user(None).post("/fr/o/boulangerie-soleil/verify/", {"verified": "1"})
    assert anonymous.status_code == 302
    orgs.employer.refresh_from_db()
    assert not orgs.employer.verified


def test_an_agency_is_not_verified_like_an_employer(orgs, as_user):
    response = as_user(orgs.hana).post("/fr/o/agence-horizon/verify/", {"verified": "1"})
    assert response.status_code == 302
    orgs.agency.refresh_from_db()
    assert not orgs.agency.verified
    assert as_user(orgs.hana).post("/fr/o/nowhere/verify/", {"verified": "1"}).status_code == 404


def test_a_counsellor_invitation_made_outside_the_form_is_refused_at_an_employer(orgs, as_user):
    """Even an invitation row written by hand cannot make a counsellor at an employer."""
    from tremplin.api.models import hash_token

    Invitation.objects.create(
        organization=orgs.employer, email="nina@example.org", role=Role.COUNSELLOR,
        language="fr", token_hash=hash_token("handmade"), invited_by=orgs.olga,
        expires=timezone.now() + timedelta(days=1),
    )  # fmt: skip
    nina = UserFactory(email="nina@example.org")
    as_user(nina).post("/fr/invitations/handmade/")
    assert not Membership.objects.filter(user=nina).exists()
    assert Invitation.objects.get().accepted_at is None


def test_a_member_who_may_not_verify_gets_403_whatever_the_organisation(orgs, as_user):
    assert (
        as_user(orgs.carol).post("/fr/o/agence-horizon/verify/", {"verified": "1"}).status_code
        == 403
    )


def test_an_agency_admin_gives_the_contact_address_clients_replies_reach(orgs, as_user):
    client = as_user(orgs.hana)
    assert 'name="contact_email"' in client.get("/fr/o/agence-horizon/edit/").content.decode()
    data = {"name": "Agence Horizon", "slug": "agence-horizon", "region": "ON"}

    response = client.post(
        "/fr/o/agence-horizon/edit/", {**data, "contact_email": "accueil@horizon.example"}
    )

    assert response.status_code == 302
    orgs.agency.refresh_from_db()
    assert orgs.agency.contact_email == "accueil@horizon.example"
    assert (
        "accueil@horizon.example" not in as_user(None).get("/fr/o/agence-horizon/").content.decode()
    )
    refused = client.post("/fr/o/agence-horizon/edit/", {**data, "contact_email": "accueil@"})
    assert refused.status_code == 200 and 'value="accueil@"' in refused.content.decode()


def test_an_employer_has_no_clients_and_no_contact_address_to_give(orgs, as_user):
    page = as_user(orgs.olga).get("/fr/o/boulangerie-soleil/edit/").content.decode()
    assert 'name="contact_email"' not in page
