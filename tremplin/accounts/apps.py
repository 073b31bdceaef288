from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tremplin.accounts"
    label = "accounts"

    def ready(self) -> None:
        from tremplin.accounts import signals  # noqa: F401
