"""The deployment kit (Dockerfile, compose.yaml, gunicorn.conf.py, the nginx sample) against
the Procfile and the rules the README states. No container engine runs here, so the files
are read, not run."""

import os
import runpy
import shlex

import yaml
from django.conf import settings

ROOT = settings.BASE_DIR


def procfile() -> dict[str, str]:
    lines = (ROOT / "Procfile").read_text().splitlines()
    return dict(line.split(": ", 1) for line in lines if line and not line.startswith("#"))


def compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def command(service: dict) -> list[str]:
    value = service["command"]
    return value if isinstance(value, list) else shlex.split(value)


def test_compose_runs_the_procfiles_commands_for_each_process():
    services = compose()["services"]

    for name, line in procfile().items():
        assert command(services[name]) == shlex.split(line), name


def test_compose_runs_exactly_one_beat_and_migrates_once_before_the_processes():
    services = compose()["services"]

    beats = [name for name, service in services.items() if "beat" in service.get("command", "")]
    assert beats == ["beat"] and services["beat"]["deploy"]["replicas"] == 1
    assert command(services["migrate"]) == ["python", "manage.py", "migrate", "--noinput"]
    for name in ("web", "worker", "beat"):
        assert services[name]["depends_on"]["migrate"] == {
            "condition": "service_completed_successfully"
        }


def test_compose_redis_keeps_queued_tasks_and_never_evicts():
    redis = " ".join(command(compose()["services"]["redis"]))

    assert "--appendonly yes" in redis and "--maxmemory-policy noeviction" in redis


def test_the_image_is_python_311_slim_multi_stage_and_runs_as_a_user():
    dockerfile = (ROOT / "Dockerfile").read_text()
    stages = [line for line in dockerfile.splitlines() if line.startswith("FROM ")]

    assert stages == ["FROM python:3.11-slim AS build", "FROM python:3.11-slim"]
    assert "USER portal" in dockerfile and "collectstatic" in dockerfile
    assert 'CMD ["gunicorn", "portal.wsgi"]' in dockerfile


def test_gunicorn_takes_its_address_workers_and_limits_from_the_environment(monkeypatch):
    for name, value in {"PORT": "9001", "WEB_HOST": "0.0.0.0", "WEB_CONCURRENCY": "5"}.items():
        monkeypatch.setenv(name, value)

    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))

    assert (conf["bind"], conf["workers"]) == (["0.0.0.0:9001"], 5)
    assert conf["max_requests"] > 0 and conf["max_requests_jitter"] > 0
    assert conf["timeout"] > 0 and callable(conf["post_worker_init"])
    assert "personal_data" in conf["logconfig_dict"]["handlers"]["console"]["filters"]


def test_gunicorn_forks_its_workers_from_a_loaded_portal_unless_told_not_to(monkeypatch):
    # A worker replaced after max_requests then costs a fork, not the imports and jieba's
    # dictionary again (README "Load test").
    assert runpy.run_path(str(ROOT / "gunicorn.conf.py"))["preload_app"] is True

    monkeypatch.setenv("WEB_PRELOAD", "false")

    assert runpy.run_path(str(ROOT / "gunicorn.conf.py"))["preload_app"] is False


def test_the_nginx_sample_passes_what_the_portal_reads():
    site = (ROOT / "deploy" / "nginx-portal.conf").read_text()
    proxy = (ROOT / "deploy" / "nginx-portal-proxy.conf").read_text()

    assert "client_max_body_size 6m;" in site  # a 5 MB resume fits
    assert "location = /health/live/" in site  # probes over plain http
    for header in ("X-Forwarded-For", "X-Forwarded-Proto", "X-Request-ID"):
        assert f"proxy_set_header {header}" in proxy


def test_the_env_example_names_every_variable_compose_needs():
    example = (ROOT / ".env.example").read_text()

    for name in ("SECRET_KEY", "ALLOWED_HOSTS", "PERSONAL_DATA_KEYS", "PERSONAL_DATA_HASH_KEY"):
        assert f"# {name}=" in example
    assert os.path.exists(ROOT / ".dockerignore")


def test_compose_postgres_gets_a_buffer_cache_beyond_the_images_default():
    db = command(compose()["services"]["db"])

    assert db[0] == "postgres"
    assert "shared_buffers=${POSTGRES_SHARED_BUFFERS:-2GB}" in db
    assert "effective_cache_size=${POSTGRES_EFFECTIVE_CACHE_SIZE:-6GB}" in db
