"""The private development servers' settings (scripts/devservers.py)."""

import importlib.util
import os

import pytest
from django.conf import settings


@pytest.fixture
def devservers():
    path = settings.BASE_DIR / "scripts" / "devservers.py"
    spec = importlib.util.spec_from_file_location("devservers_under_test", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("memory_mb", "buffers", "cache"),
    [
        (24 * 1024, "6144MB", "12288MB"),  # this kind of machine: a quarter, a half
        (2 * 1024, "512MB", "1024MB"),
        (256, "128MB", "512MB"),  # never below PostgreSQL's own defaults
        (64 * 1024, "8192MB", "32768MB"),  # the buffer cache stops at 8 GB
    ],
)
def test_postgres_takes_a_quarter_of_the_machines_memory_for_its_buffers(
    devservers, monkeypatch, memory_mb, buffers, cache
):
    pages = {"SC_PAGE_SIZE": 4096, "SC_PHYS_PAGES": memory_mb * 2**20 // 4096}
    monkeypatch.setattr(os, "sysconf", pages.__getitem__)

    settings_ = devservers.pg_settings(5432)

    assert settings_["shared_buffers"] == buffers
    assert settings_["effective_cache_size"] == cache
    assert settings_["fsync"] == "off"  # development data only, as before
