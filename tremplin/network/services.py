from django.db import transaction

from tremplin.network.models import Connection


@transaction.atomic
def connect(a, b) -> Connection:
    """Record that two members are connected (idempotent)."""
    low, high = sorted([a, b], key=lambda u: u.pk)
    connection, _ = Connection.objects.get_or_create(user_low=low, user_high=high)
    return connection
