"""Forms of programmes, enrolment (intake) and the mentor profile. They check the shape
of the input; the services decide (and refuse with a message shown on the form)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from tremplin.core.forms import PIIGuardMixin
from tremplin.core.regions import Region
from tremplin.mentoring.models import JoinPolicy, ProgrammeStatus, Side
from tremplin.mentoring.models.programmes import (
    AGENCY_POLICIES,
    ANSWER_MAX_LENGTH,
    COMMUNITY_POLICIES,
    GOALS_MAX_LENGTH,
)
from tremplin.mentoring.queries.coordinators import COORDINATOR_SCOPE, INVITE_SCOPE
from tremplin.mentoring.services.programmes import Intake, Offer, ProgrammeData
from tremplin.profiles.forms_picker import PersonField, bind_person_fields
from tremplin.profiles.models import Sector

LANGUAGE_CHOICES = list(settings.LANGUAGES)
QUESTIONS_HELP = _(
    "One question per line, at most 5; line 1 in English goes with line 1 in French."
)
LOCKED_HELP = _("Members have answered these questions: they can no longer change.")
PICK_HELP = _("Type part of their name and choose among the suggestions.")


def words(text: str) -> list[str]:
    return [w.strip() for w in (text or "").replace("\n", ",").split(",") if w.strip()]


class ProgrammeForm(forms.Form):
    agency = forms.TypedChoiceField(label=_("Agency"), coerce=int)
    name_fr = forms.CharField(label=_("Name in French"), max_length=150)
    name_en = forms.CharField(label=_("Name in English"), max_length=150)
    purpose_fr = forms.CharField(
        label=_("Purpose in French"), required=False, max_length=3000, widget=forms.Textarea
    )
    purpose_en = forms.CharField(
        label=_("Purpose in English"), required=False, max_length=3000, widget=forms.Textarea
    )
    # ISO dates: what a date input reads, whatever the page's language (the edit page).
    starts_on = forms.DateField(
        label=_("Start date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    ends_on = forms.DateField(
        label=_("End date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    mentor_policy = forms.ChoiceField(label=_("Who may join as mentor"), choices=JoinPolicy.choices)
    mentee_policy = forms.ChoiceField(
        label=_("Who may join as mentee"), choices=JoinPolicy.choices, initial=JoinPolicy.CLIENTS
    )
    mentor_questions_fr = forms.CharField(
        label=_("Intake questions for mentors, in French"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=QUESTIONS_HELP,
    )
    mentor_questions_en = forms.CharField(
        label=_("Intake questions for mentors, in English"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    mentee_questions_fr = forms.CharField(
        label=_("Intake questions for mentees, in French"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=QUESTIONS_HELP,
    )
    mentee_questions_en = forms.CharField(
        label=_("Intake questions for mentees, in English"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    capacity = forms.IntegerField(
        label=_("Places for mentees"), min_value=1, max_value=5000, initial=20
    )
    months = forms.IntegerField(
        label=_("Length of a mentorship (months)"), min_value=1, max_value=24, initial=6
    )

    def __init__(
        self,
        *args: Any,
        agencies: list[Any] | None,
        community: bool = False,
        locked: set[str] | frozenset[str] = frozenset(),
        **kwargs: Any,
    ) -> None:
        """`agencies`: the choice of agency when creating one (None: a community's
        programme, or editing); `community`: who may join as a community allows it;
        `locked`: the sides whose questions can no longer change (shown, not sent)."""
        super().__init__(*args, **kwargs)
        if agencies is None:
            del self.fields["agency"]
        else:
            field = self.fields["agency"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [(a.pk, a.name) for a in agencies]
        policies = COMMUNITY_POLICIES if community else AGENCY_POLICIES
        for name in ("mentor_policy", "mentee_policy"):
            choice = self.fields[name]
            assert isinstance(choice, forms.ChoiceField)
            choice.choices = [(p.value, p.label) for p in policies]
            if community and not self.is_bound:
                choice.initial = JoinPolicy.COMMUNITY
        for side in locked:
            for lang in ("fr", "en"):
                question = self.fields[f"{side}_questions_{lang}"]
                question.disabled = True
                question.help_text = LOCKED_HELP

    @staticmethod
    def initial_of(programme: Any) -> dict[str, Any]:
        """The edit form's values: the programme as it is."""

        def lines(side: str, lang: str) -> str:
            found = programme.mentor_questions if side == "mentor" else programme.mentee_questions
            return "\n".join(q.get(lang, "") for q in found or [])

        names = ("name_fr", "name_en", "purpose_fr", "purpose_en", "starts_on", "ends_on")
        values = {name: getattr(programme, name) for name in names}
        values.update(
            {
                "mentor_policy": programme.mentor_policy,
                "mentee_policy": programme.mentee_policy,
                "capacity": programme.capacity,
                "months": programme.months,
            }
        )
        for side in ("mentor", "mentee"):
            for lang in ("fr", "en"):
                values[f"{side}_questions_{lang}"] = lines(side, lang)
        return values

    def data_for_service(self) -> ProgrammeData:
        c = self.cleaned_data

        def pairs(prefix: str) -> list[tuple[str, str]]:
            # Line n in French goes with line n in English, blank lines included, so a
            # question in one language only keeps its place (the service drops pairs
            # blank in both).
            fr = (c[f"{prefix}_fr"] or "").splitlines()
            en = (c[f"{prefix}_en"] or "").splitlines()
            size = max(len(fr), len(en))
            fr, en = fr + [""] * (size - len(fr)), en + [""] * (size - len(en))
            return list(zip(fr, en, strict=True))

        return ProgrammeData(
            name_fr=c["name_fr"],
            name_en=c["name_en"],
            purpose_fr=c["purpose_fr"],
            purpose_en=c["purpose_en"],
            starts_on=c["starts_on"],
            ends_on=c["ends_on"],
            mentor_policy=c["mentor_policy"],
            mentee_policy=c["mentee_policy"],
            mentor_questions=pairs("mentor_questions"),
            mentee_questions=pairs("mentee_questions"),
            capacity=c["capacity"],
            months=c["months"],
        )


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=ProgrammeStatus.choices)


class IntakeForm(PIIGuardMixin, forms.Form):
    """The intake: one field per question of the side; a mentee also says what they want."""

    pii_fields = ("goals",)

    def __init__(self, *args: Any, questions: list[str], side: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.side = side
        for i, question in enumerate(questions):
            self.fields[f"answer_{i}"] = forms.CharField(
                label=question,
                required=False,
                max_length=ANSWER_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        if side == Side.MENTEE:
            self.fields["goals"] = forms.CharField(
                label=_("My goals"),
                required=False,
                max_length=GOALS_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_(
                    "What you want to work on with a mentor. Only you, your mentor "
                    "and the programme's coordinators read it."
                ),
            )
            self.fields["wanted_skills"] = forms.CharField(
                label=_("Skills I want to learn"),
                required=False,
                max_length=600,
                help_text=_("Separated by commas."),
            )
            self.fields["sectors"] = forms.MultipleChoiceField(
                label=_("Sectors"),
                required=False,
                choices=Sector.choices,
                widget=forms.CheckboxSelectMultiple,
            )
            self.fields["languages"] = forms.MultipleChoiceField(
                label=_("Languages I can be mentored in"),
                required=False,
                choices=LANGUAGE_CHOICES,
                widget=forms.CheckboxSelectMultiple,
            )
            self.fields["region"] = forms.ChoiceField(
                label=_("Province or territory"),
                required=False,
                choices=[("", "—"), *Region.choices],
            )
            self.fields["online"] = forms.BooleanField(
                label=_("Meeting online is fine"), required=False, initial=True
            )

    def intake(self, count: int) -> Intake:
        c = self.cleaned_data
        answers = [c.get(f"answer_{i}", "") for i in range(count)]
        if self.side != Side.MENTEE:
            return Intake(answers=answers)
        return Intake(
            answers=answers,
            goals=c.get("goals", ""),
            wanted_skills=words(c.get("wanted_skills", "")),
            sectors=list(c.get("sectors") or []),
            languages=list(c.get("languages") or []),
            region=c.get("region") or "",
            online=bool(c.get("online")),
        )


class MentorProfileForm(forms.Form):
    offer = forms.CharField(
        label=_("What I offer"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    skills = forms.CharField(
        label=_("Skills"), required=False, max_length=600, help_text=_("Separated by commas.")
    )
    trades = forms.CharField(
        label=_("Trades"), required=False, max_length=600, help_text=_("Separated by commas.")
    )
    sectors = forms.MultipleChoiceField(
        label=_("Sectors"),
        required=False,
        choices=Sector.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages I mentor in"),
        required=False,
        choices=LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    region = forms.ChoiceField(
        label=_("Province or territory"), required=False, choices=[("", "—"), *Region.choices]
    )
    in_person = forms.BooleanField(label=_("I can meet in person"), required=False)
    online = forms.BooleanField(label=_("I can meet online"), required=False)
    max_mentees = forms.IntegerField(
        label=_("How many mentees I take"), min_value=0, max_value=20, initial=2
    )
    paused = forms.BooleanField(label=_("Pause: I take no new mentee for now"), required=False)

    def offer_for_service(self) -> Offer:
        c = self.cleaned_data
        return Offer(
            offer=c["offer"],
            skills=words(c["skills"]),
            trades=words(c["trades"]),
            sectors=list(c["sectors"]),
            languages=list(c["languages"]),
            region=c["region"] or "",
            in_person=c["in_person"],
            online=c["online"],
            max_mentees=c["max_mentees"],
            paused=c["paused"],
        )


class InviteForm(forms.Form):
    """A coordinator invites a member, chosen with the person picker (a community's
    programme offers its members only; the service checks again)."""

    who = PersonField(label=_("Whom?"), help_text=PICK_HELP)
    side = forms.ChoiceField(
        label=_("As"), choices=Side.choices, widget=forms.RadioSelect, initial=Side.MENTEE
    )

    def __init__(self, *args: Any, viewer: Any, programme: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bind_person_fields(self, viewer, who=f"{INVITE_SCOPE}:{programme.pk}")


class CoordinatorForm(forms.Form):
    """A coordinator adds a coordinator: staff of the agency, or an owner or moderator
    of the community, chosen with the person picker (the service checks again)."""

    who = PersonField(label=_("New coordinator"), help_text=PICK_HELP)

    def __init__(self, *args: Any, viewer: Any, programme: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bind_person_fields(self, viewer, who=f"{COORDINATOR_SCOPE}:{programme.pk}")


class MessageForm(PIIGuardMixin, forms.Form):
    pii_fields = ("message",)
    message = forms.CharField(
        label=_("Message (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 500}),
    )
