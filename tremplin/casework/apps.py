from django.apps import AppConfig


def _on_case_closed(sender, case_id: int, **kwargs) -> None:
    """Queue the follow-ups of a closed case (idempotent; the clock catches up a loss)."""
    from tremplin.casework.tasks import follow_ups_for_closed_case

    follow_ups_for_closed_case.enqueue(case_id)


class CaseworkConfig(AppConfig):
    name = "tremplin.casework"
    label = "casework"

    def ready(self) -> None:
        from tremplin.counselling.signals import case_closed

        case_closed.connect(_on_case_closed, dispatch_uid="casework.follow_ups")
