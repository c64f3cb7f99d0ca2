import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
application = get_wsgi_application()

# Load jieba's dictionary now, not during the first visitor's search (about a second).
from jobs.search import query_terms  # noqa: E402

query_terms("退役军人")
