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


def test_the_schema_declares_session_and_token_auth(client):
    schema = yaml.safe_load(client.get("/api/v1/schema/").content)
    assert {"cookieAuth", "tokenAuth"} <= set(schema["components"]["securitySchemes"])


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
