"""A member with something in every app: Zéphyrine Quobtrelle, a client of Dave's
agency, a recruiter at an employer, connected to Bob, with posts, messages, documents,
a plan, appointments, case work, surveys, applications, alerts, tokens... Every text she
wrote, or that staff wrote about her, names her, so a scan for her name after the
erasure finds anything an eraser forgot."""

from __future__ import annotations

import datetime as dt
import io
from types import SimpleNamespace

from allauth.usersessions.models import UserSession
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from PIL import Image

from tests.accounts.helpers import sign_in
from tests.factories import OrganizationFactory, UserFactory, give_totp, make_case, make_member
from tremplin.accounts.models import AddressChange, KnownDevice
from tremplin.api.services import create_token
from tremplin.applications.models import Application, ApplicationEvent, Forward
from tremplin.appointments.models import Appointment
from tremplin.casework.models import CaseNote, CaseRecord, FollowUp, NoteRevision, Referral
from tremplin.feed.models import (
    Bookmark,
    Comment,
    Item,
    ItemImage,
    ItemRevision,
    ItemView,
    Reaction,
    TimelineEntry,
)
from tremplin.job_alerts.models import SavedSearch
from tremplin.job_imports.models import ImportRun, ImportSource
from tremplin.jobs.models import Posting, PostingReport
from tremplin.mentoring.models import Mentorship
from tremplin.messaging.models import Attachment, Conversation, Message, Participant
from tremplin.network.models import Block, ConnectionRequest, Follow, Mute
from tremplin.network.services import connect
from tremplin.notifications.models import Notification, Preference
from tremplin.organizations.models import Invitation, Membership, OrgKind, Role
from tremplin.outcomes.models import SurveyInvitation, SurveyResponse
from tremplin.plans.models import Goal, PlanItem
from tremplin.profiles.models import (
    Education,
    Endorsement,
    Experience,
    LanguageSkill,
    Recommendation,
    Skill,
)
from tremplin.vault.models import AccessLog, ReviewComment, Share
from tremplin.vault.services import upload_document

NAME = "Zéphyrine Quobtrelle"
MARK = "Quobtrelle"  # in every text she wrote or staff wrote about her
EMAIL = "zephyrine.quobtrelle@example.org"
OTHER_EMAIL = "zq.travail@example.org"  # a second address of hers
FUNDER_REFERENCE = "ESP-4471-9902"
PHONE = "613-555-0142"
IDENTIFIERS = (MARK, EMAIL, OTHER_EMAIL, FUNDER_REFERENCE, PHONE, "zephyrine")

PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n% CV de Zephyrine Quobtrelle\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, "JPEG")
    return buffer.getvalue()


def _people() -> SimpleNamespace:
    agency = OrganizationFactory(name="Agence Horizon", slug="agence-horizon")
    employer = OrganizationFactory(kind=OrgKind.EMPLOYER, name="Boulangerie", slug="boulangerie")
    dave = make_member(agency, Role.COUNSELLOR, email="dave@example.org", name="Dave Côté")
    bob = UserFactory(email="bob@example.org", name="Bob Roy")
    zed = UserFactory(email=EMAIL, name=NAME, language="fr")
    Membership.objects.create(organization=employer, user=zed, role=Role.ADMIN)
    zed.emailaddress_set.create(email=OTHER_EMAIL, verified=True, primary=False)
    give_totp(zed)
    connect(zed, bob)
    case = make_case(agency, dave, zed)
    return SimpleNamespace(agency=agency, employer=employer, dave=dave, bob=bob, zed=zed, case=case)


def _accounts(w: SimpleNamespace) -> None:
    KnownDevice.objects.create(user=w.zed, fingerprint="f" * 64, user_agent="Firefox de Quobtrelle")
    AddressChange.objects.create(
        user=w.zed,
        kind="changed",
        old_email="zephyrine.quobtrelle@old.example.org",
        new_email=EMAIL,
    )
    browser = Client()
    sign_in(browser, w.zed)
    w.session_key = browser.session.session_key
    UserSession.objects.create(
        user=w.zed, ip="203.0.113.9", session_key=w.session_key, user_agent="Firefox de Quobtrelle"
    )
    create_token(w.zed, f"Script de {MARK}", True)
    LogEntry.objects.create(
        user=w.dave,
        content_type=ContentType.objects.get_for_model(w.zed),
        object_id=str(w.zed.pk),
        object_repr=EMAIL,
        action_flag=CHANGE,
        change_message=f"Changed language of {NAME}",
    )
    DBTaskResult.objects.create(
        task_path="tremplin.core.tasks.send_email",
        backend_name="default",
        run_after=timezone.now(),
        args_kwargs={"args": [EMAIL, "new_device", {}, "fr"], "kwargs": {}},
        exception_class_path="",
        traceback="",
    )
    DBTaskResult.objects.create(  # her name alone (SQLite keeps "é" as "\\u00e9")
        task_path="tremplin.core.tasks.send_rendered_email",
        backend_name="default",
        run_after=timezone.now(),
        args_kwargs={
            "args": [["bob@example.org"], "Message", f"{NAME} vous a écrit"],
            "kwargs": {},
        },
        exception_class_path="",
        traceback="",
    )


def _profile_and_network(w: SimpleNamespace) -> None:
    profile = w.zed.profile
    profile.headline = f"Boulangère — {MARK}"
    profile.about = f"Je suis {NAME}, joignable au {PHONE}."
    profile.city = "Quobtrelleville"
    profile.interests = f"pain, {MARK}"
    profile.photo.save("photo.jpg", ContentFile(jpeg()), save=True)
    Experience.objects.create(
        profile=profile,
        title="Boulangère",
        organization_name=f"Chez {MARK}",
        start=dt.date(2019, 1, 1),
    )
    Education.objects.create(
        profile=profile, school=f"École {MARK}", program="Pâtisserie", start_year=2015
    )
    Skill.objects.create(profile=profile, name=f"levain-{MARK}")
    LanguageSkill.objects.create(profile=profile, language=f"quobtrellien {MARK}", level="native")
    bob_skill = Skill.objects.create(profile=w.bob.profile, name="Four")
    Endorsement.objects.create(skill=bob_skill, endorser=w.zed)
    Recommendation.objects.create(
        author=w.zed, recipient=w.bob, relationship="colleague", text=f"Bob, par {NAME}"
    )
    Recommendation.objects.create(
        author=w.bob, recipient=w.zed, relationship="colleague", text=f"Pour {NAME}"
    )
    carol = UserFactory(email="carol@example.org", name="Carol Singh")
    ConnectionRequest.objects.create(from_user=w.zed, to_user=carol, note=f"Salut, {NAME}")
    Follow.objects.create(follower=w.zed, user=carol)
    Follow.objects.create(follower=carol, user=w.zed)
    Block.objects.create(blocker=w.zed, blocked=UserFactory(email="x@example.org", name="X"))
    Mute.objects.create(muter=w.zed, muted=carol)
    Mentorship.objects.create(
        mentor=w.bob, mentee=w.zed, invited_by=w.zed, status="active", message=f"De {NAME}"
    )
    Invitation.objects.create(
        organization=w.agency,
        email=OTHER_EMAIL,
        role=Role.COUNSELLOR,
        language="fr",
        token_hash="a" * 64,
        expires=timezone.now() + dt.timedelta(days=7),
        invited_by=w.dave,
    )


def _feed(w: SimpleNamespace) -> None:
    post = Item.objects.create(
        author=w.zed, body=f"Mon pain — {NAME}", language="fr", published=timezone.now()
    )
    image = ItemImage(item=post, owner=w.zed, alt=f"Pain de {MARK}")
    image.file.save("x.jpg", ContentFile(jpeg()), save=True)
    ItemRevision.objects.create(
        item=post, language="fr", written=timezone.now(), body=f"Brouillon {MARK}"
    )
    bobs = Item.objects.create(
        author=w.bob, body="Le four de Bob", language="fr", published=timezone.now()
    )
    Reaction.objects.create(item=bobs, user=w.zed, kind="like")
    Item.objects.filter(pk=bobs.pk).update(reaction_count=1, comment_count=1, reshare_count=1)
    Item.objects.create(
        author=w.zed,
        body=f"Partagé par {MARK}",
        language="fr",
        reshare_of=bobs,
        kind="reshare",
        published=timezone.now(),
    )
    Comment.objects.create(item=bobs, author=w.zed, body=f"Bravo — {NAME}")
    Bookmark.objects.create(user=w.zed, item=bobs)
    ItemView.objects.create(item=bobs, viewer=w.zed, day=timezone.localdate())
    TimelineEntry.objects.create(
        owner=w.zed, item=bobs, author_id=w.bob.pk, language="fr", created=timezone.now()
    )


def _messages_and_vault(w: SimpleNamespace) -> None:
    talk = Conversation.objects.create(name=f"Groupe {MARK}", created_by=w.zed)
    Participant.objects.create(conversation=talk, user=w.zed)
    Participant.objects.create(conversation=talk, user=w.bob)
    said = Message.objects.create(conversation=talk, sender=w.zed, body=f"Bonjour, ici {NAME}")
    Message.objects.create(conversation=talk, sender=w.bob, body="Bonjour !")
    attachment = Attachment(message=said, kind="pdf", original_name=f"cv-{MARK}.pdf", size=len(PDF))
    attachment.file.save("cv.pdf", ContentFile(PDF), save=True)
    document = upload_document(
        w.zed, SimpleUploadedFile(f"cv-{MARK}.pdf", PDF, "application/pdf"), title=f"CV {NAME}"
    )
    share = Share.objects.create(
        document=document, via="counsellor", to_user=w.dave, created_by=w.zed
    )
    AccessLog.objects.create(document=document, user=w.dave, share=share)
    ReviewComment.objects.create(document=document, author=w.dave, body=f"Bien, {NAME}")


def _case_work(w: SimpleNamespace) -> None:
    case, dave = w.case, w.dave
    goal = Goal.objects.create(
        case=case, title=f"Emploi pour {NAME}", description=MARK, created_by=dave
    )
    PlanItem.objects.create(goal=goal, title=f"CV de {MARK}", details=PHONE, created_by=dave)
    Appointment.objects.create(
        case=case,
        starts_at=timezone.now() + dt.timedelta(days=2),
        location=f"Chez {MARK}",
        phone_details=PHONE,
        agenda=f"Bilan de {NAME}",
        created_by=dave,
    )
    CaseRecord.objects.create(case=case, funder_reference=FUNDER_REFERENCE, service="ES")
    note = CaseNote.objects.create(
        case=case,
        author=dave,
        kind="phone",
        contact_on=timezone.localdate(),
        body=f"Appel avec {NAME}",
    )
    NoteRevision.objects.create(note=note, body=f"Appel avec {NAME}", edited_by=dave)
    FollowUp.objects.create(
        case=case, months=3, due_on=timezone.localdate(), note=f"Relance {MARK}", recorded_by=dave
    )
    Referral.objects.create(
        case=case,
        direction="out",
        partner_name="CLSC",
        reason=f"{NAME} a besoin d'aide",
        created_by=dave,
    )
    invitation = SurveyInvitation.objects.create(
        case=case,
        kind="mid_service",
        token_hash="b" * 64,
        answered_at=timezone.now(),
        counsellor=dave,
    )
    SurveyResponse.objects.create(
        invitation=invitation, score=5, comment=f"Merci — {NAME}", language="fr"
    )
    SurveyInvitation.objects.create(case=case, kind="exit", token_hash="c" * 64, counsellor=dave)


def _jobs(w: SimpleNamespace) -> None:
    posting = Posting.objects.create(
        organization=w.employer,
        hiring_organization_name="Boulangerie",
        title_fr="Boulanger",
        description_fr="Pain.",
        city="Ottawa",
        region="ON",
        status="open",
        date_posted=timezone.now(),
        posted_by=w.zed,
        apply_method="email",
        apply_email=EMAIL,
    )
    PostingReport.objects.create(
        posting=posting, reporter=w.zed, reason="scam", details=f"Signalé par {NAME}"
    )
    source = ImportSource.objects.create(
        agency=w.agency,
        name="Flux",
        kind="rss_atom",
        url="https://jobs.example.org/feed",
        created_by=w.zed,
    )
    ImportRun.objects.create(source=source, trigger="manual", started_by=w.zed)
    SavedSearch.objects.create(owner=w.zed, name=f"Alertes {MARK}", q="boulanger")
    forward = Forward.objects.create(
        posting=posting,
        counsellor=w.dave,
        client=w.zed,
        case=w.case,
        note=f"Pour {NAME}",
        response_text=f"Merci, {MARK}",
    )
    application = Application.objects.create(
        client=w.zed,
        title="Boulanger",
        employer=f"Chez {MARK}",
        notes=PHONE,
        status_date=timezone.localdate(),
        forward=forward,
        posting=posting,
    )
    ApplicationEvent.objects.create(
        application=application,
        status="applied",
        date=timezone.localdate(),
        note=f"Postulé — {MARK}",
    )


def _notifications(w: SimpleNamespace) -> None:
    Notification.objects.create(
        recipient=w.bob, kind="message", actor=w.zed, data={"excerpt": f"Bonjour, ici {NAME}"}
    )
    Notification.objects.create(
        recipient=w.zed, kind="message", actor=w.bob, data={"excerpt": "Bonjour !"}
    )
    Preference.objects.create(user=w.zed, kind="message", delivery="email")


def _moderation_and_reads(w: SimpleNamespace) -> None:
    from tremplin.feed.models import Item
    from tremplin.moderation.models import Decision, Report, Suspension
    from tremplin.privacy.models import AccessRecord

    hers = Item.objects.filter(author=w.zed).first()
    bobs = Item.objects.exclude(author=w.zed).first()
    Report.objects.create(
        kind="post", object_id=bobs.pk, reporter=w.zed, author=w.bob, reason="spam",
        note=f"Signalé par {NAME}",
    )  # fmt: skip
    decision = Decision.objects.create(
        action="suspend", kind="post", object_id=hers.pk, moderator=w.bob, author=w.zed,
        reason=f"{NAME} a publié du spam", until=timezone.now() + dt.timedelta(days=1),
    )  # fmt: skip
    Report.objects.create(
        kind="post", object_id=hers.pk, reporter=w.bob, author=w.zed, reason="spam",
        note=f"{NAME} publie du spam", decision=decision, status="actioned",
    )  # fmt: skip
    Suspension.objects.create(user=w.zed, decision=decision, until=decision.until)
    AccessRecord.objects.create(reader=w.dave, subject=w.zed, what="case_record", role="counsellor")
    AccessRecord.objects.create(reader=w.zed, subject=w.bob, what="profile", role="counsellor")


def _communities(w: SimpleNamespace) -> None:
    """Her communities: she owns one with Bob as moderator (it passes to him) and one
    alone (archived); she asked to join Bob's with answers naming her; threads, replies,
    a revision, votes, a poll vote, an event registration, a resource, a bookmark, a
    follow-up, an invitation, a calendar feed, the moderation log about her."""
    from tremplin.communities import models as c

    def community(slug: str, owner: object, **kw: object) -> c.Community:
        made = c.Community.objects.create(slug=slug, name_fr=slug.title(), **kw)
        c.Membership.objects.create(community=made, user=owner, role="owner")
        return made

    hers = community("boulangers", w.zed, visibility="private")
    c.Membership.objects.create(community=hers, user=w.bob, role="moderator")
    community("atelier-pain", w.zed)
    bobs = community("fours", w.bob, join_policy="request")
    c.Membership.objects.create(
        community=bobs, user=w.zed, status="pending", answers=[f"Je suis {NAME}"]
    )
    talk = c.Thread.objects.create(
        community=hers, author=w.zed, title=f"Levain de {MARK}", body=f"Par {NAME}"
    )
    bob_reply = c.Reply.objects.create(thread=talk, author=w.bob, body="Merci", number=1)
    alone = c.Thread.objects.create(
        community=hers, author=w.zed, title=f"Sondage {MARK}", body=PHONE
    )
    poll = c.Poll.objects.create(thread=alone, question=f"Pain de {MARK} ?")
    c.PollOption.objects.create(poll=poll, label=f"Oui, {MARK}")
    c.Thread.objects.create(
        author=w.zed, asked_of=w.dave, kind="question", title=f"Question de {NAME}", body=MARK
    )
    bobs_talk = c.Thread.objects.create(community=hers, author=w.bob, title="Fours", body="?")
    said = c.Reply.objects.create(thread=bobs_talk, author=w.zed, body=f"{NAME} répond", number=1)
    c.Revision.objects.create(reply=said, body=f"Brouillon de {MARK}", edited_by=w.zed)
    c.Vote.objects.create(reply=bob_reply, user=w.zed)
    bobs_poll = c.Poll.objects.create(thread=bobs_talk, question="Quel four ?")
    option = c.PollOption.objects.create(poll=bobs_poll, label="Bois", vote_count=1)
    c.PollVote.objects.create(poll=bobs_poll, option=option, user=w.zed)
    event = c.Event.objects.create(
        community=hers, created_by=w.bob, title="Atelier", starts=timezone.now(),
        ends=timezone.now() + dt.timedelta(hours=1), going_count=1,
    )  # fmt: skip
    c.Registration.objects.create(event=event, user=w.zed, answers=[f"Allergie de {MARK}"])
    resource = c.Resource.objects.create(
        community=hers, author=w.zed, kind="guide", title=f"Guide de {MARK}", body=NAME
    )
    bobs_resource = c.Resource.objects.create(
        community=hers, author=w.bob, kind="link", title="Lien", url="https://example.org"
    )
    c.ResourceBookmark.objects.create(resource=bobs_resource, user=w.zed)
    c.ResourceVote.objects.create(resource=bobs_resource, user=w.zed, useful=True)
    c.ThreadState.objects.create(thread=bobs_talk, user=w.zed, level="watching")
    c.CalendarFeed.objects.create(user=w.zed, token="d" * 64)
    c.Invitation.objects.create(community=bobs, token="e" * 64, invitee=w.zed, created_by=w.bob)
    c.ModerationAction.objects.create(
        community=hers, actor=w.bob, action="remove_content", target_user=w.zed,
        target=f"resource:{resource.pk}", excerpt=f"Guide de {MARK}", reason=f"{NAME} : hors sujet",
    )  # fmt: skip
    w.community = hers


def make_world() -> SimpleNamespace:
    world = _people()
    for part in (
        _accounts,
        _profile_and_network,
        _feed,
        _messages_and_vault,
        _case_work,
        _jobs,
        _notifications,
        _moderation_and_reads,
        _communities,
    ):
        part(world)
    return world
