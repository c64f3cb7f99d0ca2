"""portal/text.py: names and titles lose their invisible characters however they arrive;
free text has a length limit that the web and the API both enforce, with a message."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from jobs.models import JobPost
from portal.text import visible
from tests import factories as f
from tests.api.conftest import field_errors
from tests.api.test_enterprise_api import post_data
from tests.jobs.test_enterprise_views import post_input

pytestmark = pytest.mark.django_db

OVERRIDE = "\u202e"  # right-to-left override: "职位\u202efdp.exe" reads "职位exe.pdf"
HUGE = "a" * 2_000_000  # 2 MB: under Django's request size limit, so the field decides


@pytest.mark.parametrize(
    "hidden", ["\u202e", "\u202d", "\u2066", "\u200b", "\u200f", "\ufeff", "\x00", "\x1b", "\n"]
)
def test_visible_takes_out_invisible_and_direction_changing_characters(hidden):
    assert visible(f"仓储{hidden}管理员") == "仓储管理员"


def test_visible_keeps_chinese_latin_digits_spaces_and_full_width_punctuation():
    text = "中国石化（北京）Sinopec 2号仓，A-3 区！"
    assert visible(text) == text


def test_a_title_sent_through_the_api_is_kept_without_a_direction_override(client, hr_a, branch_a):
    api = APIClient()
    api.force_authenticate(hr_a)

    answer = api.post(
        "/api/v1/posts/create/", post_data(branch_a, title=f"职位{OVERRIDE}fdp.exe"), format="json"
    )

    assert answer.status_code == 201
    assert answer.json()["title"] == "职位fdp.exe"
    assert JobPost.objects.get().title == "职位fdp.exe"


def test_a_title_sent_through_the_web_form_is_kept_without_a_direction_override(
    client, hr_a, branch_a
):
    client.force_login(hr_a)

    client.post(
        reverse("jobs:enterprise_post_create"), post_input(branch_a, title=f"叉车{OVERRIDE}司机")
    )

    assert JobPost.objects.get().title == "叉车司机"


def test_names_lose_invisible_characters_on_save_and_on_update(enterprise_a):
    enterprise_a.name = "甲企业\u200b集团"
    enterprise_a.save()
    type(enterprise_a).objects.filter(pk=enterprise_a.pk).update(name="甲\u202e企业")

    enterprise_a.refresh_from_db()
    assert enterprise_a.name == "甲企业"


def test_a_veterans_name_loses_invisible_characters_in_full_clean():
    profile = f.VeteranProfileFactory.build(full_name="张\u200b三")

    profile.clean_fields(exclude=[f.name for f in profile._meta.fields if f.name != "full_name"])

    assert profile.full_name == "张三"


def test_the_api_refuses_a_two_million_character_post_description(branch_a, hr_a):
    api = APIClient()
    api.force_authenticate(hr_a)

    answer = api.post(
        "/api/v1/posts/create/",
        post_data(branch_a, description=HUGE),
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert answer.status_code == 400
    assert "no more than 5000 characters" in str(field_errors(answer)["description"])
    assert not JobPost.objects.exists()


def test_the_web_form_refuses_a_two_million_character_post_description(client, hr_a, branch_a):
    client.force_login(hr_a)

    response = client.post(
        reverse("jobs:enterprise_post_create"),
        post_input(branch_a, description=HUGE),
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )

    assert response.status_code == 200
    assert "5000" in response.content.decode() and "字符" in response.content.decode()
    assert not JobPost.objects.exists()


def test_the_model_refuses_an_overlong_description_in_full_clean(branch_a):
    post = f.JobPostFactory.build(branch=branch_a, description="字" * 5001)

    with pytest.raises(ValidationError) as refused:
        post.clean_fields()

    assert "description" in refused.value.message_dict


def test_the_web_form_shows_the_limit_in_its_maxlength(client, hr_a, branch_a):
    client.force_login(hr_a)

    page = client.get(reverse("jobs:enterprise_post_create")).content.decode()

    assert 'maxlength="5000"' in page


def test_an_api_body_too_large_to_read_answers_json_400(hr_a, branch_a):
    api = APIClient()
    api.force_authenticate(hr_a)

    answer = api.post(
        "/api/v1/posts/create/", post_data(branch_a, description="字" * 2_000_000), format="json"
    )

    assert (answer.status_code, answer.json()["code"]) == (400, "bad_request")
    assert not JobPost.objects.exists()
