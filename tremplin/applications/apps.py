from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "tremplin.applications"
    label = "applications"
