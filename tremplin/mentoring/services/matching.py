"""Matching inside a programme, three ways (the mentor's invitation is `propose`):

- `ask`: an enrolled mentee asks an enrolled mentor (a proposal as outside programmes,
  tied to the programme, with the score and reasons the mentee saw);
- `propose_match`: a coordinator proposes one mentor to one mentee;
- `propose_cohort`: a coordinator proposes matches for every enrolled mentee without an
  open match, at once (`assign`).

A coordinator's match is `coordinated`: it waits for both sides' acceptance
(`services.mentorships.accept`) and either may decline, with no reason. Both parties are
told by a notification (`tasks.notify_proposed`, queued after commit with the ids).

`assign` is a greedy assignment: every (mentee, mentor) pair with a fit is scored, the
pairs are sorted by score, and each is taken when the mentee is still unmatched and the
mentor has a place left. It is not an optimum (a min-cost flow would be), but each match
it makes is explained by its own reasons, and 500 mentees × 300 mentors take a second
or two (bench/mentoring_match.py).
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tremplin.availability.queries import weeks_of
from tremplin.mentoring.models import (
    ENROLLING,
    OPEN_STATUSES,
    Enrolment,
    EnrolmentStatus,
    MentorProfile,
    Mentorship,
    Programme,
    Side,
)
from tremplin.mentoring.queries.matching import mentee_features, mentor_features
from tremplin.mentoring.queries.programmes import matched_mentees, places_left
from tremplin.mentoring.scoring import (
    MenteeFeatures,
    MentorFeatures,
    Score,
    fit_of,
    score,
    total_of,
)
from tremplin.mentoring.services.mentorships import MentoringError, clean_message, propose
from tremplin.mentoring.tasks import notify_proposed


def _enrolment(programme: Programme, user: Any, side: str) -> Enrolment:
    found = Enrolment.objects.filter(
        programme=programme, user=user, side=side, status=EnrolmentStatus.ENROLLED
    ).first()
    if found is None:
        if side == Side.MENTOR:
            message = _("This mentor is not enrolled in the programme.")
        else:
            message = _("This mentee is not enrolled in the programme.")
        raise MentoringError(message, code="not_found")
    return found


def _pair_score(programme: Programme, mentee: Any, mentor: Any) -> Score:
    features = mentee_features(_enrolment(programme, mentee, Side.MENTEE))
    _enrolment(programme, mentor, Side.MENTOR)
    profile = MentorProfile.objects.filter(user=mentor).first()
    if profile is None or profile.paused:
        raise MentoringError(_("This mentor takes no new mentee for now."), code="conflict")
    left = places_left([mentor.pk]).get(mentor.pk, 0)
    if left <= 0:
        raise MentoringError(_("This mentor has no place left."), code="conflict")
    week = weeks_of([mentor.pk]).get(mentor.pk, ())
    return score(mentor_features(profile, left, week), features)


def _running(programme: Programme) -> None:
    if programme.status not in ENROLLING:
        raise MentoringError(_("This programme is not matching now."), code="transition")


@transaction.atomic
def ask(user: Any, programme: Programme, mentor: Any, message: str = "") -> Mentorship:
    """An enrolled mentee asks an enrolled mentor to mentor them in `programme`."""
    _running(programme)
    found = _pair_score(programme, user, mentor)
    made = propose(user, mentor, "mentee", clean_message(message))
    made.programme = programme
    made.match_score = found.total
    made.match_reasons = found.reasons
    made.save(update_fields=["programme", "match_score", "match_reasons"])
    transaction.on_commit(lambda: notify_proposed.enqueue([made.pk]))
    return made


def _coordinator(user: Any, programme: Programme) -> None:
    if not programme.is_coordinator(user):
        raise MentoringError(_("Only the programme's coordinators may do this."), code="forbidden")
    _running(programme)


@transaction.atomic
def propose_match(user: Any, programme: Programme, mentee: Any, mentor: Any) -> Mentorship:
    """A coordinator proposes `mentor` to `mentee`; both must accept."""
    _coordinator(user, programme)
    if mentee is None or mentor is None or mentee.pk == mentor.pk:
        raise MentoringError(_("Choose a mentee and another member as mentor."), code="invalid")
    found = _pair_score(programme, mentee, mentor)
    if Mentorship.objects.open().between(mentee, mentor).exists():
        raise MentoringError(_("These two already have a mentorship or a proposal."), "conflict")
    try:
        with transaction.atomic():
            made = Mentorship.objects.create(
                **_match_values(programme, user, mentor.pk, mentee.pk, found)
            )
    except IntegrityError:
        raise MentoringError(
            _("These two already have a mentorship or a proposal."), "conflict"
        ) from None
    transaction.on_commit(lambda: notify_proposed.enqueue([made.pk]))
    return made


def _match_values(
    programme: Programme, coordinator: Any, mentor_id: int, mentee_id: int, found: Score
) -> dict[str, Any]:
    return {
        "programme": programme,
        "mentor_id": mentor_id,
        "mentee_id": mentee_id,
        "invited_by_id": mentor_id,
        "coordinated": True,
        "coordinator": coordinator,
        "match_score": found.total,
        "match_reasons": found.reasons,
    }


def assign(
    mentees: list[MenteeFeatures],
    mentors: list[MentorFeatures],
    taken: set[tuple[int, int]] | frozenset[tuple[int, int]] = frozenset(),
) -> list[tuple[MenteeFeatures, MentorFeatures, Score]]:
    """Greedy by score under the mentors' places (see the module's docstring). `taken`:
    (mentor, mentee) pairs that already have an open mentorship. Pairs are scored with
    `fit_of` (no reasons); the reasons are built for the chosen pairs only."""
    pairs = []
    for i, mentee in enumerate(mentees):
        for j, mentor in enumerate(mentors):
            if mentor.user_id == mentee.user_id or (mentor.user_id, mentee.user_id) in taken:
                continue
            fit = fit_of(mentor, mentee)
            if fit:
                pairs.append((-total_of(mentor, fit), mentee.user_id, mentor.user_id, i, j))
    pairs.sort()
    places = [mentor.places_left for mentor in mentors]
    done: set[int] = set()
    chosen = []
    for _total, mentee_id, _mentor_id, i, j in pairs:
        if mentee_id in done or places[j] <= 0:
            continue
        done.add(mentee_id)
        places[j] -= 1
        chosen.append((mentees[i], mentors[j], score(mentors[j], mentees[i])))
    return chosen


def cohort_inputs(programme: Programme) -> tuple[list[MenteeFeatures], list[MentorFeatures]]:
    """The enrolled mentees without an open match, and the enrolled mentors with places."""
    enrolled = programme.enrolments.filter(status=EnrolmentStatus.ENROLLED)
    matched = matched_mentees(programme)
    waiting = [e for e in enrolled.filter(side=Side.MENTEE) if e.user_id not in matched]
    mentor_ids = list(enrolled.filter(side=Side.MENTOR).values_list("user_id", flat=True))
    weeks = weeks_of([e.user_id for e in waiting] + mentor_ids)
    mentees = [mentee_features(e, weeks.get(e.user_id, [])) for e in waiting]
    profiles = MentorProfile.objects.taking().filter(user_id__in=mentor_ids)
    places = places_left(mentor_ids)
    mentors = [
        mentor_features(p, places.get(p.user_id, 0), weeks.get(p.user_id, ()))
        for p in profiles
        if places.get(p.user_id, 0) > 0
    ]
    return mentees, mentors


@transaction.atomic
def propose_cohort(user: Any, programme: Programme) -> list[Mentorship]:
    """A coordinator proposes a match to every enrolled mentee who has none open."""
    _coordinator(user, programme)
    Programme.objects.select_for_update().get(pk=programme.pk)  # one cohort at a time
    mentees, mentors = cohort_inputs(programme)
    ids = {m.user_id for m in mentees} | {m.user_id for m in mentors}
    taken = set(
        Mentorship.objects.filter(status__in=OPEN_STATUSES)
        .filter(mentor_id__in=ids, mentee_id__in=ids)
        .values_list("mentor_id", "mentee_id")
    )
    # Either way round counts as taken (one open mentorship per pair).
    taken |= {(b, a) for a, b in taken}
    chosen = assign(mentees, mentors, taken)
    made = Mentorship.objects.bulk_create(
        Mentorship(**_match_values(programme, user, mentor.user_id, mentee.user_id, found))
        for mentee, mentor, found in chosen
    )
    made_ids = [m.pk for m in made]
    transaction.on_commit(lambda: notify_proposed.enqueue(made_ids))
    return made
