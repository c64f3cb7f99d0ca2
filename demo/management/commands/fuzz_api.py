"""manage.py fuzz_api [--examples N]: schemathesis against /api/v1/ as each demo role.

Needs the demo data (seed_demo) and the dev tools (requirements-dev.txt). Prints one JSON
line with `requests` and `server_errors`; exits 1 when any answer was a 5xx or did not
conform to the schema. Nothing it sends stays in the database (README "Fuzzing").
"""

from django.core.management.base import BaseCommand, CommandError

from demo.logins import LOGINS
from portal.accounts.models import User
from portal.progress import Progress

ROLES = {
    "anonymous": None,
    "veteran": "demo_veteran",
    "enterprise": "demo_hr",
    "bureau": "demo_bureau",
    "ministry": "demo_ministry",
}


class Command(BaseCommand):
    help = "Fuzz the REST API from its OpenAPI schema as every role; print one JSON line."

    def add_arguments(self, parser):
        parser.add_argument("--examples", type=int, default=8, help="cases per operation and role")
        parser.add_argument("--show", type=int, default=20, help="failures to print")

    def handle(self, *args, examples, show, **options):
        from demo.fuzzing import fuzz_api, result_line

        users = {role: self._user(username) for role, username in ROLES.items()}
        with Progress(None, "API operations fuzzed (per role)", self.stderr) as progress:
            result = fuzz_api(users=users, examples=examples, progress=progress)
        for failure in result.failures[:show]:
            self.stderr.write(failure)
        self.stdout.write(result_line(result))
        if result.server_errors or result.schema_violations:
            raise CommandError("the API answered with server errors or off-schema responses")

    def _user(self, username):
        if username is None:
            return None
        if username not in {row[0] for row in LOGINS}:
            raise CommandError(f"{username} is not a demo login")
        try:
            return User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(f"{username} is missing: run manage.py seed_demo") from None
