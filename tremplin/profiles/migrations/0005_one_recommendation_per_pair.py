"""One recommendation per author and recipient unless the recipient declined it.

Before, only one *pending* recommendation per pair was refused, so an author could
write the same recommendation again once the first was approved. Existing doubles are
settled before the constraint is added: of each pair's live (pending, approved, hidden)
recommendations the one the recipient chose to show is kept (else the newest), and the
others become "declined" (nothing is deleted; the recipient's choice stays visible to
them on their recommendations page)."""

from django.conf import settings
from django.db import migrations, models

# The order of preference of the one kept: shown first, then hidden, then pending.
KEEP_FIRST = {"approved": 0, "hidden": 1, "pending": 2}


def settle_doubles(apps, schema_editor):
    Recommendation = apps.get_model("profiles", "Recommendation")
    live = Recommendation.objects.exclude(status="declined").order_by(
        "author_id", "recipient_id", "-created", "-id"
    )
    seen: dict[tuple[int, int], tuple[int, int]] = {}
    doubles: list[int] = []
    for rec in live.only("id", "author_id", "recipient_id", "status").iterator():
        pair = (rec.author_id, rec.recipient_id)
        rank = KEEP_FIRST.get(rec.status, 3)
        if pair not in seen:
            seen[pair] = (rank, rec.id)
        elif rank < seen[pair][0]:
            doubles.append(seen[pair][1])
            seen[pair] = (rank, rec.id)
        else:
            doubles.append(rec.id)
    Recommendation.objects.filter(id__in=doubles).update(status="declined")


class Migration(migrations.Migration):

    dependencies = [
        ('profiles', '0004_sector'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(settle_doubles, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name='recommendation',
            name='one_pending_recommendation_per_pair',
        ),
        migrations.AddConstraint(
            model_name='recommendation',
            constraint=models.UniqueConstraint(condition=models.Q(('status', 'declined'), _negated=True), fields=('author', 'recipient'), name='one_live_recommendation_per_pair'),
        ),
    ]
