from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "tremplin.projects"
    label = "projects"
    verbose_name = _("Collaboration projects")
    default_auto_field = "django.db.models.BigAutoField"
