from django.apps import AppConfig


class ProfilesConfig(AppConfig):
    name = "tremplin.profiles"
    label = "profiles"
