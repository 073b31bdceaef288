from django.apps import AppConfig


class JobImportsConfig(AppConfig):
    name = "tremplin.job_imports"
    label = "job_imports"
