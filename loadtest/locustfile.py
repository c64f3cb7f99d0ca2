"""Locust users for `make loadtest` (scripts/loadtest.py starts the server and the phases).

The mixed phase is people: visitors browse and search, veterans search, read posts, apply
and look at their applications, enterprise staff work their applicant pipeline, bureau
officers their review queue. Signed-in users arrive with a session made by the driver
(logging in is a password hash, ~0.3 s of CPU, and is not what this measures). The two
yardstick phases ask for one page only, without pause, to compare throughputs.

LOADTEST_WORLD (a JSON file from scripts/loadtest.py): sessions per role, post ids, words.
"""

import itertools
import json
import os
import random

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

    def page(self, path: str, name: str | None = None, **kwargs):
        """GET a page; anything but that page (a redirect to the login or the one-time
        password step, an error) counts as a failure."""
        with self.client.get(
            path, name=name, allow_redirects=False, catch_response=True, **kwargs
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} instead of the page")

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


class Visitor(Person):
    weight = 3

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


class Veteran(Person):
    weight = 4
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


class EnterpriseStaff(Person):
    weight = 2
    role = "enterprise"

    @task(3)
    def pipeline(self):
        self.page("/jobs/enterprise/applications/")

    @task(1)
    def own_posts(self):
        self.page("/jobs/enterprise/posts/")


class BureauOfficer(Person):
    weight = 1
    role = "bureau"

    @task(3)
    def review_queue(self):
        self.page("/jobs/review/")

    @task(1)
    def follow_ups(self):
        self.page("/jobs/follow-ups/")


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
