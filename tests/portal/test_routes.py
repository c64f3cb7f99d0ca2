"""Every route of an app is in its urls.py: no other module of an app keeps URL patterns."""

import ast
import pathlib

APPS = ("portal", "enterprises", "veterans", "jobs", "dashboards", "demo", "benchmarks")
ROOT = pathlib.Path(__file__).resolve().parents[2]
URL_ROOTS = {"portal/urls.py", "portal/api_urls.py"}


def _modules():
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            relative = path.relative_to(ROOT).as_posix()
            if "migrations" not in relative and relative not in URL_ROOTS:
                yield relative


def _declares_patterns(source: str) -> bool:
    tree = ast.parse(source)
    return any(
        isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id.endswith("urlpatterns") for t in node.targets)
        for node in tree.body
    )


def test_only_an_apps_urls_module_declares_routes():
    others = [m for m in _modules() if not m.endswith("/urls.py")]
    assert [m for m in others if _declares_patterns((ROOT / m).read_text(encoding="utf-8"))] == []
