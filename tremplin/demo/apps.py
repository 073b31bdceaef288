from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data (`manage.py seed_demo`): it uses every app, so it sits above them
    all (docs/architecture.md's layers do not list it)."""

    name = "tremplin.demo"
    label = "demo"
