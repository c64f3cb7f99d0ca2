"""No page, API answer, admin page or log line seen by anyone but the owner holds an
unmasked resident ID or mobile number (#8).

It walks every GET of the authorisation matrix (tests/test_authorisation_matrix.py), on
both sides' objects, as every role, with veterans whose numbers are known, plus the Django
admin's pages as a superuser, and scans every body and every log record.
"""

import logging
import re

import pytest
from django.conf import settings
from django.test import Client

from portal.accounts.models import User
from portal.accounts.privacy import PersonalDataLogFilter, mask_phone, mask_resident_id
from tests import factories as f
from tests import test_authorisation_matrix as matrix
from tests.test_authorisation_matrix import MATRIX, ROLES, _pattern, _request
from veterans.models import VeteranProfile

pytestmark = pytest.mark.slow
# The matrix's world (both sides' objects), built once for this module too.
_module_world = matrix._module_world
world = matrix.world
PHONES = {"own": "13912345678", "foreign": "13787654321"}


def _known_numbers(world) -> dict[str, list[str]]:
    """Per side, the numbers only that side's veteran may see, after giving them phones."""
    numbers = {}
    for name in ("own", "foreign"):
        profile = getattr(world, name).veteran
        VeteranProfile.objects.filter(pk=profile.pk).update(phone=PHONES[name])
        User.objects.filter(pk=profile.user_id).update(phone=PHONES[name])
        numbers[name] = [profile.resident_id, PHONES[name]]
    return numbers


def _not_owned_by(role: str, world, numbers: dict) -> list[str]:
    if role == "veteran":  # the own side's veteran: the other veteran's numbers only
        return numbers["foreign"]
    return numbers["own"] + numbers["foreign"]


# Who may see the own side's full mobile number, and where (issue 16, item 5): the staff of
# the enterprise the veteran applied to with the consent to share it, and the bureau doing
# the follow-up; each showing is an audit event (tests/jobs/test_contact_details.py).
# The value: whose number (the own or the foreign side's veteran); province Y's bureau
# follows up the foreign side's placement.
CALLERS = {
    ("hr_a", "jobs:applicant_contact"): "own",
    ("hr_a", "api-application-contact"): "own",
    ("bureau_x", "jobs:follow_up_contact"): "own",
    ("bureau_x", "api-follow-up-contact"): "own",
    ("bureau_y", "jobs:follow_up_contact"): "foreign",
    ("bureau_y", "api-follow-up-contact"): "foreign",
}


def _requests(world):
    for key, row in MATRIX.items():
        if "GET" not in row.methods:
            continue
        yield key, row, row.url(_pattern(key), world.own)
        if row.obj:
            yield key, row, row.foreign_url(_pattern(key), world.foreign)


def _body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode("latin-1")
    return response.content.decode("utf-8", "replace")


def test_no_page_or_api_answer_shows_a_non_owner_an_unmasked_number(world, caplog):
    numbers = _known_numbers(world)
    leaks, seen = [], 0
    with caplog.at_level(logging.DEBUG):
        for role in ROLES:
            hidden = _not_owned_by(role, world, numbers)
            for key, row, url in _requests(world):
                body = _body(_request(world, role, "GET", url, row))
                seen += 1
                side = CALLERS.get((role, key))
                allowed = PHONES[side] if side else None
                leaks += [f"{role} GET {url}: {n}" for n in hidden if n in body and n != allowed]
    assert seen > 400
    assert leaks == []
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert [n for n in numbers["own"] + numbers["foreign"] if n in logged] == []


def test_the_numbers_are_there_masked_for_the_enterprise_the_veteran_applied_to(world):
    numbers = _known_numbers(world)
    url = MATRIX["jobs:applicant_detail"].url("jobs:applicant_detail", world.own)
    body = _body(_request(world, "hr_a", "GET", url, MATRIX["jobs:applicant_detail"]))
    assert mask_resident_id(numbers["own"][0]) in body
    assert mask_phone(numbers["own"][1]) in body


def test_the_owner_sees_their_own_numbers_in_the_api(world):
    numbers = _known_numbers(world)
    client = Client()
    client.force_login(world.users["veteran"])
    body = client.get("/api/v1/me/profile/").content.decode()
    assert numbers["own"][0] in body and numbers["own"][1] in body


def test_no_admin_page_shows_an_unmasked_number(world):
    numbers = _known_numbers(world)
    admin = f.UserFactory(username="superuser", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    own, foreign = world.own.veteran, world.foreign.veteran
    pages = [
        "/admin/veterans/veteranprofile/",
        f"/admin/veterans/veteranprofile/{own.pk}/change/",
        f"/admin/veterans/veteranprofile/{foreign.pk}/change/",
        "/admin/accounts/user/",
        f"/admin/accounts/user/{own.user_id}/change/",
        "/admin/accounts/auditevent/",
        "/admin/veterans/resume/",
        "/admin/jobs/application/",
    ]
    leaks = []
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        body = response.content.decode()
        leaks += [f"{page}: {n}" for n in numbers["own"] + numbers["foreign"] if n in body]
    assert leaks == []


def test_an_admin_finds_a_profile_by_its_full_number(world):
    admin = f.UserFactory(username="superuser", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    own = world.own.veteran
    response = client.get(f"/admin/veterans/veteranprofile/?q={own.resident_id}")
    assert response.context["cl"].result_count == 1


def test_the_log_filter_masks_numbers_whatever_logged_them(world):
    numbers = _known_numbers(world)
    record = logging.LogRecord(
        "x", logging.INFO, __file__, 1, "profile %s phone %s", tuple(numbers["own"]), None
    )
    PersonalDataLogFilter().filter(record)
    message = record.getMessage()
    assert numbers["own"][0] not in message and numbers["own"][1] not in message
    assert mask_resident_id(numbers["own"][0]) in message
    handlers = settings.LOGGING["handlers"].values()
    assert all("personal_data" in handler["filters"] for handler in handlers)


def test_no_e_mail_template_names_a_resident_id_or_phone():
    """An organisation's contact phone (a training institution's) may be mailed; a person's not."""
    templates = settings.BASE_DIR / "templates" / "emails"
    personal = re.compile(r"resident_id|\.phone\b")
    named = [path.name for path in templates.iterdir() if personal.search(path.read_text())]
    assert named == []
