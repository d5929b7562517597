"""Give an editor an authenticator-app entry (TOTP), the second factor the admin asks for in production."""

from base64 import b32encode

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

DEVICE_NAME = "authenticator app"


def set_up_totp(user, replace: bool = False) -> TOTPDevice:
    """A new confirmed TOTP device for the user; with `replace`, their old ones stop working."""
    devices = TOTPDevice.objects.devices_for_user(user, confirmed=None)
    if devices.exists() and not replace:
        raise CommandError(f"'{user.get_username()}' already has a second factor. Add --replace to issue a new one.")
    devices.delete()
    return TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=True)


def setup_instructions(device: TOTPDevice) -> str:
    secret = b32encode(device.bin_key).decode()
    grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    return (
        f"In an authenticator app, add an account by setup key (time-based, 6 digits):\n"
        f"  account: {device.user.get_username()}   key: {grouped}\n"
        f"or open this link on the phone: {device.config_url}\n"
        "Sign in with the 6-digit code the app shows. Keep the key secret: it is the second factor."
    )


class Command(BaseCommand):
    help = "Set up (or with --replace, reissue) an editor's authenticator app for the admin's second factor."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--replace", action="store_true", help="Replace a lost or old authenticator entry.")

    def handle(self, *args, username: str, replace: bool, **options):
        user = get_user_model()._default_manager.filter(**{get_user_model().USERNAME_FIELD: username}).first()
        if user is None:
            raise CommandError(f"No user '{username}'. Create one first: python manage.py createsuperuser")
        self.stdout.write(setup_instructions(set_up_totp(user, replace=replace)))
