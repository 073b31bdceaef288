from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "tremplin.organizations"
    label = "organizations"
