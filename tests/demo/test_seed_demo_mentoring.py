"""The demo's mentorship (tremplin/demo/mentoring.py): active, terms agreed, goals with
progress, sessions held / accepted / proposed, rated, notes of each kind; shown to
Amina's counsellor (goals only); a second run adds nothing."""

from django.core.management import call_command

from tremplin.accounts.models import User
from tremplin.counselling.models import Case
from tremplin.mentoring.models import Goal, Mentorship, Note, Rating, Session
from tremplin.mentoring.queries.counsellor import mentorships_for_counsellor
from tremplin.mentoring.queries.feedback import report_counts


def test_the_demo_mentorship(db):
    call_command("seed_demo", quiet=True)
    call_command("seed_demo", quiet=True)
    m = Mentorship.objects.get(mentee__email="amina.diallo@tremplin.example")
    assert m.status == "active" and m.agreements.filter(agreed_at__isnull=False).exists()
    assert set(Session.objects.values_list("status", flat=True)) == {"held", "accepted", "proposed"}
    assert Rating.objects.count() == 2 and Goal.objects.filter(done=True).count() == 1
    assert Note.objects.filter(private=True).count() == 2
    counts = report_counts([m])[m.pk]
    assert (counts.sessions_held, counts.goals_met, counts.goals_total) == (1, 1, 2)
    case = Case.objects.filter(client=m.mentee, status="active").select_related("counsellor").get()
    counsellor = User.objects.get(pk=case.counsellor_id)
    seen = mentorships_for_counsellor(counsellor, m.mentee)
    assert seen and seen[0].other == m.mentor
    assert "Faire reconnaître mon diplôme (OIIQ)" in [g.title for g in seen[0].goals]
