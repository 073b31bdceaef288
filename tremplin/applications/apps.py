from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "tremplin.applications"
    label = "applications"

    def ready(self) -> None:
        from tremplin.applications import services
        from tremplin.jobs import signals

        # Inside the posting's transaction: the "ended" notifications commit with it.
        signals.posting_ended.connect(
            services.on_posting_ended, dispatch_uid="applications.posting_ended"
        )
