"""manage.py demo_logins [--url http://127.0.0.1:8000/]: the demo logins, one per role."""

from django.core.management.base import BaseCommand

from demo.generate import DEMO_PASSWORD
from demo.logins import LOGINS
from enterprises.models import EnterpriseMember
from portal.accounts.models import User


class Command(BaseCommand):
    help = "Print the demo logins (made by seed_demo) and the portal's address."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000/")

    def handle(self, *args, url, **options):
        usernames = [row[0] for row in LOGINS]
        present = set(
            User.objects.filter(username__in=usernames).values_list("username", flat=True)
        )
        member = EnterpriseMember.objects.filter(user__username="demo_hr").first()
        self.stdout.write(f"Demo logins for {url}")
        self.stdout.write(f"  {'username':<18} {'password':<10} {'role':<11} who")
        for username, role, who in LOGINS:
            if username == "demo_hr" and member:
                who = f"{who}：{member.enterprise.name}"
            if username not in present:
                who += "  (missing: run manage.py seed_demo)"
            self.stdout.write(f"  {username:<18} {DEMO_PASSWORD:<10} {role:<11} {who}")
        self.stdout.write(
            "Bureau and ministry logins then ask for a one-time code: "
            "`.venv/bin/python manage.py demo_otp demo_bureau` prints the current one."
        )
