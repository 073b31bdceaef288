from django.apps import AppConfig


class NoticeboardConfig(AppConfig):
    name = "tests.plugin_app"
    label = "noticeboard"
    default_auto_field = "django.db.models.BigAutoField"
