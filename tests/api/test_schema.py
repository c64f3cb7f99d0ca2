import re

import pytest
import yaml
from django.contrib.staticfiles import finders
from django.core.management import call_command

pytestmark = pytest.mark.django_db

URL = re.compile(r"""https?://[^\s"'<>)]+""")


def test_the_schema_generates_with_no_warnings(tmp_path):
    # --fail-on-warn raises SchemaGenerationError on any warning or error.
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml")
    )
    assert (tmp_path / "schema.yaml").stat().st_size > 0


def test_every_operation_has_an_id_a_summary_or_description_and_a_response(client):
    schema = yaml.safe_load(client.get("/api/v1/schema/").content)
    operations = [
        (path, method, operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
    ]
    assert len(operations) > 50
    ids = [operation["operationId"] for _, _, operation in operations]
    assert len(ids) == len(set(ids))
    for path, method, operation in operations:
        assert operation["responses"], (method, path)
        assert path.startswith("/api/v1/"), path


@pytest.fixture
def schema(client):
    return yaml.safe_load(client.get("/api/v1/schema/").content)


def _operations(schema):
    return {
        operation["operationId"]: operation
        for item in schema["paths"].values()
        for operation in item.values()
    }


def _component(schema, reference: dict) -> dict:
    return schema["components"]["schemas"][reference["$ref"].rsplit("/", 1)[-1]]


def test_the_schema_declares_session_and_token_auth(schema):
    assert {"cookieAuth", "tokenAuth"} <= set(schema["components"]["securitySchemes"])


def test_request_bodies_are_json_but_the_file_uploads(schema):
    media_types = {
        operation_id: set(operation["requestBody"]["content"])
        for operation_id, operation in _operations(schema).items()
        if "requestBody" in operation
    }
    uploads = {name for name, types in media_types.items() if types != {"application/json"}}
    assert uploads == {
        "resume_upload",
        "verification_evidence_attach",
        "post_import_create",
        "status_register",
        "enterprise_invitation_upload",
        "notice_attach",
    }
    assert media_types["resume_upload"] == {"multipart/form-data"}
    assert media_types["post_import_create"] == {"multipart/form-data"}


def test_the_token_operation_takes_credentials_and_answers_a_token(schema):
    operation = _operations(schema)["auth_token_create"]
    request = _component(schema, operation["requestBody"]["content"]["application/json"]["schema"])
    answer = _component(
        schema, operation["responses"]["200"]["content"]["application/json"]["schema"]
    )
    assert set(request["properties"]) == set(request["required"]) == {"username", "password"}
    assert set(answer["properties"]) == {"token"}


def test_every_400_answer_is_the_one_validation_error_component(schema):
    answers = {
        operation["responses"]["400"]["content"]["application/json"]["schema"]["$ref"]
        for operation in _operations(schema).values()
        if "400" in operation["responses"]
    }
    assert answers == {"#/components/schemas/ValidationError"}


def test_the_resume_download_is_binary(schema):
    content = _operations(schema)["application_resume"]["responses"]["200"]["content"]
    assert {media: body["schema"] for media, body in content.items()} == {
        "application/pdf": {"type": "string", "format": "binary"},
        "application/octet-stream": {"type": "string", "format": "binary"},
    }


def test_the_swagger_ui_page_names_no_url_outside_the_site(client):
    page = client.get("/api/v1/docs/")
    script = client.get("/api/v1/docs/", {"script": ""})
    assert page.status_code == script.status_code == 200
    for text in (page.content.decode(), script.content.decode()):
        assert [url for url in URL.findall(text) if not url.startswith("http://testserver/")] == []


def test_the_swagger_ui_page_has_no_inline_script(client):
    """The init script comes from its own URL, so a strict Content-Security-Policy holds."""
    html = client.get("/api/v1/docs/").content.decode()
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []


def test_the_swagger_ui_assets_are_our_own_static_files(client):
    html = client.get("/api/v1/docs/").content.decode()
    assets = re.findall(r'(?:src|href)="/static/([^"?]+)', html)
    assert any(asset.endswith("swagger-ui-bundle.js") for asset in assets)
    assert all(finders.find(asset) for asset in assets), assets


# Request fields that are references to rows (codes and ids), not text people type.
REFERENCES = {
    "region",
    "hq_region",
    "home_region",
    "industry",
    "occupation",
    "province",
    "city",
    "preferred_regions",
    "preferred_industries",
}


def _unbounded_text(components: dict, schema: dict, where: str):
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        yield from _unbounded_text(components, components[name], name)
        return
    for part in schema.get("allOf", []):
        yield from _unbounded_text(components, part, where)
    for name, field in schema.get("properties", {}).items():
        if field.get("readOnly") or name in REFERENCES:
            continue
        if "$ref" in field or "allOf" in field or field.get("type") == "object":
            yield from _unbounded_text(components, field, f"{where}.{name}")
            continue
        text = field if field.get("type") == "string" else field.get("items", {})
        plain = text.get("type") == "string" and "enum" not in text
        if plain and "maxLength" not in text and text.get("format") in (None, "email", "password"):
            yield f"{where}.{name}"


def test_every_text_field_a_client_sends_has_a_length_limit(client):
    schema = yaml.safe_load(client.get("/api/v1/schema/").content)
    components = schema["components"]["schemas"]
    bodies = [
        content["schema"]
        for item in schema["paths"].values()
        for operation in item.values()
        for content in operation.get("requestBody", {}).get("content", {}).values()
    ]

    unbounded = {field for body in bodies for field in _unbounded_text(components, body, "")}

    assert unbounded == set()
