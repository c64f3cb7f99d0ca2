"""axe-core (tests/browser/vendor/axe-core, from the npm registry) over the main page of each
role, in Chinese and English, on a desktop and a phone: no serious or critical violation.

axe is injected as an init script (the DevTools protocol), so the portal's
Content-Security-Policy, which admits no inline script, stays as it is."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from jobs.models import JobPost
from tests import factories as f
from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.django_db(transaction=True)

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
SERIOUS = {"serious", "critical"}
# Each role's main page: where the log-in takes it (accounts:workbench), and the public
# pages. The ministry's national dashboard is its most used page after the workbench.
# A form of each role too.
PAGES = {
    "anonymous": ["/", "/accounts/login/", "/accounts/signup/"],
    "veteran": [
        "accounts:workbench",
        "jobs:recommendations",
        "jobs:application_list",
        "/veterans/profile/edit/identity/",
        "accounts:inbox",
        "accounts:phone_verification",
    ],
    "hr_a": [
        "accounts:workbench",
        "jobs:pipeline",
        "jobs:enterprise_post_create",
        "accounts:notification_settings",
    ],
    "bureau_x": ["accounts:workbench", "jobs:follow_up_list"],
    "ministry": ["accounts:workbench", "dashboards:nation", "accounts:mfa_recovery_codes"],
    "staff_mfa": ["accounts:mfa_verify", "accounts:mfa_recover"],
}


@pytest.fixture
def world(veteran, hr_a, bureau_x, ministry, branch_a):
    """Something on every page: posts published and waiting, an application."""
    published = f.searchable_post(branch=branch_a, title="仓储管理员")
    f.JobPostFactory(branch=branch_a, title="安保主管", status=JobPost.Status.PENDING)
    f.ApplicationFactory(post=published, veteran=veteran)
    f.NotificationFactory(user=veteran.user, title="您的申请状态已更新")
    return {"veteran": veteran.user, "hr_a": hr_a, "bureau_x": bureau_x, "ministry": ministry}


def open_page(new_page, live_server, user, language, viewport, verified=True):
    page = new_page(language, viewport)
    page.context.add_init_script(path=str(AXE))
    if user is not None:
        client = Client()
        client.force_login(user)
        if not verified:  # force_login's session is verified by tests/conftest.py
            session = client.session
            session.pop("otp_device_id", None)
            session.save()
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        page.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
        )
    return page


def serious_violations(page) -> list[str]:
    results = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {json.dumps([n['target'] for n in v['nodes']][:5])}"
        for v in results
        if v["impact"] in SERIOUS
    ]


def _url(name: str) -> str:
    return name if name.startswith("/") else reverse(name)


CASES = [(role, name) for role, names in PAGES.items() for name in names]


@pytest.mark.parametrize(("language", "viewport"), [("zh-hans", DESKTOP), ("en", PHONE)])
@pytest.mark.parametrize(("role", "name"), CASES, ids=[f"{r}-{n}" for r, n in CASES])
def test_axe_finds_no_serious_violation_on_the_main_pages(
    new_page, live_server, world, role, name, language, viewport
):
    if role == "staff_mfa":
        f.BureauUserFactory(username="officer_axe")
        from django_otp.plugins.otp_totp.models import TOTPDevice

        officer = f.BureauUserFactory._meta.model.objects.get(username="officer_axe")
        TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)
        page = open_page(new_page, live_server, officer, language, viewport, verified=False)
    else:
        user = world.get(role)
        page = open_page(new_page, live_server, user, language, viewport)

    response = page.goto(_url(name))

    assert response.ok, page.url
    assert serious_violations(page) == [], page.url
