from django.apps import AppConfig


class InfluenceConfig(AppConfig):
    name = "tremplin.influence"
    label = "influence"
