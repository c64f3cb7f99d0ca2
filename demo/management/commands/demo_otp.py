"""manage.py demo_otp <username>: the current one-time code of a demo staff login.

Only for the demo's bureau and ministry logins, whose authenticator seed_demo enrolled; a
real officer's code comes from their own phone and is never printed.
"""

from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from demo.logins import DEMO_DEVICE, STAFF_LOGINS


class Command(BaseCommand):
    help = "Print the current one-time code of a demo bureau or ministry login."

    def add_arguments(self, parser):
        parser.add_argument("username", choices=STAFF_LOGINS)

    def handle(self, *args, username, **options):
        device = TOTPDevice.objects.filter(
            user__username=username, name=DEMO_DEVICE, confirmed=True
        ).first()
        if device is None:
            raise CommandError(f"{username} has no demo authenticator: run manage.py seed_demo.")
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.stdout.write(f"{totp.token():0{device.digits}d}")
