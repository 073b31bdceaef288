"""Events across apps run after the cause's transaction commits, never inside it."""

import pytest
from django.db import transaction

from tremplin.core.events import Event


@pytest.fixture
def event():
    return Event("tests.thing_happened_on_commit", "thing_id")


def test_handlers_run_after_commit_with_the_payload(event, db, django_capture_on_commit_callbacks):
    seen = []
    event.connect(lambda thing_id: seen.append(thing_id))
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        event.send_on_commit(thing_id=7)
        assert seen == []  # not inside the transaction
    assert seen == [7]


def test_nothing_runs_when_the_transaction_rolls_back(
    event, db, django_capture_on_commit_callbacks
):
    seen = []
    event.connect(seen.append)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                event.send_on_commit(thing_id=1)
                raise RuntimeError
        except RuntimeError:
            pass
    assert callbacks == [] and seen == []


def test_a_failing_handler_does_not_stop_the_others(event, caplog):
    seen = []

    def broken(thing_id):
        raise ValueError("boom")

    event.connect(broken)
    event.connect(lambda thing_id: seen.append(thing_id))
    assert event.dispatch(thing_id=3) == 1
    assert seen == [3]
    assert "tests.thing_happened_on_commit" in caplog.text


def test_the_payload_is_checked_and_the_name_says_when(event):
    with pytest.raises(TypeError):
        event.send_on_commit(other=1)
    with pytest.raises(ValueError):
        Event("tests.thing_happened", "thing_id")
