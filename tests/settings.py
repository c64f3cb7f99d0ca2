"""The one test-only place (STYLE.md rule 10): speed-ups and isolation for the test run.

Tests use their own Redis database, so a worker of a running `make run` never answers
a test's ping or takes a test's task.
"""

from urllib.parse import urlsplit, urlunsplit

from portal.settings import *  # noqa: F403
from portal.settings import BASE_DIR, CACHES, REST_FRAMEWORK, STORAGES, env

# One Redis database per pytest-xdist worker (gw0 -> 15, gw1 -> 14, ...), so the Celery
# worker one test starts never answers another test's ping.
_xdist_index = int(env("PYTEST_XDIST_WORKER", default="gw0").removeprefix("gw"))
_redis = urlsplit(env("REDIS_URL"))
REDIS_URL = env("TEST_REDIS_URL", default=urlunsplit(_redis._replace(path=f"/{15 - _xdist_index}")))
CACHES["default"]["LOCATION"] = REDIS_URL
CELERY_BROKER_URL = CELERY_RESULT_BACKEND = REDIS_URL

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# A Celery worker subprocess cannot share the locmem outbox: tests/mail.py's backend writes
# one file per message into TEST_MAIL_DIR instead.
EMAIL_BACKEND = env("TEST_EMAIL_BACKEND", default="django.core.mail.backends.locmem.EmailBackend")
CELERY_TASK_ALWAYS_EAGER = True
SMS_URL = "locmem://"  # portal.accounts.sms.outbox
PRIVATE_STORAGE_ROOT = BASE_DIR / "var" / "test-private"

# Tests may run with DATABASE_URL set and DEBUG off (CI on the machine's servers).
SECRET_KEY = env("SECRET_KEY", default="tests-only-secret-key")
# Pages render {% static %} without a collectstatic manifest; whitenoise finds the files.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True

# Security (#8): the test client speaks plain http whatever DEBUG says, and personal data
# keys exist even when CI runs with DEBUG off.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False  # Chromium keeps no Secure cookie over http
PERSONAL_DATA_KEYS = env.list("PERSONAL_DATA_KEYS", default=["tests-only-personal-data-key"])
PERSONAL_DATA_HASH_KEY = env("PERSONAL_DATA_HASH_KEY", default="tests-only-personal-data-hash-key")
# The resend page's rate limit counts in Redis across tests; its own tests set a low limit.
RESEND_VERIFICATION_PER_HOUR = 10_000

# The API reads JSON bodies only: DRF's test clients send JSON unless a test says otherwise.
REST_FRAMEWORK = {**REST_FRAMEWORK, "TEST_REQUEST_DEFAULT_FORMAT": "json"}
# Tests call the public API anonymously from one address, far more often than people do;
# its own test sets a low rate.
PUBLIC_API_RATE = "100000/minute"
