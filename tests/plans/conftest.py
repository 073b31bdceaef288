"""The plan tests use `crew` and `browser_of` from tests/conftest.py (alice is dave's
client; erin another counsellor of the agency; frank of another agency; greta an admin)
and `plan`: a goal with a sub-goal, an item for alice and one for dave, made by dave."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from tests.personas import CASE_VIEWERS
from tremplin.plans import services

# Who may see alice's plan with dave.
SEES_PLAN = {"alice", "dave"}

__all__ = ["CASE_VIEWERS", "SEES_PLAN"]


@pytest.fixture
def plan(crew):
    dave, case = crew.dave, crew.case
    goal = services.create_goal(dave, case, title="Trouver un emploi en soins")
    sub = services.create_goal(dave, case, title="Mettre le CV à jour", parent=goal)
    mine = services.add_item(
        dave,
        sub,
        title="Écrire le brouillon du CV",
        owner="client",
        due_on=timezone.localdate() + datetime.timedelta(days=7),
    )
    theirs = services.add_item(dave, goal, title="Appeler le partenaire", owner="counsellor")
    return SimpleNamespace(case=case, goal=goal, sub=sub, client_item=mine, counsellor_item=theirs)
