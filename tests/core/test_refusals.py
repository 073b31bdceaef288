"""One table of refusals: a code means one status for the API and one for pages, with
per-app overrides written in the same table."""

from django.core.exceptions import ValidationError

from tremplin.core.refusals import STATUSES, Refusal, api_status, message_of, page_status


class Network(Refusal):
    area = "network"


class Messaging(Refusal):
    area = "messaging"


def test_a_code_gives_its_status_to_the_api_and_to_pages():
    assert api_status(Network("no", code="transition")) == 409
    assert page_status(Network("no", code="transition")) == 409
    assert api_status(Network("bad", code="invalid")) == 422
    assert page_status(Network("bad", code="invalid")) == 400


def test_an_area_row_overrides_the_code_for_that_app_only():
    assert "messaging.blocked" in STATUSES
    assert api_status(Network("hidden", code="blocked")) == 404
    assert api_status(Messaging("you may not write", code="blocked")) == 403


def test_an_unknown_code_or_a_plain_validation_error_is_the_requests_fault():
    assert api_status(Network("?", code="never_heard_of")) == 422
    assert api_status(ValidationError("plain")) == 422
    assert page_status(ValidationError("plain")) == 400


def test_the_message_joins_every_message():
    assert message_of(ValidationError(["One.", "Two."])) == "One. Two."


def test_a_refusal_keeps_the_field_it_is_about():
    assert Network("no", code="invalid", field="note").field == "note"
