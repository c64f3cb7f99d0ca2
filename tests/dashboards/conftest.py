import datetime

import pytest

from dashboards.services import quarterly_report_compute
from tests import factories as f
from tests.dashboards.world import the_quarter


@pytest.fixture
def client(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def quarter():
    return the_quarter()


@pytest.fixture
def reported(enterprise_a, enterprise_b, quarter):
    """A little activity in Beijing (enterprise A) and Shanghai (enterprise B) in the
    quarter, under pledges, and the quarter's report computed."""
    moment = quarter.starts_at + datetime.timedelta(days=20)
    batch = f.BatchFactory(number=71, name="第七十一批")
    for enterprise, city, pledged, applicants in (
        (enterprise_a, f.CITY_X, 12000, 2),
        (enterprise_b, f.CITY_Y, 10, 1),
    ):
        agreement = f.AgreementFactory(enterprise=enterprise, batch=batch, pledged_posts=pledged)
        post = f.JobPostFactory(
            branch=f.BranchFactory(enterprise=enterprise, region=f.region(city)),
            agreement=agreement,
            openings=7,
            published_at=moment,
            submitted_at=moment - datetime.timedelta(days=2),
        )
        for _ in range(applicants):
            veteran = f.VeteranProfileFactory(home_region=f.region(city))
            f.ApplicationFactory(post=post, veteran=veteran, created_at=moment)
    quarterly_report_compute(quarter=quarter)
    return quarter


@pytest.fixture(autouse=True)
def _live_counts_not_kept(settings):
    """Live counts are kept a minute in the shared cache, and the report's section of a
    page an hour; tests count and render afresh (and read the page's context)."""
    settings.DASHBOARD_LIVE_COUNTS_SECONDS = 0
    settings.DASHBOARD_REPORT_SECONDS = 0
