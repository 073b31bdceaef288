from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "tremplin.moderation"
    label = "moderation"
