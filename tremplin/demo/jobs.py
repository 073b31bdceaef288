"""The demo's job board (issue 18), written through the jobs' and applications' services
(so the search documents, the alerts and the notifications are what the product makes):

- six open postings of the two verified employers, in French, English or both, with
  salaries, one remote; "Commis comptable" takes applications here, on Tremplin, with
  two screening questions, and Amina applied with the CV of her vault (the bakery's
  inbox has one applicant);
- a posting of the unverified Transports Outaouais, waiting in the review queue;
- job preferences for Olivier (cook), Carlos (warehouse) and Amina (bookkeeping), so
  "Jobs for you" and the case pages' "Best matches for this client" show something.
Idempotent: nothing is written when the first posting exists.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tremplin.accounts.models import User
from tremplin.applications import apply_services
from tremplin.job_alerts.foryou_services import save_preferences
from tremplin.jobs import screening
from tremplin.jobs.models import Posting
from tremplin.jobs.services import create_posting
from tremplin.organizations.models import Organization
from tremplin.vault import services as vault
from tremplin.vault.models import DocumentKind

FIRST_TITLE = "Commis comptable"
CV_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

# (employer index, fields): the employers of data.EMPLOYERS, in that order.
POSTINGS: list[tuple[int, dict[str, Any]]] = [
    (0, {
        "title_fr": FIRST_TITLE, "title_en": "Accounting clerk",
        "description_fr": "Saisie des factures, conciliations bancaires et paie de nos "
        "40 employés avec Sage 50. Excel intermédiaire. Poste permanent de jour.",
        "description_en": "Invoices, bank reconciliations and payroll for our 40 "
        "employees in Sage 50. Intermediate Excel. Permanent day position.",
        "employment_type": "FULL_TIME", "city": "Gatineau", "region": "QC",
        "salary_min": Decimal("22.50"), "salary_max": Decimal("26.00"), "salary_unit": "HOUR",
        "requires_french": True, "apply_method": "here",
    }),
    (0, {
        "title_fr": "Cuisinier ou cuisinière de production",
        "description_fr": "Production des sandwichs, soupes et plats du comptoir. Hygiène "
        "alimentaire (MAPAQ) et gestion des stocks. Quart de jour, fins de semaine en "
        "alternance.",
        "employment_type": "FULL_TIME", "city": "Gatineau", "region": "QC",
        "salary_min": Decimal("20.00"), "salary_unit": "HOUR", "requires_french": True,
        "apply_method": "url", "apply_url": "https://boulangerie-lafleur.example/emplois",
    }),
    (0, {
        "title_fr": "Boulanger ou boulangère de nuit",
        "description_fr": "Pains au levain et viennoiseries, de 2 h à 10 h. Formation "
        "offerte, expérience en cuisine appréciée.",
        "employment_type": "FULL_TIME", "city": "Gatineau", "region": "QC",
        "salary_min": Decimal("21.00"), "salary_max": Decimal("24.00"), "salary_unit": "HOUR",
        "apply_method": "url", "apply_url": "https://boulangerie-lafleur.example/emplois",
    }),
    (1, {
        "title_en": "Junior data analyst", "title_fr": "Analyste de données junior",
        "description_en": "SQL, Python and Power BI reports for our clients' help desks. "
        "Hybrid, two days a week in Ottawa.",
        "description_fr": "Rapports SQL, Python et Power BI pour les centres d'aide de nos "
        "clients. Hybride, deux jours par semaine à Ottawa.",
        "employment_type": "FULL_TIME", "workplace": "hybrid", "city": "Ottawa",
        "region": "ON", "salary_min": Decimal("58000"), "salary_max": Decimal("66000"),
        "salary_unit": "YEAR", "requires_english": True,
        "apply_method": "url", "apply_url": "https://rideau-tech.example/careers/data",
    }),
    (1, {
        "title_en": "IT support technician", "title_fr": "Technicien ou technicienne en "
        "soutien informatique",
        "description_en": "Windows and network support for 300 users, by phone and on "
        "site. Bilingual service.",
        "description_fr": "Soutien Windows et réseautique pour 300 utilisateurs, au "
        "téléphone et sur place. Service bilingue.",
        "employment_type": "FULL_TIME", "city": "Ottawa", "region": "ON",
        "salary_min": Decimal("50000"), "salary_unit": "YEAR",
        "requires_french": True, "requires_english": True,
        "apply_method": "url", "apply_url": "https://rideau-tech.example/careers/support",
    }),
    (1, {
        "title_en": "UX designer (remote)",
        "description_en": "User research and Figma prototypes for public-sector "
        "clients. Remote anywhere in Canada.",
        "employment_type": "CONTRACTOR", "workplace": "remote", "salary_min": Decimal("45"),
        "salary_unit": "HOUR", "requires_english": True,
        "apply_method": "url", "apply_url": "https://rideau-tech.example/careers/ux",
    }),
    (2, {
        "title_fr": "Cariste", "title_en": "Forklift operator",
        "description_fr": "Chargement et inventaire à l'entrepôt de Gatineau. Carte de "
        "cariste exigée.",
        "description_en": "Loading and inventory at the Gatineau warehouse. Forklift "
        "certificate required.",
        "employment_type": "FULL_TIME", "city": "Gatineau", "region": "QC",
        "salary_min": Decimal("23.00"), "salary_unit": "HOUR",
        "apply_method": "url", "apply_url": "https://transports-outaouais.example/emplois",
    }),
]  # fmt: skip

QUESTIONS = [
    {"text": "Avez-vous déjà utilisé Sage 50 ?", "yes_no": True},
    {"text": "À partir de quand êtes-vous disponible ?", "yes_no": False},
]

# (client, desired roles, region, where)
PREFERENCES = [
    ("olivier.bergeron", "Cuisinier, Boulanger", "QC", "also"),
    ("carlos.mendez", "Cariste, Warehouse", "QC", "never"),
    ("amina.diallo", "Commis comptable, Aide-comptable", "QC", "also"),
]


def seed(people: dict[str, list[User]], employers: list[Organization]) -> None:
    if Posting.objects.filter(title_fr=FIRST_TITLE).exists():
        return
    by = {user.email.split("@")[0]: user for group in people.values() for user in group}
    recruiters = people["recruiters"]
    closing = timezone.now() + timedelta(days=45)
    postings = []
    for index, fields in POSTINGS:
        posting = create_posting(
            recruiters[index],
            {**fields, "valid_through": closing},
            organization=employers[index],
            publish=True,
        )
        postings.append(posting)
    screening.set_questions(recruiters[0], postings[0], QUESTIONS)
    for local, roles, region, remote in PREFERENCES:
        save_preferences(
            by[local],
            {"desired_roles": roles, "region": region, "remote": remote,
             "salary_unit": "YEAR", "languages": ["fr", "en"]},
        )  # fmt: skip
    amina = by["amina.diallo"]
    upload = SimpleUploadedFile("cv-amina-diallo.pdf", CV_PDF, content_type="application/pdf")
    cv = vault.upload_document(amina, upload, title="CV — Amina Diallo", kind=DocumentKind.CV)
    postings[0].refresh_from_db()
    apply_services.apply(
        amina,
        postings[0],
        cv_id=cv.pk,
        message="Bonjour, j'ai trois ans d'expérience en comptabilité avec Sage 50 et "
        "Excel. Je serais heureuse de vous rencontrer.",
        answers=["yes", "Dès le 4 janvier"],
    )
