"""The runtime file (requirements.txt) holds what production imports, and nothing only the
tests, the demo or the tools need (requirements-dev.txt)."""

import subprocess
import sys

from django.conf import settings

DEV_ONLY = ["factory", "faker", "pytest", "schemathesis", "locust", "playwright", "psutil"]
PRODUCTION_PACKAGES = ["portal", "enterprises", "veterans", "jobs", "dashboards"]

# Import every module of the production apps (and set Django up with every installed app,
# demo and benchmarks included) while the dev-only packages cannot be imported.
SCRIPT = f"""
import importlib, pkgutil, sys
BLOCKED = {DEV_ONLY!r}

class Blocker:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ImportError(f"{{name}} is a dev-only package")

sys.meta_path.insert(0, Blocker())
import django
django.setup()
from django.urls import get_resolver
get_resolver().url_patterns
for package_name in {PRODUCTION_PACKAGES!r}:
    package = importlib.import_module(package_name)
    for module in pkgutil.walk_packages(package.__path__, package_name + "."):
        importlib.import_module(module.name)
print("ok")
"""


def test_production_code_imports_no_dev_only_package():
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=settings.BASE_DIR, capture_output=True, text=True
    )
    assert (result.returncode, result.stdout.strip()) == (0, "ok"), result.stderr[-3000:]


def test_the_runtime_pins_hold_no_dev_only_package():
    pinned = {
        line.split("==")[0].strip().lower()
        for line in (settings.BASE_DIR / "requirements.txt").read_text().splitlines()
        if "==" in line and not line.startswith("#")
    }
    assert pinned & {"factory-boy", "faker", "psutil", "pytest", "pip-tools"} == set()
    assert {"django", "packaging", "pypdf", "sentry-sdk"} <= pinned
