from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "tremplin.notifications"
    label = "notifications"
