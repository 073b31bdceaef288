"""Removing and restoring a community's content, the community's log, reports reaching
the community's moderators first, the limits of new accounts and the new-member flag."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from tests.communities.moderation_world import fresh, member, once
from tests.factories import UserFactory
from tremplin.communities.hooks_moderation import CONTENT_REMOVED
from tremplin.communities.models import (
    Community,
    Event,
    ModerationAction,
    PostState,
    Reply,
    Resource,
    Thread,
)
from tremplin.communities.refusals import CommunityRefusal
from tremplin.communities.services import moderation
from tremplin.moderation import queries as moderation_queries
from tremplin.moderation import services as reports
from tremplin.moderation.models import ModerationRefusal, Report
from tremplin.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker, without_shared_personas):
    yield from once(django_db_blocker)


@pytest.fixture
def w(built, db):
    return fresh(built)


def test_a_moderator_removes_a_reply_and_the_author_is_told_why_not_by_whom(
    w, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        entry = moderation.remove_content(w.mod, "reply", w.reply.pk, "Propos blessants")
    assert Reply.objects.get(pk=w.reply.pk).state == PostState.REMOVED
    assert not Reply.objects.visible_to(w.mel).filter(pk=w.reply.pk).exists()
    assert Thread.objects.get(pk=w.thread.pk).reply_count == 0
    assert (entry.actor, entry.action, entry.target_user) == (w.mod, "remove_content", w.mel)
    assert entry.target == f"reply:{w.reply.pk}"
    notice = Notification.objects.get(recipient=w.mel, kind=CONTENT_REMOVED)
    assert notice.actor_id is None
    assert notice.data["excerpt"] == "Propos blessants"
    (sent,) = mail.outbox
    assert sent.to == [w.mel.email]
    assert "Propos blessants" in sent.body
    assert "a retiré votre réponse" in sent.subject  # Mel reads French
    for name in ("Mo Moderator", w.mod.email):
        assert name not in sent.body and name not in sent.subject


@pytest.mark.parametrize("kind", ["thread", "event", "resource"])
def test_every_kind_is_removed_from_sight_and_restored(w, kind):
    obj = {"thread": w.thread, "event": w.event, "resource": w.resource}[kind]
    model = type(obj)
    moderation.remove_content(w.owner, kind, obj.pk, "Hors sujet")
    assert not model.objects.visible_to(w.owner).filter(pk=obj.pk).exists() or kind == "resource"
    assert not model.objects.visible_to(w.mod).filter(pk=obj.pk).exists()
    moderation.restore_content(w.mod, kind, obj.pk)
    assert model.objects.visible_to(w.mod).filter(pk=obj.pk).exists()
    actions = list(
        ModerationAction.objects.filter(community=w.private).values_list("action", flat=True)
    )
    assert sorted(actions) == ["remove_content", "restore_content"]


def test_removing_a_thread_keeps_the_count_and_a_site_moderator_may_act(w):
    moderation.remove_content(w.site, "thread", w.thread.pk, "Spam")
    assert Community.objects.get(pk=w.private.pk).thread_count == 0
    moderation.restore_content(w.site, "thread", w.thread.pk, "Erreur")
    assert Community.objects.get(pk=w.private.pk).thread_count == 1


@pytest.mark.parametrize("who", ["mel", "pat", "ben", "sue"])
def test_who_does_not_moderate_it_learns_nothing(w, who):
    with pytest.raises(CommunityRefusal) as refused:
        moderation.remove_content(getattr(w, who), "reply", w.reply.pk, "Non")
    assert refused.value.code == "not_found"
    assert Reply.objects.get(pk=w.reply.pk).state == PostState.PUBLISHED


def test_a_moderator_of_another_community_cannot_remove(w):
    other = UserFactory()
    member(w.public, other, role="moderator")
    with pytest.raises(CommunityRefusal) as refused:
        moderation.remove_content(other, "thread", w.thread.pk, "Non")
    assert refused.value.code == "not_found"


def test_refusals_say_what_is_wrong(w):
    with pytest.raises(CommunityRefusal) as empty:
        moderation.remove_content(w.mod, "reply", w.reply.pk, "   ")
    assert (empty.value.code, empty.value.field) == ("invalid", "reason")
    moderation.remove_content(w.mod, "reply", w.reply.pk, "Une raison")
    with pytest.raises(CommunityRefusal) as twice:
        moderation.remove_content(w.mod, "reply", w.reply.pk, "Encore")
    assert twice.value.code == "conflict"
    with pytest.raises(CommunityRefusal) as unknown:
        moderation.remove_content(w.mod, "poll", 1, "x")
    assert unknown.value.code == "not_found"
    with pytest.raises(CommunityRefusal) as not_removed:
        moderation.restore_content(w.mod, "thread", w.thread.pk)
    assert not_removed.value.code == "conflict"


# ------------------------------------------------------------------ reports


def test_a_report_reaches_the_community_moderators_first_then_the_site(
    w, django_capture_on_commit_callbacks
):
    reports.report(w.owner, "reply", w.reply.pk, "harassment", "Méchant")
    (found,) = Report.objects.all()
    assert found.scope == f"community:{w.private.pk}"
    assert [e.object_id for e in moderation_queries.queue(w.mod)] == [w.reply.pk]
    assert moderation_queries.queue(w.site) == []  # the community's moderators first
    Report.objects.update(created=timezone.now() - timedelta(hours=25))
    assert [e.object_id for e in moderation_queries.queue(w.site)] == [w.reply.pk]
    outsider = UserFactory()
    member(w.public, outsider, role="moderator")
    assert moderation_queries.queue(outsider) == []
    with pytest.raises(ModerationRefusal):
        reports.decide(outsider, "reply", w.reply.pk, reports.Ask("remove", "Non"))
    with django_capture_on_commit_callbacks(execute=True):
        reports.decide(w.mod, "reply", w.reply.pk, reports.Ask("remove", "Harcèlement"))
    assert Reply.objects.get(pk=w.reply.pk).state == PostState.REMOVED
    entry = ModerationAction.objects.get(community=w.private)
    assert (entry.actor, entry.action, entry.reason) == (w.mod, "remove_content", "Harcèlement")
    assert entry.excerpt == "Une réponse"  # what was removed, quoted for its author
    assert Notification.objects.filter(recipient=w.mel, kind="content_removed").exists()


def test_a_member_reports_only_what_they_can_see(w):
    with pytest.raises(ModerationRefusal) as hidden:
        reports.report(w.sue, "reply", w.reply.pk, "spam")
    assert hidden.value.code == "not_found"
    with pytest.raises(ModerationRefusal):
        reports.report(w.ben, "thread", w.secret_thread.pk, "spam")
    reports.report(w.sue, "thread", w.public_thread.pk, "spam")
    reports.report(w.sue, "community", w.private.pk, "spam")
    assert Report.objects.get(kind="community").scope == ""


def test_events_and_resources_of_an_organisation_are_the_site_s(w):
    from tests.factories import OrganizationFactory

    org = OrganizationFactory()
    event = Event.objects.create(
        organization=org,
        created_by=w.owner,
        title="Salon",
        audience="public",
        starts=timezone.now() + timedelta(days=1),
        ends=timezone.now() + timedelta(days=1),
    )
    resource = Resource.objects.create(
        organization=org, author=w.owner, kind="guide", title="Guide", audience="public"
    )
    reports.report(w.sue, "event", event.pk, "scam")
    reports.report(w.sue, "resource", resource.pk, "scam")
    assert set(Report.objects.values_list("scope", flat=True)) == {""}
    with pytest.raises(CommunityRefusal):
        moderation.remove_content(w.mod, "event", event.pk, "Non")
    assert moderation.remove_content(w.site, "event", event.pk, "Arnaque") is None
    assert not Event.objects.visible_to(w.sue).filter(pk=event.pk).exists()


# ------------------------------------------------------------------ new accounts


def test_new_accounts_post_a_limited_number_of_times(w, settings):
    settings.COMMUNITIES_NEW_ACCOUNT_POSTS_PER_HOUR = 2
    fresh = UserFactory()
    for _ in range(2):
        moderation.check_new_account_limits(fresh, "post")
    with pytest.raises(CommunityRefusal) as refused:
        moderation.check_new_account_limits(fresh, "post")
    assert refused.value.code == "rate_limited"
    for _ in range(5):
        moderation.check_new_account_limits(w.mel, "post")  # an old account


def test_new_accounts_invite_a_limited_number_of_times(settings):
    settings.COMMUNITIES_NEW_ACCOUNT_INVITATIONS_PER_DAY = 1
    fresh = UserFactory()
    moderation.check_new_account_limits(fresh, "invitation")
    with pytest.raises(CommunityRefusal):
        moderation.check_new_account_limits(fresh, "invitation")
    with pytest.raises(ValueError):
        moderation.check_new_account_limits(fresh, "anything")


def test_links_of_new_accounts_wait_and_new_members_are_flagged(w):
    fresh = UserFactory()
    assert moderation.links_wait(fresh, "Voyez https://exemple.org")
    assert moderation.links_wait(fresh, "[ici](/chemin)")
    assert not moderation.links_wait(fresh, "Sans lien")
    assert not moderation.links_wait(w.mel, "Voyez https://exemple.org")
    assert not moderation.is_new_member(w.mel_membership)
    newcomer = member(
        w.private,
        UserFactory(date_joined=timezone.now() - timedelta(days=90)),
        joined=timezone.now() - timedelta(days=3),
    )
    assert moderation.is_new_member(newcomer)
    new_account = member(w.public, fresh)
    assert moderation.is_new_member(new_account)
    assert not moderation.is_new_member(None)


def test_the_menu_knows_community_moderators_without_a_query_per_page(w, django_assert_num_queries):
    from tremplin.moderation import reportables

    assert reportables.moderates_anything(w.mod)
    with django_assert_num_queries(0):
        assert reportables.moderates_anything(w.mod)  # from the cache
    assert not reportables.moderates_anything(w.mel)
    w.mel_membership.role = "moderator"
    w.mel_membership.save()  # a save forgets the cached answer
    assert reportables.moderates_anything(w.mel)


def test_the_new_member_flag_in_templates(w):
    from django.template import Context, Template
    from django.utils import translation

    page = Template(
        "{% load community_moderation %}{% if m|is_new_member %}"
        '{% include "communities/moderation/_new_member.html" %}{% endif %}'
    )
    newcomer = member(w.private, UserFactory(), joined=timezone.now())
    with translation.override("fr"):
        assert "Nouveau membre" in page.render(Context({"m": newcomer}))
        assert page.render(Context({"m": w.mel_membership})) == ""
