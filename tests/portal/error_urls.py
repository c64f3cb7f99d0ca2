"""The portal's routes and one that raises the exception it is named after
(tests/portal/test_error_answers.py)."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from portal.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401

RAISED = {e.__name__: e for e in (PermissionDenied, SuspiciousOperation, ValueError)}


def raising(request, name: str):
    raise RAISED[name]("raised by the test")


urlpatterns = [*urlpatterns, path("raise/<str:name>/", raising)]
