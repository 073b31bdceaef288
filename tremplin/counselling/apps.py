from django.apps import AppConfig


class CounsellingConfig(AppConfig):
    name = "tremplin.counselling"
    label = "counselling"
