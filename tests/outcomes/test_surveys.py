"""Surveys: the exit survey sent when a case closes (email in the client's language and
an in-app notification, once), the one-time signed link, the signed-in answer, the
mid-service survey, and who sees what (nobody sees a score with a name)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from tests.outcomes.conftest import (
    answered,
    closed_case,
    invitation_with_link,
    last_link,
)
from tests.personas import CASE_VIEWERS
from tremplin.counselling.models import CaseStatus
from tremplin.notifications.models import Notification
from tremplin.outcomes import services
from tremplin.outcomes.hooks import SURVEY
from tremplin.outcomes.models import SurveyInvitation, SurveyKind, SurveyResponse
from tremplin.outcomes.tasks import send_due_surveys

pytestmark = pytest.mark.django_db


# ------------------------------------------------------------------ the exit survey


def test_closing_a_case_sends_one_exit_survey_by_email_and_in_app(closed_alice):
    crew = closed_alice
    invitation = SurveyInvitation.objects.get(case=crew.case)
    assert invitation.kind == SurveyKind.EXIT
    assert invitation.counsellor == crew.dave
    assert invitation.created_by is None
    assert invitation.expires_at - invitation.sent_at > timedelta(days=59)
    assert [m.to for m in mail.outbox] == [["alice@example.org"]]
    note = Notification.objects.get(recipient=crew.alice, kind=SURVEY)
    assert note.actor == crew.dave
    # A second signal, or the clock's sweep, sends nothing more.
    assert services.send_exit_survey(crew.case.pk) is None
    assert send_due_surveys() == 0
    assert SurveyInvitation.objects.filter(case=crew.case).count() == 1
    assert len(mail.outbox) == 1


def test_only_the_hash_of_the_token_is_stored(closed_alice):
    _language, signed = last_link()
    kind, token = services.read_link(signed)
    invitation = SurveyInvitation.objects.get(case=closed_alice.case)
    assert kind == "exit"
    assert token not in invitation.token_hash
    assert invitation.token_hash == services.hash_token(token)


@pytest.mark.parametrize(
    ("language", "prefix", "greeting", "other"),
    [("fr", "/fr/", "Bonjour,", "/en/"), ("en", "/en/", "Hello,", "/fr/")],
)
def test_the_email_is_in_the_clients_language(
    crew, django_capture_on_commit_callbacks, language, prefix, greeting, other
):
    from tremplin.counselling.services import close

    crew.alice.language = language
    crew.alice.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        close(crew.dave, crew.case, "employed")
    body = mail.outbox[-1].body
    link_language, _signed = last_link()
    assert f"{prefix}outcomes/s/" in body and link_language == language
    assert greeting in body
    # The first line offers the other language.
    assert other + "outcomes/s/" in body.splitlines()[0]


def test_the_sweep_catches_up_a_closed_case_without_exit_survey(crew):
    lost = closed_case(crew.agency, crew.erin)
    old = closed_case(crew.agency, crew.erin, closed_at=timezone.now() - timedelta(days=40))
    declined = closed_case(crew.agency, crew.erin, exit_reason="declined")
    assert send_due_surveys() == 1
    assert SurveyInvitation.objects.get().case == lost
    assert not SurveyInvitation.objects.filter(case__in=[old, declined]).exists()
    assert send_due_surveys() == 0


def test_an_invitation_never_accepted_gets_no_survey(crew):
    case = closed_case(crew.agency, crew.erin)
    case.client_consented_at = None
    case.save()
    assert services.send_exit_survey(case.pk) is None
    assert send_due_surveys() == 0


# ------------------------------------------------------------------ the link


def test_the_link_is_answered_once_without_signing_in(closed_alice, client):
    language, signed = last_link()
    url = f"/{language}/outcomes/s/{signed}/"
    page = client.get(url)
    assert page.status_code == 200
    assert b'type="radio" name="score" value="5"' in page.content
    assert b"<legend>" in page.content
    response = client.post(url, {"score": "5", "comment": "Très utile"})
    assert response.status_code == 302
    assert response["Location"].endswith("/outcomes/surveys/thanks/")
    saved = SurveyResponse.objects.get()
    assert (saved.score, saved.comment, saved.language) == (5, "Très utile", "fr")
    assert "_auth_user_id" not in client.session  # never signs anyone in
    again = client.post(url, {"score": "1", "comment": "replay"})
    assert again.status_code == 409
    assert "déjà".encode() in again.content or b"already been answered" in again.content
    assert SurveyResponse.objects.get().score == 5
    assert client.get(url).status_code == 200  # reopening the email says it is answered


def test_the_page_follows_the_url_language_and_offers_the_other(crew):
    from django.test import Client

    _invitation, signed = invitation_with_link(closed_case(crew.agency, crew.dave))
    english = Client().get(f"/en/outcomes/s/{signed}/")
    assert english.status_code == 200
    text = english.content.decode()
    assert '<html lang="en"' in text
    assert f'href="/fr/outcomes/s/{signed}/"' in text
    assert "very dissatisfied" in text.lower() and "very satisfied" in text.lower()


def test_a_tampered_link_is_refused_before_any_query(crew, client, django_assert_num_queries):
    _invitation, signed = invitation_with_link(closed_case(crew.agency, crew.dave))
    value, signature = signed.rsplit(":", 1)
    tampered = value[:-2] + ("AA" if value[-2:] != "AA" else "BB") + ":" + signature
    with django_assert_num_queries(0), pytest.raises(services.SurveyError) as refused:
        services.invitation_for_link(tampered)
    assert refused.value.code == "not_found"
    assert client.get(f"/fr/outcomes/s/{tampered}/").status_code == 404
    assert client.post(f"/fr/outcomes/s/{tampered}/", {"score": "5"}).status_code == 404
    assert client.get("/fr/outcomes/s/not-a-link/").status_code == 404
    assert not SurveyResponse.objects.exists()


def test_a_link_signed_for_another_kind_or_purpose_is_refused(crew, client):
    from django.core import signing

    invitation, _signed = invitation_with_link(closed_case(crew.agency, crew.dave))
    token, token_hash = services.new_token()
    invitation.token_hash = token_hash
    invitation.save()
    wrong_kind = services.sign_link(SurveyKind.MID_SERVICE, token)
    other_salt = signing.Signer(salt="something-else").sign_object({"k": "exit", "t": token})
    for signed in (wrong_kind, other_salt):
        assert client.get(f"/fr/outcomes/s/{signed}/").status_code == 404
        assert client.post(f"/fr/outcomes/s/{signed}/", {"score": "4"}).status_code == 404
    right = services.sign_link(SurveyKind.EXIT, token)
    assert client.get(f"/fr/outcomes/s/{right}/").status_code == 200


def test_an_expired_link_says_so(crew, client):
    _invitation, signed = invitation_with_link(
        closed_case(crew.agency, crew.dave), expires_at=timezone.now() - timedelta(minutes=1)
    )
    page = client.get(f"/en/outcomes/s/{signed}/")
    assert page.status_code == 410
    assert b"This link has expired." in page.content
    assert client.post(f"/en/outcomes/s/{signed}/", {"score": "5"}).status_code == 410
    assert not SurveyResponse.objects.exists()


@pytest.mark.parametrize("score", ["", "0", "6", "five", "4.5"])
def test_bad_input_keeps_the_text_with_a_clear_message(crew, client, score):
    _invitation, signed = invitation_with_link(closed_case(crew.agency, crew.dave))
    page = client.post(f"/en/outcomes/s/{signed}/", {"score": score, "comment": "My words"})
    assert page.status_code == 400
    assert b"My words</textarea>" in page.content
    assert b"Choose a score from 1 to 5." in page.content
    assert not SurveyResponse.objects.exists()


def test_a_comment_too_long_is_refused_and_kept(crew, client):
    _invitation, signed = invitation_with_link(closed_case(crew.agency, crew.dave))
    text = "x" * 2001
    page = client.post(f"/en/outcomes/s/{signed}/", {"score": "4", "comment": text})
    assert page.status_code == 400
    assert text.encode() in page.content
    assert b"at most 2000 characters" in page.content


def test_the_conditional_update_lets_one_answer_through(crew):
    invitation, signed = invitation_with_link(closed_case(crew.agency, crew.dave))
    services.answer_by_link(signed, 4, "", "fr")
    with pytest.raises(services.SurveyError) as second:
        services.answer_by_link(signed, 1, "", "fr")
    assert second.value.code == "answered"
    with pytest.raises(services.SurveyError) as again:
        services.answer_as_client(invitation.case.client, invitation.pk, 2, "", "fr")
    assert again.value.code == "answered"
    assert SurveyResponse.objects.get().score == 4


# ------------------------------------------------------------------ signed in


@pytest.mark.parametrize("name", CASE_VIEWERS)
def test_only_alice_answers_her_survey_in_the_app(closed_alice, browser_of, name):
    invitation = SurveyInvitation.objects.get(case=closed_alice.case)
    client = browser_of(name)
    url = f"/fr/outcomes/surveys/{invitation.pk}/"
    page = client.get(url)
    response = client.post(url, {"score": "4", "comment": ""})
    if name == "alice":
        assert page.status_code == 200
        assert response.status_code == 302
        assert SurveyResponse.objects.get().score == 4
    elif name == "anonymous":
        assert page.status_code == 302 and "login" in page["Location"]
        assert not SurveyResponse.objects.exists()
    else:
        assert (page.status_code, response.status_code) == (404, 404)
        assert not SurveyResponse.objects.exists()


def test_my_surveys_waiting_lists_the_open_ones(closed_alice, browser_of):
    invitation = SurveyInvitation.objects.get(case=closed_alice.case)
    page = browser_of("alice").get("/en/outcomes/surveys/")
    assert f"/en/outcomes/surveys/{invitation.pk}/".encode() in page.content
    services.answer_as_client(closed_alice.alice, invitation.pk, 5, "", "en")
    page = browser_of("alice").get("/en/outcomes/surveys/")
    assert f"/en/outcomes/surveys/{invitation.pk}/".encode() not in page.content
    assert b"No survey is waiting for you." in page.content
    bob = browser_of("bob").get("/en/outcomes/surveys/")
    assert b"No survey is waiting for you." in bob.content


# ------------------------------------------------------------------ mid-service


def test_the_counsellor_sends_a_mid_service_survey_from_the_case_page(
    crew, browser_of, django_capture_on_commit_callbacks
):
    dave = browser_of("dave")
    case_url = f"/en/counselling/cases/{crew.case.pk}/"
    assert b"Send a mid-service survey" in dave.get(case_url).content
    with django_capture_on_commit_callbacks(execute=True):
        sent = dave.post(f"/en/counselling/cases/{crew.case.pk}/surveys/send/")
    assert sent.status_code == 302 and sent["Location"].endswith("#outcomes")
    invitation = SurveyInvitation.objects.get(case=crew.case)
    assert (invitation.kind, invitation.created_by) == (SurveyKind.MID_SERVICE, crew.dave)
    assert mail.outbox[-1].to == ["alice@example.org"]
    assert Notification.objects.filter(recipient=crew.alice, kind=SURVEY).exists()
    # At most one open mid-service survey at a time.
    dave.post(f"/en/counselling/cases/{crew.case.pk}/surveys/send/")
    assert SurveyInvitation.objects.filter(case=crew.case).count() == 1
    page = dave.get(case_url)
    assert b"Send a mid-service survey" not in page.content
    assert b"waiting for an answer" in page.content
    # Once answered, the counsellor sees "answered", never the score.
    services.answer_as_client(crew.alice, invitation.pk, 2, "Trop lent, secret", "fr")
    page = dave.get(case_url).content.decode()
    assert "answered" in page and "Trop lent" not in page
    assert "score" not in page.lower().replace("a score from", "")
    assert b"Send a mid-service survey" in dave.get(case_url).content


@pytest.mark.parametrize("status", [CaseStatus.PAUSED, CaseStatus.CLOSED])
def test_no_mid_service_survey_unless_active(crew, browser_of, status):
    crew.case.status = status
    crew.case.save()
    dave = browser_of("dave")
    page = dave.get(f"/en/counselling/cases/{crew.case.pk}/")
    assert b"Send a mid-service survey" not in page.content
    dave.post(f"/en/counselling/cases/{crew.case.pk}/surveys/send/")
    assert not SurveyInvitation.objects.exists()
    with pytest.raises(services.SurveyError) as refused:
        services.send_mid_service_survey(crew.dave, crew.case)
    assert refused.value.code == "transition"


@pytest.mark.parametrize("name", [n for n in CASE_VIEWERS if n != "dave"])
def test_nobody_else_sends_a_survey(crew, browser_of, name):
    response = browser_of(name).post(f"/fr/counselling/cases/{crew.case.pk}/surveys/send/")
    assert response.status_code in (302, 404)
    if name != "anonymous":
        assert response.status_code == 404
    assert not SurveyInvitation.objects.exists()


# ------------------------------------------------------------------ the case section


@pytest.mark.parametrize("name", CASE_VIEWERS)
def test_the_case_section_shows_each_persona_its_part(crew, browser_of, name):
    invitation, _signed = invitation_with_link(crew.case, SurveyKind.MID_SERVICE)
    response = browser_of(name).get(f"/en/counselling/cases/{crew.case.pk}/")
    text = response.content.decode() if response.status_code == 200 else ""
    answer_url = f"/en/outcomes/surveys/{invitation.pk}/"
    if name == "alice":
        assert answer_url in text
    elif name == "dave":
        assert "Satisfaction surveys" in text and answer_url not in text
        assert "waiting for an answer" in text
    else:
        assert "Satisfaction surveys" not in text


def test_nobody_sees_a_score_with_a_name(crew, browser_of):
    answered(crew.agency, crew.dave, 1, comment="Zebulon was rude")
    invitation, _signed = invitation_with_link(crew.case, SurveyKind.MID_SERVICE)
    services.answer_as_client(crew.alice, invitation.pk, 1, "Zebulon again", "en")
    for name in CASE_VIEWERS:
        client = browser_of(name)
        for url in ("/en/outcomes/surveys/", f"/en/counselling/cases/{crew.case.pk}/"):
            response = client.get(url)
            assert b"Zebulon" not in response.content
    assert not SurveyResponse.objects.visible_to(crew.sam).exists()
    assert not SurveyInvitation.objects.visible_to(crew.greta).exists()
