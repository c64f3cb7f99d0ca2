"""The API fixtures of tests/api, for the start-up API tests."""

from tests.api.conftest import api  # noqa: F401
