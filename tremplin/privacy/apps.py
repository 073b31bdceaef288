from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "tremplin.privacy"
    label = "privacy"

    def ready(self) -> None:
        from allauth.account.signals import user_logged_in

        from tremplin.privacy.banner import on_login

        user_logged_in.connect(on_login, dispatch_uid="tremplin-privacy-deletion-banner")
