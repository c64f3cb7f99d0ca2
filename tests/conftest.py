"""Named personas, one per role (STYLE.md rule 11).

Province X is Beijing (110000), province Y is Shanghai (310000); enterprise A has its
headquarters and a branch in X.
"""

import uuid

import pytest
from django.core.cache import caches
from django.test import Client
from django.utils import translation

from portal.accounts.mfa import session_mark_verified
from portal.accounts.middleware import is_staff_user
from portal.accounts.models import User
from tests import factories as f


@pytest.fixture(autouse=True)
def _english_outside_requests():
    """Domain errors raised outside a request read in English, so tests can match them;
    pages follow the request's Accept-Language and e-mails the portal's first language."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _empty_caches(settings):
    """Each test starts with empty caches: the local one (visitors' pages, search filters,
    in this process's memory) is cleared, and Redis keys get a prefix of the test's own
    (flushing Redis would take the Celery queues' bindings along)."""
    caches["local"].clear()
    default = {**settings.CACHES["default"], "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}
    settings.CACHES = {**settings.CACHES, "default": default}


@pytest.fixture(autouse=True)
def _staff_log_in_with_a_verified_one_time_password(monkeypatch):
    """client.force_login(bureau or ministry user) gives a session whose one-time password
    is checked, as after the MFA step; tests of MFA itself (tests/accounts/test_mfa.py) log
    in through the forms."""
    force_login = Client.force_login

    def force_login_verified(self, user, backend=None):
        force_login(self, user, backend)
        if is_staff_user(user):
            session_mark_verified(self.session, user)

    monkeypatch.setattr(Client, "force_login", force_login_verified)


@pytest.fixture
def english(client):
    """The test client asks for pages in English, so tests read the messages' msgids (a
    module of page tests says ``pytestmark = pytest.mark.usefixtures("english")``)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def browse(english):
    """browse(user) -> the test client, in English, logged in as ``user`` (None: anonymous)."""

    def as_user(user):
        if user is not None:
            english.force_login(user)
        return english

    return as_user


@pytest.fixture
def veteran(db):
    return f.VeteranProfileFactory(user__username="veteran")


@pytest.fixture
def other_veteran(db):
    return f.VeteranProfileFactory(user__username="other_veteran")


@pytest.fixture
def enterprise_a(db):
    return f.EnterpriseFactory(name="甲企业集团有限公司", hq_region=f.region(f.CITY_X))


@pytest.fixture
def enterprise_b(db):
    return f.EnterpriseFactory(name="乙企业股份有限公司", hq_region=f.region(f.CITY_Y))


@pytest.fixture
def hr_a(enterprise_a):
    return f.EnterpriseMemberFactory(enterprise=enterprise_a, user__username="hr_a").user


@pytest.fixture
def hr_b(enterprise_b):
    return f.EnterpriseMemberFactory(enterprise=enterprise_b, user__username="hr_b").user


@pytest.fixture
def branch_a(enterprise_a):
    return f.BranchFactory(enterprise=enterprise_a, region=f.region(f.CITY_X))


@pytest.fixture
def bureau_x(db):
    return f.BureauUserFactory(username="bureau_x", region=f.region(f.PROVINCE_X))


@pytest.fixture
def bureau_y(db):
    return f.BureauUserFactory(username="bureau_y", region=f.region(f.PROVINCE_Y))


@pytest.fixture
def bureau_district(db):
    """An officer of a district of city X (朝阳区): its district only."""
    return f.BureauUserFactory(username="bureau_district", region=f.region(f.DISTRICT_X))


@pytest.fixture
def ministry(db):
    return f.MinistryUserFactory(username="ministry")


@pytest.fixture
def programme(db):
    """A programme in city X (governed by bureau_x) that teaches two skills."""
    programme = f.TrainingProgrammeFactory(seats=3)
    programme.skills.set([f.SkillFactory(code="low-voltage"), f.SkillFactory(code="safety")])
    return programme


@pytest.fixture
def institution_staff(programme):
    """A staff account of the institution that teaches ``programme`` (in city X)."""
    return f.InstitutionMemberFactory(
        institution=programme.institution, user__username="institution_a"
    ).user


@pytest.fixture
def enrolment(programme, veteran):
    return f.EnrolmentFactory(programme=programme, veteran=veteran)


@pytest.fixture
def anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


ROLES = ("veteran", "hr_a", "bureau_x", "bureau_y", "ministry")


@pytest.fixture
def persona(request):
    """Parametrise a test over roles: @pytest.mark.parametrize("persona", ROLES, indirect=True)."""
    obj = request.getfixturevalue(request.param)
    return obj.user if hasattr(obj, "user") and not isinstance(obj, User) else obj
