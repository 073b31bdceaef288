"""The programme's report: small cells suppressed as in the agency report (with the
complementary cell), registered columns (outcomes: only the programme's own agency's
follow-ups count), and a CSV whose cells never run as formulas."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone, translation

from tests.factories import OrganizationFactory, UserFactory, make_case, make_member
from tremplin.casework.models import FollowUp
from tremplin.mentoring import report
from tremplin.mentoring.models import Enrolment, Mentorship
from tremplin.organizations.models import Role

pytestmark = pytest.mark.django_db


def _matches(programme, mentors, mentees, status, started):
    Mentorship.objects.bulk_create(
        Mentorship(
            programme=programme, mentor=a, mentee=b, invited_by=a, status=status,
            started_at=timezone.now() if started else None,
        )
        for a, b in zip(mentors, mentees, strict=True)
    )  # fmt: skip


def test_small_cells_are_hidden_and_columns_count_only_the_agencys_own_cases(personas, programme):
    mentors = [UserFactory() for _ in range(9)]
    mentees = [UserFactory() for _ in range(9)]
    Enrolment.objects.bulk_create(
        [Enrolment(programme=programme, user=u, side="mentor") for u in mentors]
        + [Enrolment(programme=programme, user=u, side="mentee") for u in mentees]
    )
    _matches(programme, mentors[:6], mentees[:6], "active", True)
    _matches(programme, mentors[6:8], mentees[6:8], "invited", False)
    _matches(programme, mentors[8:], mentees[8:], "ended", False)
    # Five mentees found work at the programme's agency; a sixth, at another agency.
    other = OrganizationFactory()
    for i, mentee in enumerate(mentees[:6]):
        agency = programme.agency if i < 5 else other
        counsellor = make_member(agency, Role.COUNSELLOR)
        case = make_case(agency, counsellor, mentee)
        FollowUp.objects.create(
            case=case, months=3, due_on=date(2026, 6, 1), status="done",
            outcome="employed_full_time",
        )  # fmt: skip
    built = report.build(programme)
    cells = {c.key: c.figure for c in built.matches.cells}
    assert built.mentors.value == 9 and built.mentees.value == 9
    assert cells["active"].value == 6
    # waiting (2) is under 5; ended (0) too; declined (1) too: all hidden, total shown.
    assert cells["waiting"].suppressed and cells["declined"].suppressed
    assert built.matches.total.value == 9
    columns = {r.key: r.figure for r in built.columns}
    assert columns["found_work"].value == 5 and columns["started_training"].suppressed


def test_the_csv_neutralises_formulas_and_says_fewer_than_5(personas, programme):
    programme.name_en = programme.name_fr = '=HYPERLINK("http://x")'
    programme.save()
    with translation.override("en"):
        body = report.csv_for(programme, report.build(programme)).decode("utf-8-sig")
    assert "'=HYPERLINK" in body and "fewer than 5" in body
    assert "Mentees who found work" in body


def test_sessions_goals_and_satisfaction_count_mentees_of_this_programme_only(personas, programme):
    from datetime import timedelta

    from tremplin.mentoring.models import Goal, Rating, Session

    mentors = [UserFactory() for _ in range(6)]
    mentees = [UserFactory() for _ in range(6)]
    _matches(programme, mentors, mentees, "active", True)
    _matches(None, [UserFactory()], [UserFactory()], "active", True)  # outside it
    when = timezone.now() - timedelta(days=3)
    # In the order made (PostgreSQL returns unordered rows in any order): the programme's
    # six, then the outsider, whose goal (i = 6) is met too.
    for i, m in enumerate(Mentorship.objects.filter(started_at__isnull=False).order_by("pk")):
        session = Session.objects.create(
            mentorship=m, starts_at=when, ends_at=when + timedelta(hours=1),
            status="held", proposed_by=m.mentor,
        )  # fmt: skip
        Goal.objects.create(mentorship=m, title="CV", done=i % 2 == 0)
        # The mentee rates 5 (4 of them) or 2; the mentor's own rating never counts.
        Rating.objects.create(session=session, author=m.mentee, score=5 if i < 4 else 2)
        Rating.objects.create(session=session, author=m.mentor, score=5)
    columns = {r.key: r.figure for r in report.build(programme).columns}
    assert columns["met"].value == 6  # the seventh mentorship is not the programme's
    assert columns["goal_met"].suppressed  # 3 of the 6 (or 4 with the outsider): < 5
    assert columns["satisfied"].suppressed  # 4 mentees: under 5, hidden
    from tremplin.mentoring.queries import feedback

    ids = [u.pk for u in mentees]
    assert feedback.mentees_with_a_goal_met(programme, ids) == 3
    assert feedback.mentees_satisfied(programme, ids) == 4  # not the mentors' own 5s
