"""In Chromium (#8): the Content-Security-Policy blocks nothing the portal itself serves,
and a bureau officer logs in through the forms, password then one-time password."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests import factories as f
from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.django_db(transaction=True)


def current_code(device: TOTPDevice) -> str:
    """What the officer's authenticator app shows now, from the device's key."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def log_in_with_password(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "pass-Word-123")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()


def watch_csp(page) -> list[str]:
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.on("pageerror", lambda error: violations.append(str(error)))
    return violations


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/accounts/signup/", "/api/v1/docs/"])
def test_the_policy_blocks_nothing_on_public_pages(new_page, path):
    page = new_page("zh-hans", DESKTOP)
    violations = watch_csp(page)
    page.goto(path)
    page.wait_for_load_state("networkidle")
    if path == "/api/v1/docs/":
        page.wait_for_selector(".opblock")
    assert violations == []


def test_a_bureau_officer_enrols_and_logs_in_with_a_one_time_password(new_page):
    officer = f.BureauUserFactory(username="officer_browser")
    page = new_page("zh-hans", PHONE)
    violations = watch_csp(page)
    log_in_with_password(page, officer.username)
    assert "/accounts/mfa/setup/" in page.url
    assert page.locator(".portal-qr svg").is_visible()
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    page.fill("input[name=token]", current_code(device))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    assert page.locator(".portal-recovery-codes code").count() == 10  # shown once, now
    with page.expect_navigation():
        page.locator("main a.btn-primary").click()
    assert page.url.endswith("/jobs/review/")
    assert violations == []


def test_an_enrolled_officer_passes_the_code_step_after_the_password(new_page):
    officer = f.BureauUserFactory(username="officer_enrolled")
    device = TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)
    page = new_page("en", DESKTOP)
    log_in_with_password(page, officer.username)
    assert "/accounts/mfa/verify/" in page.url
    page.fill("input[name=token]", "000000")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    assert page.locator(".invalid-feedback, .alert-danger").first.is_visible()
    # django-otp refuses any code for 2 ** failures seconds after a wrong one.
    page.wait_for_timeout(2100)
    page.fill("input[name=token]", current_code(device))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    assert page.url.endswith("/jobs/review/")
