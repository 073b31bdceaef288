"""The actions of resource libraries (services.resources): suggest and approve, the
moderation log and what the author is told, featured, bookmarks, "was this useful?",
documents uploaded or shared from the vault (and withdrawn), search and filters, the
checks every post goes through (may_post), and the link preview task."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.communities.resources_world import PDF, community, join, pdf
from tests.factories import OrganizationFactory, UserFactory, give_totp, make_member
from tremplin.communities.models import (
    ModerationAction,
    Resource,
    ResourceState,
    Role,
    Visibility,
)
from tremplin.communities.queries import resources as queries
from tremplin.communities.refusals import CommunityRefusal
from tremplin.communities.services import resource_preview
from tremplin.communities.services import resources as services
from tremplin.core.safe_fetch import FetchError, FetchResult
from tremplin.notifications.models import Notification
from tremplin.organizations.models import Role as OrgRole
from tremplin.vault import services as vault

pytestmark = pytest.mark.django_db

LINK = {"kind": "link", "title": "Guichet emploi", "url": "https://example.org/emplois"}


@pytest.fixture
def w():
    class W:
        pass

    w = W()
    w.owner = UserFactory(email="owner@example.org", name="Olivia Owner")
    w.member = UserFactory(email="member@example.org", name="Maxime Member")
    w.other = UserFactory(email="other@example.org", name="Odile Other")
    w.place = community("sante", Visibility.PRIVATE)
    join(w.place, w.owner, role=Role.OWNER)
    w.membership = join(w.place, w.member)
    join(w.place, w.other)
    return w


def test_a_members_resource_is_a_suggestion_the_moderators_are_told_of(w):
    resource = services.add(w.member, w.place, LINK)
    assert resource.state == ResourceState.SUGGESTED
    told = Notification.objects.get(recipient=w.owner)
    assert told.kind == "resource_suggested" and told.data["title"] == "Guichet emploi"
    assert not Notification.objects.filter(recipient=w.other).exists()


def test_a_moderators_resource_is_published_at_once(w):
    resource = services.add(w.owner, w.place, LINK)
    assert resource.state == ResourceState.APPROVED
    assert not Notification.objects.exists()


def test_approving_is_logged_and_the_author_is_told_without_the_moderators_name(w):
    resource = services.add(w.member, w.place, LINK)
    services.decide(w.owner, resource, approve=True)
    assert Resource.objects.get(pk=resource.pk).state == ResourceState.APPROVED
    entry = ModerationAction.objects.get(community=w.place)
    assert entry.action == "approve_resource" and entry.target == f"resource:{resource.pk}"
    told = Notification.objects.get(recipient=w.member)
    assert told.kind == "resource_approved" and told.actor_id is None
    w.membership.refresh_from_db()
    assert w.membership.approved_posts == 1
    with pytest.raises(CommunityRefusal) as again:
        services.decide(w.owner, resource, approve=False)
    assert again.value.code == "transition"


def test_declining_tells_the_author_why(w):
    resource = services.add(w.member, w.place, LINK)
    services.decide(w.owner, resource, approve=False, reason="Lien en double")
    told = Notification.objects.get(recipient=w.member)
    assert told.kind == "resource_declined" and told.data["reason"] == "Lien en double"
    assert ModerationAction.objects.get().action == "reject_resource"


def test_only_moderators_decide_and_feature(w):
    resource = services.add(w.member, w.place, LINK)
    for action in (
        lambda: services.decide(w.other, resource, approve=True),
        lambda: services.set_featured(w.member, resource, True),
    ):
        with pytest.raises(CommunityRefusal) as refused:
            action()
        assert refused.value.code == "forbidden"
    with pytest.raises(CommunityRefusal):
        services.set_featured(w.owner, resource, True)  # not published yet
    services.decide(w.owner, resource, approve=True)
    services.set_featured(w.owner, resource, True)
    assert Resource.objects.get(pk=resource.pk).featured


def test_a_moderator_removing_a_resource_logs_it_and_tells_the_author_why(w):
    resource = services.add(w.owner, w.place, LINK)
    resource.author = w.member
    resource.save()
    with pytest.raises(CommunityRefusal):
        services.delete(w.other, resource)
    services.delete(w.owner, resource, reason="Hors sujet")
    assert not Resource.objects.exists()
    assert ModerationAction.objects.get().action == "remove_content"
    told = Notification.objects.get(recipient=w.member)
    assert told.data["removed"] is True and told.data["reason"] == "Hors sujet"


def test_bookmarks_and_useful_answers_keep_their_counts(w):
    resource = services.add(w.owner, w.place, LINK)
    assert services.bookmark(w.member, resource, True)
    assert services.bookmark(w.member, resource, True)  # twice: still one
    services.bookmark(w.other, resource, True)
    services.bookmark(w.other, resource, False)
    services.vote(w.member, resource, True)
    services.vote(w.other, resource, True)
    services.vote(w.other, resource, False)  # changed their answer
    resource.refresh_from_db()
    assert (resource.bookmark_count, resource.useful_count, resource.not_useful_count) == (1, 1, 1)
    services.vote(w.other, resource, None)
    resource.refresh_from_db()
    assert (resource.useful_count, resource.not_useful_count) == (1, 0)
    assert [r.pk for r in queries.saved(w.member)] == [resource.pk]


def test_posting_checks_apply_to_resources(w):
    w.membership.muted_until = timezone.now() + timedelta(days=1)
    w.membership.save()
    with pytest.raises(CommunityRefusal) as muted:
        services.add(w.member, w.place, LINK)
    assert muted.value.code == "refused"
    w.place.rules_fr = "Soyez courtois."
    w.place.save()
    with pytest.raises(CommunityRefusal) as rules:
        services.add(w.other, w.place, LINK)
    assert rules.value.code == "conflict"
    with pytest.raises(CommunityRefusal) as stranger:
        services.add(UserFactory(), w.place, LINK)
    assert stranger.value.code == "forbidden"


def test_bad_input_is_refused_on_its_field(w):
    cases = [
        ({"kind": "video", "title": "x"}, "kind"),
        ({"kind": "link", "title": "  "}, "title"),
        ({"kind": "link", "title": "x", "url": "javascript:alert(1)"}, "url"),
        ({"kind": "guide", "title": "x", "body": ""}, "body"),
        ({"kind": "guide", "title": "x", "body": "b", "language": "de"}, "language"),
        ({"kind": "guide", "title": "x", "body": "b", "tags": ",".join("abcdefghi")}, "tags"),
        ({"kind": "document", "title": "x"}, "file"),
    ]
    for data, field in cases:
        with pytest.raises(CommunityRefusal) as refused:
            services.add(w.owner, w.place, data)
        assert refused.value.field == field, data
    fake = SimpleUploadedFile("cv.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(CommunityRefusal) as bad_file:
        services.add(w.owner, w.place, {"kind": "document", "title": "x"}, upload=fake)
    assert (bad_file.value.field, bad_file.value.code) == ("file", "bad_type")
    assert not Resource.objects.exists()


def test_an_uploaded_document_is_stored_under_a_random_name(w):
    resource = services.add(w.owner, w.place, {"kind": "document", "title": "CV"}, upload=pdf())
    assert resource.file_name == "guide.pdf"
    assert "guide" not in resource.file.name and resource.file.name.endswith(".pdf")
    assert queries.downloadable(resource)


def test_a_vault_document_stays_its_authors_and_can_be_withdrawn_or_deleted(w):
    upload = SimpleUploadedFile("cv.pdf", PDF, content_type="application/pdf")
    document = vault.upload_document(w.member, upload, title="Mon CV")
    with pytest.raises(CommunityRefusal):  # someone else's vault document
        services.add(
            w.owner, w.place, {"kind": "document", "title": "x", "vault_document": document.pk}
        )
    resource = services.add(
        w.member, w.place, {"kind": "document", "title": "CV", "vault_document": document.pk}
    )
    assert not resource.file and queries.downloadable(resource)
    with pytest.raises(CommunityRefusal):
        services.withdraw(w.owner, resource)
    services.withdraw(w.member, resource)
    assert not queries.downloadable(Resource.objects.get(pk=resource.pk))
    again = services.add(
        w.member, w.place, {"kind": "document", "title": "CV 2", "vault_document": document.pk}
    )
    vault.delete_document(w.member, document)
    assert not queries.downloadable(Resource.objects.get(pk=again.pk))


def test_search_folds_accents_and_case_and_filters_by_kind_language_and_tag(w):
    services.add(w.owner, w.place, {**LINK, "title": "Métiers de la santé", "tags": "Santé, CV"})
    services.add(
        w.owner, w.place,
        {"kind": "guide", "title": "Health jobs", "body": "b", "language": "en", "tags": "cv"},
    )  # fmt: skip

    def titles(**filters):
        found = queries.library(w.owner, community=w.place, filters=queries.Filters(**filters))
        return sorted(r.title for r in found)

    assert titles(q="METIERS sante") == ["Métiers de la santé"]
    assert titles(tag="sante") == ["Métiers de la santé"]
    assert titles(tag="cv") == ["Health jobs", "Métiers de la santé"]
    assert titles(tag="c") == []  # a whole tag, not a part of one
    assert titles(kind="guide") == ["Health jobs"]
    assert titles(language="en") == ["Health jobs"]


def test_an_agency_library_takes_suggestions_from_members_and_staff_publish(w):
    agency = OrganizationFactory(name="Emploi Horizon", slug="emploi-horizon")
    staff = make_member(agency, OrgRole.COUNSELLOR)
    give_totp(staff)
    mine = services.add(staff, agency, {"kind": "guide", "title": "Ateliers", "body": "b"})
    assert mine.state == ResourceState.APPROVED
    idea = services.add(w.member, agency, {"kind": "guide", "title": "Idée", "body": "b"})
    assert idea.state == ResourceState.SUGGESTED
    assert Notification.objects.get(recipient=staff).kind == "resource_suggested"
    services.decide(staff, idea, approve=True)
    assert not ModerationAction.objects.exists()  # a community's log only
    assert queries.waiting_count(staff, agency) == 0


PAGE = b"""<html><head><title>Ignored</title>
<meta property="og:title" content="Guichet &amp; emplois">
<meta name="description" content="Toutes les offres">
<meta property="og:site_name" content="Emploi Ontario"></head><body>x</body></html>"""


def test_the_preview_is_fetched_after_commit_through_the_safe_fetcher(
    w, django_capture_on_commit_callbacks
):
    result = FetchResult(content=PAGE, content_type="text/html", final_url=LINK["url"])
    with mock.patch.object(resource_preview.safe_fetch, "fetch", return_value=result) as fetch:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            resource = services.add(w.owner, w.place, LINK)
        fetch.assert_not_called()  # never during the request
        for callback in callbacks:
            callback()
    fetch.assert_called_once()
    resource.refresh_from_db()
    assert resource.preview == {
        "title": "Guichet & emplois",
        "description": "Toutes les offres",
        "site_name": "Emploi Ontario",
    }
    assert "emploi ontario" in resource.search_text


def test_a_failed_fetch_leaves_the_link_without_a_preview(w, django_capture_on_commit_callbacks):
    refused = FetchError("private_address", "private")
    with (
        mock.patch.object(resource_preview.safe_fetch, "fetch", side_effect=refused),
        django_capture_on_commit_callbacks(execute=True),
    ):
        resource = services.add(w.owner, w.place, LINK)
    resource.refresh_from_db()
    assert resource.preview == {}


def test_the_page_reader_keeps_only_the_head(w):
    assert resource_preview.read_preview("<title> A  title </title>") == {"title": "A title"}
    assert resource_preview.read_preview("<body><title>late</title></body>") == {}
    long = resource_preview.read_preview(f'<meta name="description" content="{"x" * 900}">')
    assert len(long["description"]) == 500
