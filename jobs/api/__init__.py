"""/api/v1/ operations of the jobs app, by audience; each module keeps its URL patterns."""

from jobs.api import bureau, enterprise, saved, training, veteran

urlpatterns = [
    *veteran.urlpatterns,
    *saved.urlpatterns,
    *enterprise.urlpatterns,
    *bureau.urlpatterns,
    *training.urlpatterns,
]
