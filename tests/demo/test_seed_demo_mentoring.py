"""The demo's mentoring programme (tremplin/demo/mentoring_programmes.py): running, with
a coordinator, mentors, mentees and matches at each stage; a second run adds nothing."""

from django.core.management import call_command

from tremplin.mentoring.models import Enrolment, MentorProfile, Mentorship, Programme


def test_a_running_programme_with_matches_at_each_stage(db):
    call_command("seed_demo", quiet=True)
    counts = [m.objects.count() for m in (Programme, Enrolment, MentorProfile, Mentorship)]
    call_command("seed_demo", quiet=True)
    assert counts == [m.objects.count() for m in (Programme, Enrolment, MentorProfile, Mentorship)]

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
