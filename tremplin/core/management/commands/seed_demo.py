"""Bilingual demo data: one agency, its counsellors and clients, employers, mentors,
a moderator and an administrator. Idempotent: running it again changes nothing."""

from __future__ import annotations

from datetime import date

from allauth.account.models import EmailAddress
from django.core.management.base import BaseCommand
from django.db import transaction

from tremplin.accounts.models import User
from tremplin.core.audience import Audience
from tremplin.counselling.services import open_case
from tremplin.network.services import connect
from tremplin.organizations.models import Membership, Organization, OrgKind, Role
from tremplin.profiles.models import Education, Experience, LanguageSkill, Profile
from tremplin.profiles.services import create_profile, set_skills

DEMO_PASSWORD = "Tremplin-demo-2026"  # documented in the README; demo data only
DOMAIN = "tremplin.example"

AGENCY = {
    "slug": "emploi-horizon",
    "name": "Emploi Horizon Ottawa",
    "city": "Ottawa",
    "region": "ON",
    "website": "https://emploi-horizon.example",
    "description_fr": "Agence d’emploi bilingue : orientation, recherche d’emploi, "
    "ateliers CV et entrevues, jumelage avec des mentors.",
    "description_en": "Bilingual employment agency: career guidance, job search, CV and "
    "interview workshops, mentor matching.",
}
EMPLOYERS = [
    {
        "slug": "boulangerie-lafleur",
        "name": "Boulangerie Lafleur",
        "city": "Gatineau",
        "region": "QC",
        "verified": True,
        "description_fr": "Boulangerie artisanale de 40 employés, recrute toute l’année.",
        "description_en": "Artisan bakery with 40 employees, hiring all year round.",
    },
    {
        "slug": "rideau-tech",
        "name": "Rideau Tech Solutions",
        "city": "Ottawa",
        "region": "ON",
        "verified": True,
        "description_fr": "Services informatiques pour PME ; soutien technique bilingue.",
        "description_en": "IT services for small businesses; bilingual technical support.",
    },
    {
        "slug": "transports-outaouais",
        "name": "Transports Outaouais",
        "city": "Gatineau",
        "region": "QC",
        "verified": False,
        "description_fr": "Transport régional de marchandises.",
        "description_en": "Regional freight transport.",
    },
]

# (email local part, name, language, headline, city, region, skills, experience, about)
PEOPLE: dict[str, list[tuple[str, str, str, str, str, str, list[str]]]] = {
    "counsellors": [
        (
            "sophie.tremblay",
            "Sophie Tremblay",
            "fr",
            "Conseillère en emploi — Emploi Horizon",
            "Ottawa",
            "ON",
            ["Orientation professionnelle", "Rédaction de CV", "Entrevues"],
        ),
        (
            "daniel.okafor",
            "Daniel Okafor",
            "en",
            "Employment counsellor — Emploi Horizon",
            "Ottawa",
            "ON",
            ["Career coaching", "Newcomer services", "Job development"],
        ),
    ],
    "clients": [
        (
            "amina.diallo",
            "Amina Diallo",
            "fr",
            "Aide-comptable à la recherche d’un poste",
            "Ottawa",
            "ON",
            ["Comptabilité", "Sage 50", "Excel"],
        ),
        (
            "marc.gagnon",
            "Marc Gagnon",
            "fr",
            "Technicien en soutien informatique",
            "Gatineau",
            "QC",
            ["Soutien technique", "Windows", "Réseautique"],
        ),
        (
            "julie.roy",
            "Julie Roy",
            "fr",
            "Préposée aux bénéficiaires",
            "Orléans",
            "ON",
            ["Soins", "Premiers soins", "Accompagnement"],
        ),
        (
            "li.wei",
            "Li Wei",
            "en",
            "Junior data analyst, open to work",
            "Ottawa",
            "ON",
            ["SQL", "Python", "Power BI"],
        ),
        (
            "carlos.mendez",
            "Carlos Mendez",
            "en",
            "Warehouse lead with forklift certification",
            "Kanata",
            "ON",
            ["Forklift", "Inventory", "Team lead"],
        ),
        (
            "fatima.haddad",
            "Fatima Haddad",
            "fr",
            "Adjointe administrative bilingue",
            "Gatineau",
            "QC",
            ["Bureautique", "Service à la clientèle", "Anglais"],
        ),
        (
            "olivier.bergeron",
            "Olivier Bergeron",
            "fr",
            "Cuisinier, 8 ans d’expérience",
            "Ottawa",
            "ON",
            ["Cuisine", "Hygiène alimentaire", "Gestion des stocks"],
        ),
        (
            "grace.mensah",
            "Grace Mensah",
            "en",
            "Early childhood educator",
            "Nepean",
            "ON",
            ["Early childhood education", "First aid", "French"],
        ),
        (
            "nadia.petrov",
            "Nadia Petrov",
            "en",
            "Graphic designer changing careers to UX",
            "Ottawa",
            "ON",
            ["Figma", "Illustrator", "User research"],
        ),
        (
            "samuel.cote",
            "Samuel Côté",
            "fr",
            "Électricien apprenti",
            "Hull",
            "QC",
            ["Électricité", "Lecture de plans", "SST"],
        ),
    ],
    "mentors": [
        (
            "helene.morin",
            "Hélène Morin",
            "fr",
            "Mentore — directrice financière à la retraite",
            "Ottawa",
            "ON",
            ["Finance", "Gestion", "Mentorat"],
        ),
        (
            "james.walker",
            "James Walker",
            "en",
            "Mentor — software engineering manager",
            "Ottawa",
            "ON",
            ["Software engineering", "Leadership", "Mentoring"],
        ),
    ],
    "recruiters": [
        (
            "recrutement.lafleur",
            "Isabelle Lafleur",
            "fr",
            "Recrutement — Boulangerie Lafleur",
            "Gatineau",
            "QC",
            ["Recrutement"],
        ),
        (
            "talent.rideau",
            "Priya Sharma",
            "en",
            "Talent acquisition — Rideau Tech Solutions",
            "Ottawa",
            "ON",
            ["Recruiting"],
        ),
        (
            "rh.transports",
            "Luc Pelletier",
            "fr",
            "Ressources humaines — Transports Outaouais",
            "Gatineau",
            "QC",
            ["Ressources humaines"],
        ),
    ],
    "moderator": [
        (
            "moderation",
            "Chloé Martin",
            "fr",
            "Modératrice de la communauté Tremplin",
            "Ottawa",
            "ON",
            ["Modération"],
        ),
    ],
    "admin": [
        ("admin", "Admin Tremplin", "fr", "Administration du site", "Ottawa", "ON", []),
    ],
}

ABOUT = {
    "fr": "Je cherche un emploi où je peux apprendre et contribuer.\n\n"
    "**Disponible** à temps plein, en français et en anglais.",
    "en": "I am looking for a role where I can learn and contribute.\n\n"
    "**Available** full time, in English and French.",
}


class Command(BaseCommand):
    help = "Load bilingual demo data (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Load only into a database without accounts (what `make run` does, so "
            "demo data arrives once and never mixes with real members).",
        )

    @transaction.atomic
    def handle(self, *args, quiet: bool = False, if_empty: bool = False, **options):
        if if_empty and User.objects.exists():
            if not quiet:
                self.stdout.write("The database already has accounts: demo data not loaded.")
            return
        created = not User.objects.filter(email=f"admin@{DOMAIN}").exists()
        agency = self.org(OrgKind.AGENCY, AGENCY)
        employers = [self.org(OrgKind.EMPLOYER, e) for e in EMPLOYERS]
        people = {group: [self.person(*row) for row in rows] for group, rows in PEOPLE.items()}

        admin = people["admin"][0]
        if not admin.is_staff:
            admin.is_staff = admin.is_superuser = True
            admin.save(update_fields=["is_staff", "is_superuser"])
        moderator = people["moderator"][0]
        if not moderator.is_moderator:
            moderator.is_moderator = True
            moderator.save(update_fields=["is_moderator"])

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

        clients = people["clients"]
        for i, client in enumerate(clients):
            open_case(agency, counsellors[i // 5], client)
        for a, b in [(0, 1), (0, 3), (1, 9), (3, 8), (2, 7), (4, 6), (5, 0)]:
            connect(clients[a], clients[b])
        connect(clients[3], people["mentors"][1])
        connect(clients[0], people["mentors"][0])

        self.privacy_examples(clients)
        self.social_examples(people, employers)
        if not quiet:
            verb = "Loaded" if created else "Already loaded"
            self.stdout.write(f"{verb}: demo data. Password for every account: {DEMO_PASSWORD}")
            for group, users in people.items():
                self.stdout.write(f"  {group:12} " + ", ".join(u.email for u in users))

    def social_examples(self, people: dict, employers: list[Organization]) -> None:
        """Posts, an article, reactions, comments and a conversation, through the same
        actions as the pages (so timelines and notifications are written as usual)."""
        from tremplin.feed import services as feed
        from tremplin.feed.models import Item
        from tremplin.messaging import services as messaging
        from tremplin.network.services import follow

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

    def org(self, kind: str, data: dict) -> Organization:
        data = dict(data)
        slug = data.pop("slug")
        org, _ = Organization.objects.get_or_create(slug=slug, defaults={"kind": kind, **data})
        return org

    def person(self, local, name, language, headline, city, region, skills) -> User:
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
            Experience.objects.create(
                profile=profile,
                title=headline.split("—")[0].split(",")[0].strip(),
                organization_name="Emploi Horizon Ottawa"
                if "Emploi" in headline
                else "Ville d'Ottawa",
                city=city,
                start=date(2021, 3, 1),
                description=(
                    "Responsabilités variées, travail d’équipe."
                    if language == "fr"
                    else "Varied responsibilities, teamwork."
                ),
            )
            Education.objects.create(
                profile=profile,
                school="Collège La Cité" if language == "fr" else "Algonquin College",
                program="Diplôme d’études collégiales" if language == "fr" else "College diploma",
                start_year=2016,
                end_year=2018,
            )
            LanguageSkill.objects.create(
                profile=profile,
                language="Français" if language == "fr" else "English",
                level="native",
            )
            LanguageSkill.objects.create(
                profile=profile,
                language="English" if language == "fr" else "Français",
                level="professional",
            )
        return user

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
