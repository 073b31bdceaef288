"""Goals and milestones: either party adds, ticks and removes them while the mentorship
is active. A goal is met when ticked; its progress otherwise counts its milestones."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.mentoring.models import Goal, Mentorship, Milestone
from tremplin.mentoring.models.goals import MAX_GOALS, MAX_MILESTONES, TITLE_MAX_LENGTH
from tremplin.mentoring.services.mentorships import MentoringError
from tremplin.mentoring.services.parties import party_of


def _title(title: str) -> str:
    title = (title or "").strip()
    if not title:
        raise MentoringError(_("Give it a title."), code="invalid")
    if len(title) > TITLE_MAX_LENGTH:
        raise MentoringError(
            _("The title is too long: %(max)d characters at most.") % {"max": TITLE_MAX_LENGTH},
            code="invalid",
        )
    return title


@transaction.atomic
def add_goal(user: Any, mentorship: Mentorship, title: str) -> Goal:
    found = party_of(user, mentorship)
    title = _title(title)
    if found.goals.count() >= MAX_GOALS:
        raise MentoringError(_("A mentorship has 20 goals at most."), code="invalid")
    return Goal.objects.create(mentorship=found, title=title)


@transaction.atomic
def set_goal_done(user: Any, goal: Goal, done: bool) -> Goal:
    party_of(user, goal.mentorship)
    goal.done, goal.done_at = done, timezone.now() if done else None
    goal.save(update_fields=["done", "done_at"])
    return goal


@transaction.atomic
def remove_goal(user: Any, goal: Goal) -> None:
    party_of(user, goal.mentorship)
    goal.delete()


@transaction.atomic
def add_milestone(user: Any, goal: Goal, title: str) -> Milestone:
    party_of(user, goal.mentorship)
    title = _title(title)
    if goal.milestones.count() >= MAX_MILESTONES:
        raise MentoringError(_("A goal has 20 milestones at most."), code="invalid")
    return Milestone.objects.create(goal=goal, title=title)


@transaction.atomic
def set_milestone_done(user: Any, milestone: Milestone, done: bool) -> Milestone:
    party_of(user, milestone.goal.mentorship)
    milestone.done = done
    milestone.save(update_fields=["done"])
    return milestone
