"""How the API answers what it refuses: one shape, the caller's language, a stable code."""

import pytest

from jobs.models import JobPost
from tests.api.conftest import field_errors, make_post

pytestmark = pytest.mark.django_db


def test_a_form_encoded_body_answers_415(api, veteran):
    answer = api(veteran).post(
        "/api/v1/me/consents/give/", "purpose=x", content_type="application/x-www-form-urlencoded"
    )
    assert answer.status_code == 415
    assert answer.json()["code"] == "unsupported_media_type"


def test_a_field_error_names_its_field_and_code(api, veteran):
    answer = api(veteran).post("/api/v1/me/consents/give/", {"version": "v1"})
    assert answer.status_code == 400
    assert answer.json()["errors"] == [
        {"field": "purpose", "message": "This field is required.", "code": "required"}
    ]
    assert answer.json()["code"] == "required"


def test_malformed_json_answers_400_in_the_same_shape(api, veteran):
    answer = api(veteran).post("/api/v1/me/consents/give/", "{", content_type="application/json")
    assert answer.status_code == 400
    assert answer.json()["code"] == "parse_error"
    assert field_errors(answer).keys() == {None}


def test_not_found_names_no_model_and_reads_in_chinese(api, veteran):
    client = api(veteran)
    answer = client.get("/api/v1/posts/999999/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert answer.status_code == 404
    assert answer.json() == {"detail": "未找到。", "code": "not_found"}


def test_a_rule_refusal_carries_the_rule_and_its_reason_as_code(api, veteran, branch_a):
    closed = make_post(branch_a, JobPost.Status.CLOSED)
    answer = api(veteran).post(f"/api/v1/posts/{closed.pk}/apply/", {})
    assert answer.status_code == 409
    assert answer.json()["code"] == "jobs.may_apply.closed"
