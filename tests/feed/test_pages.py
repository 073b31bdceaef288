"""The feed pages: home with composer and dashboard column, articles from draft to
publication, hashtags, the profile's articles section."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.test import Client, RequestFactory

from tests.conftest import client_for
from tests.feed.conftest import upload
from tremplin.feed import services
from tremplin.feed.models import Item, ItemRevision


def test_visitors_keep_the_welcome_page(db):
    response = Client().get("/fr/")
    assert response.status_code == 200
    assert "feed/home.html" not in [t.name for t in response.templates]


def test_the_home_page_has_the_composer_the_feed_and_the_dashboard_bits(people, publish):
    publish(people.alice, "Bonjour #emploi https://example.org/offre.", audience="members")
    with_feed = client_for(people.bob).get("/en/")
    text = with_feed.content.decode()
    assert 'action="/en/feed/posts/"' in text
    assert "Profile completeness" in text
    assert 'href="/en/feed/hashtags/emploi/"' in text
    assert 'href="https://example.org/offre" rel="nofollow noopener noreferrer ugc"' in text
    assert "Bonjour" in text


def test_the_home_page_of_an_admin_lists_their_organisations(people):
    from tests.factories import give_totp, make_member
    from tremplin.organizations.models import Role

    admin = make_member(people.agency, Role.ADMIN, name="Paul Admin")
    give_totp(admin)
    text = client_for(admin).get("/en/").content.decode()
    assert "Agence Horizon" in text and "My organisations" in text
    assert 'name="organization"' in text  # may publish on the agency's behalf


def test_text_is_escaped_and_links_are_safe(people):
    item = services.publish_post(
        people.alice, "<script>alert(1)</script> javascript:alert(1) @bob-roy", audience="members"
    )
    text = client_for(people.bob).get(f"/fr/feed/items/{item.pk}/").content.decode()
    assert "<script>alert(1)" not in text
    assert "&lt;script&gt;" in text
    assert 'href="javascript' not in text
    assert 'href="/fr/p/bob-roy/"' in text


def test_the_language_filter_keeps_one_language(people, publish):
    publish(people.alice, "Texte français", language="fr")
    publish(people.alice, "English text", language="en")
    client = client_for(people.bob)
    both = client.get("/fr/").content.decode()
    assert "Texte français" in both and "English text" in both
    only = client.get("/fr/?language=en").content.decode()
    assert "English text" in only and "Texte français" not in only


def test_more_loads_the_next_page_as_a_fragment(people, publish):
    for n in range(25):
        publish(people.alice, f"Message numéro {n}")
    client = client_for(people.bob)
    first = client.get("/fr/")
    cursor = first.context["page"].next_cursor
    assert cursor and "Message numéro 24" in first.content.decode()
    more = client.get(f"/fr/?cursor={cursor}&fragment=list", HTTP_HX_REQUEST="true")
    text = more.content.decode()
    assert "Message numéro 4" in text and "Message numéro 24" not in text
    assert "<html" not in text
    assert client.get("/fr/?cursor=abc").status_code == 404


def test_an_article_from_draft_to_publication(people):
    client = client_for(people.alice)
    made = client.post(
        "/en/feed/articles/new/",
        {
            "title": "Réussir son entrevue",
            "body": "## Préparer\n\nLes **questions** fréquentes.",
            "audience": "members",
            "language": "fr",
            "cover": upload(),
            "cover_alt": "Une salle d'entrevue",
            "save": "",
        },
    )
    item = Item.objects.get()
    assert made.status_code == 302 and item.is_draft
    assert item.images.get().alt == "Une salle d'entrevue"
    assert client_for(people.bob).get(f"/fr/feed/items/{item.pk}/").status_code == 404
    editor = client.get(f"/en/feed/articles/{item.pk}/edit/").content.decode()
    assert "only you can see it" in editor
    client.post(
        f"/en/feed/articles/{item.pk}/edit/",
        {
            "title": "Réussir son entrevue",
            "body": "## Préparer\n\nLes **questions** fréquentes.",
            "audience": "members",
            "language": "fr",
            "cover_alt": "",
            "publish": "",
        },
    )
    item.refresh_from_db()
    assert not item.is_draft
    assert not ItemRevision.objects.exists()  # drafts keep no history
    page = client_for(people.bob).get(f"/fr/feed/items/{item.pk}/").content.decode()
    assert "<strong>questions</strong>" in page and "<h3>Préparer</h3>" in page
    assert "1 minute" in page


def test_a_published_article_may_only_narrow_its_audience(people, api):
    item = services.create_article(
        people.alice, "Titre", "Du texte.", audience="members", publish=True
    )
    response = api(people.alice).patch(f"/articles/{item.pk}", {"audience": "public"})
    assert response.status_code == 409
    assert (
        api(people.alice)
        .patch(f"/articles/{item.pk}", {"audience": "connections"})
        .json()["audience"]
        == "connections"
    )
    assert api(people.alice).post(f"/articles/{item.pk}/publish").status_code == 409


def test_articles_api_create_publish_and_list(people, api):
    client = api(people.alice)
    cover = client.upload(alt="Couverture").json()["id"]
    made = client.post(
        "/articles", {"title": "Mon article", "body": "Du *texte*.", "cover_image_id": cover}
    )
    assert made.status_code == 201
    body = made.json()
    assert body["published"] is None and body["images"][0]["alt"] == "Couverture"
    assert api(people.bob).get(f"/items/{body['id']}").status_code == 404
    published = client.post(f"/articles/{body['id']}/publish").json()
    assert published["published"] and "<em>texte</em>" in published["body_html"]
    assert [a["id"] for a in client.get("/articles/mine").json()] == [body["id"]]
    assert client.post("/articles", {"title": "  ", "body": "x"}).status_code == 422


def test_the_hashtag_page_lists_visible_items(people):
    services.publish_post(people.alice, "Offre #Soudure", audience="public")
    services.publish_post(people.alice, "Privé #soudure", audience="connections")
    anonymous = Client().get("/fr/feed/hashtags/soudure/").content.decode()
    assert "Offre" in anonymous and "Privé" not in anonymous
    assert "Privé" in client_for(people.bob).get("/fr/feed/hashtags/soudure/").content.decode()
    assert Client().get("/fr/feed/hashtags/pas%20un%20tag/").status_code == 404


def test_the_profile_articles_section_follows_visible_to(people):
    services.create_article(people.alice, "Article public", "x", audience="public", publish=True)
    services.create_article(people.alice, "Article réseau", "x", audience="connections",
                            publish=True)  # fmt: skip

    def section(user):
        request = RequestFactory().get("/fr/p/alice-martin/")
        request.user = user
        return render_to_string(
            "feed/_profile_articles.html",
            {"profile": people.alice.profile, "is_owner": False},
            request=request,
        )

    from django.contrib.auth.models import AnonymousUser

    assert "Article réseau" in section(people.bob)
    assert "Article public" in section(people.carol)
    assert "Article réseau" not in section(people.carol)
    assert "Article réseau" not in section(AnonymousUser())


def test_the_reshare_page_offers_only_narrower_audiences(people):
    item = services.publish_post(people.alice, "À partager", audience="members")
    page = client_for(people.bob).get(f"/en/feed/items/{item.pk}/reshare/")
    text = page.content.decode()
    assert 'value="members"' in text and 'value="public"' not in text
    made = client_for(people.bob).post(
        f"/en/feed/items/{item.pk}/reshare/", {"body": "Lisez", "audience": "members"}
    )
    assert made.status_code == 302
    assert Item.objects.filter(kind="reshare", reshare_of=item).exists()


def test_comment_pages(people):
    item = services.publish_post(people.alice, "Un post", audience="members")
    client = client_for(people.bob)
    client.post(f"/fr/feed/items/{item.pk}/comments/", {"body": "Mon commentaire"})
    comment = item.comments.get()
    refused = client.post(f"/en/feed/items/{item.pk}/comments/", {"body": ""})
    assert refused.status_code == 400
    assert "Write something before publishing." in refused.content.decode()
    client.post(f"/fr/feed/items/{item.pk}/comments/", {"body": "Réponse", "parent": comment.pk})
    assert comment.replies.count() == 1
    client.post(f"/fr/feed/comments/{comment.pk}/edit/", {"body": "Corrigé"})
    comment.refresh_from_db()
    assert comment.body == "Corrigé" and comment.edited
    assert (
        client_for(people.carol).post(f"/fr/feed/comments/{comment.pk}/delete/").status_code == 302
    )
    assert item.comments.count() == 2  # carol may not delete it
    client_for(people.alice).post(f"/fr/feed/comments/{comment.pk}/delete/")
    assert item.comments.count() == 0
