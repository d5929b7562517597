"""One command from a fresh clone to a running site: migrate, load content once, serve."""

import secrets
import socket

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from guide.governance.roles import ADMINISTRATORS
from guide.management.commands.add_second_factor import set_up_totp, setup_instructions
from guide.management.commands.load_guide import guide_is_empty

LOCAL_ADMIN = "editor"
HOST = "127.0.0.1"


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind((HOST, port))
        except OSError:
            return False
    return True


def next_free_port(after: int) -> int | None:
    return next((port for port in range(after + 1, after + 50) if port_is_free(port)), None)


class Command(BaseCommand):
    help = "Set up a local backcare and serve it on http://127.0.0.1:8000, or --port N (development only)."

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="Set up, but do not start the server.")
        parser.add_argument("--port", type=int, default=8000, help="Port to serve on, at 127.0.0.1 (default 8000).")

    def handle(self, *args, no_serve: bool, port: int, **options):
        if not settings.DEBUG:
            raise CommandError("start is for local development. Set DJANGO_DEBUG=1, or use gunicorn in production.")
        # Before anything is printed: an admin address that then fails to serve is worse than none.
        if not no_serve and not port_is_free(port):
            free = next_free_port(port)
            suggestion = f" Port {free} is free: add --port {free}." if free else " Choose another with --port N."
            raise CommandError(f"Port {port} is already in use on {HOST}.{suggestion}")
        call_command("migrate", interactive=False, verbosity=0)
        self.load_content_once()
        self.ensure_local_admin(admin_url=f"http://{HOST}:{port}/{settings.ADMIN_PATH}")
        if not no_serve:
            self.stdout.write(f"Serving the guide on http://{HOST}:{port}/ (stop with Ctrl-C; another port: --port N)")
            call_command("runserver", f"{HOST}:{port}", use_reloader=False)

    def load_content_once(self):
        # Never reload over an editor's work: the shipped guide only fills an empty database.
        if not guide_is_empty():
            self.stdout.write("Content already present: fixtures not loaded, nothing overwritten.")
            return
        call_command("load_guide", stdout=self.stdout)

    def ensure_local_admin(self, admin_url: str):
        users = get_user_model().objects
        if user := users.filter(username=LOCAL_ADMIN).first():
            self.stdout.write(
                f"Admin: {admin_url} as '{LOCAL_ADMIN}' "
                "(reset its password with: uv run python manage.py changepassword editor)"
            )
        else:
            password = secrets.token_urlsafe(12)
            user = users.create_superuser(LOCAL_ADMIN, email="", password=password)
            self.stdout.write(self.style.SUCCESS(f"Admin: {admin_url} user '{LOCAL_ADMIN}' password '{password}'"))
        user.groups.add(Group.objects.get(name=ADMINISTRATORS))  # stays an administrator, whatever else changes
        self.explain_second_factor(user)
        self.stdout.write(
            "Every change is a draft until a clinical reviewer who is not its author approves it. Add people with: "
            "uv run python manage.py add_editor USERNAME writer|reviewer|administrator "
            '[--name "Priya Shah" --job "Physiotherapist"] (see README, Editors and reviewers)'
        )

    def explain_second_factor(self, user):
        if not settings.ADMIN_SECOND_FACTOR:
            self.stdout.write(
                "Second factor: off for local development. Production asks every editor for a code from an "
                "authenticator app; try it here with BACKCARE_ADMIN_SECOND_FACTOR=1, and give an editor one with: "
                f"uv run python manage.py add_second_factor {LOCAL_ADMIN}"
            )
        elif not TOTPDevice.objects.devices_for_user(user).exists():
            self.stdout.write(
                self.style.SUCCESS("Second factor for the admin:\n" + setup_instructions(set_up_totp(user)))
            )
        else:
            self.stdout.write(
                f"Second factor: '{LOCAL_ADMIN}' signs in with its authenticator app "
                f"(a new one: uv run python manage.py add_second_factor {LOCAL_ADMIN} --replace)"
            )
