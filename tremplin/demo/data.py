"""The demo's people, organisations and texts: bilingual, fictional (the domain is
`tremplin.example`)."""

from __future__ import annotations

DEMO_PASSWORD = "Tremplin-demo-2026"  # documented in the README; demo data only
DOMAIN = "tremplin.example"

AGENCY = {
    "slug": "emploi-horizon",
    "name": "Emploi Horizon Ottawa",
    "city": "Ottawa",
    "region": "ON",
    "website": "https://emploi-horizon.example",
    "contact_email": f"accueil@{DOMAIN}",  # the organiser of appointment invitations
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
