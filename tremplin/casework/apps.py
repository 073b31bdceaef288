from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "tremplin.casework"
    label = "casework"
