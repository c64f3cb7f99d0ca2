"""A Python client generated from /api/v1/schema/ by openapi-python-client, as an outside
integrator would make one, imports as generated and drives a journey through the API with
no hand-written HTTP: anonymous search with paging, a veteran's token, profile,
recommendations, apply and withdraw; enterprise staff advancing the applicant; a bureau
officer, with a one-time password, approving a post. ``pytest -k generated_client``.

The client talks to the WSGI application in this process (httpx's WSGI transport), so
its requests see the test's database transaction.
"""

import importlib
import os
import pkgutil
import subprocess
import sys
import warnings
from pathlib import Path

import httpx
import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client as DjangoClient
from django_otp.plugins.otp_totp.models import TOTPDevice
from openapi_spec_validator import validate
from openapi_spec_validator.readers import read_from_filename

from jobs.models import Application, JobPost, MatchingRun, Recommendation
from portal.wsgi import application as wsgi_application
from tests.accounts.test_mfa import PASSWORD, code_of
from tests.api.conftest import make_post

PACKAGE = "portal_api_client"
GENERATOR = Path(sys.executable).with_name("openapi-python-client")


@pytest.fixture(scope="module")
def schema_file(tmp_path_factory, django_db_setup, django_db_blocker) -> Path:
    with django_db_blocker.unblock():
        answer = DjangoClient().get("/api/v1/schema/?format=json", HTTP_ACCEPT_LANGUAGE="en")
    assert answer.status_code == 200
    path = tmp_path_factory.mktemp("schema") / "schema.json"
    path.write_bytes(answer.content)
    return path


@pytest.fixture(scope="module")
def generated(schema_file, tmp_path_factory):
    """(the generated package, the generator's output)."""
    root = tmp_path_factory.mktemp("generated")
    run = subprocess.run(
        [str(GENERATOR), "generate", "--path", str(schema_file), "--meta", "none"]
        + ["--output-path", str(root / PACKAGE)],
        capture_output=True,
        text=True,
        timeout=300,
        # Its ruff step formats the code it writes (the venv's ruff).
        env={**os.environ, "PATH": f"{GENERATOR.parent}{os.pathsep}{os.environ['PATH']}"},
    )
    assert run.returncode == 0, run.stdout + run.stderr
    sys.path.insert(0, str(root))
    yield importlib.import_module(PACKAGE), run.stdout + run.stderr
    sys.path.remove(str(root))
    for name in [name for name in sys.modules if name.startswith(PACKAGE)]:
        del sys.modules[name]


def test_the_generated_client_is_made_without_a_warning(generated):
    _package, output = generated
    assert "Warning" not in output, output


def test_the_generated_client_imports_every_module(generated):
    package, _output = generated
    modules = [info.name for info in pkgutil.walk_packages(package.__path__, f"{PACKAGE}.")]
    failed = {}
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception as error:  # noqa: BLE001 - any failure to import is the finding
            failed[name] = repr(error)
    assert len(modules) > 200
    assert failed == {}


def test_the_generated_client_schema_passes_an_independent_validator_without_a_warning(
    schema_file,
):
    spec, _url = read_from_filename(str(schema_file))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        validate(spec)
    assert [str(warning.message) for warning in caught] == []
    assert spec["openapi"].startswith("3.0")


# --- the journey -------------------------------------------------------------------------


def _module(name: str):
    return importlib.import_module(f"{PACKAGE}.{name}")


def _operation(name: str):
    """The generated module of an operation, whatever tag it was filed under."""
    api = _module("api")
    for info in pkgutil.walk_packages(api.__path__, f"{PACKAGE}.api."):
        if info.name.rsplit(".", 1)[-1] == name:
            return importlib.import_module(info.name)
    raise LookupError(name)


def _call(name: str, expected: int, **kwargs):
    response = _operation(name).sync_detailed(**kwargs)
    assert response.status_code == expected, (name, response.status_code, response.content)
    return response.parsed


@pytest.fixture
def _test_connection_kept():
    """As Django's test client does: the request signals must not close the connection
    that holds the test's transaction."""
    signals = (request_started, request_finished)
    for signal in signals:
        signal.disconnect(close_old_connections)
    yield
    for signal in signals:
        signal.connect(close_old_connections)


@pytest.fixture
def connect(generated, _test_connection_kept):
    package, _output = generated
    transport = httpx.WSGITransport(app=wsgi_application)
    options = {
        "base_url": "http://testserver",
        "headers": {"Accept-Language": "en"},
        "httpx_args": {"transport": transport},
    }

    def make(token: str | None = None):
        if token is None:
            return package.Client(**options)
        return package.AuthenticatedClient(token=token, **options)

    return make


def _recommend(veteran, post) -> None:
    """What the nightly matching leaves for the veteran (jobs/matching writes these rows)."""
    run = MatchingRun.objects.create(status="done", is_current=True)
    factors = ["skill_fit", "occupation_fit", "location_fit", "industry_fit", "salary_fit"]
    Recommendation.objects.create(
        run=run, veteran=veteran, post=post, rank=1, score=0.9, skills_required=1,
        skills_matched=1, education_fit=1.0, agreement_bonus=0.0, **dict.fromkeys(factors, 1.0),
    )  # fmt: skip


@pytest.mark.django_db
def test_the_generated_client_drives_the_journey(
    connect, settings, veteran, hr_a, branch_a, bureau_x
):
    settings.PAGE_SIZE = 2
    posts = [make_post(branch_a, title=f"电工{n}") for n in range(3)]
    pending = make_post(branch_a, JobPost.Status.PENDING, title="仓库管理员")
    _recommend(veteran, posts[0])
    models = _module("models")
    anonymous = connect()

    # Anyone searches, a page at a time, following next_cursor.
    first = _call("post_search", 200, client=anonymous)
    second = _call("post_search", 200, client=anonymous, cursor=first.next_cursor)
    assert second.next_cursor is None
    found = {post.id for post in first.results + second.results}
    assert found == {post.pk for post in posts}

    # The veteran's token, profile and recommendations.
    credentials = models.CredentialsRequest(username=veteran.user.username, password=PASSWORD)
    token = _call("auth_token_create", 200, client=anonymous, body=credentials).token
    as_veteran = connect(token)
    assert _call("profile_detail", 200, client=as_veteran).full_name == veteran.full_name
    recommended = _call("my_recommendation_list", 200, client=as_veteran)
    assert [row.post.id for row in recommended.results] == [posts[0].pk]
    assert recommended.results[0].reasons

    # Apply to two posts, withdraw one.
    note = models.PostApplyInputRequest(note="我有电工证")
    applied = _call("post_apply", 201, client=as_veteran, id=posts[0].pk, body=note)
    other = _call("post_apply", 201, client=as_veteran, id=posts[1].pk)
    withdrawn = _call("application_withdraw", 200, client=as_veteran, id=other.id)
    assert withdrawn.status == models.ApplicationStatusEnum.WITHDRAWN

    # Enterprise staff find the application in their pipeline and move it on.
    credentials = models.CredentialsRequest(username=hr_a.username, password=PASSWORD)
    as_hr = connect(_call("auth_token_create", 200, client=anonymous, body=credentials).token)
    pipeline = _call("pipeline_list", 200, client=as_hr, post=posts[0].pk)
    assert [row.id for row in pipeline.results] == [applied.id]
    for target in (models.PipelineStepEnum.VIEWED, models.PipelineStepEnum.SHORTLISTED):
        step = models.ApplicationAdvanceInputRequest(target=target, message="请来面试")
        advanced = _call("application_advance", 200, client=as_hr, id=applied.id, body=step)
    assert advanced.status == models.ApplicationStatusEnum.SHORTLISTED

    # A bureau officer gets a short-lived token with a one-time password and approves.
    device = TOTPDevice.objects.create(user=bureau_x, name="phone", confirmed=True)
    TOTPDevice.objects.filter(user=bureau_x).exclude(pk=device.pk).delete()
    staff = models.AuthStaffTokenCreateInputRequest(
        username=bureau_x.username, password=PASSWORD, otp=code_of(device)
    )
    as_officer = connect(_call("auth_staff_token_create", 200, client=anonymous, body=staff).token)
    queue = _call("post_review_queue", 200, client=as_officer)
    assert [post.id for post in queue.results] == [pending.pk]
    approved = _call("post_approve", 200, client=as_officer, id=pending.pk)
    assert approved.status == models.JobPostStatusEnum.PUBLISHED

    # What the server holds is what the client was told.
    statuses = dict(Application.objects.values_list("id", "status"))
    assert statuses == {applied.id: "shortlisted", other.id: "withdrawn"}
    pending.refresh_from_db()
    assert pending.status == JobPost.Status.PUBLISHED


@pytest.mark.django_db
def test_the_generated_client_reads_an_error_as_the_shared_component(connect):
    models = _module("models")
    response = _operation("auth_token_create").sync_detailed(
        client=connect(), body=models.CredentialsRequest(username="nobody", password="x")
    )
    assert response.status_code == 400
    assert isinstance(response.parsed, models.ValidationError)
    assert response.parsed.code == "authorization"
