"""The mentorship page's routes (included by urls.py)."""

from django.urls import path

from tremplin.mentoring.views import hub_actions as act
from tremplin.mentoring.views.hub import hub

P = "mentoring/<int:pk>/"
urlpatterns = [
    path(P, hub, name="hub"),
    path(f"{P}terms/", act.terms, name="terms"),
    path(f"{P}end-early/", act.end, name="end_early"),
    path(f"{P}goals/", act.goal_add, name="goal_add"),
    path(f"{P}notes/", act.note_add, name="note_add"),
    path(f"{P}notes/<int:nid>/delete/", act.note_delete, name="note_delete"),
    path(f"{P}sessions/", act.session_add, name="session_add"),
    path(f"{P}sessions/<int:sid>.ics", act.session_ics, name="session_ics"),
    path(f"{P}survey/<str:kind>/", act.survey, name="survey"),
]
for _answer in ("agree", "decline"):
    urlpatterns.append(
        path(
            f"{P}terms/<int:aid>/{_answer}/",
            act.terms_answer,
            {"answer": _answer},
            name=f"terms_{_answer}",
        )
    )
for _action in ("done", "undo", "remove", "milestone"):
    urlpatterns.append(
        path(
            f"{P}goals/<int:gid>/{_action}/",
            act.goal_action,
            {"action": _action},
            name=f"goal_{_action}",
        )
    )
for _action in ("done", "undo"):
    urlpatterns.append(
        path(
            f"{P}milestones/<int:mid>/{_action}/",
            act.milestone_action,
            {"action": _action},
            name=f"milestone_{_action}",
        )
    )
for _action in ("accept", "decline", "cancel", "held", "missed", "rate", "reschedule"):
    urlpatterns.append(
        path(
            f"{P}sessions/<int:sid>/{_action}/",
            act.session_action,
            {"action": _action},
            name=f"session_{_action}",
        )
    )
