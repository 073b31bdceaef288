from django.apps import AppConfig


class JobAlertsConfig(AppConfig):
    name = "tremplin.job_alerts"
    label = "job_alerts"

    def ready(self) -> None:
        """Listen to the postings' lifecycle (signals sent inside their transaction)."""
        from tremplin.job_alerts import matching
        from tremplin.jobs import signals

        signals.posting_opened.connect(matching.opened, dispatch_uid="job_alerts.opened")
        updated = getattr(signals, "posting_updated", None)
        if updated is not None:
            updated.connect(matching.updated, dispatch_uid="job_alerts.updated")
