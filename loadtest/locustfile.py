"""Locust users for `make loadtest` (scripts/loadtest.py starts the server and the phases).

The mixed phase is people, in the proportions of a national portal's traffic (weights
10 : 6 : 3 : 1, so 300 users are 150 visitors, 90 veterans, 45 enterprise staff and 15
bureau officers): visitors search, read posts, open the public directory of cooperative
enterprises, a batch's page, the notices and policies and the service stations; veterans
search, read posts, apply, look at their applications, the invitations enterprises sent
them, the feedback asked of them and the notices; enterprise staff work their applicant
pipeline (opening an applicant: their review), their posts, the quarterly notices and their
feedback; bureau officers review posts (open a waiting post, approve one now and then), the
follow-ups, the quarterly notices, the feedback summary and the enterprises they invited. A
detail page is reached as people do: from a link on the list page just fetched. Signed-in
users arrive with a session made by the driver (logging in is a password hash, ~0.3 s of
CPU, and is not what this measures). The two yardstick phases ask for one page only,
without pause, to compare throughputs.

LOADTEST_WORLD (a JSON file from scripts/loadtest.py): sessions per role, post ids, words.
"""

import itertools
import json
import os
import random
import re

from locust import FastHttpUser, between, constant, task

WORLD = json.loads(open(os.environ["LOADTEST_WORLD"]).read())
_sessions = {role: itertools.cycle(keys) for role, keys in WORLD["sessions"].items()}
_random = random.Random(1)


def search_query() -> dict:
    query = {"q": _random.choice(WORLD["words"])}
    if _random.random() < 0.3:
        query["province"] = _random.choice(WORLD["provinces"])
    return query


class Person(FastHttpUser):
    abstract = True
    role = None
    wait_time = between(0.5, 2.5)

    def on_start(self):
        if self.role:
            self.client.cookiejar.set_cookie(self._cookie("sessionid", next(_sessions[self.role])))
        self.page("/", name="/ (home)")  # sets the CSRF cookie

    def _cookie(self, name, value):
        from http.cookiejar import Cookie

        return Cookie(
            0,
            name,
            value,
            None,
            False,
            "127.0.0.1",
            False,
            False,
            "/",
            True,
            False,
            None,
            False,
            None,
            None,
            {},
        )

    def page(self, path: str, name: str | None = None, **kwargs) -> str:
        """GET a page; anything but that page (a redirect to the login or the one-time
        password step, an error) counts as a failure. Returns the page's text."""
        with self.client.get(
            path, name=name, allow_redirects=False, catch_response=True, **kwargs
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} instead of the page")
                return ""
            return response.text or ""

    def list_then_detail(self, path: str, prefix: str, name: str, detail_name: str) -> str | None:
        """A list page, then one of the details it links to (`prefix` + id + "/"), as a
        person clicks a row; the detail's path, if the list linked to any."""
        ids = re.findall(re.escape(prefix) + r"(\d+)/", self.page(path, name=name))
        if not ids:
            return None
        detail = f"{prefix}{_random.choice(ids)}/"
        self.page(detail, name=detail_name)
        return detail

    def csrf_headers(self) -> dict:
        token = next((c.value for c in self.client.cookiejar if c.name == "csrftoken"), "")
        return {"X-CSRFToken": token}

    def search(self):
        self.page("/", params=search_query(), name="/?q= (search)")

    def read_post(self):
        self.page(f"/jobs/posts/{_random.choice(WORLD['posts'])}/", name="/jobs/posts/[id]/")

    def directory(self):
        """The public directory of cooperative enterprises, 30 % of the time filtered by a
        province, then one enterprise's public page."""
        params = {"province": _random.choice(WORLD["provinces"])} if _random.random() < 0.3 else {}
        self.page("/cooperation/", params=params, name="/cooperation/ (directory)")
        if WORLD.get("enterprises"):
            pk = _random.choice(WORLD["enterprises"])
            self.page(f"/cooperation/enterprises/{pk}/", name="/cooperation/enterprises/[id]/")

    def notices(self):
        """The notices and policies, and one of them."""
        self.list_then_detail(
            "/jobs/notices/", "/jobs/notices/", "/jobs/notices/", "/jobs/notices/[id]/"
        )

    def quarterly_notices(self):
        """The quarterly notices the ministry and bureaus sent, and one of them."""
        self.list_then_detail(
            "/dashboards/notices/",
            "/dashboards/notices/",
            "/dashboards/notices/",
            "/dashboards/notices/[id]/",
        )


class Visitor(Person):
    weight = 10

    @task(3)
    def searches(self):
        self.search()

    @task(2)
    def reads(self):
        self.read_post()

    @task(1)
    def home(self):
        self.page("/", name="/ (home)")

    @task(1)
    def cooperative_enterprises(self):
        self.directory()

    @task(1)
    def batch(self):
        self.page(
            f"/cooperation/batches/{_random.choice(WORLD['batches'])}/",
            name="/cooperation/batches/[number]/",
        )

    @task(1)
    def reads_notices(self):
        self.notices()

    @task(1)
    def service_stations(self):
        self.list_then_detail(
            "/veterans/service-stations/",
            "/veterans/service-stations/",
            "/veterans/service-stations/",
            "/veterans/service-stations/[id]/",
        )


class Veteran(Person):
    weight = 6
    role = "veteran"

    @task(3)
    def searches(self):
        self.search()

    @task(2)
    def reads(self):
        self.read_post()

    @task(1)
    def applies(self):
        post = _random.choice(WORLD["posts"])
        with self.client.post(
            f"/jobs/posts/{post}/apply/",
            data={"note": "负载测试"},
            headers=self.csrf_headers(),
            name="/jobs/posts/[id]/apply/",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            # Applied (to the application) or refused with a message (to the post, e.g. an
            # application made earlier in the run); never the login page or an error.
            location = response.headers.get("Location", "")
            if response.status_code != 302 or not location.startswith("/jobs/"):
                response.failure(f"{response.status_code} {location}")

    @task(1)
    def my_applications(self):
        self.page("/jobs/applications/")

    @task(1)
    def invitations(self):
        self.page("/jobs/invitations/")

    @task(1)
    def feedback(self):
        self.page("/jobs/feedback/")

    @task(1)
    def reads_notices(self):
        self.notices()


class EnterpriseStaff(Person):
    weight = 3
    role = "enterprise"

    @task(3)
    def reviews_applicants(self):
        """The pipeline, then one applicant's page (where the enterprise decides)."""
        self.list_then_detail(
            "/jobs/enterprise/applications/",
            "/jobs/enterprise/applications/",
            "/jobs/enterprise/applications/",
            "/jobs/enterprise/applications/[id]/",
        )

    @task(1)
    def own_posts(self):
        self.page("/jobs/enterprise/posts/")

    @task(1)
    def reads_quarterly_notices(self):
        self.quarterly_notices()

    @task(1)
    def feedback(self):
        self.page("/jobs/feedback/enterprise/")


class BureauOfficer(Person):
    weight = 1
    role = "bureau"

    @task(3)
    def reviews_posts(self):
        """The review queue, a waiting post's page, and one time in four its approval."""
        detail = self.list_then_detail(
            "/jobs/review/", "/jobs/review/", "/jobs/review/", "/jobs/review/[id]/"
        )
        if detail and _random.random() < 0.25:
            with self.client.post(
                detail + "approve/",
                data={"note": ""},
                headers=self.csrf_headers(),
                name="/jobs/review/[id]/approve/",
                allow_redirects=False,
                catch_response=True,
            ) as response:
                # Approved (to the queue) or refused with a message (back to the post, e.g.
                # another officer decided first): both redirects into the review pages.
                location = response.headers.get("Location", "")
                if response.status_code != 302 or not location.startswith("/jobs/review/"):
                    response.failure(f"{response.status_code} {location}")

    @task(1)
    def follow_ups(self):
        self.page("/jobs/follow-ups/")

    @task(1)
    def reads_quarterly_notices(self):
        self.quarterly_notices()

    @task(1)
    def feedback_summary(self):
        self.page("/jobs/feedback/summary/")

    @task(1)
    def invited_enterprises(self):
        self.page("/enterprises/invitations/")


class SearchOnly(FastHttpUser):
    """Yardstick: the search page, back to back."""

    wait_time = constant(0)

    @task
    def search(self):
        self.client.get("/", params=search_query(), name="/?q= (search)")


class TrivialOnly(FastHttpUser):
    """Yardstick: the cheapest Django view (/health/live/), back to back."""

    wait_time = constant(0)

    @task
    def live(self):
        self.client.get("/health/live/")
