"""The rules of forwarding and of the tracker, through services.py."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone, translation

from tests.applications.conftest import NOTE, make_posting
from tests.factories import OrganizationFactory, UserFactory, make_case
from tremplin.applications import queries, services
from tremplin.applications.hooks import JOB_ANSWER
from tremplin.applications.inputs import ApplicationsRefusal
from tremplin.applications.models import (
    TRANSITIONS,
    Application,
    ApplicationEvent,
    Forward,
    Response,
)
from tremplin.counselling import services as counselling
from tremplin.counselling.models import Case
from tremplin.jobs import services as jobs
from tremplin.notifications.models import Notification
from tremplin.notifications.services import set_preferences

pytestmark = pytest.mark.django_db


def refused(code: str, call, *args, **kwargs) -> ApplicationsRefusal:
    with pytest.raises(ApplicationsRefusal) as caught:
        call(*args, **kwargs)
    assert caught.value.code == code, caught.value.messages
    return caught.value


# ------------------------------------------------------------------ forwarding


def test_a_forward_writes_one_row_and_one_notification_per_client(
    crew, henri, posting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        made = services.forward_posting(crew.dave, posting, [crew.alice, henri], NOTE)
    assert {f.client for f in made} == {crew.alice, henri}
    assert all(f.case.counsellor == crew.dave and f.note == NOTE for f in made)
    assert all(f.delivered_at is not None for f in made)
    forward_type = ContentType.objects.get_for_model(Forward)
    for forward in made:
        notification = Notification.objects.get(recipient=forward.client)
        assert notification.kind == "job_forwarded"
        assert notification.actor == crew.dave
        assert (notification.target_type, notification.target_id) == (forward_type, forward.pk)
        assert notification.data["note"] == NOTE and notification.data["excerpt"] == NOTE
    assert not Notification.objects.filter(recipient=crew.dave).exists()


def test_a_client_who_turned_forwards_off_still_gets_the_row_but_not_a_notification(crew, posting):
    set_preferences(crew.alice, {"job_forwarded": "off"})
    [forward] = services.forward_posting(crew.dave, posting, [crew.alice], "")
    assert forward.delivered_at is None
    assert not Notification.objects.filter(recipient=crew.alice).exists()


def test_forwarding_to_someone_who_is_not_a_client_refuses_everything(crew, posting):
    with translation.override("en"):
        error = refused(
            "not_client", services.forward_posting, crew.dave, posting, [crew.alice, crew.carol]
        )
        assert "active cases" in " ".join(error.messages)
    assert not Forward.objects.exists() and not Notification.objects.exists()


@pytest.mark.parametrize("name", ["erin", "frank", "greta", "bob"])
def test_only_alices_counsellor_may_forward_to_her(crew, posting, name):
    refused("not_client", services.forward_posting, getattr(crew, name), posting, [crew.alice])
    assert not Forward.objects.exists()


def test_a_paused_case_does_not_receive_forwards(crew, posting):
    counselling.pause(crew.alice, crew.case)
    refused("not_client", services.forward_posting, crew.dave, posting, [crew.alice])


@pytest.mark.parametrize(
    "fields",
    [
        {"status": "closed"},
        {"status": "draft"},
        {"valid_through": timezone.now() - datetime.timedelta(hours=1)},
    ],
)
def test_a_posting_that_is_not_open_cannot_be_forwarded(crew, fields):
    posting = make_posting(crew.agency, posted_by=crew.dave, **fields)
    refused("not_open", services.forward_posting, crew.dave, posting, [crew.alice])
    assert not Forward.objects.exists()


def test_a_posting_the_counsellor_cannot_see_is_not_found(crew):
    other = OrganizationFactory(name="Ailleurs", slug="ailleurs")
    hidden = make_posting(other, audience="agency")
    refused("not_found", services.forward_posting, crew.dave, hidden, [crew.alice])


def test_a_posting_whose_audience_leaves_the_client_out_is_refused_by_name(crew):
    # An agency-only posting of a second agency where dave also works: alice is not a
    # client there, so she may not see it.
    second = OrganizationFactory(name="Deuxième agence", slug="deuxieme")
    from tremplin.organizations.models import Membership

    Membership.objects.create(organization=second, user=crew.dave, role="counsellor")
    posting = make_posting(second, audience="agency")
    error = refused("not_visible", services.forward_posting, crew.dave, posting, [crew.alice])
    assert "Alice Martin" in " ".join(error.messages)


def test_forwarding_the_same_posting_again_to_a_client_is_refused_clearly(crew, henri, posting):
    services.forward_posting(crew.dave, posting, [crew.alice], "first")
    error = refused(
        "already", services.forward_posting, crew.dave, posting, [crew.alice, henri], "again"
    )
    assert "Alice Martin" in " ".join(error.messages)
    assert Forward.objects.get().note == "first"
    assert not Forward.objects.filter(client=henri).exists()


def test_bad_input_is_refused(crew, posting):
    refused("invalid", services.forward_posting, crew.dave, posting, [])
    refused("invalid", services.forward_posting, crew.dave, posting, [crew.alice], "x" * 1001)


# ------------------------------------------------------------------ the client's side


def test_the_first_opening_counts_and_only_the_client_opens(crew, forwarded):
    forward = forwarded.alice
    assert not services.mark_opened(crew.dave, forward)
    assert services.mark_opened(crew.alice, forward)
    first = Forward.objects.get(pk=forward.pk).opened_at
    assert first is not None
    assert not services.mark_opened(crew.alice, forward)
    assert Forward.objects.get(pk=forward.pk).opened_at == first
    assert services.mark_opened(crew.henri, forwarded.henri)
    assert not services.mark_opened(crew.bob, forwarded.henri)


def test_not_for_me_needs_a_reason(crew, forwarded):
    forward = forwarded.alice
    refused("invalid", services.respond, crew.alice, forward, "not_for_me")
    refused("invalid", services.respond, crew.alice, forward, "maybe")
    done = services.respond(crew.alice, forward, "not_for_me", "location", "Trop loin en bus.")
    assert (done.response, done.response_reason, done.response_text) == (
        "not_for_me",
        "location",
        "Trop loin en bus.",
    )
    assert done.responded_at is not None and done.opened_at is not None
    again = services.respond(crew.alice, forward, "interested", "location")
    assert (again.response, again.response_reason) == ("interested", "")


@pytest.mark.parametrize("name,code", [("dave", "forbidden"), ("erin", "not_found")])
def test_only_the_client_answers(crew, forwarded, name, code):
    refused(code, services.respond, getattr(crew, name), forwarded.alice, "interested")


def test_i_applied_links_an_application_to_the_forward(crew, forwarded):
    application = services.apply_from_forward(crew.alice, forwarded.alice, note="Envoyé")
    assert (application.forward, application.posting, application.status) == (
        forwarded.alice,
        forwarded.posting,
        "applied",
    )
    assert application.title == "Cariste" and application.employer == "Transport Boréal"
    assert list(application.events.values_list("status", "note")) == [("applied", "Envoyé")]
    refused("already", services.apply_from_forward, crew.alice, forwarded.alice)


def test_saving_a_posting_then_applying_moves_the_same_application(crew, forwarded):
    saved = services.track_posting(crew.alice, forwarded.posting, "saved")
    assert saved.forward == forwarded.alice  # found by the posting
    applied = services.track_posting(crew.alice, forwarded.posting, "applied")
    assert applied.pk == saved.pk and applied.status == "applied"
    assert list(applied.events.values_list("status", flat=True)) == ["saved", "applied"]
    refused("already", services.track_posting, crew.alice, forwarded.posting, "saved")


def test_a_posting_the_member_cannot_see_cannot_be_tracked(crew):
    other = OrganizationFactory(name="Ailleurs", slug="ailleurs")
    hidden = make_posting(other, audience="agency")
    refused("not_found", services.track_posting, crew.carol, hidden, "saved")


# ------------------------------------------------------------------ the counsellor's table


def test_the_status_table_tells_each_step(crew, forwarded):
    services.mark_opened(crew.alice, forwarded.alice)
    services.respond(crew.alice, forwarded.alice, "interested")
    application = services.apply_from_forward(crew.alice, forwarded.alice)
    services.change_status(crew.alice, application, "interview")
    services.respond(crew.henri, forwarded.henri, "not_for_me", "conditions")
    rows = {r.forward.client: r for r in queries.status_rows(crew.dave, forwarded.posting)}
    alice, henri = rows[crew.alice], rows[crew.henri]
    assert alice.delivered and alice.forward.opened_at is not None
    assert alice.forward.response == Response.INTERESTED
    with translation.override("en"):
        assert alice.applied is True and alice.outcome == "Interview"
    assert henri.forward.response_reason == "conditions"
    assert henri.applied is False and henri.outcome == ""
    for name in ("erin", "frank", "greta", "alice", "bob"):
        assert queries.status_rows(getattr(crew, name), forwarded.posting) == []


def test_without_the_applications_scope_the_counsellor_keeps_forwards_but_not_applications(
    crew, forwarded
):
    application = services.apply_from_forward(crew.alice, forwarded.alice)
    counselling.change_scopes(crew.alice, crew.case, ["profile", "documents", "messages"])
    [alice] = [
        r
        for r in queries.status_rows(crew.dave, forwarded.posting)
        if r.forward.client == crew.alice
    ]
    assert alice.delivered and alice.applied is None and alice.outcome == ""
    assert Forward.objects.visible_to(crew.dave).filter(pk=forwarded.alice.pk).exists()
    assert not Application.objects.visible_to(crew.dave).filter(pk=application.pk).exists()


def test_a_reassigned_case_takes_its_forwards_to_the_new_counsellor(crew, forwarded):
    counselling.reassign(crew.greta, crew.case, crew.erin)
    assert Forward.objects.visible_to(crew.erin).filter(pk=forwarded.alice.pk).exists()
    assert not Forward.objects.visible_to(crew.dave).filter(pk=forwarded.alice.pk).exists()
    # dave still sees henri's, whose case stayed with him
    assert Forward.objects.visible_to(crew.dave).filter(pk=forwarded.henri.pk).exists()


@pytest.mark.parametrize(
    "name,sees",
    [
        ("alice", True),
        ("dave", True),
        ("erin", False),
        ("frank", False),
        ("greta", False),
        ("bob", False),
        ("carol", False),
        ("mallory", False),
        ("sam", False),
    ],
)
def test_who_sees_a_forward_and_an_application(crew, forwarded, name, sees):
    application = services.apply_from_forward(crew.alice, forwarded.alice)
    viewer = getattr(crew, name)
    assert forwarded.alice.is_visible_to(viewer) is sees
    assert application.is_visible_to(viewer) is sees
    assert ApplicationEvent.objects.visible_to(viewer).exists() is sees
    assert not Forward.objects.visible_to(None).exists()


def test_a_paused_case_hides_the_applications_from_the_counsellor(crew, forwarded):
    application = services.apply_from_forward(crew.alice, forwarded.alice)
    counselling.pause(crew.alice, crew.case)
    assert not application.is_visible_to(crew.dave)
    assert forwarded.alice.is_visible_to(crew.dave)  # a party of the case, read-only


# ------------------------------------------------------------------ the posting ends


def test_when_a_forwarded_posting_ends_the_clients_who_still_care_are_told(
    crew, forwarded, django_capture_on_commit_callbacks
):
    services.respond(crew.henri, forwarded.henri, "not_for_me", "skills")
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        jobs.transition(forwarded.posting, "closed", by=crew.dave)
    told = Notification.objects.get()
    assert told.recipient == crew.alice and told.kind == "job_forwarded"
    assert told.data["event"] == "ended" and told.actor == crew.dave
    assert told.target == forwarded.alice
    assert Forward.objects.get(pk=forwarded.alice.pk).ended_notified_at is not None
    assert Forward.objects.get(pk=forwarded.henri.pk).ended_notified_at is None


def test_a_client_whose_application_ended_is_not_told(
    crew, forwarded, django_capture_on_commit_callbacks
):
    application = services.apply_from_forward(crew.alice, forwarded.alice)
    services.change_status(crew.alice, application, "withdrawn")
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        jobs.transition(forwarded.posting, "expired")
    assert list(Notification.objects.values_list("recipient", flat=True)) == [crew.henri.pk]


def test_the_ended_notifications_roll_back_with_the_posting(crew, forwarded):
    from django.db import transaction

    Notification.objects.all().delete()
    with pytest.raises(RuntimeError), transaction.atomic():
        jobs.transition(forwarded.posting, "closed")
        raise RuntimeError("the close fails after the signal")
    assert not Notification.objects.exists()
    assert not Forward.objects.filter(ended_notified_at__isnull=False).exists()


# ------------------------------------------------------------------ applications


def test_the_lifecycle_is_declared_and_enforced(crew):
    application = services.add_external(
        crew.alice, title="Commis", employer="Épicerie", status="applied"
    )
    services.change_status(crew.alice, application, "interview", note="Premier tour")
    services.change_status(crew.alice, application, "interview", note="Deuxième tour")
    refused("transition", services.change_status, crew.alice, application, "saved")
    services.change_status(crew.alice, application, "offer")
    services.change_status(crew.alice, application, "hired")
    refused("transition", services.change_status, crew.alice, application, "rejected")
    assert list(application.events.values_list("status", flat=True)) == [
        "applied",
        "interview",
        "interview",
        "offer",
        "hired",
    ]
    assert TRANSITIONS.is_final(application.status)
    assert TRANSITIONS.targets(application.status) == []


def test_only_the_client_changes_an_application(crew):
    application = services.add_external(crew.alice, title="Commis")
    refused("forbidden", services.change_status, crew.dave, application, "applied")
    refused("forbidden", services.edit_application, crew.dave, application, notes="x")
    refused("forbidden", services.delete_application, crew.dave, application)
    refused("not_found", services.change_status, crew.erin, application, "applied")
    refused("not_found", services.delete_application, crew.carol, application)


def test_external_jobs_check_their_input(crew):
    refused("invalid", services.add_external, crew.alice, title="  ")
    refused("invalid", services.add_external, crew.alice, title="A", url="javascript:alert(1)")
    refused("invalid", services.add_external, crew.alice, title="A", status="dreaming")
    refused(
        "invalid", services.add_external, crew.alice, title="A", when=datetime.date(1999, 12, 31)
    )
    refused("invalid", services.add_external, crew.alice, title="A", when=datetime.date(2101, 1, 1))
    made = services.add_external(
        crew.alice, title="Commis", url="https://example.org/emploi", status="interview"
    )
    assert made.status == "interview" and made.url == "https://example.org/emploi"
    edited = services.edit_application(crew.alice, made, notes="Rappeler lundi", title="Commis")
    assert edited.notes == "Rappeler lundi"
    refused("invalid", services.edit_application, crew.alice, made, title="")


def test_a_counsellor_sees_applications_only_of_clients_granting_the_scope(crew):
    other_client = UserFactory(email="ines@example.org", name="Inès")
    make_case(crew.agency, crew.dave, other_client, shares_applications=False)
    mine = services.add_external(other_client, title="Soudeur")
    alices = services.add_external(crew.alice, title="Commis")
    seen = set(Application.objects.visible_to(crew.dave))
    assert alices in seen and mine not in seen


def test_annotate_caseload_counts_forwards_awaiting_an_answer(crew, forwarded):
    services.respond(crew.henri, forwarded.henri, "interested")
    cases = {
        c.client_id: c
        for c in services.annotate_caseload(Case.objects.filter(counsellor=crew.dave))
    }
    assert cases[crew.alice.pk].forwards_awaiting == 1
    assert cases[crew.henri.pk].forwards_awaiting == 0
    assert cases[crew.henri.pk].forwards_unopened == 0
    assert cases[crew.alice.pk].forwards_unopened == 1


def _answers_to(user) -> list[dict]:
    return list(
        Notification.objects.filter(recipient=user, kind=JOB_ANSWER).values(
            "actor", "target_id", "data", "count"
        )
    )


def test_the_counsellor_hears_of_each_answer_in_one_merged_notification(crew, forwarded):
    from tremplin.notifications.rendering import text_of

    services.respond(crew.alice, forwarded.alice, "interested")
    [told] = _answers_to(crew.dave)
    assert (told["actor"], told["target_id"], told["data"]) == (
        crew.alice.pk,
        forwarded.posting.pk,
        {"event": "interested"},
    )
    services.apply_from_forward(crew.alice, forwarded.alice)
    [told] = _answers_to(crew.dave)  # the same forward: merged
    assert told["data"] == {"event": "applied"} and told["count"] == 2
    row = Notification.objects.get(recipient=crew.dave, kind="job_answer")
    with translation.override("fr"):
        assert "a postulé" in text_of(row)
    with translation.override("en"):
        assert "applied to a job posting you sent" in text_of(row)
    services.respond(crew.henri, forwarded.henri, "not_for_me", "location")
    assert len(_answers_to(crew.dave)) == 2  # another client: another notification
    for name in ("erin", "frank", "greta", "bob", "carol"):
        assert _answers_to(getattr(crew, name)) == [], name


def test_applied_is_not_told_without_the_applications_scope(crew, forwarded):
    counselling.change_scopes(crew.alice, crew.case, ["profile", "documents", "messages"])
    services.apply_from_forward(crew.alice, forwarded.alice)
    assert _answers_to(crew.dave) == []
    services.respond(crew.alice, forwarded.alice, "interested")  # answers stay visible
    assert [n["data"] for n in _answers_to(crew.dave)] == [{"event": "interested"}]


def test_an_ending_whose_event_was_lost_is_told_by_the_sweep(crew, forwarded):
    from datetime import timedelta

    from tremplin.applications.endings import tell_lost_endings

    services.respond(crew.henri, forwarded.henri, "not_for_me", "skills")
    Notification.objects.all().delete()
    jobs.transition(forwarded.posting, "closed")  # committed; the handler never ran
    assert not Notification.objects.exists()
    assert tell_lost_endings(lost_after=timedelta(0)) == 1
    told = Notification.objects.get()
    assert told.recipient == crew.alice and told.data["event"] == "ended"
    assert tell_lost_endings(lost_after=timedelta(0)) == 0  # once per ending


def test_removing_a_closed_posting_tells_nobody_again(
    crew, forwarded, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from tremplin.applications.endings import tell_lost_endings, tell_posting_ended

    with django_capture_on_commit_callbacks(execute=True):
        jobs.transition(forwarded.posting, "closed")
    told = Notification.objects.filter(data__event="ended").count()
    assert told == 2  # alice and henri
    assert tell_posting_ended(forwarded.posting.pk) == 0  # the handler again: nobody
    jobs.transition(forwarded.posting, "removed")  # not an open posting's end: no event
    assert tell_lost_endings(lost_after=timedelta(0)) == 0
    assert Notification.objects.filter(data__event="ended").count() == told
