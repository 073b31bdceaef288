"""Applying here, on Tremplin: the actions, the one rule per model, and the pages for
every persona. alice applies to a posting of victor's verified employer (rita is its
recruiter); ursula (another employer), carol (a stranger), erin and frank (counsellors
who are not alice's), dave without the applications scope, and anonymous see nothing;
victor and rita see what alice sent and nothing else of hers."""

from __future__ import annotations

import pytest

from tests.applications.apply_fixtures import MESSAGE, pdf
from tremplin.applications import apply_services
from tremplin.applications.inputs import ApplicationsRefusal
from tremplin.applications.models import Application, ApplicationEvent, Submission
from tremplin.counselling import services as counselling
from tremplin.notifications.models import Notification
from tremplin.vault.models import Document

pytestmark = pytest.mark.django_db

OUTSIDERS = ["anonymous", "carol", "bob", "erin", "frank", "ursula", "mallory"]


def test_applying_puts_it_in_the_tracker_and_shares_the_documents_with_the_employer(
    crew, here, sent
):
    application = Application.objects.get(client=crew.alice, posting=here.posting)
    assert application.status == "applied"
    assert sent.application == application and sent.status == "new"
    assert [a["answer"] for a in sent.answers] == ["yes", "Next Monday"]
    for who in ("victor", "rita"):
        readable = Document.objects.visible_to(getattr(crew, who))
        assert set(readable.values_list("pk", flat=True)) == {here.cv.pk, here.letter.pk}
    assert Notification.objects.filter(recipient=crew.victor, kind="application_received").exists()


def test_one_application_per_person_and_posting(crew, here, sent):
    with pytest.raises(ApplicationsRefusal) as refused:
        apply_services.apply(crew.alice, here.posting, cv_id=here.cv.pk, answers=["no", "now"])
    assert refused.value.code == "already"


def test_answers_and_documents_are_checked(crew, here):
    cases = [
        ({"cv_id": here.cv.pk, "answers": ["maybe", "now"]}, "answer_1"),
        ({"cv_id": here.cv.pk, "answers": ["yes", ""]}, "answer_2"),
        ({"answers": ["yes", "now"]}, "cv"),
    ]
    carols = Document.objects.create(owner=crew.carol, title="Not hers")
    cases.append(({"cv_id": carols.pk, "answers": ["yes", "now"]}, "cv"))
    for kwargs, field in cases:
        with pytest.raises(ApplicationsRefusal) as refused:
            apply_services.apply(crew.alice, here.posting, **kwargs)
        assert refused.value.field == field
    assert not Submission.objects.exists() and not Application.objects.exists()


def test_an_uploaded_cv_lands_in_the_vault(crew, here):
    sent = apply_services.apply(
        crew.bob, here.posting, cv_file=pdf("bob-cv.pdf"), answers=["no", "now"]
    )
    assert sent.cv.owner == crew.bob and sent.cv.title == "bob-cv"


def test_only_postings_that_take_applications_here_and_are_open(crew, here):
    here.posting.apply_method = "url"
    here.posting.save()
    with pytest.raises(ApplicationsRefusal):
        apply_services.apply(crew.alice, here.posting, cv_id=here.cv.pk, answers=["yes", "x"])
    here.posting.apply_method, here.posting.status = "here", "closed"
    here.posting.save()
    with pytest.raises(ApplicationsRefusal) as refused:
        apply_services.apply(crew.alice, here.posting, cv_id=here.cv.pk, answers=["yes", "x"])
    assert refused.value.code == "not_open"


def test_withdrawing_closes_everything_to_the_employer(crew, here, sent):
    apply_services.withdraw(crew.alice, sent)
    assert Application.objects.get(pk=sent.application_id).status == "withdrawn"
    for who in ("victor", "rita"):
        assert not Submission.objects.visible_to(getattr(crew, who)).exists()
        assert not Document.objects.visible_to(getattr(crew, who)).exists()
    assert Submission.objects.visible_to(crew.alice).get() == sent


def test_withdrawing_in_the_tracker_withdraws_the_submission(crew, sent):
    from tremplin.applications import services

    services.change_status(crew.alice, sent.application, "withdrawn")
    assert not Document.objects.visible_to(crew.victor).exists()


def test_each_employer_step_is_an_event_the_applicant_and_her_counsellor_see(crew, sent):
    apply_services.set_status(crew.rita, sent, "interview")
    apply_services.set_status(crew.victor, sent, "declined", "filled")
    application = Application.objects.get(pk=sent.application_id)
    assert application.status == "rejected"
    steps = list(application.events.values_list("status", "employer_status"))
    assert steps == [("applied", "new"), ("interview", "interview"), ("rejected", "declined")]
    assert ApplicationEvent.objects.visible_to(crew.dave).count() == 3
    counselling.change_scopes(crew.alice, crew.case, ["messages"])
    assert not ApplicationEvent.objects.visible_to(crew.dave).exists()
    assert not Application.objects.visible_to(crew.dave).exists()


def test_the_decline_message_is_written_in_the_applicants_language(crew, sent):
    crew.alice.language = "fr"
    crew.alice.save()
    apply_services.set_status(crew.victor, sent, "declined", "filled")
    page = Application.objects.get(pk=sent.application_id).get_absolute_url()
    from tests.conftest import client_for

    response = client_for(crew.alice).get(page.replace("/en/", "/fr/", 1))
    assert "Le poste est maintenant pourvu" in response.content.decode()
    row = Notification.objects.get(recipient=crew.alice, kind="application_news")
    assert row.data == {"status": "declined", "template": "filled"}


def test_the_lifecycle_refuses_a_step_back(crew, sent):
    apply_services.set_status(crew.victor, sent, "offer")
    with pytest.raises(ApplicationsRefusal) as refused:
        apply_services.set_status(crew.victor, sent, "reviewed")
    assert refused.value.code == "transition"


@pytest.mark.parametrize("who", [*OUTSIDERS[1:], "dave"])
def test_nobody_else_receives_or_changes_it(crew, sent, who):
    person = getattr(crew, who)
    assert not Submission.objects.visible_to(person).exists()
    assert not Document.objects.visible_to(person).filter(pk=sent.cv_id).exists() or who == "dave"
    with pytest.raises(ApplicationsRefusal):
        apply_services.set_status(person, sent, "reviewed")


def test_the_applicant_cannot_move_her_own_submission(crew, sent):
    with pytest.raises(ApplicationsRefusal):
        apply_services.set_status(crew.alice, sent, "offer")


# ------------------------------------------------------------------ pages


def _pages(sent) -> list[str]:
    p = sent.posting_id
    return [
        f"/en/jobs/{p}/applicants/",
        f"/en/jobs/{p}/applicants.csv",
        f"/en/applications/received/{sent.pk}/",
    ]


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_get_no_inbox_and_no_applicant_page(browser_of, sent, who):
    client = browser_of(who)
    for url in _pages(sent):
        response = client.get(url)
        assert response.status_code in (302, 404), url
        assert MESSAGE not in response.content.decode()
    response = client.post(
        f"/en/applications/received/{sent.pk}/status/", {"status-status": "offer"}
    )
    assert response.status_code in (302, 404)
    assert Submission.objects.get(pk=sent.pk).status == "new"


def test_the_recruiter_sees_what_was_sent_and_nothing_else(browser_of, crew, sent):
    crew.alice.profile.headline = "Secret headline of alice"
    crew.alice.profile.save()
    client = browser_of("rita")
    inbox = client.get(f"/en/jobs/{sent.posting_id}/applicants/?status=new").content.decode()
    assert "Alice Martin" in inbox
    page = client.get(f"/en/applications/received/{sent.pk}/").content.decode()
    for shown in (MESSAGE, "Next Monday", "Mon CV", "Ma lettre", "Do you hold a forklift licence?"):
        assert shown in page
    assert "Secret headline of alice" not in page and "alice@example.org" not in page
    assert client.get(here_cv_url := f"/en/documents/{sent.cv_id}/").status_code == 200, here_cv_url
    response = client.post(
        f"/en/applications/received/{sent.pk}/status/", {"status-status": "interview"}
    )
    assert response.status_code == 302
    assert (
        "Alice Martin"
        not in client.get(f"/en/jobs/{sent.posting_id}/applicants/?status=new").content.decode()
    )


def test_the_csv_neutralises_formulas(browser_of, crew, here):
    apply_services.apply(
        crew.bob, here.posting, cv_file=pdf(), message='=HYPERLINK("x")', answers=["no", "+1"]
    )
    body = browser_of("victor").get(f"/en/jobs/{here.posting.pk}/applicants.csv").content.decode()
    assert "'=HYPERLINK" in body and "'+1" in body and "Bob Roy" in body


def test_the_apply_form_keeps_the_text_on_a_missing_answer(browser_of, crew, here):
    client = browser_of("alice")
    assert (
        "When can you start?" in client.get(f"/en/jobs/{here.posting.pk}/apply/").content.decode()
    )
    response = client.post(
        f"/en/jobs/{here.posting.pk}/apply/",
        {"cv": here.cv.pk, "message": "Kept words", "answer_2": "soon"},
    )
    assert response.status_code == 400
    assert "Kept words" in response.content.decode()
    response = client.post(
        f"/en/jobs/{here.posting.pk}/apply/",
        {"cv": here.cv.pk, "message": "Kept words", "answer_1": "yes", "answer_2": "soon"},
    )
    assert response.status_code == 302
    assert Submission.objects.get(applicant=crew.alice).message == "Kept words"
    here.posting.apply_method = "url"
    here.posting.save()
    assert client.get(f"/en/jobs/{here.posting.pk}/apply/").status_code == 404


def test_the_recruiter_writes_to_the_applicant(browser_of, crew, sent):
    from tremplin.messaging.models import Message

    response = browser_of("rita").post(
        f"/en/applications/received/{sent.pk}/message/", {"message-body": "Can we talk Monday?"}
    )
    assert response.status_code == 302
    assert Message.objects.filter(sender=crew.rita, body="Can we talk Monday?").exists()


def test_a_block_hides_the_application_and_its_documents(crew, sent):
    from tremplin.network.services import block

    block(crew.alice, crew.rita)
    assert not Submission.objects.visible_to(crew.rita).exists()
    assert not Document.objects.visible_to(crew.rita).exists()
    assert Submission.objects.visible_to(crew.victor).exists()


def test_the_author_sets_at_most_five_screening_questions(browser_of, crew, here):
    from django.core.exceptions import PermissionDenied

    from tremplin.jobs import screening

    asked = [{"text": f"  Question   {n} ?", "yes_no": n == 1} for n in range(7)] + [{"text": ""}]
    screening.set_questions(crew.victor, here.posting, asked)
    here.posting.refresh_from_db()
    assert len(here.posting.screening_questions) == 5
    assert here.posting.screening_questions[0] == {"text": "Question 0 ?", "yes_no": False}
    with pytest.raises(PermissionDenied):
        screening.set_questions(crew.carol, here.posting, [])
    form = browser_of("victor").get(f"/en/jobs/{here.posting.pk}/edit/").content.decode()
    assert 'value="Question 4 ?"' in form and 'name="question_2_yes_no"' in form
