"""gunicorn's settings, read from the working directory by every `gunicorn portal.wsgi` (the
Procfile's and compose.yaml's alike). Each one can be changed through the environment."""

import os

from portal.logs import gunicorn_logging_config

# 127.0.0.1 for `make run`; the container image sets WEB_HOST=0.0.0.0.
bind = [f"{os.environ.get('WEB_HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"]
# Sync workers: about two per core. Each needs ~100 MiB of headroom while it checks an
# Argon2 password (README "Security and personal data").
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# A request running longer is killed (and logged); the slowest pages (a ministry export)
# take a few seconds, and PostgreSQL's statement_timeout ends a stuck query before this.
timeout = int(os.environ.get("WEB_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("WEB_GRACEFUL_TIMEOUT", "30"))
keepalive = 5
# Each worker is replaced after about this many requests (jitter keeps them from all
# restarting at once), so a slow leak never grows for long.
max_requests = int(os.environ.get("WEB_MAX_REQUESTS", "5000"))
max_requests_jitter = int(os.environ.get("WEB_MAX_REQUESTS_JITTER", "500"))
# The longest request line gunicorn reads (8190, its maximum): above the portal's own limit
# (MAX_URL_LENGTH, 4096), so an address a little too long gets the portal's 414 page in the
# visitor's language, not gunicorn's bare answer; only one beyond 8190 characters gets that.
limit_request_line = 8190
# No control socket: its default path in $HOME would be shared by two clones on one machine.
control_socket_disable = True

# Error and access lines in the portal's shape (time, level, logger; text or JSON), masked:
# a URL may hold a searched ID number. The access line ends with the request id.
logconfig_dict = gunicorn_logging_config(
    level=os.environ.get("LOG_LEVEL", "INFO"), log_format=os.environ.get("LOG_FORMAT", "text")
)
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms request_id=%({x-request-id}o)s'


# The portal (Django, its apps and jieba's dictionary) is loaded once in the master and each
# worker is forked from it, sharing those pages: a worker replaced after max_requests starts
# in milliseconds instead of spending ~1.5 s of CPU on the imports and the dictionary, which
# under load took a core away from the requests (README "Load test"). A new release
# restarts gunicorn (HUP would not reload code loaded in the master).
preload_app = os.environ.get("WEB_PRELOAD", "true").lower() in ("1", "true", "yes", "on")


def _load_dictionary():
    """jieba's dictionary, loaded now rather than during the first visitor's search."""
    from jobs.search import query_terms

    query_terms("退役军人")


def when_ready(server):
    """In the master, before the first worker is forked (the app is loaded when preloaded)."""
    if preload_app:
        _load_dictionary()


def post_worker_init(worker):
    """Nothing left to do after a preloading master; otherwise each worker loads it."""
    _load_dictionary()
