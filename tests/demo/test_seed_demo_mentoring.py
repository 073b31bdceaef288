"""The demo's mentoring: a running programme (tremplin/demo/mentoring_programmes.py)
with a coordinator, mentors, mentees and matches at each stage, and an active
mentorship (tremplin/demo/mentoring.py) with terms agreed, goals with progress, sessions
held / accepted / proposed, rated, notes of each kind, shown to Amina's counsellor
(goals only). A second run adds nothing. One test: the demo is seeded twice, once."""

from django.core.management import call_command

from tremplin.accounts.models import User
from tremplin.counselling.models import Case
from tremplin.mentoring.models import (
    Enrolment,
    Goal,
    MentorProfile,
    Mentorship,
    Note,
    Programme,
    Rating,
    Session,
)
from tremplin.mentoring.queries.counsellor import mentorships_for_counsellor
from tremplin.mentoring.queries.feedback import report_counts

MODELS = (Programme, Enrolment, MentorProfile, Mentorship, Session, Goal, Note, Rating)


def test_a_running_programme_and_a_lived_mentorship(db):
    call_command("seed_demo", quiet=True)
    counts = [m.objects.count() for m in MODELS]
    call_command("seed_demo", quiet=True)
    assert counts == [m.objects.count() for m in MODELS]

    programme = Programme.objects.get(name_fr="Mentorat Horizon")
    assert programme.status == "running" and programme.coordinators.count() == 1
    sides = list(programme.enrolments.values_list("side", flat=True))
    assert sides.count("mentor") == 3 and sides.count("mentee") == 5
    matches = Mentorship.objects.filter(programme=programme)
    assert {(m.status, m.coordinated) for m in matches} == {
        ("active", True),
        ("invited", True),
        ("invited", False),
    }
    assert all(m.match_reasons for m in matches)

    m = Mentorship.objects.get(mentee__email="amina.diallo@tremplin.example", status="active")
    assert m.programme == programme  # the programme's match is the lived one
    assert m.agreements.filter(agreed_at__isnull=False).exists()
    statuses = set(Session.objects.filter(mentorship=m).values_list("status", flat=True))
    assert statuses == {"held", "accepted", "proposed"}
    assert Rating.objects.filter(session__mentorship=m).count() == 2
    assert Goal.objects.filter(mentorship=m, done=True).count() == 1
    assert Note.objects.filter(mentorship=m, private=True).count() == 2
    counts_of = report_counts([m])[m.pk]
    assert (counts_of.sessions_held, counts_of.goals_met, counts_of.goals_total) == (1, 1, 2)
    case = Case.objects.filter(client=m.mentee, status="active").select_related("counsellor").get()
    counsellor = User.objects.get(pk=case.counsellor_id)
    seen = mentorships_for_counsellor(counsellor, m.mentee)
    assert seen and seen[0].other == m.mentor
    assert "Faire reconnaître mon diplôme (OIIQ)" in [g.title for g in seen[0].goals]
