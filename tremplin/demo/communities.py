"""The demo's communities (issue 16): one of each kind, each showing its features, in
the language its members write in.

- "Emploi Horizon — métiers de la santé": the agency's official community, public,
  open, bilingual: a pinned welcome, a discussion with quotes, "in reply to" and an
  edited reply, a question with an accepted answer, an unanswered one, an anonymous
  poll with six voters, a job fair with a waiting list, a link, a guide, a document, a
  suggested resource, and a reply a moderator removed (logged, the author told why);
- "Ottawa Tech Job Seekers": public, in English, slow mode: an unanswered question, a
  named poll, an online workshop;
- "Comptables en transition — Outaouais": private, on request with two questions,
  first posts pre-approved: a pending request, an approval in the log;
- "Cercle des conseillères et conseillers": secret, by invitation: an invitation link
  and a person invited;
- a question Amina asked her counsellor privately, the agency's own library and event.

Written with the ORM (the parts' services are built beside this module; the building
blocks are in community_rows.py, the texts in community_texts.py), then every
counter is recounted from the rows, as the services keep them. Posts in the feed that go
to a community (its Posts tab), in French and English, go through the feed's service.
Idempotent: nothing is written when the official community exists.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from tremplin.accounts.models import User
from tremplin.communities.models import (
    CalendarFeed,
    Category,
    Community,
    Event,
    Invitation,
    Membership,
    ModerationAction,
    Registration,
    Reply,
    Resource,
    ResourceBookmark,
    ResourceVote,
    Revision,
    Thread,
)
from tremplin.demo import community_texts as texts
from tremplin.demo.community_rows import (
    at,
    categories,
    community_of,
    log,
    members,
    poll,
    recount,
    recount_thread,
    replies,
    thread,
    token,
    votes,
)
from tremplin.organizations.models import Organization

OFFICIAL_SLUG = "emploi-horizon-sante"
People = dict[str, User]


def seed(people: dict[str, list[User]], agency: Organization) -> None:
    if Community.objects.filter(slug=OFFICIAL_SLUG).exists():
        return
    by = {user.email.split("@")[0]: user for group in people.values() for user in group}
    now = timezone.now().replace(second=0, microsecond=0)
    communities = [
        health(by, agency, now),
        tech(by, now),
        accountants(by, now),
        circle(by, agency),
    ]
    private_question(by, now)
    agency_library(by, agency, now)
    community_posts(by)
    CalendarFeed.objects.get_or_create(user=by["amina.diallo"], defaults={"token": token()})
    for community in communities:
        recount(community)


# ------------------------------------------------------------------ the four communities


def health(by: People, agency: Organization, now: datetime) -> Community:
    sophie, daniel = by["sophie.tremblay"], by["daniel.okafor"]
    julie, amina, grace = by["julie.roy"], by["amina.diallo"], by["grace.mensah"]
    fatima, samuel = by["fatima.haddad"], by["samuel.cote"]
    community = community_of(texts.HEALTH, organization=agency, created_by=sophie)
    members(community, sophie, [daniel], [julie, amina, grace, fatima, samuel], now)
    interviews, openings, _training = categories(community, texts.HEALTH_CATEGORIES)
    welcome = thread(community, sophie, texts.WELCOME, now - timedelta(days=20), pinned=True)
    replies(
        welcome,
        [
            (julie, texts.WELCOME_REPLIES[0], None),
            (grace, texts.WELCOME_REPLIES[1], None),
            (amina, texts.WELCOME_REPLIES[2], 1),
        ],
    )
    log(community, sophie, ModerationAction.Action.PIN, f"thread:{welcome.pk}", welcome.title)
    interview_thread(community, (sophie, julie, amina, grace, fatima, daniel), interviews, now)
    question = thread(community, julie, texts.CPR_QUESTION, now - timedelta(days=6))
    answers = replies(
        question, [(sophie, texts.CPR_ANSWERS[0], None), (grace, texts.CPR_ANSWERS[1], None)]
    )
    votes(answers[0], [julie, amina, grace])
    votes(answers[1], [amina])
    Thread.objects.filter(pk=question.pk).update(accepted=answers[0])
    thread(community, grace, texts.ECE_QUESTION, now - timedelta(hours=20))
    survey = thread(community, sophie, texts.FORMAT_POLL, now - timedelta(days=3))
    poll(
        survey,
        texts.FORMAT_POLL_OPTIONS,
        {julie: [0], amina: [1], grace: [1], fatima: [2], samuel: [1], daniel: [0]},
        now,
    )
    job_fair(community, sophie, [julie, amina, grace], fatima, samuel, openings, now)
    health_library(community, (sophie, julie, amina))
    return community


def interview_thread(
    community: Community, cast: tuple[User, ...], category: Category, now: datetime
) -> None:
    """Quotes, "in reply to", a mention, an edit with its history, a removed reply."""
    sophie, julie, amina, grace, fatima, daniel = cast
    topic = thread(community, julie, texts.INTERVIEW, now - timedelta(days=9), category=category)
    mention = f"@{sophie.profile.handle}"
    posted = replies(
        topic,
        [
            (sophie, texts.INTERVIEW_REPLIES[0], None),
            (amina, texts.INTERVIEW_REPLIES[1], None),
            (grace, texts.INTERVIEW_REPLIES[2].format(mention=mention), 1),
            (julie, texts.INTERVIEW_REPLIES[3], 3),
            (fatima, texts.REMOVED_REPLY, None),
        ],
    )
    edited = posted[3]
    Revision.objects.create(
        reply=edited, body=texts.INTERVIEW_FIRST_DRAFT, edited_by=julie, created=edited.created
    )
    Reply.objects.filter(pk=edited.pk).update(edited=edited.created + timedelta(minutes=12))
    removed = posted[4]
    Reply.objects.filter(pk=removed.pk).update(state="removed")
    log(
        community,
        daniel,
        ModerationAction.Action.REMOVE_CONTENT,
        f"reply:{removed.pk}",
        removed.body,
        reason=texts.REMOVED_REASON,
        target_user=fatima,
    )


def tech(by: People, now: datetime) -> Community:
    james, li, nadia = by["james.walker"], by["li.wei"], by["nadia.petrov"]
    marc, priya, carlos = by["marc.gagnon"], by["talent.rideau"], by["carlos.mendez"]
    community = community_of(texts.TECH, created_by=james)
    members(community, james, [li], [nadia, marc, priya, carlos], now)
    prep, _leads = categories(community, texts.TECH_CATEGORIES)
    sql = thread(community, li, texts.SQL_PREP, now - timedelta(days=4), category=prep)
    replies(
        sql,
        [
            (james, texts.SQL_REPLIES[0], None),
            (nadia, texts.SQL_REPLIES[1], None),
            (priya, texts.SQL_REPLIES[2], 1),
        ],
    )
    portfolio = thread(community, nadia, texts.PORTFOLIO_QUESTION, now - timedelta(days=2))
    answers = replies(
        portfolio,
        [(james, texts.PORTFOLIO_ANSWERS[0], None), (priya, texts.PORTFOLIO_ANSWERS[1], None)],
    )
    votes(answers[1], [nadia, li])
    thread(community, li, texts.BOOTCAMP_QUESTION, now - timedelta(hours=5))
    meetup = thread(community, james, texts.MEETUP_POLL, now - timedelta(days=1))
    poll(
        meetup,
        texts.MEETUP_POLL_OPTIONS,
        {li: [0, 2], nadia: [1], marc: [0]},
        now,
        multiple=True,
        anonymous=False,
        after_closing=True,
    )
    log(
        community,
        james,
        ModerationAction.Action.ROLE,
        "",
        "",
        target_user=li,
        reason="Li helps answer interview questions every week.",
    )
    workshop(community, james, [li, nadia], marc, now)
    Resource.objects.create(community=community, author=james, **texts.TECH_LINK)
    return community


def accountants(by: People, now: datetime) -> Community:
    helene, amina, fatima = by["helene.morin"], by["amina.diallo"], by["fatima.haddad"]
    olivier = by["olivier.bergeron"]
    community = community_of(texts.ACCOUNTANTS, created_by=helene)
    members(community, helene, [], [amina, olivier], now)
    Membership.objects.create(
        community=community,
        user=fatima,
        status="pending",
        answers=texts.FATIMA_ANSWERS,
        digest="",
    )
    Membership.objects.filter(community=community, user=amina).update(approved_posts=1)
    log(community, helene, ModerationAction.Action.APPROVE_MEMBER, "", "", target_user=amina)
    (_general,) = categories(community, texts.ACCOUNTANTS_CATEGORIES)
    first = thread(community, helene, texts.FIRST_WEEKS, now - timedelta(days=8))
    answers = replies(
        first,
        [(amina, texts.FIRST_WEEKS_REPLIES[0], None), (helene, texts.FIRST_WEEKS_REPLIES[1], 1)],
    )
    log(
        community,
        helene,
        ModerationAction.Action.APPROVE_POST,
        f"reply:{answers[0].pk}",
        answers[0].body,
        target_user=amina,
    )
    return community


def circle(by: People, agency: Organization) -> Community:
    sophie, daniel, helene = by["sophie.tremblay"], by["daniel.okafor"], by["helene.morin"]
    community = community_of(texts.CIRCLE, organization=agency, created_by=sophie)
    members(community, sophie, [daniel], [], timezone.now())
    Membership.objects.create(
        community=community, user=helene, status="invited", invited_by=sophie, digest=""
    )
    Invitation.objects.create(community=community, token=token(), invitee=helene, created_by=sophie)
    Invitation.objects.create(
        community=community,
        token=token(),
        created_by=sophie,
        max_uses=5,
        expires=timezone.now() + timedelta(days=7),
    )
    (_general,) = categories(community, texts.CIRCLE_CATEGORIES)
    plan = thread(community, sophie, texts.AUTUMN, timezone.now() - timedelta(days=2))
    replies(plan, [(daniel, texts.AUTUMN_REPLIES[0], None)])
    return community


# ------------------------------------------------------------------ the other features


def community_posts(by: People) -> None:
    """Feed posts to communities, through the feed's own service (the community checks
    its member may post there; the post gets the community's audience), with a
    reaction and a comment like any post."""
    from tremplin.feed import services as feed

    made = [
        feed.publish_post(by[author], body, language=language, place=f"community:{slug}")
        for slug, author, language, body in texts.COMMUNITY_POSTS
    ]
    feed.react(by["julie.roy"], made[1], "celebrate")
    feed.react(by["sophie.tremblay"], made[1], "support")
    feed.add_comment(by["sophie.tremblay"], made[1], texts.COMMUNITY_POST_COMMENT)


def private_question(by: People, now: datetime) -> None:
    """A question Amina asked her counsellor, seen by the two of them only."""
    amina, sophie = by["amina.diallo"], by["sophie.tremblay"]
    asked = Thread.objects.create(
        community=None,
        asked_of=sophie,
        author=amina,
        kind="question",
        created=now - timedelta(days=1),
        last_activity=now - timedelta(hours=22),
        **texts.GAP_QUESTION,
    )
    replies(asked, [(sophie, texts.GAP_ANSWER, None)])
    recount_thread(asked)


def job_fair(
    community: Community,
    sophie: User,
    going: list[User],
    waiting: User,
    maybe: User,
    category: Category,
    now: datetime,
) -> None:
    """In person, three places (a demo-sized room), a waiting list, a question."""
    starts = at(now + timedelta(days=12), 13)
    fair = Event.objects.create(
        community=community,
        created_by=sophie,
        starts=starts,
        ends=starts + timedelta(hours=3),
        capacity=len(going),
        **texts.JOB_FAIR,
    )
    for n, user in enumerate(going):
        Registration.objects.create(event=fair, user=user, answers=[texts.FAIR_ANSWERS[n]])
    Registration.objects.create(
        event=fair, user=waiting, waitlisted=True, answers=[texts.FAIR_ANSWERS[3]]
    )
    Registration.objects.create(event=fair, user=maybe, rsvp="maybe", answers=[""])


def workshop(
    community: Community, host: User, going: list[User], maybe: User, now: datetime
) -> None:
    starts = at(now + timedelta(days=5), 18, 30)
    event = Event.objects.create(
        community=community,
        created_by=host,
        starts=starts,
        ends=starts + timedelta(minutes=90),
        capacity=20,
        **texts.WORKSHOP,
    )
    for user in going:
        Registration.objects.create(event=event, user=user)
    Registration.objects.create(event=event, user=maybe, rsvp="maybe")


def health_library(community: Community, cast: tuple[User, User, User]) -> None:
    """A link, a featured guide, a document, a suggestion waiting for a moderator."""
    sophie, julie, amina = cast
    link = Resource.objects.create(community=community, author=sophie, **texts.HEALTH_LINK)
    guide = Resource.objects.create(
        community=community, author=sophie, featured=True, **texts.HEALTH_GUIDE
    )
    document = Resource(community=community, author=sophie, **texts.HEALTH_DOCUMENT)
    document.file.save(
        "liste-verification-cv-sante.pdf", ContentFile(texts.CHECKLIST_PDF), save=False
    )
    document.file_name = "liste-verification-cv-sante.pdf"
    document.save()
    Resource.objects.create(
        community=community, author=amina, state="suggested", **texts.HEALTH_SUGGESTION
    )
    for user, useful in [(julie, True), (amina, True)]:
        ResourceVote.objects.create(resource=guide, user=user, useful=useful)
    ResourceVote.objects.create(resource=link, user=amina, useful=False)
    ResourceBookmark.objects.create(resource=guide, user=julie)
    ResourceBookmark.objects.create(resource=document, user=amina)


def agency_library(by: People, agency: Organization, now: datetime) -> None:
    sophie = by["sophie.tremblay"]
    Resource.objects.create(
        organization=agency,
        author=sophie,
        audience="public",
        featured=True,
        **texts.AGENCY_GUIDE,
    )
    starts = at(now + timedelta(days=8), 10)
    Event.objects.create(
        organization=agency,
        created_by=sophie,
        starts=starts,
        ends=starts + timedelta(hours=1),
        audience="public",
        **texts.AGENCY_SESSION,
    )
