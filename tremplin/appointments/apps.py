from django.apps import AppConfig


class AppointmentsConfig(AppConfig):
    name = "tremplin.appointments"
    label = "appointments"

    def ready(self) -> None:
        from tremplin.counselling.signals import case_closed

        case_closed.connect(_cancel_ahead, dispatch_uid="appointments-cancel-ahead")


def _cancel_ahead(sender, case_id: int, **kwargs) -> None:
    """A closed case keeps its history; the appointments still ahead are cancelled and
    the client's calendar told (idempotent: only scheduled ones move)."""
    from tremplin.appointments.services import cancel_ahead_for_closed_case

    cancel_ahead_for_closed_case(case_id)
