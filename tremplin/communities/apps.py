from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunitiesConfig(AppConfig):
    name = "tremplin.communities"
    label = "communities"
    verbose_name = _("Communities")
    default_auto_field = "django.db.models.BigAutoField"
