"""The kinds the apps declare from their own hooks.py: all of them, once each, each with
its label, its sentences and a default delivery (notifications.kinds)."""

from django.utils import translation

from tremplin.notifications import kinds

EVERY_KIND = {
    "connection_request": "network",
    "connection_accepted": "network",
    "mention": "feed",
    "comment": "feed",
    "reply": "feed",
    "reaction": "feed",
    "reshare": "feed",
    "endorsement": "profiles",
    "recommendation": "profiles",
    "message": "messaging",
    "case_invitation": "counselling",
    "case_update": "counselling",
    "document_shared": "vault",
    "document_comment": "vault",
    "plan_update": "plans",
    "appointment": "appointments",
    "follow_up_due": "casework",
    "survey": "outcomes",
    "job_alert": "job_alerts",
    "job_forwarded": "applications",
    "job_update": "applications",
    "job_review": "jobs",
    "job_answer": "applications",
}


def test_every_kind_is_declared_by_the_app_that_raises_it():
    # Every kind the product had before they moved to the apps (a new app may add more).
    assert set(EVERY_KIND) <= set(kinds.all_keys())
    for key, app in EVERY_KIND.items():
        kind = kinds.get(key)
        assert kind.one.__module__ == f"tremplin.{app}.hooks", key


def test_the_preferences_order_is_the_one_members_know():
    assert [key for key in kinds.all_keys() if key in EVERY_KIND] == list(EVERY_KIND)


def test_a_new_kind_needs_no_choice_list_in_a_migration():
    from tremplin.notifications.models import Notification, Preference

    for model in (Notification, Preference):
        field = model._meta.get_field("kind")
        assert field.deconstruct()[3]["choices"] is kinds.choices


def test_a_sentence_is_rendered_in_the_readers_language():
    with translation.override("fr"):
        text = kinds.sentence("connection_request", "Bob Roy", 0, 1, {})
    assert text == "Bob Roy souhaite entrer en relation avec vous."
    with translation.override("en"):
        assert kinds.sentence("connection_request", "Bob Roy", 0, 1, {}) == (
            "Bob Roy wants to connect with you."
        )


def test_a_missing_value_reads_as_blank_and_an_unknown_kind_as_nothing():
    with translation.override("en"):
        assert kinds.sentence("job_alert", "", 0, 1, {}) == "A new job matches one of your alerts."
        assert kinds.sentence("no_such_kind", "Bob", 0, 1, {}) == ""
