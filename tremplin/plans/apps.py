from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "tremplin.plans"
    label = "plans"
