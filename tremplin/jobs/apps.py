from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "tremplin.jobs"
    label = "jobs"

    def ready(self) -> None:
        from tremplin.jobs import version

        version.connect()
