"""The one lifecycle helper: a table checked when it is declared, one question."""

import pytest
from django.db import models

from tremplin.core.lifecycle import Lifecycle
from tremplin.core.refusals import Refusal


class State(models.TextChoices):
    DRAFT = "draft", "Draft"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


TABLE = {State.DRAFT: {State.OPEN}, State.OPEN: {State.CLOSED, State.DRAFT}, State.CLOSED: set()}


def test_it_answers_one_question_and_lists_the_next_moves_in_declared_order():
    life = Lifecycle(State, TABLE)
    assert life.allows("draft", "open") and not life.allows("draft", "closed")
    assert life.targets("open") == ["draft", "closed"]
    assert life.is_final("closed") and not life.is_final("open")


def test_it_compares_equal_to_the_plain_table_it_was_built_from():
    assert Lifecycle(State, TABLE) == {
        "draft": {"open"},
        "open": {"closed", "draft"},
        "closed": set(),
    }


@pytest.mark.parametrize(
    "table",
    [
        {State.DRAFT: {State.OPEN}, State.OPEN: set()},  # a state without its row
        {**TABLE, "archived": set()},  # a row for no state
        {**TABLE, State.CLOSED: {"archived"}},  # a move to no state
        {**TABLE, State.CLOSED: {State.CLOSED}},  # a move to itself
    ],
)
def test_a_wrong_table_fails_when_it_is_declared(table):
    with pytest.raises(ValueError):
        Lifecycle(State, table)


def test_a_state_declared_repeatable_may_move_to_itself():
    life = Lifecycle(State, {**TABLE, State.OPEN: {State.OPEN, State.CLOSED}}, repeatable=["open"])
    assert life.allows("open", "open")
    assert life.targets("open") == ["open", "closed"]


def test_check_refuses_with_the_apps_refusal_and_the_transition_code():
    class Mine(Refusal):
        area = "mine"

    with pytest.raises(Mine) as caught:
        Lifecycle(State, TABLE).check("closed", "open", Mine)
    assert caught.value.code == "transition"
    Lifecycle(State, TABLE).check("open", "closed", Mine)  # allowed: no exception
