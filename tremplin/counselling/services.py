from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.counselling.models import Case, CaseStatus
from tremplin.organizations.models import Role


@transaction.atomic
def open_case(agency, counsellor, client) -> Case:
    """Open a case the client has consented to; the counsellor must work for the agency."""
    if not agency.memberships.filter(user=counsellor, role=Role.COUNSELLOR).exists():
        raise ValidationError(_("This person is not a counsellor of that agency."))
    case, _created = Case.objects.get_or_create(
        counsellor=counsellor,
        client=client,
        status=CaseStatus.ACTIVE,
        defaults={"agency": agency, "client_consented_at": timezone.now()},
    )
    return case
