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
