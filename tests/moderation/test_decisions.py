"""The queue and the decisions: who sees which reports, what each decision does, the log,
and that an author never learns who reported them."""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils import timezone

from tests.personas import VIEWERS, viewer_of
from tremplin.feed.models import Comment, Item
from tremplin.messaging.models import Message
from tremplin.moderation import queries, services
from tremplin.moderation.models import Action, Decision, ModerationRefusal, Report, ReportStatus
from tremplin.moderation.notices import CONTENT_REMOVED, REPORT_HANDLED, WARNED
from tremplin.notifications.models import Notification
from tremplin.notifications.rendering import render


def ask(action, reason="Contraire aux règles", **kw):
    return services.Ask(action=action, reason=reason, **kw)


@pytest.fixture
def reported(personas, content):
    services.report(personas.bob, "post", content.post.pk, "scam", "Il demande de l'argent")
    services.report(personas.carol, "post", content.post.pk, "spam")
    return content


@pytest.mark.parametrize("name", VIEWERS)
def test_only_site_moderators_see_the_site_queue(personas, reported, name):
    viewer = viewer_of(personas, name)
    entries = queries.queue(viewer)
    if name == "mallory":
        (entry,) = entries
        assert (entry.kind, entry.object_id, entry.count) == ("post", reported.post.pk, 2)
        assert {code for code, _label, _n in entry.reasons} == {"scam", "spam"}
        assert entry.notes == ["Il demande de l'argent"]
    else:
        assert entries == []
        assert not Report.objects.moderated_by(viewer).exists()


def test_a_scoped_moderator_sees_only_their_scope(personas, reported, community_scope):
    # Two reports in a community's scope, one on the site.
    Report.objects.filter(reporter=personas.bob).update(scope="community:1")
    community_scope[personas.erin.pk] = {"community:1"}
    community_scope[personas.dave.pk] = {"community:2"}
    erin_sees = queries.queue(personas.erin)
    assert [(e.scope, e.count) for e in erin_sees] == [("community:1", 1)]
    assert queries.queue(personas.dave) == []
    assert queries.queue(personas.carol) == []
    # The site moderator sees both.
    assert sorted(e.scope for e in queries.queue(personas.mallory)) == ["", "community:1"]
    # Erin may decide in her scope, not on the site's report.
    Report.objects.filter(reporter=personas.carol).update(
        object_id=reported.article.pk, kind="article"
    )
    with pytest.raises(ModerationRefusal) as caught:
        services.decide(personas.erin, "article", reported.article.pk, ask(Action.DISMISS))
    assert caught.value.code == "not_found"
    services.decide(personas.erin, "post", reported.post.pk, ask(Action.REMOVE))
    assert not Item.objects.filter(pk=reported.post.pk).exists()


def test_a_scoped_moderator_cannot_suspend(personas, reported, community_scope):
    Report.objects.update(scope="community:1")
    community_scope[personas.erin.pk] = {"community:1"}
    with pytest.raises(ModerationRefusal) as caught:
        services.decide(personas.erin, "post", reported.post.pk, ask(Action.SUSPEND))
    assert caught.value.code == "forbidden"


@pytest.mark.parametrize("name", ["alice", "bob", "carol", "dave", "sam"])
def test_members_cannot_decide(personas, reported, name):
    with pytest.raises(ModerationRefusal) as caught:
        services.decide(getattr(personas, name), "post", reported.post.pk, ask(Action.REMOVE))
    assert caught.value.code == "not_found"
    assert Item.objects.filter(pk=reported.post.pk).exists()


def test_dismissing_closes_the_reports_and_may_tell_the_reporters(personas, reported):
    decision = services.decide(
        personas.mallory, "post", reported.post.pk, ask(Action.DISMISS, "", tell_reporters=True)
    )
    assert set(Report.objects.values_list("status", flat=True)) == {ReportStatus.DISMISSED}
    assert Item.objects.filter(pk=reported.post.pk).exists()
    told = Notification.objects.filter(kind=REPORT_HANDLED)
    assert {n.recipient_id for n in told} == {personas.bob.pk, personas.carol.pk}
    assert not Notification.objects.filter(recipient=personas.alice, kind=CONTENT_REMOVED)
    assert queries.queue(personas.mallory) == []
    assert decision.moderator == personas.mallory


def test_removing_a_post_tells_its_author_why_in_their_language(
    personas, reported, django_capture_on_commit_callbacks
):
    personas.alice.language = "en"
    personas.alice.save(update_fields=["language"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(personas.mallory, "post", reported.post.pk, ask(Action.REMOVE, "Arnaque"))
    assert not Item.objects.filter(pk=reported.post.pk).exists()
    notification = Notification.objects.get(recipient=personas.alice, kind=CONTENT_REMOVED)
    (shown,) = render(personas.alice, [notification])
    assert shown.url == f"/fr/moderation/notices/{notification.target_id}/"
    assert shown.excerpt == "Arnaque"
    (email,) = [m for m in mail.outbox if m.to == [personas.alice.email]]
    assert "A moderator removed your post" in email.subject
    assert "Arnaque" in email.body and "/en/moderation/notices/" in email.body


def test_the_author_never_learns_who_reported(
    personas, reported, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(personas.mallory, "post", reported.post.pk, ask(Action.REMOVE, "Arnaque"))
    notification = Notification.objects.get(recipient=personas.alice, kind=CONTENT_REMOVED)
    assert notification.actor is None
    names = ("Bob", "Carol", "bob@", "carol@", "Mallory")
    (email,) = [m for m in mail.outbox if m.to == [personas.alice.email]]
    decision = queries.notice_or_404(personas.alice, notification.target_id)
    for text in (str(notification.data), email.body, email.subject, decision.reason):
        assert not any(name in text for name in names)
    # Her own queue and the log are empty: she moderates nothing.
    assert not Decision.objects.moderated_by(personas.alice).exists()


def test_a_comment_with_replies_keeps_its_place(personas, reported):
    from tremplin.feed.services import add_comment, edit_comment

    add_comment(personas.bob, reported.post, "Une réponse", parent=reported.comment)
    services.report(personas.bob, "comment", reported.comment.pk, "harassment")
    services.decide(personas.mallory, "comment", reported.comment.pk, ask(Action.REMOVE))
    comment = Comment.objects.get(pk=reported.comment.pk)
    assert comment.is_removed and comment.body == ""
    with pytest.raises(Exception):  # its author cannot put the text back
        edit_comment(personas.carol, comment, "Revoilà")


def test_a_comment_without_replies_is_deleted(personas, reported):
    services.report(personas.bob, "comment", reported.comment.pk, "harassment")
    services.decide(personas.mallory, "comment", reported.comment.pk, ask(Action.REMOVE))
    assert not Comment.objects.filter(pk=reported.comment.pk).exists()
    assert Item.objects.get(pk=reported.post.pk).comment_count == 0


def test_removing_a_message_leaves_its_place(personas, reported):
    services.report(personas.alice, "message", reported.message.pk, "scam")
    services.decide(personas.mallory, "message", reported.message.pk, ask(Action.REMOVE))
    message = Message.objects.get(pk=reported.message.pk)
    assert message.deleted_at is not None and message.body == ""


def test_a_member_is_warned_not_removed(personas, reported):
    services.report(personas.bob, "member", personas.carol.profile.pk, "impersonation")
    with pytest.raises(ModerationRefusal) as caught:
        services.decide(personas.mallory, "member", personas.carol.profile.pk, ask(Action.REMOVE))
    assert caught.value.field == "action"
    services.decide(personas.mallory, "member", personas.carol.profile.pk, ask(Action.WARN))
    assert Notification.objects.filter(recipient=personas.carol, kind=WARNED).exists()


def test_a_reason_is_required_to_act(personas, reported):
    for action in (Action.REMOVE, Action.WARN, Action.SUSPEND):
        with pytest.raises(ModerationRefusal) as caught:
            services.decide(personas.mallory, "post", reported.post.pk, ask(action, "  "))
        assert caught.value.field == "reason"


def test_a_moderator_does_not_judge_their_own_content(personas, content):
    from tremplin.core.audience import Audience
    from tremplin.feed.services import publish_post

    post = publish_post(personas.mallory, "Mon message", audience=Audience.MEMBERS)
    services.report(personas.bob, "post", post.pk, "spam")
    with pytest.raises(ModerationRefusal) as caught:
        services.decide(personas.mallory, "post", post.pk, ask(Action.DISMISS, ""))
    assert caught.value.code == "self"


def test_the_log_records_who_what_when_why(personas, reported):
    services.decide(personas.mallory, "post", reported.post.pk, ask(Action.WARN, "Attention"))
    (decision,) = queries.log(personas.mallory)
    assert (decision.moderator, decision.action, decision.kind, decision.object_id) == (
        personas.mallory,
        Action.WARN,
        "post",
        reported.post.pk,
    )
    assert decision.reason == "Attention" and decision.created <= timezone.now()
    assert list(queries.log(personas.bob)) == []


def test_what_its_author_deleted_cannot_be_removed_but_can_be_dismissed(personas, reported):
    from tremplin.feed.services import delete_item

    post_id = reported.post.pk
    delete_item(personas.alice, reported.post)
    (entry,) = queries.queue(personas.mallory)
    assert not entry.exists and entry.excerpt == ""
    with pytest.raises(ModerationRefusal) as caught:
        services.decide(personas.mallory, "post", post_id, ask(Action.REMOVE))
    assert caught.value.code == "conflict"
    assert not Notification.objects.filter(kind=CONTENT_REMOVED).exists()
    services.decide(personas.mallory, "post", post_id, ask(Action.WARN))
    assert Notification.objects.filter(recipient=personas.alice, kind=WARNED).exists()


def test_a_member_hidden_from_the_reporter_cannot_be_reported(personas):
    from tremplin.core.audience import Audience

    profile = personas.carol.profile
    profile.basics_visibility = Audience.CONNECTIONS
    profile.save()
    with pytest.raises(ModerationRefusal) as caught:
        services.report(personas.bob, "member", profile.pk, "spam")
    assert caught.value.code == "not_found"
    with pytest.raises(ModerationRefusal):
        services.report(personas.bob, "member", profile.handle, "spam")
    assert not Report.objects.exists()


def test_one_email_when_the_author_asked_for_this_kind_by_email(
    personas, reported, django_capture_on_commit_callbacks
):
    from tremplin.notifications.models import Delivery, Preference

    Preference.objects.create(user=personas.alice, kind=CONTENT_REMOVED, delivery=Delivery.EMAIL)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(personas.mallory, "post", reported.post.pk, ask(Action.REMOVE, "Arnaque"))
    to_alice = [m for m in mail.outbox if m.to == [personas.alice.email]]
    assert len(to_alice) == 1  # the notification's own email, not moderation's as well


def test_reporters_are_not_told_unless_asked(personas, reported):
    services.decide(personas.mallory, "post", reported.post.pk, ask(Action.WARN))
    assert not Notification.objects.filter(kind=REPORT_HANDLED).exists()
