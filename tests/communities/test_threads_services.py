"""The threads part's actions: posting rules, numbering, pre-approval, edits and their
history, votes and accepted answers, polls, private questions, notifications."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.communities.threads_world import build, join, make_community
from tests.factories import UserFactory
from tremplin.communities.models import (
    Membership,
    ModerationAction,
    PollVote,
    PostState,
    Reply,
    Revision,
    Role,
    Thread,
    ThreadState,
)
from tremplin.communities.refusals import CommunityRefusal
from tremplin.communities.services import polls, thread_moderation
from tremplin.communities.services import threads as services
from tremplin.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return build(personas)


def code_of(call) -> str:
    with pytest.raises(CommunityRefusal) as refused:
        call()
    return refused.value.code


def test_replies_are_numbered_in_order_and_counted(w):
    thread = w.threads["public"]
    second = services.reply(w.alice, thread, body="Merci !")
    third = services.reply(w.bob, thread, body="De rien", in_reply_to=second)
    assert [second.number, third.number] == [2, 3]
    thread.refresh_from_db()
    assert thread.reply_count == 3 and third.in_reply_to == second


def test_only_active_members_post(w):
    thread = w.threads["public"]
    for outsider in (w.carol, w.penny, w.barry):
        assert code_of(lambda u=outsider: services.reply(u, thread, body="Hello")) == "forbidden"
        assert (
            code_of(lambda u=outsider: services.start_thread(u, w.public, title="T", body="B"))
            == "forbidden"
        )


def test_rules_mute_slow_mode_and_closed_threads_refuse(w):
    w.public.rules_en = "Be kind."
    w.public.slow_mode_seconds = 60
    w.public.save()
    thread = w.threads["public"]
    assert code_of(lambda: services.reply(w.alice, thread, body="x")) == "conflict"
    Membership.objects.filter(user=w.alice, community=w.public).update(
        rules_accepted=timezone.now(), last_posted=None
    )
    services.reply(w.alice, thread, body="first")
    assert code_of(lambda: services.reply(w.alice, thread, body="second")) == "rate_limited"
    Membership.objects.filter(user=w.alice, community=w.public).update(
        last_posted=None, muted_until=timezone.now() + timedelta(days=1)
    )
    assert code_of(lambda: services.reply(w.alice, thread, body="muted")) == "refused"
    thread_moderation.close(w.bob, thread, True)
    assert code_of(lambda: services.reply(w.bob, thread, body="closed")) == "conflict"
    assert ModerationAction.objects.filter(community=w.public, action="close").exists()


def test_first_posts_wait_for_a_moderator(w, django_capture_on_commit_callbacks):
    w.public.preapprove_first_posts = True
    w.public.save()
    newcomer = UserFactory(email="newcomer@example.org", name="Nina New")
    join(w.public, newcomer)
    made = services.start_thread(newcomer, w.public, title="Premier", body="Mon premier sujet")
    assert made.state == PostState.PENDING
    assert not Thread.objects.visible_to(w.alice).filter(pk=made.pk).exists()
    assert Thread.objects.visible_to(newcomer).filter(pk=made.pk).exists()
    assert Thread.objects.visible_to(w.bob).filter(pk=made.pk).exists()
    assert code_of(lambda: thread_moderation.approve(w.alice, made)) == "forbidden"
    with django_capture_on_commit_callbacks(execute=True):
        thread_moderation.approve(w.bob, made)
    assert Thread.objects.visible_to(w.alice).filter(pk=made.pk).exists()
    assert Membership.objects.get(user=newcomer, community=w.public).approved_posts == 1
    assert ModerationAction.objects.filter(
        action="approve_post", target=f"thread:{made.pk}"
    ).exists()
    again = services.reply(newcomer, made, body="Suite")
    assert again.state == PostState.PUBLISHED


def test_edits_keep_the_text_before_and_only_the_author_edits(w):
    thread = w.threads["public"]
    services.edit_thread(
        w.alice, thread, title="Nouveau titre", body="Nouveau texte", tags="emploi, cv"
    )
    rev = Revision.objects.get(thread=thread)
    assert (rev.title, rev.body) == ("Sujet public", "Bonjour à tous")
    thread.refresh_from_db()
    assert thread.tags == ["emploi", "cv"] and thread.edited is not None
    first = Reply.objects.get(thread=thread, number=1)
    assert code_of(lambda: services.edit_reply(w.alice, first, body="hijack")) == "forbidden"
    services.edit_reply(w.bob, first, body="Bienvenue à vous")
    assert Revision.objects.get(reply=first).body == "Bienvenue"
    assert (
        code_of(
            lambda: services.start_thread(
                w.alice, w.public, title="T", body="B", tags="a b c d e f"
            )
        )
        == "invalid"
    )


def test_deleting_a_reply_hides_it_and_fixes_the_count(w):
    thread = w.threads["public"]
    mine = services.reply(w.alice, thread, body="Oups")
    services.delete_reply(w.alice, mine)
    thread.refresh_from_db()
    assert thread.reply_count == 1
    assert not Reply.objects.visible_to(w.alice).filter(pk=mine.pk).exists()


def test_questions_votes_and_accepted_answer(w, django_capture_on_commit_callbacks):
    q = services.start_thread(
        w.alice, w.public, title="Comment faire un CV ?", body="?", kind="question"
    )
    answer = services.reply(w.bob, q, body="Court et clair")
    assert code_of(lambda: services.vote(w.bob, answer)) == "self"
    assert code_of(lambda: services.vote(w.carol, answer)) == "forbidden"
    services.vote(w.alice, answer)
    services.vote(w.alice, answer)  # once per member
    assert Reply.objects.get(pk=answer.pk).vote_count == 1
    assert code_of(lambda: services.accept(w.penny, q, answer)) == "forbidden"
    with django_capture_on_commit_callbacks(execute=True):
        services.accept(w.alice, q, answer)
    assert Thread.objects.get(pk=q.pk).accepted == answer
    told = Notification.objects.get(recipient=w.bob, kind="community_accepted")
    assert told.actor_id is None  # who accepted is not named
    assert (
        code_of(
            lambda: services.vote(w.alice, Reply.objects.get(thread=w.threads["public"], number=1))
        )
        == "conflict"
    )


def test_polls_single_multiple_changes_and_anonymity(w):
    thread = w.threads["public"]
    assert code_of(lambda: polls.create(w.alice, thread, question="Q", options=["un"])) == "invalid"
    assert (
        code_of(lambda: polls.create(w.bob, thread, question="Q", options=["a", "b"]))
        == "forbidden"
    )
    poll = polls.create(
        w.alice, thread, question="Quel atelier ?", options=["CV", "Entrevue", "CV"]
    )
    a, b = list(poll.options.all())
    assert code_of(lambda: polls.vote(w.alice, poll, [a.pk, b.pk])) == "invalid"
    assert code_of(lambda: polls.vote(w.carol, poll, [a.pk])) == "forbidden"
    polls.vote(w.alice, poll, [a.pk])
    polls.vote(w.alice, poll, [b.pk])  # changes her vote
    a.refresh_from_db(), b.refresh_from_db(), poll.refresh_from_db()
    assert (a.vote_count, b.vote_count, poll.voter_count) == (0, 1, 1)
    assert (
        code_of(lambda: polls.create(w.alice, thread, question="Q2", options=["x", "y"]))
        == "conflict"
    )
    from tremplin.communities.queries.threads import poll_results

    shown = poll_results(poll, w.alice)
    assert not shown["results_shown"] and shown["waiting_for_votes"]  # anonymous, 1 < 5 voters
    assert not poll_results(poll, w.bob)["waiting_for_votes"]  # bob has not voted
    for n in range(4):
        voter = UserFactory(email=f"v{n}@example.org")
        join(w.public, voter)
        polls.vote(voter, poll, [a.pk])
    poll.refresh_from_db()
    shown = poll_results(poll, w.alice)
    assert shown["results_shown"] and [o.percent for o in shown["options"]] == [80, 20]
    assert all(o.voters == [] for o in shown["options"])  # anonymous: nobody named
    assert PollVote.objects.filter(poll=poll).count() == 5


def test_named_poll_after_closing(w):
    thread = w.threads["public"]
    poll = polls.create(
        w.alice,
        thread,
        question="Q",
        options=["a", "b"],
        kind="multiple",
        anonymous=False,
        results_shown="closed",
        closes=timezone.now() + timedelta(days=1),
    )
    a, b = list(poll.options.all())
    polls.vote(w.bob, poll, [a.pk, b.pk])
    from tremplin.communities.queries.threads import poll_results

    assert not poll_results(poll, w.bob)["results_shown"]
    type(poll).objects.filter(pk=poll.pk).update(closes=timezone.now() - timedelta(minutes=1))
    poll.refresh_from_db()
    shown = poll_results(poll, w.carol)
    assert shown["results_shown"] and shown["options"][0].voters[0].pk == w.bob.pk
    assert code_of(lambda: polls.vote(w.alice, poll, [a.pk])) == "conflict"


def test_private_question_to_counsellor_only(w, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        q = services.ask_privately(w.alice, w.dave, title="Mon CV", body="Pouvez-vous le relire ?")
    assert q.community is None and q.is_question
    for viewer, sees in (
        (w.alice, True),
        (w.dave, True),
        (w.erin, False),
        (w.bob, False),
        (w.mallory, False),
        (None, False),
    ):
        assert Thread.objects.visible_to(viewer).filter(pk=q.pk).exists() is sees
    assert Notification.objects.filter(recipient=w.dave, kind="community_private_question").exists()
    assert (
        code_of(lambda: services.ask_privately(w.alice, w.erin, title="t", body="b"))
        == "not_eligible"
    )
    assert (
        code_of(lambda: services.ask_privately(w.bob, w.dave, title="t", body="b"))
        == "not_eligible"
    )
    answer = services.reply(w.dave, q, body="Oui")
    assert code_of(lambda: services.reply(w.erin, q, body="moi aussi")) == "not_found"
    services.accept(w.alice, q, answer)


def test_notifications_respect_visibility_and_mutes(w, django_capture_on_commit_callbacks):
    thread = w.threads["private"]
    with django_capture_on_commit_callbacks(execute=True):
        services.reply(w.bob, thread, body="@carol-singh et @alice-martin, regardez")
    assert Notification.objects.filter(recipient=w.alice, kind="community_mention").exists()
    # carol may not read the private community: she is told nothing.
    assert not Notification.objects.filter(recipient=w.carol).exists()
    services.set_level(w.alice, thread, "muted")
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        services.reply(w.bob, thread, body="Encore")
    assert not Notification.objects.filter(recipient=w.alice).exists()


def test_watched_category_and_moves(w, django_capture_on_commit_callbacks):
    jobs = thread_moderation.save_category(w.bob, w.public, name_fr="Emplois", name_en="Jobs")
    assert (
        code_of(lambda: thread_moderation.save_category(w.alice, w.public, name_fr="x", name_en=""))
        == "forbidden"
    )
    services.watch_category(w.carol, jobs, True)
    with django_capture_on_commit_callbacks(execute=True):
        services.start_thread(w.alice, w.public, title="Offre", body="Voici", category=jobs)
    assert Notification.objects.filter(recipient=w.carol, kind="community_new_thread").exists()
    thread = w.threads["public"]
    other = make_community("autre", "public")
    assert code_of(lambda: thread_moderation.move(w.bob, thread, community=other)) == "forbidden"
    join(other, w.bob, Role.MODERATOR)
    thread_moderation.move(w.bob, thread, community=other)
    assert Thread.objects.get(pk=thread.pk).community == other
    thread_moderation.pin(w.bob, Thread.objects.get(pk=thread.pk), True)
    assert ModerationAction.objects.filter(community=other, action="pin").exists()


def test_reading_marks_the_last_reply_read(w):
    thread = w.threads["public"]
    services.mark_read(w.carol, thread, 1)
    services.mark_read(w.carol, thread, 3)
    assert ThreadState.objects.get(thread=thread, user=w.carol).last_read_number == 3
