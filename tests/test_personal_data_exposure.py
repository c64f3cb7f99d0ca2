"""No page, API answer, admin page or log line seen by anyone but the owner holds an
unmasked resident ID or mobile number (#8).

Every GET of the authorisation matrix (tests/test_authorisation_matrix.py) checks its
answer and what it logged, for every role on the own side's objects and for the roles kept
from the foreign side's (`assert_no_number_leaked`); here, the foreign side's objects as
the roles let in to them, the Django admin's pages as a superuser, the log filter and the
e-mail templates. The veterans' numbers are known: tests/matrix_fixtures.py PHONES.
"""

import logging
import re

import pytest
from django.conf import settings
from django.test import Client

from portal.accounts.privacy import PersonalDataLogFilter, mask_phone, mask_resident_id
from tests import factories as f
from tests import test_authorisation_matrix as matrix
from tests.matrix_fixtures import PHONES, leaked_numbers
from tests.test_authorisation_matrix import (
    MATRIX,
    ROLES,
    _pattern,
    _request,
    assert_no_number_leaked,
    shown,
)

pytestmark = pytest.mark.slow
# The matrix's world (both sides' objects), built once for this module too.
_module_world = matrix._module_world
world = matrix.world


def _numbers(world) -> dict[str, list[str]]:
    """Per side, the veteran's resident ID and mobile number."""
    return {
        name: [getattr(world, name).veteran.resident_id, PHONES[name]]
        for name in ("own", "foreign")
    }


FOREIGN_GETS = [
    pytest.param(key, role, id=f"{key}-{role}")
    for key, row in MATRIX.items()
    if "GET" in row.methods and row.obj
    for role in ROLES
    if role not in row.roles_kept_from_foreign()
]


def test_the_matrix_checks_every_other_get_for_numbers():
    """The matrix's GETs (own side, every role; foreign side, the roles kept out) and this
    module's (foreign side, the others) are every GET of every role on both sides."""
    gets = [(key, row) for key, row in MATRIX.items() if "GET" in row.methods]
    foreign = sum(len(row.roles_kept_from_foreign()) for _, row in gets if row.obj)
    assert len(FOREIGN_GETS) + foreign == sum(len(ROLES) for _, row in gets if row.obj)
    assert len(gets) * len(ROLES) + len(FOREIGN_GETS) + foreign > 400


def test_the_check_finds_a_full_number_except_where_its_caller_may_see_it(world):
    own_id, own_phone = _numbers(world)["own"]
    foreign_id, foreign_phone = _numbers(world)["foreign"]
    body = f"<p>{own_id} {own_phone} {foreign_id} {foreign_phone}</p>"
    assert leaked_numbers(world, "hr_a", "jobs:applicant_detail", body) == [
        own_id,
        own_phone,
        foreign_id,
        foreign_phone,
    ]
    # The enterprise the veteran applied to sees the phone at the contact page, not the ID.
    assert leaked_numbers(world, "hr_a", "jobs:applicant_contact", body) == [
        own_id,
        foreign_id,
        foreign_phone,
    ]
    assert leaked_numbers(world, "veteran", "veterans:profile", body) == [
        foreign_id,
        foreign_phone,
    ]
    masked = f"{mask_resident_id(own_id)} {mask_phone(own_phone)}"
    assert leaked_numbers(world, "ministry", "veterans:profile", masked) == []


@pytest.mark.parametrize(("key", "role"), FOREIGN_GETS)
def test_no_foreign_page_or_api_answer_shows_a_non_owner_an_unmasked_number(
    world, key, role, caplog
):
    row = MATRIX[key]
    url = row.foreign_url(_pattern(key), world.foreign)
    with caplog.at_level(logging.DEBUG):
        response = _request(world, role, "GET", url, row)
    assert_no_number_leaked(world, role, key, response, caplog)


def test_the_numbers_are_there_masked_for_the_enterprise_the_veteran_applied_to(world):
    numbers = _numbers(world)
    url = MATRIX["jobs:applicant_detail"].url("jobs:applicant_detail", world.own)
    body = shown(_request(world, "hr_a", "GET", url, MATRIX["jobs:applicant_detail"]))
    assert mask_resident_id(numbers["own"][0]) in body
    assert mask_phone(numbers["own"][1]) in body


def test_the_owner_sees_their_own_numbers_in_the_api(world):
    numbers = _numbers(world)
    client = Client()
    client.force_login(world.users["veteran"])
    body = client.get("/api/v1/me/profile/").content.decode()
    assert numbers["own"][0] in body and numbers["own"][1] in body


def test_no_admin_page_shows_an_unmasked_number(world):
    numbers = _numbers(world)
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
    numbers = _numbers(world)
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
