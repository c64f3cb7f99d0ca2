"""manage.py rebuild_search [--batch N] [--connections C]: recompute every post's search
document, C batches at once (each its own transaction on its own connection).

Posts written by the services are indexed as they are saved; run this after loading posts
in bulk (seed_demo does) or after changing how documents are made (jobs/search.py). The
search indexes are dropped and built again at the end, so searches are slow meanwhile
(about 160 s for 1,000,000 posts on two connections).
"""

import time

from django.core.management.base import BaseCommand

from jobs.models import JobPost
from jobs.search import rebuild_search_documents
from portal.progress import Progress


class Command(BaseCommand):
    help = "Recompute the search documents of all job posts."

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=5000, help="posts per transaction")
        parser.add_argument(
            "--connections", type=int, default=2, help="batches written at once (default 2)"
        )

    def handle(self, *args, batch, connections, **options):
        started = time.perf_counter()
        with Progress(JobPost.objects.count(), "Indexing posts", self.stderr) as progress:
            count = rebuild_search_documents(
                batch=batch, progress=progress, connections=connections
            )
        seconds = time.perf_counter() - started
        self.stdout.write(f"Indexed {count:,} posts in {seconds:.1f} s.")
