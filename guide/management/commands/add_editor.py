"""Give a person an admin account in one of the three groups: writer, clinical reviewer or administrator."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from guide.governance import roles
from guide.governance.models import Profile

ROLES = {"writer": roles.WRITERS, "reviewer": roles.CLINICAL_REVIEWERS, "administrator": roles.ADMINISTRATORS}


class Command(BaseCommand):
    help = (
        "Add a person to a group: writer (drafts changes), reviewer (approves other people's changes) or "
        "administrator (people and settings). Creates the account if it does not exist."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("role", choices=sorted(ROLES))
        parser.add_argument("--name", default="", help='The name readers see under "Reviewed by", e.g. "Priya Shah".')
        parser.add_argument("--job", default="", help='Their profession, e.g. "Physiotherapist" (reviewers need one).')

    def handle(self, *args, username: str, role: str, name: str, job: str, **options):
        if role == "reviewer" and not (
            job or Profile.objects.filter(user__username=username).exclude(role="").exists()
        ):
            raise CommandError('A clinical reviewer signs pages with their profession: add --job, e.g. --job "GP".')
        users = get_user_model()._default_manager
        user, created = users.get_or_create(**{get_user_model().USERNAME_FIELD: username}, defaults={"is_staff": True})
        if created:
            user.set_unusable_password()
        user.is_staff = True
        user.save()
        user.groups.add(Group.objects.get(name=ROLES[role]))
        if name or job:
            profile, _ = Profile.objects.get_or_create(user=user, defaults={"display_name": name or username})
            profile.display_name = name or profile.display_name
            profile.role = job or profile.role
            profile.save()
        self.stdout.write(self.style.SUCCESS(f"'{username}' is in {ROLES[role]}."))
        if created:
            self.stdout.write(
                f"Set their password with: uv run python manage.py changepassword {username}\n"
                f"and their second factor with: uv run python manage.py add_second_factor {username}"
            )
