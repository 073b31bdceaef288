"""The plan's forms. They check the shape of the input; services.py checks the rules
(and the range of a due date) and its refusals are shown on the same form."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from tremplin.plans.models import (
    TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Goal,
    GoalStatus,
    ItemStatus,
    Owner,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


def _goal_label(goal: Goal) -> str:
    return f"— {goal.title}" if goal.parent_id else goal.title


class GoalForm(forms.Form):
    title = forms.CharField(
        label=_("Goal"), max_length=TITLE_MAX_LENGTH, widget=forms.TextInput(attrs={"size": 40})
    )
    description = forms.CharField(
        label=_("Description (optional)"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    parent = forms.TypedChoiceField(
        label=_("Sub-goal of"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Leave empty for a main goal."),
    )

    def __init__(
        self,
        *args: Any,
        goals: Sequence[Goal] = (),
        with_parent: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if with_parent:
            cast(forms.ChoiceField, self.fields["parent"]).choices = [
                ("", _("None: a main goal"))
            ] + [(g.pk, g.title) for g in goals if g.parent_id is None]
        else:
            del self.fields["parent"]


class GoalStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Goal status"), choices=GoalStatus.choices)


class ItemForm(forms.Form):
    goal = forms.TypedChoiceField(label=_("Goal or sub-goal"), coerce=int)
    title = forms.CharField(
        label=_("Step"), max_length=TITLE_MAX_LENGTH, widget=forms.TextInput(attrs={"size": 40})
    )
    details = forms.CharField(
        label=_("Details (optional)"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    owner = forms.ChoiceField(label=_("Who does it"), choices=Owner.choices, initial=Owner.CLIENT)
    due_on = forms.DateField(
        label=_("Due date (optional)"),
        required=False,
        widget=DateInput(),
        help_text=_("Within five years of today."),
    )

    def __init__(
        self,
        *args: Any,
        goals: Sequence[Goal] = (),
        with_goal: bool = True,
        with_owner: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if with_goal:
            cast(forms.ChoiceField, self.fields["goal"]).choices = [
                (g.pk, _goal_label(g)) for g in goals
            ]
        else:
            del self.fields["goal"]
        if not with_owner:
            del self.fields["owner"]


class ItemStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ItemStatus.choices)


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")])
