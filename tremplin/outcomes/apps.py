from django.apps import AppConfig


def _on_case_closed(sender, case_id: int, **kwargs) -> None:
    """Sent after the closing committed: queue the exit survey (the task is idempotent,
    and the clock's sweep catches up a lost signal)."""
    from tremplin.outcomes.tasks import create_exit_survey

    create_exit_survey.enqueue(case_id)


class OutcomesConfig(AppConfig):
    name = "tremplin.outcomes"
    label = "outcomes"

    def ready(self) -> None:
        from tremplin.counselling.signals import case_closed

        case_closed.connect(_on_case_closed, dispatch_uid="outcomes.exit_survey")
