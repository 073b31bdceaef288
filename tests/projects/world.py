"""The projects tests' cast, on top of the `crew` personas: alice leads a project of
each member-made visibility (bob, her connection, works on the invitation-only one);
dave leads his agency's team project, frank his own agency's."""

from __future__ import annotations

from types import SimpleNamespace

from tremplin.projects.models import Visibility
from tremplin.projects.services import members, projects

PERSONAS = [
    "anonymous",
    "alice",
    "bob",
    "carol",
    "dave",
    "erin",
    "frank",
    "greta",
    "mallory",
    "sam",
]

# Who sees each project (its page, the API, the search, notifications about it).
SEES = {
    "public": set(PERSONAS),
    "members": set(PERSONAS) - {"anonymous"},
    "connections": {"alice", "bob"},
    "invitation": {"alice", "bob"},
    "team": {"dave", "erin", "greta"},
    "other_team": {"frank"},
}
# Who reads the inside (board, files, discussion, activity): active members only.
WORKS_ON = {
    "public": {"alice"},
    "members": {"alice"},
    "connections": {"alice"},
    "invitation": {"alice", "bob"},
    "team": {"dave"},
    "other_team": {"frank"},
}


def make_project(lead, visibility=Visibility.MEMBERS, **fields):
    values = {
        "title_en": f"Project {visibility}",
        "title_fr": f"Projet {visibility}",
        "description_en": "We build a small website together.",
        "kind": "portfolio",
        "skills": "Python, design",
        "region": "ON",
        "hours_per_week": 4,
        "visibility": visibility,
    }
    values.update(fields)
    return projects.create_project(lead, **values)


def world(crew) -> SimpleNamespace:
    made = SimpleNamespace()
    for visibility in ("public", "members", "connections", "invitation"):
        setattr(made, visibility, make_project(crew.alice, visibility))
    members.invite(crew.alice, made.invitation, crew.bob)
    members.answer_invitation(crew.bob, made.invitation, accept=True)
    made.team = make_project(crew.dave, Visibility.TEAM, title_en="Agency team")
    made.other_team = make_project(crew.frank, Visibility.TEAM, title_en="Boreal team")
    return made
