from django.apps import AppConfig


class VaultConfig(AppConfig):
    name = "tremplin.vault"
    label = "vault"
    verbose_name = "document vault"
