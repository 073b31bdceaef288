"""The pages and the API of resource libraries, as members use them: the forms keep
what was typed and say what is wrong in the reader's language, the buttons act and
come back, and the API answers 4xx with a JSON error, never a 500."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.accounts.helpers import sign_in
from tests.communities.resources_world import community, join, pdf
from tests.factories import UserFactory
from tremplin.communities import tabs
from tremplin.communities.models import Resource, ResourceState, Role, Visibility
from tremplin.communities.services import resources as services

pytestmark = pytest.mark.django_db

API = "/api/v1/communities/resources"


@pytest.fixture
def w():
    class W:
        pass

    w = W()
    w.owner = UserFactory(email="owner@example.org", name="Olivia Owner", language="en")
    w.member = UserFactory(email="member@example.org", name="Maxime Member")
    w.place = community("sante", Visibility.PUBLIC)
    join(w.place, w.owner, role=Role.OWNER)
    join(w.place, w.member)
    w.as_member = sign_in(Client(), w.member)
    w.as_owner = sign_in(Client(), w.owner)
    return w


def test_a_member_suggests_a_guide_through_the_form_in_french(w):
    url = f"/fr/communities/resources/community/{w.place.slug}/new/"
    page = w.as_member.get(url)
    assert page.status_code == 200
    assert "Suggérer une ressource" in page.content.decode()
    empty = w.as_member.post(url, {"kind": "guide", "title": "Préparer une entrevue"})
    assert empty.status_code == 400
    text = empty.content.decode()
    assert "Préparer une entrevue" in text  # kept
    assert "Rédigez le guide." in text
    done = w.as_member.post(
        url,
        {"kind": "guide", "title": "Préparer une entrevue", "body": "**Respirez**",
         "tags": "entrevue", "language": "fr"},
    )  # fmt: skip
    resource = Resource.objects.get()
    assert done.status_code == 302 and done["Location"].endswith(f"/{resource.pk}/")
    assert resource.state == ResourceState.SUGGESTED
    shown = w.as_member.get(done["Location"]).content.decode()
    assert "<strong>Respirez</strong>" in shown
    assert "attend un modérateur" in shown


def test_the_pii_guard_warns_before_publishing_and_keeps_the_text(w):
    url = f"/en/communities/resources/community/{w.place.slug}/new/"
    data = {"kind": "guide", "title": "Call me", "body": "My phone: 416-555-0199", "language": "en"}
    warned = w.as_owner.post(url, data)
    assert warned.status_code == 400 and "416-555-0199" in warned.content.decode()
    assert "seems to contain" in warned.content.decode()
    assert w.as_owner.post(url, {**data, "confirm_pii": "on"}).status_code == 302


def test_a_document_upload_through_the_form_and_its_download(w):
    url = f"/en/communities/resources/community/{w.place.slug}/new/"
    done = w.as_owner.post(
        url, {"kind": "document", "title": "CV model", "language": "en", "file": pdf("cv.pdf")}
    )
    assert done.status_code == 302
    resource = Resource.objects.get()
    download = Client().get(f"/en/communities/resources/{resource.pk}/download/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert 'attachment; filename="cv.pdf"' in download["Content-Disposition"]
    assert download["Cache-Control"] == "private, no-store"


def test_a_stranger_cannot_add_and_is_told_why(w):
    stranger = sign_in(Client(), UserFactory(language="en"))
    url = f"/en/communities/resources/community/{w.place.slug}/new/"
    answer = stranger.get(url, follow=True)
    assert "Only members of this community can add a resource." in answer.content.decode()


def test_buttons_act_and_come_back(w):
    suggestion = services.add(w.member, w.place, {"kind": "guide", "title": "Idée", "body": "b"})
    base = f"/en/communities/resources/{suggestion.pk}"
    w.as_owner.post(f"{base}/decide/", {"decision": "approve"})
    w.as_owner.post(f"{base}/feature/", {"featured": "1"})
    w.as_member.post(f"{base}/save/", {"saved": "1"})
    back = w.as_member.post(f"{base}/useful/", {"useful": "yes"})
    assert back.status_code == 302 and back["Location"] == suggestion.get_absolute_url()
    suggestion.refresh_from_db()
    assert (suggestion.state, suggestion.featured) == (ResourceState.APPROVED, True)
    assert (suggestion.bookmark_count, suggestion.useful_count) == (1, 1)
    refused = w.as_member.post(f"{base}/feature/", {"featured": "0"}, follow=True)
    assert "Only the library" in refused.content.decode()
    library = Client().get(f"/en/communities/resources/community/{w.place.slug}/?q=idee")
    assert "Idée" in library.content.decode() and "Featured" in library.content.decode()


def test_the_tab_lists_the_library_for_the_community_page(w):
    services.add(w.owner, w.place, {"kind": "guide", "title": "Ateliers", "body": "b"})
    (tab,) = [t for t in tabs.all_tabs() if t.key == "resources"]
    context = tab.context(w.place, w.member)
    assert [r.title for r in context["resources"]] == ["Ateliers"] and context["can_add"]
    assert tab.context(w.place, None)["can_add"] is False


def test_the_api_creates_lists_and_edits(w):
    created = w.as_member.post(
        f"{API}/community/{w.place.slug}",
        {
            "kind": "link",
            "title": "Guichet",
            "url": "https://example.org/",
            "tags": "emploi, Ontario",
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["state"] == "suggested" and body["tags"] == ["emploi", "Ontario"]
    pk = body["id"]
    decided = w.as_owner.post(
        f"{API}/{pk}/decision", {"approve": True}, content_type="application/json"
    )
    assert decided.json()["state"] == "approved"
    listed = Client().get(f"{API}/community/{w.place.slug}?tag=ontario&kind=link")
    assert [r["id"] for r in listed.json()] == [pk]
    edited = w.as_member.patch(
        f"{API}/{pk}", {"title": "Guichet emploi"}, content_type="application/json"
    )
    assert edited.json()["title"] == "Guichet emploi"
    vote = w.as_member.put(f"{API}/{pk}/useful", {"useful": True}, content_type="application/json")
    assert vote.json()["my_vote"] is True and vote.json()["useful_count"] == 1
    saved = w.as_member.put(f"{API}/{pk}/bookmark")
    assert saved.json()["bookmarked"] is True and saved.json()["bookmark_count"] == 1
    assert w.as_member.delete(f"{API}/{pk}").status_code == 204


def test_the_api_answers_4xx_in_json(w):
    here = f"{API}/community/{w.place.slug}"
    guide = {"kind": "guide", "title": "x", "body": "b"}
    json = "application/json"
    cases = [
        (w.as_member.post(here, {"kind": "link", "title": "x", "url": "ftp://e"}), 422),
        (w.as_member.post(here, {"kind": "video", "title": "x"}), 422),
        (w.as_member.post(f"{API}/community/nowhere", guide), 404),
        (w.as_member.post(f"{API}/agency/nowhere", guide), 404),
        (Client().post(here, guide), 401),
        (w.as_member.post(f"{API}/999999/decision", {"approve": True}, content_type=json), 404),
        (w.as_member.patch(f"{API}/1", {"colour": "red"}, content_type=json), 422),
        (w.as_member.get(f"{here}?limit=1000"), 422),
    ]
    for response, status in cases:
        assert response.status_code == status, response.content
        assert "detail" in response.json()
    pii = w.as_member.post(here, {**guide, "body": "416-555-0199"})
    assert pii.status_code == 422 and pii.json()["pii"] == {"body": ["phone"]}
    resource = services.add(w.owner, w.place, {"kind": "guide", "title": "A", "body": "b"})
    forbidden = w.as_member.put(
        f"{API}/{resource.pk}/featured", {"featured": True}, content_type=json
    )
    assert forbidden.status_code == 403 and forbidden.json()["detail"]


def test_the_author_edits_and_a_moderator_removes_with_a_reason(w):
    resource = services.add(w.member, w.place, {"kind": "guide", "title": "Idée", "body": "b"})
    edit = f"/fr/communities/resources/{resource.pk}/edit/"
    assert w.as_member.get(edit).status_code == 200
    refused = w.as_member.post(edit, {"title": "", "body": "texte", "language": "fr"})
    assert refused.status_code == 400 and "texte" in refused.content.decode()
    saved = w.as_member.post(edit, {"title": "Idée claire", "body": "texte", "language": "fr"})
    assert saved.status_code == 302
    resource.refresh_from_db()
    assert (resource.title, resource.body) == ("Idée claire", "texte")
    gone = w.as_owner.post(
        f"/fr/communities/resources/{resource.pk}/delete/", {"reason": "Doublon"}
    )
    assert gone.status_code == 302 and gone["Location"].endswith(f"/community/{w.place.slug}/")
    assert not Resource.objects.filter(pk=resource.pk).exists()


def test_notifications_read_in_the_recipients_language(w):
    from django.utils import translation

    from tremplin.notifications.kinds import sentence
    from tremplin.notifications.models import Notification

    resource = services.add(w.member, w.place, {"kind": "guide", "title": "Idée", "body": "b"})
    services.decide(w.owner, resource, approve=False, reason="Doublon")
    told = Notification.objects.get(recipient=w.member, kind="resource_declined")
    with translation.override("fr"):
        text = sentence(told.kind, "", 0, 1, told.data)
    assert text == "Votre ressource « Idée » a été refusée pour Communauté sante. Motif : Doublon"
    asked = Notification.objects.get(recipient=w.owner, kind="resource_suggested")
    with translation.override("en"):
        text = sentence(asked.kind, "Maxime Member", 0, 1, asked.data)
    assert text == "Maxime Member suggested a resource for Community sante: Idée."


def test_an_agency_library_page_and_a_withdrawn_vault_document(w):
    from tests.factories import OrganizationFactory
    from tremplin.vault import services as vault

    agency = OrganizationFactory(name="Emploi Horizon", slug="emploi-horizon")
    document = vault.upload_document(w.member, pdf("cv.pdf"), title="Mon CV")
    resource = services.add(
        w.member,
        agency,
        {"kind": "document", "title": "Modèle de CV", "vault_document": document.pk},
    )
    page = w.as_member.get("/fr/communities/resources/agency/emploi-horizon/")
    assert page.status_code == 200 and "Modèle de CV" not in page.content.decode()  # waiting
    mine = w.as_member.get("/fr/communities/resources/agency/emploi-horizon/?state=suggested")
    assert "Modèle de CV" in mine.content.decode()
    assert (
        "Modèle de CV"
        not in Client().get(mine.request["PATH_INFO"] + "?state=suggested").content.decode()
    )
    download = f"/fr/communities/resources/{resource.pk}/download/"
    assert w.as_member.get(download).status_code == 200
    w.as_member.post(f"/fr/communities/resources/{resource.pk}/withdraw/")
    assert w.as_member.get(download).status_code == 404
    shown = w.as_member.get(f"/fr/communities/resources/{resource.pk}/").content.decode()
    assert "Ce document n’est plus disponible" in shown
    assert Client().get("/en/communities/resources/agency/nowhere/").status_code == 404
