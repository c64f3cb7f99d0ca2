"""The jobs pages, by audience; each views module keeps the URL patterns of its pages."""

from jobs.views import bureau, enterprise, matching, saved, training, veteran

app_name = "jobs"

urlpatterns = [
    *veteran.urlpatterns,
    *saved.urlpatterns,
    *enterprise.urlpatterns,
    *bureau.urlpatterns,
    *matching.urlpatterns,
    *training.urlpatterns,
]
