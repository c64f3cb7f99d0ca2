"""gunicorn's settings, read from the working directory by every `gunicorn portal.wsgi`."""


def post_worker_init(worker):
    """Load jieba's dictionary now, not during the first visitor's search (about a second)."""
    from jobs.search import query_terms

    query_terms("退役军人")
