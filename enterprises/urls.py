"""The enterprises pages, by audience; each views module keeps the URL patterns of its pages."""

from enterprises.views import ministry, review, staff

app_name = "enterprises"

urlpatterns = [*staff.urlpatterns, *review.urlpatterns, *ministry.urlpatterns]
