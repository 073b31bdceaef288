"""The demo's collaboration projects (issue 17), written through the projects' services
(so the activity log, the members and the notifications are what the product makes):

- "Site web pour l'épicerie solidaire" (Marc, public, open, in French): Li Wei applied
  and was accepted; tasks in each column (one with a checklist and a comment), a
  milestone, a message, a plan from Marc's vault shared with the project;
- "Data analysis study group" (Li Wei, members, in English): Amina's application waits;
- "Balado « Premiers emplois »" (Julie, invitation only): Carlos is invited;
- "Salon de l'emploi du printemps" (Sophie, the agency's team project): Daniel works on
  it; no client sees it.
Idempotent: nothing is written when Marc's project exists.
"""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from tremplin.accounts.models import User
from tremplin.organizations.models import Organization
from tremplin.projects.models import Member, Project
from tremplin.projects.services import board, discussion, files, members, projects
from tremplin.vault import services as vault

FIRST_TITLE = "Site web pour l'épicerie solidaire"
PLAN_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _accept(lead: User, project: Project, user: User, message: str) -> None:
    members.apply(user, project, message)
    row = Member.objects.get(project=project, user=user)
    members.decide(lead, project, row.pk, accept=True)


def _grocery(by: dict[str, User]) -> None:
    marc, li = by["marc.gagnon"], by["li.wei"]
    project = projects.create_project(
        marc,
        title_fr=FIRST_TITLE,
        description_fr="L'épicerie solidaire de Gatineau veut un petit site : horaires, "
        "produits de la semaine, bénévolat. Pièce de portfolio pour toute l'équipe.",
        kind="volunteer",
        skills="HTML, CSS, Django, photographie",
        region="QC",
        remote=True,
        hours_per_week=3,
        visibility="public",
    )
    _accept(marc, project, li, "I can do the data model and the deployment.")
    launch = board.create_milestone(marc, project, "Mise en ligne", None)
    done = board.create_task(marc, project, title="Choisir l'hébergement", assignee_id=marc.pk)
    board.move_task(marc, done, "done")
    doing = board.create_task(
        marc, project, title="Maquette de la page d'accueil", assignee_id=marc.pk,
        milestone_id=launch.pk,
    )  # fmt: skip
    board.move_task(marc, doing, "doing")
    board.add_check(marc, doing, "Logo de l'épicerie")
    board.add_check(marc, doing, "Photos des produits")
    todo = board.create_task(li, project, title="Modèle de données des produits", assignee_id=li.pk)
    board.comment_task(marc, todo, "Pense aux produits en vrac, vendus au poids.")
    discussion.post_message(li, project, "Hi Marc, I pushed a first draft of the schema.")
    upload = SimpleUploadedFile("plan.pdf", PLAN_PDF, content_type="application/pdf")
    plan = vault.upload_document(marc, upload, title="Plan du site", kind="portfolio")
    files.share(marc, project, plan.pk)


def seed(people: dict[str, list[User]], agency: Organization) -> None:
    if Project.objects.filter(title_fr=FIRST_TITLE).exists():
        return
    by = {user.email.split("@")[0]: user for group in people.values() for user in group}
    _grocery(by)
    study = projects.create_project(
        by["li.wei"],
        title_en="Data analysis study group",
        description_en="Two evenings a week we work through public datasets with SQL and "
        "Python, and review each other's notebooks.",
        kind="study_group",
        skills="SQL, Python, Power BI",
        region="ON",
        hours_per_week=4,
        visibility="members",
    )
    members.apply(by["amina.diallo"], study, "J'aimerais apprendre Power BI avec vous.")
    podcast = projects.create_project(
        by["julie.roy"],
        title_fr="Balado « Premiers emplois »",
        description_fr="Des entrevues avec des personnes qui racontent leur premier emploi.",
        kind="personal",
        skills="montage audio, entrevue",
        remote=True,
        hours_per_week=2,
        visibility="invitation",
    )
    members.invite(by["julie.roy"], podcast, by["carlos.mendez"])
    sophie, daniel = by["sophie.tremblay"], by["daniel.okafor"]
    fair = projects.create_project(
        sophie,
        organization=agency,
        title_fr="Salon de l'emploi du printemps",
        title_en="Spring job fair",
        description_fr="Organisation du salon : employeurs, salle, inscriptions des clients.",
        kind="professional",
        region="ON",
        hours_per_week=5,
        visibility="team",
    )
    members.invite(sophie, fair, daniel)
    members.answer_invitation(daniel, fair, accept=True)
    board.create_task(sophie, fair, title="Réserver la salle", assignee_id=daniel.pk)
    board.create_task(daniel, fair, title="Invite ten employers", assignee_id=sophie.pk)
