import datetime

import pytest
from django.test import Client

from tests import factories as f
from tests.resident_ids import typed_variants, with_check_x

X_ID = with_check_x("440307", datetime.date(1975, 11, 3))


@pytest.fixture
def admin_client(db):
    client = Client()
    client.force_login(f.UserFactory(username="superuser", is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize(
    "variant", ["lower_case_x", "full_width_digits_and_x", "spaces_between_groups"]
)
def test_an_admin_finds_a_profile_by_its_number_however_it_is_typed(admin_client, variant):
    profile = f.VeteranProfileFactory(resident_id=X_ID)
    f.VeteranProfileFactory()
    response = admin_client.get(
        "/admin/veterans/veteranprofile/", {"q": typed_variants(X_ID)[variant]}
    )
    assert list(response.context["cl"].result_list) == [profile]
