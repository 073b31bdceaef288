from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "tremplin.jobs"
    label = "jobs"
