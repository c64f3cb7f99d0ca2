import pytest
from django.db import IntegrityError, transaction

from portal.accounts.models import User
from tests import factories as f


def test_bureau_staff_need_a_region(db):
    with pytest.raises(IntegrityError, match="bureau_staff_have_region"), transaction.atomic():
        User.objects.create(username="no_region", role=User.Role.BUREAU)


def test_bureau_staff_with_a_region_are_accepted(db):
    User.objects.create(username="beijing", role=User.Role.BUREAU, region=f.region(f.PROVINCE_X))
    assert User.objects.filter(role="bureau").count() == 1


@pytest.mark.parametrize("role", [User.Role.VETERAN, User.Role.ENTERPRISE, User.Role.MINISTRY])
def test_other_roles_need_no_region(db, role):
    User.objects.create(username=role, role=role)
    assert User.objects.get(username=role).region is None
