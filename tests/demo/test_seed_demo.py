from django.core.management import call_command

from tremplin.accounts.models import User
from tremplin.counselling.models import Case
from tremplin.organizations.models import Organization
from tremplin.profiles.models import Profile


def test_the_demo_data_loads_once_and_a_second_run_changes_nothing(db):
    call_command("seed_demo", quiet=True)
    counts = (User.objects.count(), Profile.objects.count(), Case.objects.count())
    call_command("seed_demo", quiet=True)

    assert counts == (User.objects.count(), Profile.objects.count(), Case.objects.count())
    assert Organization.objects.agencies().count() == 1
    assert Organization.objects.employers().count() == 3
    assert Case.objects.active().count() == 10
    assert User.objects.filter(is_staff=True).count() == 1
    assert User.objects.filter(is_moderator=True).count() == 1
    languages = set(User.objects.values_list("language", flat=True))
    assert languages == {"fr", "en"}


def test_if_empty_leaves_a_database_with_accounts_alone(db):
    User.objects.create_user("real.member@example.org", "a-long-password-1")

    call_command("seed_demo", quiet=True, if_empty=True)

    assert User.objects.count() == 1


def test_the_demo_has_a_lively_feed_conversation_and_notifications(
    db, django_capture_on_commit_callbacks
):
    from tremplin.feed.models import Item, TimelineEntry
    from tremplin.messaging.models import Conversation
    from tremplin.notifications.models import Notification

    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", quiet=True)

    amina = User.objects.get(email="amina.diallo@tremplin.example")
    # Five posts outside communities (their posts: test_seed_demo_communities.py).
    assert Item.objects.filter(place_kind="").count() == 5
    # The fan-out ran after commit: Marc, Amina's connection, has her post.
    marc = User.objects.get(email="marc.gagnon@tremplin.example")
    assert TimelineEntry.objects.filter(owner=marc, item__author=amina).exists()
    assert Conversation.objects.count() == 1
    assert Notification.objects.filter(recipient=amina, kind="reaction").exists()
