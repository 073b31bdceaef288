"""The world the query budgets are measured in: the `crew` personas (tests/conftest.py)
plus rita, a recruiter of a verified employer, and ursula, the admin of an unverified
one; then `grow(count)` adds `count` of every kind of thing a list shows.

One round of `grow` gives alice a new connection who posts, mentions her, comments on,
reacts to and reshares her posts, writes to her, endorses and recommends her and
mentors her; a stranger's connection request and one of hers; a follow, a block and a
mute; a bookmark, an article; postings (open, in review, reported), a saved search, a
forwarded posting and tracked applications; a counsellor at another agency (a case,
a survey); on her case with dave a note, a referral, a tag, a goal with an item and an
appointment; a document shared with dave, with a version, a review comment and an
opening; an import run of the agency; a client of dave's and a member of the agency.
Notifications of many kinds follow (comments, replies, reactions, reshares, mentions,
requests, endorsements, recommendations, messages, forwards, shares...).

Everything is written through the apps' services, so each row is what members make.
"""

from __future__ import annotations

import datetime
import itertools
from types import SimpleNamespace
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.utils import timezone

from tests.communities.directory_world import join, make_community
from tests.factories import OrganizationFactory, UserFactory, make_member
from tremplin.applications import services as applications
from tremplin.appointments import services as appointments
from tremplin.casework import services as casework
from tremplin.communities.models import Community, Membership
from tremplin.communities.services import communities
from tremplin.communities.services import members as community_members
from tremplin.communities.services import polls as community_polls
from tremplin.communities.services import threads as community_threads
from tremplin.counselling.services import open_case
from tremplin.feed import services as feed
from tremplin.feed.models import ItemView
from tremplin.job_alerts import services as job_alerts
from tremplin.job_imports import services as job_imports
from tremplin.jobs import services as jobs
from tremplin.mentoring import services as mentoring
from tremplin.messaging import services as messaging
from tremplin.network import services as network
from tremplin.network.services import connect
from tremplin.notifications.services import set_preferences
from tremplin.organizations.models import OrgKind, Role
from tremplin.outcomes import services as outcomes
from tremplin.plans import services as plans
from tremplin.profiles import services as profiles
from tremplin.profiles.models import Education, Experience, LanguageSkill, Skill
from tremplin.vault import services as vault

# What people search for (every friend of alice is named so) and job search asks.
PEOPLE_QUERY = "Lefebvre"
JOBS_QUERY = "cariste"

# The kinds alice turns off (see `_begin`).
QUIET_KINDS = (
    "message",
    "appointment",
    "survey",
    "reshare",
    "endorsement",
    "recommendation",
    "plan_update",
    "document_comment",
)

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
CSV_HEADER = "title_fr;description_fr;employer;city;region;identifier\n"


def pdf(text: str) -> SimpleUploadedFile:
    content = PDF.replace(b"endobj", f"endobj\n% {text}".encode())
    return SimpleUploadedFile("cv.pdf", content, content_type="application/pdf")


def after_commit() -> Any:
    """Run each step's after-commit work (fan-out, notifications, matching) at once."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def posting_data(title: str, **more: Any) -> dict[str, Any]:
    return {
        "title_fr": title,
        "description_fr": "Conduite de chariot élévateur, horaires de jour.",
        "hiring_organization_name": "Transport Boréal",
        "apply_url": "https://transport-boreal.example/emplois",
        "valid_through": timezone.localdate() + datetime.timedelta(days=60),
        "city": "Sudbury",
        "region": "ON",
        "audience": "public",
        **more,
    }


class World:
    """The crew and what they made; `grow(count)` adds `count` rounds."""

    def __init__(self, crew: SimpleNamespace) -> None:
        self.crew = crew
        self._rounds = itertools.count(1)
        with after_commit():
            self._begin()

    # ---------------------------------------------------------------- start

    def _begin(self) -> None:
        crew = self.crew
        employer = OrganizationFactory(
            kind=OrgKind.EMPLOYER, name="Transport Boréal", slug="transport-boreal", verified=True
        )
        unverified = OrganizationFactory(
            kind=OrgKind.EMPLOYER, name="Emplois Faciles", slug="emplois-faciles"
        )
        crew.employer, crew.unverified = employer, unverified
        crew.rita = make_member(employer, Role.RECRUITER, email="rita@example.org", name="Rita")
        crew.ursula = make_member(unverified, Role.ADMIN, email="ursula@example.org", name="Ursula")
        alice = crew.alice
        # Her notification centre shows 20: a few kinds each round keep it under that
        # with N, so that it grows with 3N (comments and replies name a comment).
        set_preferences(alice, dict.fromkeys(QUIET_KINDS, "off"))
        alice.profile.basics_visibility = "public"
        alice.profile.headline = "Cariste"
        alice.profile.region = "QC"
        alice.profile.save()
        # The posting whose page is measured (forwarded to each new client of dave's).
        crew.posting = jobs.create_posting(
            crew.dave, posting_data("Cariste de jour"), agency=crew.agency, publish=True
        )
        crew.post = feed.publish_post(alice, "Je cherche un poste de cariste.", audience="public")
        crew.conversation, _message = messaging.start_conversation(alice, [crew.bob], "Bonjour")
        crew.document = vault.upload_document(alice, pdf("cv"), title="Mon CV")
        vault.share_with(alice, crew.document, crew.dave)
        crew.source = job_imports.create_source(
            crew.greta, crew.agency, {"name": "Fichier", "kind": "csv"}
        )
        crew.note = casework.add_note(
            crew.dave, crew.case, kind="phone", contact_on=timezone.localdate(), body="Appel"
        )
        crew.application = applications.add_external(alice, title="Cariste", employer="Boréal")
        crew.saved = job_alerts.save_search(alice, {"name": "Cariste", "q": JOBS_QUERY})
        crew.community = communities.create_community(
            alice, name_fr="Caristes", join_policy="request", join_questions=["Où ?"]
        )
        # Communities (issue 16, directory): the one whose posts are measured.
        crew.place = make_community("Caristes du Québec", slug="caristes-qc", region="QC")
        join(crew.place, alice)
        self._begin_communities()

    def _begin_communities(self) -> None:
        """A private community (alice a member, bob its owner) with a question and its
        poll, whose thread page and tab are measured (issue 16, threads part)."""
        crew = self.crew
        crew.forum = Community.objects.create(
            slug="caristes-forum", name_fr="Caristes (forum)", visibility="private"
        )
        Membership.objects.create(community=crew.forum, user=crew.alice)
        Membership.objects.create(community=crew.forum, user=crew.bob, role="owner")
        crew.thread = community_threads.start_thread(
            crew.alice, crew.forum, title="Quel permis ?", body="Merci", kind="question"
        )
        community_polls.create(
            crew.alice, crew.thread, question="Utile ?", options=["Oui", "Non"], anonymous=False
        )

    # ---------------------------------------------------------------- growing

    def grow(self, count: int) -> None:
        for _ in range(count):
            with after_commit():
                self._round(next(self._rounds))

    # ------------------------------------------- community moderation (issue 16)

    def _community_moderation(self, i: int) -> None:
        """Each round: a thread and a reply of alice's that bob removes (the log and her
        "removed of mine" grow), and a mute in the log."""
        from tremplin.communities.models import ModerationAction, Reply, Thread
        from tremplin.communities.services import moderation

        crew = self.crew
        thread = Thread.objects.create(
            community=crew.forum, author=crew.alice, title=f"Sujet {i}", body="Texte"
        )
        reply = Reply.objects.create(thread=thread, author=crew.alice, body="Réponse", number=1)
        moderation.remove_content(crew.bob, "reply", reply.pk, f"Raison {i}")
        moderation.remove_content(crew.bob, "thread", thread.pk, f"Raison {i}")
        ModerationAction.objects.create(
            community=crew.forum, actor=crew.bob, action="mute", target_user=crew.alice
        )

    def _round(self, i: int) -> None:
        self._community_moderation(i)
        friend = UserFactory(name=f"{PEOPLE_QUERY} Ami {i}")
        connect(self.crew.alice, friend)
        self._profile(i, friend)
        self._feed(i, friend)
        self._network(i)
        self._messages(i, friend)
        self._jobs(i, friend)
        self._counselling(i)
        self._vault(i)
        self._communities(i, friend)
        self._community_posts(i, friend)
        self._threads(i, friend)
        mentoring.accept(self.crew.alice, mentoring.propose(friend, self.crew.alice))

    def _communities(self, i: int, friend: Any) -> None:
        """A member approved, a request waiting, a link, a person invited in alice's
        community; and a community of the friend's that alice joined."""
        alice, community = self.crew.alice, self.crew.community
        communities.decide_request(alice, communities.join(friend, community, ["Ici"]), True)
        communities.join(UserFactory(name=f"Candidat {i}"), community, ["Là"])
        community_members.create_link(alice, community, 7)
        community_members.invite_person(alice, community, UserFactory(name=f"Invité {i}"))
        theirs = communities.create_community(friend, name_fr=f"Communauté {i}")
        communities.join(alice, theirs)

    def _threads(self, i: int, friend: Any) -> None:
        crew = self.crew
        Membership.objects.get_or_create(community=crew.forum, user=friend)
        answer = community_threads.reply(friend, crew.thread, body=f"Le permis {i} @alice-martin")
        community_threads.reply(crew.bob, crew.thread, body=f"Oui {i}", in_reply_to=answer)
        community_threads.vote(crew.alice, answer)
        poll = crew.thread.poll
        community_polls.vote(friend, poll, [poll.options.first().pk])
        community_threads.start_thread(friend, crew.forum, title=f"Sujet {i}", body="Bonjour")

    def _profile(self, i: int, friend: Any) -> None:
        profile = self.crew.alice.profile
        start = datetime.date(2010 + i, 1, 1)
        Experience.objects.create(
            profile=profile, title=f"Cariste {i}", organization_name=f"Entrepôt {i}", start=start
        )
        Education.objects.create(
            profile=profile, school=f"Collège {i}", program="DEP", start_year=2000 + i
        )
        LanguageSkill.objects.create(profile=profile, language=f"Langue {i}", level="fluent")
        skill = Skill.objects.create(profile=profile, name=f"Compétence {i}")
        profiles.endorse(friend, skill)
        profiles.endorse(self.crew.bob, skill)
        written = profiles.write_recommendation(friend, profile, "Collègue", f"Excellente {i}.")
        profiles.decide_recommendation(self.crew.alice, written.pk, "approved")

    def _feed(self, i: int, friend: Any) -> None:
        alice = self.crew.alice
        handle = alice.profile.handle
        theirs = feed.publish_post(friend, f"Nouvelles {i} #emploi avec @{handle}")
        mine = feed.publish_post(alice, f"Billet {i} #emploi", audience="public")
        said = feed.add_comment(friend, mine, f"Bravo {i}")
        feed.add_comment(alice, mine, "Merci", parent=said)
        feed.add_comment(friend, self.crew.post, f"Encore {i}")
        feed.react(friend, mine, "like")
        feed.react(friend, self.crew.post, "like")
        feed.reshare(friend, mine)
        feed.bookmark(alice, theirs)
        feed.create_article(alice, f"Article {i}", "Trois conseils.", publish=True)
        ItemView.objects.get_or_create(item=mine, viewer=friend, day=timezone.localdate())

    def _community_posts(self, i: int, friend: Any) -> None:
        """A new community in the directory (and suggested to alice: her region), and
        posts in the measured one (its page, alice's timeline)."""
        other = make_community(f"Communauté {i}", slug=f"communaute-budget-{i}", region="QC")
        join(other, friend)
        join(self.crew.place, friend)
        feed.publish_post(friend, f"Dans la communauté {i}", place="community:caristes-qc")
        feed.publish_post(self.crew.alice, f"Réponse {i}", place="community:caristes-qc")

    def _network(self, i: int) -> None:
        alice = self.crew.alice
        network.request_connection(UserFactory(name=f"Inconnu {i}"), alice, "Bonjour")
        network.request_connection(alice, UserFactory(name=f"Contact {i}"), "Bonjour")
        network.follow(alice, hashtag=f"metier{i}")
        network.follow(alice, person=UserFactory(name=f"Auteur {i}"))
        network.follow(UserFactory(name=f"Abonné {i}"), person=alice)
        network.block(alice, UserFactory(name=f"Bloqué {i}"))
        network.mute(alice, UserFactory(name=f"Muet {i}"))

    def _messages(self, i: int, friend: Any) -> None:
        crew = self.crew
        conversation, _first = messaging.start_conversation(friend, [crew.alice], f"Salut {i}")
        messaging.send_message(crew.alice, conversation, "Bonjour")
        messaging.send_message(crew.bob, crew.conversation, f"Message {i}")
        messaging.send_message(crew.alice, crew.conversation, f"Réponse {i}")

    def _jobs(self, i: int, friend: Any) -> None:
        crew = self.crew
        OrganizationFactory(kind=OrgKind.EMPLOYER, name=f"Employeur {i}", slug=f"employeur-{i}")
        theirs = jobs.create_posting(
            crew.rita, posting_data(f"Cariste {i}"), organization=crew.employer, publish=True
        )
        ours = jobs.create_posting(
            crew.dave, posting_data(f"Cariste agence {i}"), agency=crew.agency, publish=True
        )
        jobs.create_posting(
            crew.ursula,
            posting_data(f"Cariste à revoir {i}"),
            organization=crew.unverified,
            publish=True,
        )
        jobs.report(friend, theirs, "scam", "Trop beau pour être vrai.")
        jobs.report(crew.alice, theirs, "scam")
        applications.forward_posting(crew.dave, ours, [crew.alice], f"Pour vous {i}")
        applications.track_posting(crew.alice, theirs, "applied")
        applications.add_external(crew.alice, title=f"Poste {i}", employer=f"Ailleurs {i}")
        job_alerts.save_search(crew.alice, {"name": f"Recherche {i}", "q": f"poste {i}"})
        rows = "".join(
            f"Cariste importé {i}-{n};Conduite.;Boréal;Sudbury;ON;IMP-{i}-{n}\n" for n in (1, 2)
        )
        # The newest run (measured) has as many rows in error as there were rounds.
        bad = "".join(f";;Boréal;Sudbury;ON;BAD-{i}-{n}\n" for n in range(i))
        content = (CSV_HEADER + rows + bad).encode()
        upload = SimpleUploadedFile("jobs.csv", content)
        crew.run = job_imports.upload(crew.greta, crew.source, upload)

    def _counselling(self, i: int) -> None:
        crew = self.crew
        client = UserFactory(name=f"Client {i}")
        case = open_case(crew.agency, crew.dave, client)
        applications.forward_posting(crew.dave, crew.posting, [client], "Pour vous")
        outcomes.send_mid_service_survey(crew.dave, case)
        make_member(crew.agency, Role.COUNSELLOR, name=f"Collègue {i}")
        other = make_member(crew.other_agency, Role.COUNSELLOR, name=f"Conseillère {i}")
        theirs = open_case(crew.other_agency, other, crew.alice)
        outcomes.send_mid_service_survey(other, theirs)
        case = crew.case
        casework.add_note(
            crew.dave, case, kind="phone", contact_on=timezone.localdate(), body=f"Note {i}"
        )
        casework.edit_note(crew.dave, crew.note, body=f"Appel, version {i + 1}")
        casework.add_referral(
            crew.dave, case, direction="out", partner_name=f"Partenaire {i}", reason="Formation"
        )
        tag = casework.create_tag(crew.dave, crew.agency, "sector", f"Étiquette {i}")
        casework.tag_case(crew.dave, case, tag)
        goal = plans.create_goal(crew.dave, case, title=f"Objectif {i}")
        plans.add_item(crew.dave, goal, title=f"Tâche {i}", owner="client")
        starts = timezone.now() + datetime.timedelta(days=i + 2)
        appointments.book(
            crew.dave,
            case,
            starts_at=starts.replace(second=0, microsecond=0),
            duration=45,
            mode="video",
            video_url=f"https://meet.example.org/horizon-{i}",
        )

    def _vault(self, i: int) -> None:
        crew = self.crew
        document = vault.upload_document(crew.alice, pdf(str(i)), title=f"Lettre {i}")
        vault.share_with(crew.alice, document, crew.dave)
        version = vault.add_version(crew.alice, crew.document, pdf(f"cv {i}"))
        vault.comment(crew.dave, crew.document, f"Relecture {i}")
        vault.record_access(crew.document, version, user=crew.dave)
