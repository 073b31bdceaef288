from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "tremplin.core"
    label = "core"

    def ready(self) -> None:
        from tremplin.core import (
            checks,  # noqa: F401  (registers deploy checks)
            lookups,
            security_log,
            task_rows,
        )
        from tremplin.core.hooks import discover

        lookups.register()  # field__in_ids
        security_log.connect()  # sign-ins, failures, account changes (ASVS V7)
        task_rows.connect()  # finished task rows lose their arguments at once
        # Every app's hooks.py, once all models are loaded (core.hooks says why here).
        discover()
