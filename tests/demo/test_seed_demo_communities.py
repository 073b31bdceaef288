"""The demo's communities (tremplin/demo/communities.py): one of each kind, every feature
of issue 16 shown, counters as the services keep them, and a second run adds nothing."""

from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db.models import Count, Q

from tremplin.accounts.models import User
from tremplin.communities.models import (
    Category,
    Community,
    Event,
    Invitation,
    Membership,
    ModerationAction,
    Poll,
    PollVote,
    Registration,
    Reply,
    Resource,
    Revision,
    Thread,
    Vote,
)
from tremplin.organizations.models import Organization

TABLES = (
    Community,
    Membership,
    Category,
    Thread,
    Reply,
    Poll,
    PollVote,
    Event,
    Registration,
    Resource,
    Invitation,
    ModerationAction,
)


def person(local: str) -> User:
    return User.objects.get(email=f"{local}@tremplin.example")


def test_a_second_run_adds_nothing_and_every_counter_matches_its_rows(db):
    call_command("seed_demo", quiet=True)
    counts = [model.objects.count() for model in TABLES]
    call_command("seed_demo", quiet=True)

    assert counts == [model.objects.count() for model in TABLES]
    assert Community.objects.count() == 4
    for community in Community.objects.annotate(
        active=Count("memberships", filter=Q(memberships__status="active"), distinct=True),
        published=Count("threads", filter=Q(threads__state="published"), distinct=True),
    ):
        assert (community.member_count, community.thread_count) == (
            community.active,
            community.published,
        ), community.slug
        assert community.search_text and community.search_text == community.search_text.lower()
    for thread in Thread.objects.all():
        assert thread.reply_count == thread.replies.filter(state="published").count()
    for reply in Reply.objects.all():
        assert reply.vote_count == Vote.objects.filter(reply=reply).count()
    for poll in Poll.objects.all():
        assert poll.voter_count == poll.votes.values("user").distinct().count()
        assert [o.vote_count for o in poll.options.all()] == [
            o.votes.count() for o in poll.options.all()
        ]
    for event in Event.objects.all():
        going = event.registrations.filter(rsvp="going")
        assert event.going_count == going.filter(waitlisted=False).count()
        assert event.waitlist_count == going.filter(waitlisted=True).count()


def test_every_feature_of_communities_is_in_the_demo_in_both_languages(db):
    call_command("seed_demo", quiet=True)
    agency = Organization.objects.get(slug="emploi-horizon")

    official = Community.objects.get(organization=agency, visibility="public")
    assert official.name_fr == "Emploi Horizon — métiers de la santé"
    assert official.name_en and official.rules_fr and official.rules_en
    visibilities = dict(Community.objects.values_list("slug", "visibility"))
    assert set(visibilities.values()) == {"public", "private", "secret"}
    private = Community.objects.get(visibility="private")
    assert private.join_policy == "request" and len(private.join_questions) == 2
    assert private.preapprove_first_posts
    request = Membership.objects.get(community=private, status="pending")
    assert request.user == person("fatima.haddad") and len(request.answers) == 2
    secret = Community.objects.get(visibility="secret")
    assert Invitation.objects.filter(community=secret, invitee=person("helene.morin")).exists()
    assert Invitation.objects.filter(community=secret, invitee=None, expires__isnull=False)
    assert Community.objects.get(slug="ottawa-tech-job-seekers").slow_mode_seconds == 30

    # Threads: pinned, categories and tags, quotes, "in reply to", a mention, an edit.
    assert Thread.objects.filter(community=official, pinned=True).exists()
    assert Category.objects.filter(community=official).count() == 3
    assert Reply.objects.filter(body__startswith="> ").exists()
    assert Reply.objects.filter(in_reply_to__isnull=False).count() >= 4
    assert Reply.objects.filter(body__contains="@").exists()
    assert Revision.objects.filter(reply__edited__isnull=False).exists()
    languages = set(Thread.objects.values_list("language", flat=True))
    assert languages == {"fr", "en"}

    # Questions: one accepted, unanswered ones, one asked privately of a counsellor.
    accepted = Thread.objects.get(accepted__isnull=False)
    assert accepted.accepted.thread == accepted and accepted.accepted.vote_count == 3
    assert Thread.objects.unanswered().filter(community__isnull=False).count() == 2
    asked = Thread.objects.get(community=None)
    assert asked.asked_of == person("sophie.tremblay") and asked.author == person("amina.diallo")

    # Polls: an anonymous one with at least five voters, a named multiple-choice one.
    anonymous = Poll.objects.get(anonymous=True)
    assert anonymous.voter_count >= 5
    named = Poll.objects.get(anonymous=False)
    assert named.kind == "multiple" and named.results_shown == "closed"

    # Events: a job fair in person with a waiting list, an online workshop, the agency's.
    fair = Event.objects.get(kind="job_fair")
    assert fair.format == "in_person" and fair.capacity == fair.going_count
    assert fair.waitlist_count == 1 and fair.questions
    assert Event.objects.filter(format="online", online_url__startswith="https://").exists()
    assert Event.objects.filter(organization=agency, community=None).exists()

    # Resources: link, guide, document (a real file), a suggestion waiting; the agency's.
    kinds = set(Resource.objects.filter(community=official).values_list("kind", flat=True))
    assert kinds == {"link", "guide", "document"}
    document = Resource.objects.get(kind="document")
    assert document.file.read().startswith(b"%PDF-")
    assert Resource.objects.filter(state="suggested", community=official).exists()
    assert Resource.objects.filter(featured=True, organization=agency).exists()

    # Moderation: the log, a removed reply whose author is named in the entry.
    removal = ModerationAction.objects.get(action="remove_content")
    assert removal.reason and removal.target_user == person("fatima.haddad")
    assert Reply.objects.get(pk=removal.target.split(":")[1]).state == "removed"


def test_what_the_demo_shows_to_a_stranger_and_a_visitor(db):
    call_command("seed_demo", quiet=True)
    marc = person("marc.gagnon")  # a member of the tech community only
    secret = Community.objects.get(visibility="secret")
    private = Community.objects.get(visibility="private")

    assert secret not in Community.objects.visible_to(marc)
    assert private in Community.objects.visible_to(marc)
    assert not Thread.objects.visible_to(marc).filter(community__in=[secret, private]).exists()
    assert not Thread.objects.visible_to(marc).filter(community=None).exists()
    visitor = AnonymousUser()
    assert set(Community.objects.visible_to(visitor).values_list("visibility", flat=True)) == {
        "public"
    }
    assert Thread.objects.visible_to(person("sophie.tremblay")).filter(community=None).exists()


def test_the_directory_finds_a_demo_community_by_its_region_in_either_language(db):
    call_command("seed_demo", quiet=True)

    for word in ("quebec", "ontario"):
        assert Community.objects.filter(search_text__contains=word).exists(), word
    assert Community.objects.filter(search_text__contains="metiers de la sante").exists()


def test_the_demo_posts_to_communities_in_both_languages_through_the_feed(db):
    from tremplin.feed.models import Item

    call_command("seed_demo", quiet=True)
    posts = Item.objects.filter(place_kind="community")
    assert set(posts.values_list("language", flat=True)) == {"fr", "en"}
    places = set(posts.values_list("place_id", flat=True))
    official = Community.objects.get(slug="emploi-horizon-sante")
    private = Community.objects.get(visibility="private")
    assert {official.pk, private.pk} <= places
    # The private community's post has its members' audience, the public one's is public.
    assert set(posts.filter(place_id=private.pk).values_list("audience", flat=True)) == {"members"}
    assert set(posts.filter(place_id=official.pk).values_list("audience", flat=True)) == {"public"}
    # Marc is not a member of the private community: its post is not in his feed.
    seen = Item.objects.visible_to(person("marc.gagnon")).filter(place_kind="community")
    assert private.pk not in set(seen.values_list("place_id", flat=True))
    assert official.pk in set(seen.values_list("place_id", flat=True))
    count = posts.count()
    call_command("seed_demo", quiet=True)
    assert Item.objects.filter(place_kind="community").count() == count
