"""Where personal files (resumes) live: the "private" entry of STORAGES (README "Deploying
beyond one machine"). By default a folder outside MEDIA_ROOT (PRIVATE_STORAGE_ROOT) that
no URL reaches; with PRIVATE_STORAGE_BACKEND=storages.backends.s3.S3Storage an
S3-compatible store (MinIO, a provincial cloud) that every web and worker machine shares.
Files are only ever read through the views that check who asks, never by a public URL.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty

PRIVATE = "private"


class PrivateFileSystemStorage(FileSystemStorage):
    """A folder with no public URL; its place is read on every use, so a test (or a
    setting changed at run time) moves it."""

    @property
    def base_location(self):
        return settings.PRIVATE_STORAGE_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None


class _PrivateStorage(LazyObject):
    def _setup(self):
        self._wrapped = storages[PRIVATE]


private_storage = _PrivateStorage()


def get_private_storage():
    """A model field's storage= (a callable, so migrations name this function and the
    backend can change with the settings)."""
    return private_storage


@receiver(setting_changed)
def _forget_the_backend(setting, **kwargs):
    if setting == "STORAGES":
        private_storage._wrapped = empty
