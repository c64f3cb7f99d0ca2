"""Named personas, one per role (STYLE.md rule 11).

Province X is Beijing (110000), province Y is Shanghai (310000); enterprise A has its
headquarters and a branch in X.
"""

import pytest
from django.utils import translation

from portal.accounts.models import User
from tests import factories as f


@pytest.fixture(autouse=True)
def _english_outside_requests():
    """Domain errors raised outside a request read in English, so tests can match them;
    pages follow the request's Accept-Language and e-mails the portal's first language."""
    with translation.override("en"):
        yield


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
def ministry(db):
    return f.MinistryUserFactory(username="ministry")


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
