"""The portal's log lines (README "Logs and errors").

Every line carries its time, level, logger and the request it belongs to, as text for people
or one JSON object for machines (LOG_FORMAT=json), and passes the personal-data filter
(portal.accounts.privacy), which masks the message, the traceback and the stack. Errors go to
ADMINS by e-mail and, with SENTRY_DSN, to an error tracker, masked the same way.
"""

import contextvars
import datetime
import json
import logging
import re
import uuid

from django.utils.log import AdminEmailHandler

from portal.accounts.privacy import mask_text

# The request a log line belongs to: nginx's X-Request-ID when it sent a sane one, else our own.
REQUEST_ID = contextvars.ContextVar("request_id", default="-")
REQUEST_ID_HEADER = "X-Request-ID"
_SANE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


class RequestIdMiddleware:
    """First in MIDDLEWARE: every line logged while a request is served names it, and the
    answer carries the id back (X-Request-ID), so a user's report leads to its lines."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = given if _SANE_REQUEST_ID.match(given) else uuid.uuid4().hex
        token = REQUEST_ID.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            REQUEST_ID.reset(token)
        response[REQUEST_ID_HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = REQUEST_ID.get()
        return True


class SkipServiceUnavailable(logging.Filter):
    """No e-mail per 503: during an outage every request answers one (portal/outages.py),
    and /health/ says so to the monitoring."""

    def filter(self, record: logging.LogRecord) -> bool:
        return getattr(record, "status_code", None) != 503


class TextFormatter(logging.Formatter):
    """Time as ISO 8601 with milliseconds and the UTC offset: gunicorn's master runs without
    Django's TIME_ZONE and its workers with it, and their lines must still sort together."""

    def formatTime(self, record, datefmt=None):
        moment = datetime.datetime.fromtimestamp(record.created).astimezone()
        return moment.isoformat(timespec="milliseconds")


class JsonFormatter(TextFormatter):
    """One JSON object a line: time, level, logger, request_id, message, and the traceback."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "message": record.getMessage(),
        }
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = record.stack_info
        return json.dumps(entry, ensure_ascii=False)


def logging_config(*, level: str, log_format: str, mail_admins: bool) -> dict:
    """The LOGGING dict: one console handler for everything, masked, and the e-mail to
    ADMINS for errors. Django's own handlers are replaced, so no line is printed twice."""
    handlers = {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id", "personal_data"],
            "formatter": log_format,
        },
    }
    if mail_admins:
        handlers["mail_admins"] = {
            "class": "portal.logs.MaskedAdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false", "skip_503", "request_id", "personal_data"],
        }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "personal_data": {"()": "portal.accounts.privacy.PersonalDataLogFilter"},
            "request_id": {"()": "portal.logs.RequestIdFilter"},
            "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
            "skip_503": {"()": "portal.logs.SkipServiceUnavailable"},
        },
        "formatters": {
            "text": {"()": "portal.logs.TextFormatter", "format": TEXT_FORMAT},
            "json": {"()": "portal.logs.JsonFormatter"},
        },
        "handlers": handlers,
        "root": {"handlers": list(handlers), "level": level},
        "loggers": {
            # Django's default config gives these loggers handlers of their own (unmasked);
            # empty lists take them away and the lines go up to the root's.
            "django": {"handlers": [], "level": "INFO", "propagate": True},
            "django.server": {"handlers": [], "level": "INFO", "propagate": True},
            "django.db.backends": {"level": "WARNING"},
        },
    }


def gunicorn_logging_config(*, level: str, log_format: str) -> dict:
    """gunicorn's error and access logs in the same shape (the access line holds the URL,
    where a searched ID number may be)."""
    config = logging_config(level=level, log_format=log_format, mail_admins=False)
    for django_only in ("require_debug_false", "skip_503"):
        config["filters"].pop(django_only)
    config["loggers"] = {
        # gunicorn.error keeps the level of gunicorn's --log-level.
        "gunicorn.error": {"handlers": ["console"], "propagate": False},
        "gunicorn.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
    }
    return config


class MaskedAdminEmailHandler(AdminEmailHandler):
    """Django's error e-mail puts the exception, the request and the frames' variables in its
    text; the whole text is masked before it leaves."""

    def send_mail(self, subject, message, *args, **kwargs):
        if kwargs.get("html_message"):
            kwargs["html_message"] = mask_text(kwargs["html_message"])
        super().send_mail(mask_text(subject), mask_text(message), *args, **kwargs)


def scrub(value):
    """Every string of an error tracker's event masked, however deep."""
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, dict):
        return {key: scrub(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [scrub(item) for item in value]
    return value


def init_error_tracker(dsn: str, *, environment: str, release: str | None = None, **options):
    """Sentry's SDK (a self-hosted Sentry or GlitchTip on a closed network). No request
    bodies, cookies, user details or local variables leave: they hold personal data that
    is not shaped like a number (names, addresses); what remains is masked."""
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        traces_sample_rate=0,
        before_send=lambda event, hint: scrub(event),
        before_breadcrumb=lambda crumb, hint: scrub(crumb),
        **options,
    )
