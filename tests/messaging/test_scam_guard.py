"""The scam guard on employers' messages (issue 5, section 1): an employer's staff may not
ask candidates for a SIN, bank details, money or identity documents in a message; the
message is refused with the reason, in pages and API, and the text is kept."""

from __future__ import annotations

from django.test import Client

from tests.factories import OrganizationFactory, make_member
from tests.messaging.conftest import api_post, bearer
from tremplin.messaging import services
from tremplin.messaging.errors import MessagingError
from tremplin.messaging.models import Message
from tremplin.organizations.models import OrgKind, Role

ASK_SIN = "Bonjour, pour l'entrevue envoyez votre numéro d'assurance sociale et un chèque annulé."


def recruiter():
    employer = OrganizationFactory(kind=OrgKind.EMPLOYER, verified=True)
    return make_member(employer, Role.RECRUITER)


def test_a_recruiter_asking_for_a_sin_is_refused_with_the_reasons(personas, as_user):
    victor = recruiter()
    conversation, _first = services.start_conversation(victor, [personas.alice], "Bonjour Alice")
    before = Message.objects.count()
    page = as_user(victor).post(f"/en/messages/{conversation.pk}/send/", {"body": ASK_SIN})
    assert page.status_code == 200
    assert b"employers may not ask candidates for this" in page.content
    assert ASK_SIN.encode() in page.content.replace(b"&#x27;", b"'")
    response = api_post(
        Client(HTTP_ACCEPT_LANGUAGE="en"),
        f"/conversations/{conversation.pk}/messages",
        {"body": ASK_SIN},
        **bearer(victor),
    )
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert "employers may not ask" in detail
    assert Message.objects.count() == before


def test_a_recruiter_cannot_open_a_conversation_asking_for_money(personas):
    victor = recruiter()
    try:
        services.start_conversation(
            victor, [personas.alice], "Training fee: send $200 by e-transfer before you start."
        )
    except MessagingError as error:
        assert error.code == "scam"
    else:
        raise AssertionError("the message was sent")
    assert not Message.objects.filter(sender=victor).exists()


def test_members_who_are_not_employers_may_talk_about_it(personas, talk):
    conversation, _first, _reply = talk
    text = "Never send your social insurance number to a recruiter by message."
    message = services.send_message(personas.bob, conversation, text)
    assert message.body == text
