import os

from celery import Celery
from celery.signals import after_setup_logger, after_setup_task_logger

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@after_setup_logger.connect
@after_setup_task_logger.connect
def _mask_personal_data(logger, **kwargs):
    """Celery sets up the worker's own log handlers; they mask IDs and phones too (#8)."""
    from portal.accounts.privacy import PersonalDataLogFilter

    for handler in logger.handlers:
        handler.addFilter(PersonalDataLogFilter())
