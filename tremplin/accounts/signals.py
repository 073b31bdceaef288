"""One specific signal: allauth's `user_logged_in`, to notice a new device."""

from allauth.account.signals import user_logged_in
from django.dispatch import receiver

from tremplin.accounts.services import note_sign_in


@receiver(user_logged_in, dispatch_uid="tremplin-new-device")
def on_login(sender, request, user, **kwargs):
    note_sign_in(user, request.headers.get("User-Agent", ""), request.META.get("REMOTE_ADDR", ""))
