from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "tremplin.outcomes"
    label = "outcomes"
