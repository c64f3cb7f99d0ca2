"""portal/storage.py: resumes go to the "private" entry of STORAGES, whatever backend it
names (an S3-compatible store in a deployment over several machines)."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from tests import pdfs
from veterans.services import resume_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_memory_private_storage(settings, tmp_path):
    settings.PRIVATE_STORAGE_ROOT = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    return settings.PRIVATE_STORAGE_ROOT


def test_a_resume_is_stored_by_the_private_storage_backend_of_the_settings(
    veteran, in_memory_private_storage
):
    resume = resume_upload(
        profile=veteran, uploaded_file=SimpleUploadedFile("cv.pdf", pdfs.ONE_PAGE)
    )

    assert type(resume.file.storage._wrapped).__name__ == "InMemoryStorage"
    assert resume.file.open("rb").read() == pdfs.ONE_PAGE
    assert not in_memory_private_storage.exists()  # nothing on the local disk


def _settings_of(**environment) -> dict:
    script = (
        "import json, django; django.setup(); from django.conf import settings as s;"
        "from django.core.files.storage import storages; p = storages['private'];"
        "print(json.dumps({'private': type(p).__module__ + '.' + type(p).__name__,"
        " 'bucket': getattr(p, 'bucket_name', None), 'endpoint': getattr(p, 'endpoint_url', None),"
        " 'cache': s.CACHES['default']['LOCATION'], 'broker': s.CELERY_BROKER_URL,"
        " 'no_server_side_cursors': s.DATABASES['default']['DISABLE_SERVER_SIDE_CURSORS']}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings", **environment},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.slow
def test_private_storage_backend_can_name_an_s3_compatible_store():
    values = _settings_of(
        PRIVATE_STORAGE_BACKEND="storages.backends.s3.S3Storage",
        PRIVATE_STORAGE_BUCKET="resumes",
        PRIVATE_STORAGE_ENDPOINT="https://minio.example.internal:9000",
    )

    assert values["private"] == "storages.backends.s3.S3Storage"
    assert (values["bucket"], values["endpoint"]) == (
        "resumes",
        "https://minio.example.internal:9000",
    )


@pytest.mark.slow
def test_the_cache_can_live_apart_from_the_broker_and_server_side_cursors_can_be_off():
    values = _settings_of(
        REDIS_URL="redis://broker.example.internal:6379/0",
        CACHE_URL="redis://cache.example.internal:6379/1",
        DISABLE_SERVER_SIDE_CURSORS="true",
    )

    assert values["broker"] == "redis://broker.example.internal:6379/0"
    assert values["cache"] == "redis://cache.example.internal:6379/1"
    assert values["no_server_side_cursors"] is True
    assert _settings_of()["private"] == "portal.storage.PrivateFileSystemStorage"
