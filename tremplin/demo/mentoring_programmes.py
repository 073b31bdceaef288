"""The demo's mentoring programme (issue 17): "Mentorat Horizon", run by Emploi Horizon
and coordinated by Daniel Okafor, running, with intake questions on both sides.

- mentors: Hélène Morin (finance, management), James Walker (software, leadership) and
  Isabelle Lafleur (recruiting, interviews), each with a mentor profile;
- mentees: five of the agency's clients, enrolled with intake answers and goals;
- matches: Amina with Hélène, accepted by both (active); Marc with James, proposed by
  the coordinator and accepted by James only (waiting for Marc); Li Wei asked Isabelle
  from the ranked list (waiting for Isabelle); two mentees not matched yet, for the
  "match the cohort" button.

Written through the services, so every rule applies (who may join, capacities, the
score and its reasons). Idempotent: nothing is written when the programme exists.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from tremplin.accounts.models import User
from tremplin.mentoring.models import Programme, ProgrammeStatus
from tremplin.mentoring.services import accept, matching
from tremplin.mentoring.services import programmes as services
from tremplin.organizations.models import Organization

People = dict[str, list[User]]

NAME_FR = "Mentorat Horizon"

OFFERS: dict[str, dict[str, Any]] = {
    "helene.morin": {
        "offer": "Trente ans en finance : budgets, comptabilité, entrevues en finance.",
        "skills": ["comptabilité", "finance", "gestion", "excel"],
        "sectors": ["finance"],
        "languages": ["fr", "en"],
        "max_mentees": 2,
    },
    "james.walker": {
        "offer": "Software engineering manager: careers in tech, code reviews, interviews.",
        "skills": ["software engineering", "soutien technique", "leadership"],
        "sectors": ["it"],
        "languages": ["en", "fr"],
        "max_mentees": 2,
    },
    "recrutement.lafleur": {
        "offer": "Recruteuse : CV, entrevues, réseautage.",
        "skills": ["entrevues", "rédaction de cv", "réseautage"],
        "sectors": ["health", "social"],
        "languages": ["fr"],
        "max_mentees": 3,
    },
}

# client index -> (answer, goals, wanted skills, sectors)
INTAKE = [
    ("Aide-comptable", "Retrouver un poste en comptabilité et mieux utiliser Excel",
     ["comptabilité", "excel"], ["finance"]),
    ("Soutien informatique", "Passer au développement logiciel", ["soutien technique",
     "software engineering"], ["it"]),
    ("Préposée aux bénéficiaires", "Préparer mes entrevues en santé", ["entrevues"], ["health"]),
    ("Analyste", "Rédiger un CV canadien et préparer les entrevues",
     ["rédaction de cv", "entrevues"], ["professional"]),
    ("Cuisinier", "Ouvrir mon réseau dans la restauration", ["réseautage"], ["hospitality"]),
]  # fmt: skip


def seed(people: People, agency: Organization) -> None:
    if Programme.objects.filter(name_fr=NAME_FR).exists():
        return
    coordinator = people["counsellors"][1]
    data = services.ProgrammeData(
        name_fr=NAME_FR,
        name_en="Horizon mentoring",
        purpose_fr="Des mentors bénévoles accompagnent nos clients pendant six mois.",
        purpose_en="Volunteer mentors walk beside our clients for six months.",
        starts_on=date(2026, 9, 1),
        ends_on=date(2027, 8, 31),
        mentor_questions=[("Pourquoi voulez-vous mentorer ?", "Why do you want to mentor?")],
        mentee_questions=[("Votre dernier emploi ?", "Your last job?")],
        capacity=25,
    )
    programme = services.create_programme(coordinator, agency, data)
    services.move_programme(coordinator, programme, ProgrammeStatus.OPEN)
    programme = services.move_programme(coordinator, programme, ProgrammeStatus.RUNNING)
    by_email = {u.email.split("@")[0]: u for group in people.values() for u in group}
    mentors = [by_email[key] for key in OFFERS]
    for mentor in mentors:
        services.save_mentor_profile(mentor, services.Offer(**OFFERS[mentor.email.split("@")[0]]))
        services.enrol(mentor, programme, "mentor", services.Intake(answers=["Redonner."]))
    clients = people["clients"][: len(INTAKE)]
    for client, (answer, goals, wanted, sectors) in zip(clients, INTAKE, strict=True):
        intake = services.Intake([answer], goals, wanted, sectors, ["fr"], "ON", True)
        services.enrol(client, programme, "mentee", intake)
    active = matching.propose_match(coordinator, programme, clients[0], mentors[0])
    accept(mentors[0], active)
    accept(clients[0], active)
    waiting = matching.propose_match(coordinator, programme, clients[1], mentors[1])
    accept(mentors[1], waiting)
    matching.ask(clients[3], programme, mentors[2], "Bonjour, j'aimerais votre aide pour mon CV.")
