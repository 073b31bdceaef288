from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "tremplin.messaging"
    label = "messaging"
