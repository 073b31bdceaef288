"""The posting actions: who may post, what a valid posting is, the review queue and its
notifications, the scam guard, signals, imports, reports, removal and expiry."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone

from tests.factories import UserFactory
from tests.jobs.conftest import posting_data
from tremplin.jobs import content, events, imported, permissions, services
from tremplin.jobs.hooks import JOB_REVIEW
from tremplin.jobs.models import Posting, PostingReport, PostingSource, PostingStatus
from tremplin.jobs.services import PostingError
from tremplin.notifications.models import Notification


def field_errors(excinfo) -> dict:
    return {k: [str(m) for m in v] for k, v in excinfo.value.message_dict.items()}


@pytest.fixture
def captured(monkeypatch):
    """Every posting event sent (to be dispatched once the change commits), in order."""
    seen: list[tuple[str, dict]] = []

    def recorder(name, event):
        send = event.send_on_commit

        def record(using=None, **payload):
            seen.append((name, payload))
            send(using=using, **payload)

        return record

    for name, event in (
        ("opened", events.posting_opened_on_commit),
        ("ended", events.posting_ended_on_commit),
        ("updated", events.posting_updated_on_commit),
    ):
        monkeypatch.setattr(event, "send_on_commit", recorder(name, event))
    return seen


# ------------------------------------------------------------------ who posts


def test_a_verified_employer_publishes_at_once(jobs, captured):
    posting = services.create_posting(jobs.victor, posting_data(), publish=True)
    assert posting.status == PostingStatus.OPEN
    assert posting.organization == jobs.verified
    assert posting.hiring_organization_name == "Boulangerie Soleil"
    assert posting.hiring_organization_url == "https://boulangerie.example.org"
    assert posting.date_posted is not None
    assert posting.salary_min_yearly == Decimal("46800.00")  # 22.50 × 2,080
    assert captured == [("opened", {"posting_id": posting.pk, "reopened": False})]


def test_agency_staff_publish_at_once_for_an_employer_off_tremplin(jobs):
    for author in (jobs.dave, jobs.greta):
        posting = services.create_posting(
            author, posting_data(hiring_organization_name="Transport Boréal"), publish=True
        )
        assert posting.status == PostingStatus.OPEN
        assert posting.agency == jobs.agency and posting.organization is None


def test_an_agency_posting_must_name_the_employer(jobs):
    with pytest.raises(PostingError) as excinfo:
        services.create_posting(jobs.dave, posting_data(), agency=jobs.agency)
    assert "hiring_organization_name" in field_errors(excinfo)


def test_an_unverified_employer_waits_in_review_and_agency_admins_are_told(
    jobs, django_capture_on_commit_callbacks, captured
):
    with django_capture_on_commit_callbacks(execute=True):
        posting = services.create_posting(jobs.ursula, posting_data(), publish=True)
    assert posting.status == PostingStatus.REVIEW
    assert captured == []
    waiting = Notification.objects.get(recipient=jobs.greta, kind=JOB_REVIEW)
    assert waiting.data["event"] == "waiting"
    assert waiting.target_id == posting.pk
    # Counsellors are not reviewers.
    assert not Notification.objects.filter(recipient=jobs.dave).exists()


@pytest.mark.parametrize("name", ["alice", "carol", "mallory", "frank"])
def test_people_who_are_not_employers_or_agency_staff_cannot_post(jobs, name):
    if name == "frank":
        # frank is staff, but of another agency: he cannot post for this one.
        with pytest.raises(PostingError) as excinfo:
            services.create_posting(jobs.frank, posting_data(), agency=jobs.agency)
    else:
        with pytest.raises(PostingError) as excinfo:
            services.create_posting(getattr(jobs, name), posting_data())
    assert excinfo.value.code == "forbidden"
    assert not Posting.objects.exists()


def test_a_recruiter_of_another_employer_cannot_post_for_it(jobs):
    with pytest.raises(PostingError):
        services.create_posting(jobs.ursula, posting_data(), organization=jobs.verified)


# ------------------------------------------------------------------ validation


def test_a_posting_needs_one_complete_language_version(jobs):
    with pytest.raises(PostingError) as excinfo:
        services.create_posting(jobs.victor, posting_data(title_fr="", description_fr=""))
    assert "__all__" in field_errors(excinfo)
    with pytest.raises(PostingError) as excinfo:
        services.create_posting(jobs.victor, posting_data(description_fr=""))
    assert "description_fr" in field_errors(excinfo)
    english_only = services.create_posting(
        jobs.victor,
        posting_data(title_fr="", description_fr="", title_en="Baker", description_en="Bread."),
    )
    assert english_only.languages == ["en"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"salary_min": "30", "salary_max": "20"}, "salary_max"),
        ({"salary_min": "-5", "salary_max": None}, "salary_min"),
        ({"salary_min": "0"}, "salary_min"),
        ({"salary_min": None, "salary_max": "20"}, "salary_min"),
        ({"salary_min": "beaucoup"}, "salary_min"),
        ({"valid_through": timezone.now() - dt.timedelta(days=1)}, "valid_through"),
        ({"valid_through": timezone.now() + dt.timedelta(days=400)}, "valid_through"),
        ({"valid_through": None}, "valid_through"),
        ({"valid_through": "pas une date"}, "valid_through"),
        ({"apply_method": "url", "apply_url": ""}, "apply_url"),
        ({"apply_method": "url", "apply_url": "javascript:alert(1)"}, "apply_url"),
        ({"apply_method": "email", "apply_email": ""}, "apply_email"),
        ({"apply_method": "email", "apply_email": "pas-un-courriel"}, "apply_email"),
        ({"region": ""}, "region"),
        ({"region": "XX"}, "region"),
        ({"employment_type": "SOMETIMES"}, "employment_type"),
        ({"audience": "agency"}, "audience"),
        ({"title_fr": "x" * 201}, "title_fr"),
        ({"salary_currency": "DOLLARS"}, "salary_currency"),
    ],
)
def test_bad_content_is_refused_field_by_field(jobs, overrides, field):
    with pytest.raises(PostingError) as excinfo:
        services.create_posting(jobs.victor, posting_data(**overrides), publish=True)
    assert field in field_errors(excinfo)
    assert not Posting.objects.exists()


def test_unknown_fields_are_refused(jobs):
    with pytest.raises(PostingError):
        services.create_posting(jobs.victor, posting_data(status="open"))


def test_a_remote_job_needs_no_region_and_a_date_means_the_end_of_that_day(jobs):
    day = (timezone.localtime() + dt.timedelta(days=10)).date()
    posting = services.create_posting(
        jobs.victor,
        posting_data(
            workplace="remote",
            region="",
            applicant_location="Canada",
            valid_through=day,
            apply_method="email",
            apply_email="Emplois@Boulangerie.example.org",
            salary_min="52000",
            salary_max=None,
            salary_unit="YEAR",
        ),
    )
    assert timezone.localtime(posting.valid_through).date() == day
    assert timezone.localtime(posting.valid_through).hour == 23
    assert posting.apply_email == "emplois@boulangerie.example.org"
    assert posting.salary_min_yearly == Decimal("52000.00")


@pytest.mark.parametrize(
    ("unit", "yearly"),
    [("HOUR", "41600.00"), ("DAY", "5200.00"), ("WEEK", "1040.00"), ("MONTH", "240.00")],
)
def test_the_yearly_salary_follows_the_unit(unit, yearly):
    assert content.yearly(Decimal("20"), unit) == Decimal(yearly)


# ------------------------------------------------------------------ scam guard


def test_a_posting_that_asks_for_a_sin_is_held_with_its_reasons(
    jobs, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        posting = services.create_posting(
            jobs.victor,
            posting_data(description_fr="Envoyez votre NAS et un chèque annulé."),
            publish=True,
        )
    assert posting.status == PostingStatus.REVIEW
    assert posting.hold_reasons == ["sin", "bank"]
    held = Notification.objects.get(recipient=jobs.victor, kind=JOB_REVIEW)
    assert held.data["event"] == "held" and held.data["reasons"] == ["sin", "bank"]
    assert Notification.objects.filter(recipient=jobs.greta, data__event="waiting").exists()


def test_an_english_scam_is_held_too(jobs):
    posting = services.create_posting(
        jobs.dave,
        posting_data(
            title_fr="",
            description_fr="",
            title_en="Data entry",
            description_en="Pay the registration fee by gift card, then send a copy of your ID.",
            hiring_organization_name="Quick Cash Ltd",
        ),
        agency=jobs.agency,
        publish=True,
    )
    assert posting.status == PostingStatus.REVIEW
    assert posting.hold_reasons == ["payment", "id_documents"]


def test_an_edit_that_adds_a_scam_sends_an_open_posting_back_to_review(jobs, captured):
    posting = services.create_posting(jobs.victor, posting_data(), publish=True)
    captured.clear()
    posting = services.update_posting(
        jobs.victor, posting, {"description_fr": "Des frais d'inscription de 40 $."}
    )
    assert posting.status == PostingStatus.REVIEW
    assert posting.hold_reasons == ["payment"]
    assert captured == []  # not an update of an open posting: it left the list


def test_a_trusted_author_who_fixes_the_text_opens_the_held_posting(jobs):
    posting = services.create_posting(
        jobs.victor, posting_data(description_fr="Envoyez votre NAS."), publish=True
    )
    assert posting.status == PostingStatus.REVIEW
    posting = services.update_posting(
        jobs.victor, posting, {"description_fr": "Pain au levain, de nuit."}
    )
    assert posting.status == PostingStatus.OPEN and posting.hold_reasons == []


# ------------------------------------------------------------------ review


def test_an_agency_admin_approves_and_the_author_is_told(
    jobs, django_capture_on_commit_callbacks, captured
):
    posting = services.create_posting(jobs.ursula, posting_data(), publish=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.approve(jobs.greta, posting, "Vérifié par téléphone.")
    posting.refresh_from_db()
    assert posting.status == PostingStatus.OPEN
    assert posting.reviewed_by == jobs.greta and posting.reviewed_at is not None
    assert captured == [("opened", {"posting_id": posting.pk, "reopened": False})]
    told = Notification.objects.get(recipient=jobs.ursula, kind=JOB_REVIEW)
    assert told.data["event"] == "approved"


def test_a_refusal_needs_a_note_and_tells_the_author(jobs):
    posting = services.create_posting(jobs.ursula, posting_data(), publish=True)
    with pytest.raises(PostingError):
        services.reject(jobs.greta, posting, "   ")
    services.reject(jobs.greta, posting, "Ajoutez le salaire réel.")
    posting.refresh_from_db()
    assert posting.status == PostingStatus.REJECTED
    assert posting.review_note == "Ajoutez le salaire réel."
    told = Notification.objects.get(recipient=jobs.ursula, kind=JOB_REVIEW)
    assert told.data == {
        "event": "rejected",
        "title": posting.title,
        "note": "Ajoutez le salaire réel.",
    }
    # Edited and published again: back to the queue.
    services.update_posting(jobs.ursula, posting, {"salary_min": "25", "salary_max": "25"})
    services.publish(jobs.ursula, posting)
    assert Posting.objects.get(pk=posting.pk).status == PostingStatus.REVIEW


@pytest.mark.parametrize("name", ["dave", "frank", "victor", "mallory", "alice"])
def test_only_agency_admins_review(jobs, name):
    posting = services.create_posting(jobs.ursula, posting_data(), publish=True)
    with pytest.raises(PermissionDenied):
        services.approve(getattr(jobs, name), posting)
    with pytest.raises(PermissionDenied):
        services.reject(getattr(jobs, name), posting, "Non")
    assert Posting.objects.get(pk=posting.pk).status == PostingStatus.REVIEW


def test_an_admin_does_not_approve_their_own_held_posting(jobs):
    posting = services.create_posting(
        jobs.greta,
        posting_data(hiring_organization_name="X", description_fr="Envoyez votre NAS."),
        publish=True,
    )
    with pytest.raises(PostingError) as excinfo:
        services.approve(jobs.greta, posting)
    assert excinfo.value.code == "forbidden"


def test_an_open_posting_cannot_be_approved(jobs):
    posting = services.create_posting(jobs.victor, posting_data(), publish=True)
    with pytest.raises(PostingError) as excinfo:
        services.approve(jobs.greta, posting)
    assert excinfo.value.code == "transition"


# ------------------------------------------------------------------ edits and signals


def test_editing_an_open_posting_sends_posting_updated_on_commit(jobs, captured):
    posting = services.create_posting(jobs.victor, posting_data(), publish=True)
    captured.clear()
    services.update_posting(jobs.victor, posting, {"title_en": "Baker", "description_en": "Bread"})
    assert captured == [("updated", {"posting_id": posting.pk})]
    # The same values again: nothing changed, nothing sent.
    captured.clear()
    services.update_posting(jobs.victor, posting, {"title_en": "Baker"})
    assert captured == []


def test_each_event_sent_is_recorded_on_the_posting_for_the_sweeps(jobs, captured):
    posting = services.create_posting(jobs.victor, posting_data(), publish=True)
    posting.refresh_from_db()
    assert posting.last_event == "opened" and posting.last_event_at is not None
    services.update_posting(jobs.victor, posting, {"title_en": "Baker", "description_en": "Bread"})
    posting.refresh_from_db()
    assert posting.last_event == "updated"
    services.close(jobs.victor, posting)
    posting.refresh_from_db()
    ended_at = posting.last_event_at
    assert posting.last_event == "ended" and ended_at is not None
    captured.clear()
    services.transition(posting, PostingStatus.REMOVED)  # not an open posting's end
    posting.refresh_from_db()
    assert captured == [] and (posting.last_event, posting.last_event_at) == ("ended", ended_at)


def test_editing_a_draft_sends_nothing(jobs, captured):
    posting = services.create_posting(jobs.victor, posting_data())
    services.update_posting(jobs.victor, posting, {"title_fr": "Pâtissier"})
    assert captured == []


@pytest.mark.parametrize("name", ["alice", "carol", "ursula", "dave", "greta", "mallory"])
def test_only_its_managers_edit_a_posting(jobs, name):
    posting = services.create_posting(jobs.victor, posting_data(), publish=True)
    with pytest.raises(PermissionDenied):
        services.update_posting(getattr(jobs, name), posting, {"title_fr": "Piraté"})
    with pytest.raises(PermissionDenied):
        services.close(getattr(jobs, name), posting)


def test_a_colleague_of_the_same_employer_manages_it(jobs):
    from tests.factories import make_member
    from tremplin.organizations.models import Role

    colleague = make_member(jobs.verified, Role.RECRUITER, email="rita@example.org")
    posting = services.create_posting(jobs.victor, posting_data(), publish=True)
    services.close(colleague, posting)
    assert posting.status == PostingStatus.CLOSED


def test_close_and_reopen(jobs, captured):
    posting = services.create_posting(jobs.victor, posting_data(), publish=True)
    services.close(jobs.victor, posting)
    assert ("ended", {"posting_id": posting.pk, "status": "closed"}) in captured
    services.reopen(jobs.victor, posting)
    assert posting.status == PostingStatus.OPEN
    assert captured[-1] == ("opened", {"posting_id": posting.pk, "reopened": True})


def test_an_unverified_employer_reopening_goes_through_review(jobs):
    posting = services.create_posting(jobs.ursula, posting_data(), publish=True)
    services.approve(jobs.greta, posting)
    services.close(jobs.ursula, posting)
    services.reopen(jobs.ursula, posting)
    assert Posting.objects.get(pk=posting.pk).status == PostingStatus.REVIEW


# ------------------------------------------------------------------ expiry


def test_expire_due_expires_open_postings_past_their_date_once(jobs, captured):
    late = services.create_posting(jobs.victor, posting_data(title_fr="En retard"), publish=True)
    fresh = services.create_posting(jobs.victor, posting_data(title_fr="Récente"), publish=True)
    Posting.objects.filter(pk=late.pk).update(valid_through=timezone.now() - dt.timedelta(hours=1))
    captured.clear()
    assert services.expire_due() == 1
    assert services.expire_due() == 0  # idempotent
    late.refresh_from_db()
    assert late.status == PostingStatus.EXPIRED and late.closed_at is not None
    assert Posting.objects.get(pk=fresh.pk).status == PostingStatus.OPEN
    assert captured == [("ended", {"posting_id": late.pk, "status": "expired"})]
    # An expired posting needs a new date to reopen.
    with pytest.raises(PostingError):
        services.reopen(jobs.victor, late)
    services.reopen(jobs.victor, late, (timezone.localtime() + dt.timedelta(days=5)).date())
    assert Posting.objects.get(pk=late.pk).status == PostingStatus.OPEN


def test_expire_due_works_in_batches(jobs):
    for n in range(5):
        services.create_posting(jobs.victor, posting_data(title_fr=f"Poste {n}"), publish=True)
    Posting.objects.update(valid_through=timezone.now() - dt.timedelta(minutes=1))
    assert services.expire_due(batch=2) == 5
    assert not Posting.objects.open().exists()


# ------------------------------------------------------------------ imports


def import_item(**overrides) -> dict:
    item = {
        "title_fr": "Commis d'entrepôt",
        "description_fr": "Réception et expédition.",
        "hiring_organization_name": "Entrepôts du Nord",
        "region": "ON",
        "city": "Sudbury",
        "identifier": "EN-42",
        "source_url": "https://entrepots.example.org/postes/42",
    }
    item.update(overrides)
    return item


def test_import_upsert_creates_updates_and_leaves_unchanged_items_alone(jobs, captured):
    posting = imported.import_upsert(jobs.agency, import_item(), existing=None)
    assert posting.upsert_result == "created"
    assert posting.status == PostingStatus.OPEN
    assert posting.source == PostingSource.IMPORTED and posting.agency == jobs.agency
    assert posting.apply_url == "https://entrepots.example.org/postes/42"  # the source page
    assert posting.valid_through is None  # the item gave none: none is invented
    assert captured == [("opened", {"posting_id": posting.pk, "reopened": False})]

    captured.clear()
    again = imported.import_upsert(jobs.agency, import_item(), existing=posting)
    assert again.upsert_result == "unchanged" and captured == []

    changed = imported.import_upsert(
        jobs.agency,
        import_item(description_fr="Réception, expédition, inventaire."),
        existing=posting,
    )
    assert changed.upsert_result == "updated"
    assert captured == [("updated", {"posting_id": posting.pk})]


def test_import_upsert_keeps_empty_what_the_source_does_not_give(jobs):
    """No employer, province, employment type, salary currency or period is filled in
    for an import (a person posting gets them asked)."""
    posting = imported.import_upsert(
        jobs.agency,
        import_item(
            hiring_organization_name="",
            region="",
            city="Lisboa",
            country="PT",
            employment_type="",
            salary_min="1500",
            salary_unit="",
            salary_currency="",
        ),
        existing=None,
    )
    assert posting.status == PostingStatus.OPEN
    assert (posting.hiring_organization_name, posting.region, posting.country) == ("", "", "PT")
    assert (posting.employment_type, posting.salary_unit, posting.salary_currency) == ("", "", "")
    assert posting.salary_min_yearly is None  # no period: no yearly equivalent


def test_import_upsert_caps_far_dates_and_holds_scams(jobs):
    far = imported.import_upsert(
        jobs.agency,
        import_item(valid_through=(timezone.now() + dt.timedelta(days=900)).isoformat()),
        existing=None,
    )
    assert far.valid_through <= timezone.now() + content.MAX_VALIDITY
    scam = imported.import_upsert(
        jobs.agency,
        import_item(identifier="X", description_fr="Frais d'inscription de 99 $."),
        existing=None,
    )
    assert scam.upsert_result == "held" and scam.status == PostingStatus.REVIEW
    assert scam.hold_reasons == ["payment"]


def test_import_upsert_refuses_bad_new_items_and_reopens_withdrawn_ones(jobs):
    with pytest.raises(DjangoValidationError):
        imported.import_upsert(
            jobs.agency, import_item(title_fr="", description_fr=""), existing=None
        )
    posting = imported.import_upsert(jobs.agency, import_item(), existing=None)
    services.transition(posting, PostingStatus.CLOSED)
    back = imported.import_upsert(
        jobs.agency, import_item(title_fr="Commis d'entrepôt (jour)"), existing=posting
    )
    assert back.upsert_result == "reopened" and back.status == PostingStatus.OPEN
    with pytest.raises(PostingError):
        imported.import_upsert(jobs.other_agency, import_item(title_fr="Autre"), existing=back)


# ------------------------------------------------------------------ reports and removal


def test_anyone_may_report_a_few_times_an_hour(jobs):
    posting = services.create_posting(jobs.victor, posting_data(), publish=True)
    first = services.report(jobs.carol, posting, "scam", "Demande de l'argent")
    assert services.report(jobs.carol, posting, "scam") == first  # once per member
    for _n in range(services.REPORTS_PER_HOUR):
        services.report(None, posting, "misleading", ip="203.0.113.9")
    with pytest.raises(PostingError) as excinfo:
        services.report(None, posting, "misleading", ip="203.0.113.9")
    assert excinfo.value.code == "rate_limited"
    services.report(None, posting, "misleading", ip="203.0.113.10")  # another address
    with pytest.raises(PostingError):
        services.report(jobs.carol, posting, "not-a-reason")


def test_moderators_and_agency_admins_remove_reported_postings(jobs, captured):
    posting = services.create_posting(jobs.victor, posting_data(), publish=True)
    for name in ("mallory", "greta", "carol", "dave", "victor"):
        assert not permissions.can_remove(getattr(jobs, name), posting)
    services.report(UserFactory(), posting, "scam")
    assert permissions.can_remove(jobs.mallory, posting)
    assert permissions.can_remove(jobs.greta, posting)
    assert not permissions.can_remove(jobs.dave, posting)
    with pytest.raises(PermissionDenied):
        services.remove(jobs.carol, posting)
    captured.clear()
    services.remove(jobs.mallory, posting, "Arnaque confirmée")
    assert posting.status == PostingStatus.REMOVED
    assert captured == [("ended", {"posting_id": posting.pk, "status": "removed"})]
    assert not PostingReport.objects.filter(resolved_at__isnull=True).exists()
    with pytest.raises(PostingError):
        services.update_posting(jobs.victor, posting, {"title_fr": "De retour"})


def test_the_author_of_a_removed_posting_is_told_why_but_not_by_whom(jobs):
    from tremplin.notifications.models import Notification
    from tremplin.notifications.rendering import text_of

    posting = services.create_posting(jobs.victor, posting_data(), publish=True)
    services.report(UserFactory(), posting, "scam")
    services.remove(jobs.mallory, posting, "Arnaque confirmée")
    told = Notification.objects.get(recipient=jobs.victor, kind=JOB_REVIEW)
    assert told.actor is None and told.target_id == posting.pk
    assert told.data["event"] == "removed" and told.data["note"] == "Arnaque confirmée"
    assert text_of(told) == "Votre offre d’emploi a été retirée par l’équipe de modération."
    assert not Notification.objects.filter(recipient=jobs.mallory).exists()


def test_dismissing_reports_keeps_the_posting(jobs):
    posting = services.create_posting(jobs.victor, posting_data(), publish=True)
    services.report(jobs.carol, posting, "other")
    assert services.dismiss_reports(jobs.mallory, posting) == 1
    assert not permissions.can_remove(jobs.mallory, posting)
    assert Posting.objects.get(pk=posting.pk).status == PostingStatus.OPEN
