"""scripts/system_packages.sh, which `make test` and .ci/run call: it installs the missing
Debian packages as root and otherwise names the command to run. dpkg-query, apt-get and id
are stand-ins on PATH, so the test sees what the script would do on a machine without them."""

import subprocess
from pathlib import Path

from django.conf import settings

SCRIPT = settings.BASE_DIR / "scripts" / "system_packages.sh"


def _stand_in(directory: Path, name: str, body: str) -> None:
    path = directory / name
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(0o755)


def run(tmp_path: Path, *, installed: set[str], uid: int = 0, debian: bool = True):
    """The script with a fake dpkg database holding `installed`; apt-get logs its arguments."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "apt-get.log"
    if debian:
        cases = "".join(f'  *" {name}") echo "install ok installed";;\n' for name in installed)
        _stand_in(bin_dir, "dpkg-query", f'case " $*" in\n{cases}  *) exit 1;;\nesac')
    _stand_in(bin_dir, "apt-get", f'echo "$*" >> {log}')
    _stand_in(bin_dir, "id", f"echo {uid}")
    for tool in ("bash", "cat", "grep", "env"):  # what the script itself needs, nothing more
        (bin_dir / tool).symlink_to(subprocess.check_output(["which", tool], text=True).strip())
    result = subprocess.run(
        ["bash", str(SCRIPT)],
        env={"PATH": str(bin_dir), "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
    )
    return result, (log.read_text().splitlines() if log.exists() else [])


def test_it_does_nothing_and_says_nothing_when_every_package_is_there(tmp_path):
    result, apt_calls = run(tmp_path, installed={"chromium", "fonts-noto-cjk", "gettext"})

    assert (result.returncode, result.stdout, result.stderr, apt_calls) == (0, "", "", [])


def test_as_root_it_installs_only_the_missing_packages(tmp_path):
    result, apt_calls = run(tmp_path, installed={"gettext"}, uid=0)

    assert result.returncode == 0, result.stderr
    assert apt_calls == [
        "update -qq",
        "install -y -qq --no-install-recommends chromium fonts-noto-cjk",
    ]


def test_not_as_root_it_stops_with_one_sentence_naming_the_command(tmp_path):
    result, apt_calls = run(tmp_path, installed={"fonts-noto-cjk", "gettext"}, uid=1000)

    assert result.returncode == 1
    assert apt_calls == []
    assert result.stderr.count("\n") == 1
    assert result.stderr.rstrip().endswith("sudo apt-get install --no-install-recommends chromium")


def test_off_debian_without_gettext_it_says_what_to_install_and_installs_nothing(tmp_path):
    result, apt_calls = run(tmp_path, installed=set(), debian=False)  # no msgfmt on its PATH

    assert (result.returncode, apt_calls) == (1, [])
    assert "Chromium at /usr/bin/chromium, Noto CJK fonts and gettext" in result.stderr
