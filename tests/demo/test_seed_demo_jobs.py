"""The demo's job board (tremplin/demo/jobs.py): open postings of the verified employers
that Jobs for you suggests to the demo clients, one in the review queue, an "apply here"
posting with its applicant; a second run adds nothing."""

from django.core.management import call_command

from tremplin.accounts.models import User
from tremplin.applications.models import Submission
from tremplin.job_alerts import foryou
from tremplin.job_alerts.models import JobPreferences, PostingDocument
from tremplin.jobs.models import Posting


def person(local: str) -> User:
    return User.objects.get(email=f"{local}@tremplin.example")


def test_the_demo_has_a_job_board_that_suggests_and_takes_applications(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # indexing, as after a commit
        call_command("seed_demo", quiet=True)
    counts = [m.objects.count() for m in (Posting, Submission, JobPreferences)]
    call_command("seed_demo", quiet=True)
    assert counts == [m.objects.count() for m in (Posting, Submission, JobPreferences)]
    assert sorted(Posting.objects.values_list("status", flat=True)) == ["open"] * 6 + ["review"]
    assert PostingDocument.objects.count() == 6  # the open ones are indexed
    for client, title in [
        ("olivier.bergeron", "Cuisinier ou cuisinière de production"),
        ("carlos.mendez", None),  # his employer is not verified yet: nothing open
        ("amina.diallo", "Commis comptable"),
    ]:
        titles = [s.posting.title_fr for s in foryou.suggest(person(client))]
        assert (title in titles) if title else not any("Cariste" in t for t in titles)
    submission = Submission.objects.get()
    assert submission.applicant == person("amina.diallo")
    assert submission.posting.title_fr == "Commis comptable"
    assert [a["answer"] for a in submission.answers] == ["yes", "Dès le 4 janvier"]
