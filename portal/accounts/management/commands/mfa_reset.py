"""Remove a staff member's authenticator devices (lost phone); they enrol again at login."""

from django.core.management.base import BaseCommand, CommandError

from portal.accounts.mfa import mfa_reset
from portal.accounts.models import User


class Command(BaseCommand):
    help = "Remove the one-time-password devices of a user, who then enrols a new one."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        removed = mfa_reset(user=user, actor=None)
        self.stdout.write(
            f"{removed} device(s) removed; {username} enrols again at the next login."
        )
