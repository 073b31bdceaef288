"""The service plan of a counselling case: goals, one level of sub-goals, and plan items
(steps) that the client or the counsellor must do.

Who sees a plan: the case's client and its CURRENT counsellor, for a case that is not an
invitation (an invited case has no case work). Nobody else: not another counsellor, not
an agency admin, not moderators or staff. `plan_q` is that rule, written once; each
model's `visible_to` applies it through its path to the case, and `plan_role` is the same
rule for one case (each model's `is_visible_to`).

Lifecycles are declared here: `GOAL_TRANSITIONS` and `ITEM_TRANSITIONS`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tremplin.core.lifecycle import Lifecycle
from tremplin.counselling.models import Case, CaseQuerySet, CaseStatus, parties_q

TITLE_MAX_LENGTH = 200
TEXT_MAX_LENGTH = 2000


class GoalStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACHIEVED = "achieved", _("Achieved")
    DROPPED = "dropped", _("Dropped")


GOAL_TRANSITIONS = Lifecycle(
    GoalStatus,
    {
        GoalStatus.OPEN: {GoalStatus.ACHIEVED, GoalStatus.DROPPED},
        GoalStatus.ACHIEVED: {GoalStatus.OPEN},
        GoalStatus.DROPPED: {GoalStatus.OPEN},
    },
)


class Owner(models.TextChoices):
    """Who must do a plan item."""

    CLIENT = "client", _("The client")
    COUNSELLOR = "counsellor", _("The counsellor")


class ItemStatus(models.TextChoices):
    TO_DO = "to_do", _("To do")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


ITEM_TRANSITIONS = Lifecycle(
    ItemStatus,
    {
        ItemStatus.TO_DO: {ItemStatus.IN_PROGRESS, ItemStatus.DONE, ItemStatus.CANCELLED},
        ItemStatus.IN_PROGRESS: {ItemStatus.TO_DO, ItemStatus.DONE, ItemStatus.CANCELLED},
        ItemStatus.DONE: {ItemStatus.TO_DO, ItemStatus.IN_PROGRESS},
        ItemStatus.CANCELLED: {ItemStatus.TO_DO},
    },
)
# Items still to be done: counted on the caseload, and "overdue" when past their date.
OPEN_ITEM_STATUSES = (ItemStatus.TO_DO, ItemStatus.IN_PROGRESS)


def plan_q(viewer: Any, case_path: str) -> Q | None:
    """THE plan rule as a filter on the case reached by `case_path` ("" for Case
    itself, "case__" for a goal, "goal__case__" for an item); None: nothing at all."""
    return parties_q(viewer, case_path)


def plan_cases(viewer: Any) -> CaseQuerySet:
    """The cases whose plan `viewer` may see."""
    rule = plan_q(viewer, "")
    return Case.objects.none() if rule is None else Case.objects.filter(rule)


def plan_role(case: Case, viewer: Any) -> str | None:
    """The same rule for one case: "client", "counsellor" (the current one) or None."""
    if viewer is None or not viewer.is_authenticated or case.status == CaseStatus.INVITED:
        return None
    if case.client_id == viewer.pk:
        return "client"
    if case.counsellor_id == viewer.pk:
        return "counsellor"
    return None


class GoalQuerySet(models.QuerySet["Goal"]):
    def visible_to(self, viewer: Any) -> GoalQuerySet:
        rule = plan_q(viewer, "case__")
        return self.none() if rule is None else self.filter(rule)

    def top_level(self) -> GoalQuerySet:
        return self.filter(parent__isnull=True)

    def with_case(self) -> GoalQuerySet:
        """One goal acted on by a page or the API: its case comes along."""
        return self.select_related("case")


class Goal(models.Model):
    """A goal of the plan, or a sub-goal when `parent` is set (one level only: a
    sub-goal's parent is a top-level goal of the same case; services.py checks it)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="goals")
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="subgoals",
        verbose_name=_("goal"),
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    description = models.TextField(_("description"), blank=True, max_length=TEXT_MAX_LENGTH)
    status = models.CharField(
        _("status"), max_length=10, choices=GoalStatus, default=GoalStatus.OPEN
    )
    # Order among the siblings (same case and parent), smallest first.
    position = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = GoalQuerySet.as_manager()

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["position", "pk"]
        indexes = [models.Index(fields=["case", "parent", "position"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return self.case.get_absolute_url() + f"#goal-{self.pk}"

    @property
    def is_subgoal(self) -> bool:
        return self.parent_id is not None

    def is_visible_to(self, viewer: Any) -> bool:
        return plan_role(self.case, viewer) is not None


class PlanItemQuerySet(models.QuerySet["PlanItem"]):
    def visible_to(self, viewer: Any) -> PlanItemQuerySet:
        rule = plan_q(viewer, "goal__case__")
        return self.none() if rule is None else self.filter(rule)

    def still_open(self) -> PlanItemQuerySet:
        return self.filter(status__in=OPEN_ITEM_STATUSES)

    def with_case(self) -> PlanItemQuerySet:
        """One item acted on by a page or the API: its goal and case come along."""
        return self.select_related("goal__case")


class PlanItem(models.Model):
    """One step of the plan, under a goal or a sub-goal, for the client or the
    counsellor to do."""

    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, related_name="items", verbose_name=_("goal")
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    details = models.TextField(_("details"), blank=True, max_length=TEXT_MAX_LENGTH)
    owner = models.CharField(_("who does it"), max_length=10, choices=Owner, default=Owner.CLIENT)
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=11, choices=ItemStatus, default=ItemStatus.TO_DO
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = PlanItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        ordering = ["pk"]
        indexes = [models.Index(fields=["goal", "status", "due_on"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return self.goal.case.get_absolute_url() + f"#item-{self.pk}"

    def is_visible_to(self, viewer: Any) -> bool:
        return plan_role(self.goal.case, viewer) is not None

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ITEM_STATUSES
