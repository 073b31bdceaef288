"""The race for real, on PostgreSQL: two clients of one counsellor ask for the same free
time at the same instant, each in its own connection. Both pass their own case's lock and
meet at the counsellor's row lock; the second to get it sees the first's request and is
told the time was just taken. (SQLite serialises whole write transactions instead:
`transaction_mode` IMMEDIATE, see settings; its shared-cache test database cannot run two
writers in threads, so this test needs PostgreSQL: `scripts/with_services.sh`.)"""

from __future__ import annotations

import threading
from datetime import time

import pytest
from django.db import connection

from tests.factories import OrganizationFactory, UserFactory, make_case, make_member
from tremplin.appointments import queries, requesting
from tremplin.appointments.models import Appointment
from tremplin.appointments.services import AppointmentRefusal
from tremplin.availability.services import Slot, set_week
from tremplin.organizations.models import Role

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_clients_asking_for_one_time_at_once_get_it_once(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("two writers in threads need PostgreSQL (scripts/with_services.sh)")
    agency = OrganizationFactory(name="Agence Horizon", slug="agence-horizon")
    dave = make_member(agency, Role.COUNSELLOR, email="dave@example.org", name="Dave Côté")
    clients = [UserFactory(email=f"{n}@example.org", name=n.title()) for n in ("alice", "bob")]
    cases = [make_case(agency, dave, client) for client in clients]
    set_week(dave, [Slot(day, time(9), time(12)) for day in range(7)], "America/Toronto")
    moment = queries.free_times(cases[0], 60)[0]
    both_waiting = threading.Barrier(2, timeout=20)
    real_lock = requesting.lock_counsellor

    def lock_together(counsellor):
        both_waiting.wait()  # both requests are inside their transactions now
        real_lock(counsellor)

    monkeypatch.setattr(requesting, "lock_counsellor", lock_together)
    answers: list[str] = []

    def ask(client, case):
        try:
            requesting.request(client, case, starts_at=moment, duration=60, mode="phone")
            answers.append("sent")
        except AppointmentRefusal as refusal:
            answers.append(refusal.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=ask, args=pair) for pair in zip(clients, cases)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(answers) == ["overlap", "sent"]
    assert Appointment.objects.filter(starts_at=moment).count() == 1
