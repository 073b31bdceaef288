from django.apps import AppConfig


class JobAlertsConfig(AppConfig):
    name = "tremplin.job_alerts"
    label = "job_alerts"
