"""Changing a programme after its creation: every field the creation form has, and
removing a coordinator (adding one is `programmes.add_coordinator`).

Only its coordinators change it, and not once it is closed. Each side's intake questions
change only while nobody has answered them: once a member enrolled on that side (still
enrolled or since left), their answers are kept in the order of the questions, so
changing the questions would pair each answer with another question. The capacity never
drops below the mentees already enrolled. A new length (`months`) applies to the matches
that start afterwards: a started match keeps its `planned_end`.

The programme's row is locked while it changes, so two coordinators removing each other
at once cannot leave it with none.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tremplin.mentoring.models import (
    Enrolment,
    EnrolmentStatus,
    Programme,
    ProgrammeStatus,
    Side,
)
from tremplin.mentoring.services.mentorships import MentoringError
from tremplin.mentoring.services.programmes import (
    ProgrammeData,
    check_data,
    clean_questions,
    coordinator_or_refuse,
)

# Enrolments whose intake answers follow the questions as they are.
ANSWERED = (EnrolmentStatus.ENROLLED, EnrolmentStatus.LEFT)


def locked_sides(programme: Programme) -> set[str]:
    """The sides whose questions someone has answered (they can no longer change)."""
    return set(
        Enrolment.objects.filter(programme=programme, status__in=ANSWERED)
        .values_list("side", flat=True)
        .distinct()
    )


def _locked(user: Any, programme: Programme) -> Programme:
    found = Programme.objects.select_for_update().get(pk=programme.pk)
    coordinator_or_refuse(user, found)
    if found.status == ProgrammeStatus.CLOSED:
        raise MentoringError(_("A closed programme can no longer change."), code="transition")
    return found


@transaction.atomic
def update_programme(user: Any, programme: Programme, data: ProgrammeData) -> Programme:
    """A coordinator changes the programme (every field of the creation form)."""
    found = _locked(user, programme)
    check_data(data, found.policies)
    questions = {
        Side.MENTOR: clean_questions(data.mentor_questions),
        Side.MENTEE: clean_questions(data.mentee_questions),
    }
    changed = {
        side
        for side, asked in questions.items()
        if asked != (found.mentor_questions if side == Side.MENTOR else found.mentee_questions)
    }
    if changed & locked_sides(found):
        raise MentoringError(
            _(
                "Members have already answered the intake questions of this side: "
                "they can no longer change."
            ),
            code="conflict",
            field=f"{sorted(changed)[0]}_questions_fr",
        )
    enrolled = found.enrolments.enrolled().filter(side=Side.MENTEE).count()
    if data.capacity < enrolled:
        raise MentoringError(
            _("%(count)d mentees are enrolled: the capacity cannot be lower.")
            % {"count": enrolled},
            code="conflict",
            field="capacity",
        )
    found.name_fr = data.name_fr.strip()
    found.name_en = data.name_en.strip()
    found.purpose_fr = data.purpose_fr.strip()
    found.purpose_en = data.purpose_en.strip()
    found.starts_on, found.ends_on = data.starts_on, data.ends_on
    found.mentor_policy, found.mentee_policy = data.mentor_policy, data.mentee_policy
    found.mentor_questions = questions[Side.MENTOR]
    found.mentee_questions = questions[Side.MENTEE]
    found.capacity, found.months = data.capacity, data.months
    found.save()
    return found


@transaction.atomic
def remove_coordinator(user: Any, programme: Programme, other: Any) -> None:
    """A coordinator removes a coordinator (themselves too), never the last one."""
    found = _locked(user, programme)
    if other is None or not found.coordinators.filter(pk=other.pk).exists():
        raise MentoringError(_("This person does not coordinate the programme."), code="not_found")
    if found.coordinators.count() <= 1:
        raise MentoringError(
            _("A programme keeps at least one coordinator: add another one first."),
            code="conflict",
        )
    found.coordinators.remove(other)


def data_of(programme: Programme) -> ProgrammeData:
    """The programme as it is, as the service takes it (the API's PATCH changes some of
    these values and sends the rest unchanged)."""

    def pairs(found: list[dict[str, str]]) -> list[tuple[str, str]]:
        return [(q.get("fr", ""), q.get("en", "")) for q in found or []]

    return ProgrammeData(
        name_fr=programme.name_fr,
        name_en=programme.name_en,
        purpose_fr=programme.purpose_fr,
        purpose_en=programme.purpose_en,
        starts_on=programme.starts_on,
        ends_on=programme.ends_on,
        mentor_policy=programme.mentor_policy,
        mentee_policy=programme.mentee_policy,
        mentor_questions=pairs(programme.mentor_questions),
        mentee_questions=pairs(programme.mentee_questions),
        capacity=programme.capacity,
        months=programme.months,
    )
