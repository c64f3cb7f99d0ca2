import atexit
import logging
import logging.config
import os
import signal
import threading
import time

from celery import Celery
from celery.signals import beat_init, setup_logging

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

logger = logging.getLogger("portal.celery")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@setup_logging.connect
def _portal_logging(loglevel=None, **kwargs):
    """Workers and beat log through the portal's LOGGING (masked, with time, level and
    logger) instead of handlers of Celery's own; `-l LEVEL` still sets the level."""
    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)
    if loglevel:
        logging.getLogger().setLevel(loglevel)


# Exactly one beat (README "Deploying beyond one machine"): a second one, started on another
# machine or before the first stopped, would send every periodic task twice. The running
# beat holds a lock in Redis, renewed every BEAT_LOCK_RENEW seconds. One that cannot take it
# waits as a standby and takes over once the lock is free: released by a clean stop, or
# lapsed BEAT_LOCK_SECONDS after its holder was killed. One that loses it stops.
BEAT_LOCK = "portal:celery-beat"
BEAT_LOCK_SECONDS = 60
BEAT_LOCK_RENEW = 15


@beat_init.connect
def _one_beat_only(sender=None, **kwargs):
    import redis
    from django.conf import settings

    client = redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_timeout=5)
    lock = client.lock(BEAT_LOCK, timeout=BEAT_LOCK_SECONDS, sleep=1, thread_local=False)
    if not lock.acquire(blocking=False):
        logger.warning("Another Celery beat holds %s; this one waits as a standby.", BEAT_LOCK)
        lock.acquire(blocking=True)
    logger.info("This Celery beat holds %s.", BEAT_LOCK)
    atexit.register(_release_quietly, lock)
    threading.Thread(target=_keep_beat_lock, args=(lock,), daemon=True).start()


def _keep_beat_lock(lock) -> None:
    """Renew the lock; stop this beat once it may have lapsed (taken over, or Redis away for
    longer than the lock lives: another beat may hold it by now)."""
    from redis.exceptions import LockNotOwnedError, RedisError

    renewed = time.monotonic()
    while True:
        time.sleep(BEAT_LOCK_RENEW)
        try:
            lock.reacquire()
            renewed = time.monotonic()
            continue
        except LockNotOwnedError as error:
            reason = error
        except RedisError as error:
            if time.monotonic() - renewed < BEAT_LOCK_SECONDS - BEAT_LOCK_RENEW:
                continue  # still ours if Redis comes back in time
            reason = error
        logger.critical("Celery beat lost %s (%s); stopping.", BEAT_LOCK, reason)
        os.kill(os.getpid(), signal.SIGTERM)
        return


def _release_quietly(lock) -> None:
    try:
        lock.release()
    except Exception:
        pass
