from tremplin.organizations.models import Membership, Role


def test_the_dashboard_lists_my_organisations_and_admin_links(personas, as_user):
    Membership.objects.create(organization=personas.agency, user=personas.dave, role=Role.ADMIN)

    page = as_user(personas.dave).get("/fr/").content.decode()

    assert "Mes organisations" in page
    assert "/fr/o/agence-horizon/members/" in page
    assert "/fr/organisations/verification/" in page


def test_a_counsellor_who_is_not_admin_gets_no_admin_links(personas, as_user):
    page = as_user(personas.erin).get("/fr/").content.decode()

    assert "/fr/o/agence-horizon/" in page
    assert "/members/" not in page
    assert "/fr/organisations/verification/" not in page


def test_a_client_has_no_organisation_section(personas, as_user):
    page = as_user(personas.alice).get("/fr/").content.decode()

    assert "Mes organisations" not in page


def test_an_organisation_where_i_have_two_roles_is_listed_once(personas, as_user):
    Membership.objects.create(organization=personas.agency, user=personas.dave, role=Role.ADMIN)

    page = as_user(personas.dave).get("/fr/").content.decode()

    assert page.count('href="/fr/o/agence-horizon/"') == 1
    assert "Administratrice ou administrateur, Conseillère ou conseiller en emploi" in page
