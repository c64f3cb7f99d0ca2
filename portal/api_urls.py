"""/api/v1/: each app's urls.py keeps the routes of its operations in ``api_urlpatterns``."""

from dashboards.urls import api_urlpatterns as dashboards_api
from enterprises.urls import api_urlpatterns as enterprises_api
from jobs.urls import api_urlpatterns as jobs_api
from portal.accounts.urls import api_urlpatterns as accounts_api
from startups.urls import api_urlpatterns as startups_api
from veterans.urls import api_urlpatterns as veterans_api

urlpatterns = [
    *accounts_api,
    *enterprises_api,
    *veterans_api,
    *jobs_api,
    *startups_api,
    *dashboards_api,
]
