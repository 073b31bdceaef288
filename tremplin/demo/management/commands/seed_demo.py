"""Bilingual demo data: one agency, its counsellors and clients, employers, mentors,
a moderator and an administrator, with a little life in the feed and the inbox.
Idempotent: running it again changes nothing.

The data goes in through the apps' own actions (opening a case, connecting, posting),
so timelines, notifications and consents are written as the pages write them."""

from __future__ import annotations

from datetime import date
from typing import Any

from allauth.account.models import EmailAddress
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from tremplin.accounts.models import User
from tremplin.core.audience import Audience
from tremplin.counselling.services import open_case
from tremplin.demo import appointment_requests, communities, mentoring_programmes
from tremplin.demo import jobs as demo_jobs
from tremplin.demo import mentoring as demo_mentoring
from tremplin.demo import projects as demo_projects
from tremplin.demo.data import ABOUT, AGENCY, DEMO_PASSWORD, DOMAIN, EMPLOYERS, PEOPLE
from tremplin.feed import services as feed
from tremplin.feed.models import Item
from tremplin.messaging import services as messaging
from tremplin.network.services import connect, follow
from tremplin.organizations.models import Membership, Organization, OrgKind, Role
from tremplin.profiles.models import Education, Experience, LanguageSkill, Profile
from tremplin.profiles.services import create_profile, set_skills

People = dict[str, list[User]]


class Command(BaseCommand):
    help = "Load bilingual demo data (safe to run again)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quiet", action="store_true")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Load only into a database without accounts (what `make run` does, so "
            "demo data arrives once and never mixes with real members).",
        )

    @transaction.atomic
    def handle(
        self, *args: Any, quiet: bool = False, if_empty: bool = False, **options: Any
    ) -> None:
        if if_empty and User.objects.exists():
            if not quiet:
                self.stdout.write("The database already has accounts: demo data not loaded.")
            return
        created = not User.objects.filter(email=f"admin@{DOMAIN}").exists()
        agency = self.org(OrgKind.AGENCY, AGENCY)
        employers = [self.org(OrgKind.EMPLOYER, e) for e in EMPLOYERS]
        people = {group: [self.person(*row) for row in rows] for group, rows in PEOPLE.items()}
        self.site_roles(people)
        self.memberships(people, agency, employers)
        self.cases_and_connections(people, agency)
        self.privacy_examples(people["clients"])
        self.social_examples(people, employers)
        communities.seed(people, agency)
        appointment_requests.seed(people)
        mentoring_programmes.seed(people, agency)
        demo_mentoring.seed(people)
        demo_projects.seed(people, agency)
        demo_jobs.seed(people, employers)
        if not quiet:
            self.summary(people, created)

    def summary(self, people: People, created: bool) -> None:
        verb = "Loaded" if created else "Already loaded"
        self.stdout.write(f"{verb}: demo data. Password for every account: {DEMO_PASSWORD}")
        for group, users in people.items():
            self.stdout.write(f"  {group:12} " + ", ".join(u.email for u in users))

    def site_roles(self, people: People) -> None:
        admin = people["admin"][0]
        if not admin.is_staff:
            admin.is_staff = admin.is_superuser = True
            admin.save(update_fields=["is_staff", "is_superuser"])
        moderator = people["moderator"][0]
        if not moderator.is_moderator:
            moderator.is_moderator = True
            moderator.save(update_fields=["is_moderator"])

    def memberships(
        self, people: People, agency: Organization, employers: list[Organization]
    ) -> None:
        counsellors = people["counsellors"]
        for counsellor in counsellors:
            Membership.objects.get_or_create(
                organization=agency, user=counsellor, role=Role.COUNSELLOR
            )
        # Sophie also runs the agency: she invites counsellors and verifies employers.
        Membership.objects.get_or_create(organization=agency, user=counsellors[0], role=Role.ADMIN)
        for employer, recruiter in zip(employers, people["recruiters"], strict=True):
            Membership.objects.get_or_create(organization=employer, user=recruiter, role=Role.ADMIN)
            Membership.objects.get_or_create(
                organization=employer, user=recruiter, role=Role.RECRUITER
            )
            if employer.verified and employer.verified_by_id is None:
                employer.verified_by = counsellors[0]
                employer.save(update_fields=["verified_by"])

    def cases_and_connections(self, people: People, agency: Organization) -> None:
        clients = people["clients"]
        for i, client in enumerate(clients):
            open_case(agency, people["counsellors"][i // 5], client)
        for a, b in [(0, 1), (0, 3), (1, 9), (3, 8), (2, 7), (4, 6), (5, 0)]:
            connect(clients[a], clients[b])
        connect(clients[3], people["mentors"][1])
        connect(clients[0], people["mentors"][0])

    def social_examples(self, people: People, employers: list[Organization]) -> None:
        """Posts, an article, reactions, comments and a conversation, through the same
        actions as the pages (so timelines and notifications are written as usual)."""
        if Item.objects.exists():
            return
        clients, mentors = people["clients"], people["mentors"]
        recruiters = people["recruiters"]
        amina, marc, julie, li = clients[0], clients[1], clients[2], clients[3]
        for client in clients[:5]:
            follow(client, hashtag="emploi")
            follow(client, organization=employers[0])
        posts = [
            (amina, "fr", "Atelier CV ce matin avec mon conseiller : trois conseils qui ont "
             "tout changé. Merci à l'équipe ! #emploi #cv"),
            (li, "en", "Two interviews this week for junior developer roles in Ottawa. "
             "Any tips for a technical interview? #job #tech"),
            (mentors[0], "fr", "Je cherche deux personnes à accompagner en comptabilité "
             "cet automne. Écrivez-moi ! #mentorat"),
            (recruiters[0], "fr", "La Boulangerie Lafleur embauche des boulangers et "
             "boulangères de nuit à Gatineau. #emploi"),
        ]  # fmt: skip
        items = [
            feed.publish_post(author, body, language=language, audience=Audience.PUBLIC)
            for author, language, body in posts
        ]
        feed.create_article(
            mentors[1],
            "Five questions to ask at the end of an interview",
            "Most interviews end with *Do you have any questions?* Here are five that "
            "show you listened:\n\n1. What does success look like after six months?\n"
            "2. What is the team working on right now?\n3. How do people learn here?\n"
            "4. What do you enjoy about working here?\n5. What are the next steps?",
            language="en",
            audience=Audience.PUBLIC,
            publish=True,
        )
        feed.react(marc, items[0], "celebrate")
        feed.react(julie, items[0], "like")
        comment = feed.add_comment(marc, items[0], "Bravo Amina ! Tu peux partager les conseils ?")
        feed.add_comment(amina, items[0], "Oui, je les mets dans un article demain.", comment)
        feed.react(amina, items[1], "support")
        messaging.start_conversation(
            amina, [marc], "Salut Marc, on se retrouve à l'atelier d'entrevue jeudi ?"
        )

    def org(self, kind: str, data: dict[str, Any]) -> Organization:
        data = dict(data)
        slug = data.pop("slug")
        org, _ = Organization.objects.get_or_create(slug=slug, defaults={"kind": kind, **data})
        return org

    def person(
        self,
        local: str,
        name: str,
        language: str,
        headline: str,
        city: str,
        region: str,
        skills: list[str],
    ) -> User:
        email = f"{local}@{DOMAIN}"
        user = User.objects.filter(email=email).first()
        if user is not None:
            return user
        user = User.objects.create_user(email, DEMO_PASSWORD, language=language)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        profile = create_profile(user, name, language)
        profile.headline = headline
        profile.city = city
        profile.region = region
        profile.about = ABOUT[language]
        profile.interests = (
            "Course à pied, bénévolat" if language == "fr" else "Running, volunteering"
        )
        profile.save()
        set_skills(profile, skills)
        if skills:
            self.career(profile, headline, city, language)
        return user

    def career(self, profile: Profile, headline: str, city: str, language: str) -> None:
        """An experience, a diploma and two languages, in the member's language."""
        french = language == "fr"
        Experience.objects.create(
            profile=profile,
            title=headline.split("—")[0].split(",")[0].strip(),
            organization_name="Emploi Horizon Ottawa" if "Emploi" in headline else "Ville d'Ottawa",
            city=city,
            start=date(2021, 3, 1),
            description=(
                "Responsabilités variées, travail d’équipe."
                if french
                else "Varied responsibilities, teamwork."
            ),
        )
        Education.objects.create(
            profile=profile,
            school="Collège La Cité" if french else "Algonquin College",
            program="Diplôme d’études collégiales" if french else "College diploma",
            start_year=2016,
            end_year=2018,
        )
        LanguageSkill.objects.create(
            profile=profile, language="Français" if french else "English", level="native"
        )
        LanguageSkill.objects.create(
            profile=profile, language="English" if french else "Français", level="professional"
        )

    def privacy_examples(self, clients: list[User]) -> None:
        """A few members who chose differently, so the privacy rules show in the demo."""
        Profile.objects.filter(user=clients[3]).update(
            basics_visibility=Audience.PUBLIC,
            skills_visibility=Audience.PUBLIC,
            open_to_work=True,
            open_to_work_audience="recruiters",
        )
        Profile.objects.filter(user=clients[0]).update(
            experience_visibility=Audience.COUNSELLORS, open_to_work=True
        )
        Profile.objects.filter(user=clients[2]).update(basics_visibility=Audience.CONNECTIONS)
        Profile.objects.filter(user=clients[9]).update(about_visibility=Audience.ONLY_ME)
