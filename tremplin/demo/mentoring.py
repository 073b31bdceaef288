"""The demo's mentorship (issue 17): Hélène Morin mentors Amina Diallo. Their terms are
agreed (every two weeks, six months), two goals with milestones (one met), a session
held and rated by both, one accepted ahead (with its .ics) and one Amina proposed in
Hélène's free hours; shared notes and a private one each. Amina's counsellor sees the
mentorship and its goals on her case page (her consent includes her profile).

Written through mentoring's services where time allows (a held session is in the past,
which no service books: it is written with the ORM). Idempotent: nothing is written
when their mentorship already has goals or sessions. When the programme's demo has
matched them (Mentorat Horizon), this is that mentorship: the programme's report then
counts a session held and a goal met."""

from __future__ import annotations

from datetime import time, timedelta

from django.utils import timezone

from tremplin.accounts.models import User
from tremplin.availability.services import Slot, set_week
from tremplin.mentoring import services
from tremplin.mentoring.models import Mentorship, Rating, Session, SessionStatus
from tremplin.mentoring.services import agreement, goals, notes
from tremplin.mentoring.services.sessions import (
    Plan,
    accept_session,
    offered_times,
    propose_session,
)


def seed(people: dict[str, list[User]]) -> None:
    by = {user.email.split("@")[0]: user for group in people.values() for user in group}
    mentor, mentee = by["helene.morin"], by["amina.diallo"]
    # The programme's demo (run first) matched them: their mentorship is lived here.
    m = Mentorship.objects.between(mentor, mentee).filter(status="active").first()
    if m is not None and (m.sessions.exists() or m.goals.exists()):
        return
    if m is None and Mentorship.objects.between(mentor, mentee).exists():
        return
    set_week(
        mentor,
        [Slot(day, time(9), time(12)) for day in range(5)] + [Slot(2, time(14), time(17))],
        "America/Toronto",
    )
    if m is None:
        m = services.accept(
            mentee,
            services.propose(mentor, mentee, "mentor", "Je serais ravie de vous accompagner."),
        )
    Mentorship.objects.filter(pk=m.pk).update(started_at=timezone.now() - timedelta(days=30))
    m.refresh_from_db()
    today = timezone.localdate()
    terms = agreement.Terms(
        "Retrouver un poste en soins infirmiers au Québec : faire reconnaître le diplôme, "
        "préparer les entrevues.",
        "fortnightly",
        today - timedelta(days=30),
        today + timedelta(days=150),
    )
    agreement.agree(mentee, agreement.propose_terms(mentor, m, terms))
    _goals(m, mentor, mentee)
    _sessions(m, mentor, mentee)


def _goals(m: Mentorship, mentor: User, mentee: User) -> None:
    diploma = goals.add_goal(mentee, m, "Faire reconnaître mon diplôme (OIIQ)")
    for title, done in (("Dossier déposé", True), ("Stage d'adaptation", False)):
        stone = goals.add_milestone(mentee, diploma, title)
        if done:
            goals.set_milestone_done(mentee, stone, True)
    interview = goals.add_goal(mentor, m, "Réussir une entrevue en français")
    goals.add_milestone(mentor, interview, "Deux simulations d'entrevue")
    goals.set_goal_done(mentor, interview, True)


def _sessions(m: Mentorship, mentor: User, mentee: User) -> None:
    past = (timezone.now() - timedelta(days=7)).replace(minute=0, second=0, microsecond=0)
    held = Session.objects.create(
        mentorship=m,
        starts_at=past,
        minutes=60,
        proposed_by=mentee,
        status=SessionStatus.HELD,
        link="https://meet.jit.si/tremplin-demo-mentorat",
        agenda="Relire le CV ; préparer le dossier de l'Ordre.",
    )
    Rating.objects.create(session=held, author=mentee, score=5, comment="Très concret, merci !")
    Rating.objects.create(session=held, author=mentor, score=4)
    notes.add_note(
        mentee,
        m,
        "Liste des pièces pour l'OIIQ : **diplôme**, relevés, attestation de stage.",
        private=False,
        session=held,
    )
    notes.add_note(
        mentor, m, "Amina manque de confiance à l'oral : proposer des simulations.", private=True
    )
    notes.add_note(mentee, m, "Demander à Hélène comment elle a négocié son salaire.", private=True)
    free = offered_times(mentee, m)
    if len(free) >= 8:
        ahead = propose_session(
            mentor,
            m,
            Plan(
                free[2],
                60,
                place="Bibliothèque Gabrielle-Roy, salle 2",
                agenda="Simulation d'entrevue",
            ),
        )
        accept_session(mentee, ahead)
        propose_session(
            mentee,
            m,
            Plan(
                free[7],
                45,
                link="https://meet.jit.si/tremplin-demo-mentorat",
                agenda="Questions sur le stage d'adaptation",
            ),
        )
