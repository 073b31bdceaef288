"""A mentorship's goals and their milestones. Progress: a goal is met when marked done;
with milestones, its progress is the share of milestones done.

Who may see a goal: the mentorship's two parties, and the counsellor of either party
while that party's active case grants the "profile" scope (`GOAL_SCOPE`) and the
mentorship is active or ended (never a proposal). Nobody else.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tremplin.core.viewer import viewer_of
from tremplin.mentoring.models.mentorships import Mentorship, MentorshipStatus

TITLE_MAX_LENGTH = 200
# The consent scope under which a client's counsellor sees their mentorship and goals.
GOAL_SCOPE = "profile"
MAX_GOALS = 20
MAX_MILESTONES = 20


def counselled_q(viewer: Any, path: str = "") -> Q:
    """Mentorships (reached by `path`) of a member the viewer counsels with GOAL_SCOPE."""
    clients = viewer_of(viewer).relation("clients", GOAL_SCOPE)
    started = ~Q(**{f"{path}status": MentorshipStatus.INVITED})
    return started & (Q(**{f"{path}mentee__in": clients}) | Q(**{f"{path}mentor__in": clients}))


class GoalQuerySet(models.QuerySet["Goal"]):
    def visible_to(self, viewer: Any) -> GoalQuerySet:
        """THE rule: the parties, or a counsellor with the party's consent."""
        if viewer is None or not viewer.is_authenticated:
            return self.none()
        parties = Q(mentorship__in=Mentorship.objects.visible_to(viewer))
        return self.filter(parties | counselled_q(viewer, "mentorship__"))


class Goal(models.Model):
    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(_("goal"), max_length=TITLE_MAX_LENGTH)
    done = models.BooleanField(_("met"), default=False)
    done_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    objects = GoalQuerySet.as_manager()

    class Meta:
        verbose_name = _("mentorship goal")
        ordering = ["created", "pk"]

    def __str__(self) -> str:
        return self.title

    def is_visible_to(self, viewer: Any) -> bool:
        return Goal.objects.visible_to(viewer).filter(pk=self.pk).exists()

    def progress(self) -> int:
        """Percent: 100 when met, else the share of milestones done (0 without any).
        Reads `milestones.all()` so a prefetch serves it."""
        if self.done:
            return 100
        stones = list(self.milestones.all())
        if not stones:
            return 0
        return round(100 * sum(1 for s in stones if s.done) / len(stones))


class Milestone(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=TITLE_MAX_LENGTH)
    done = models.BooleanField(_("done"), default=False)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("milestone")
        ordering = ["created", "pk"]

    def __str__(self) -> str:
        return self.title
