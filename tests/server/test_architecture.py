"""The lines the code must hold: import direction, one eventlet entry point, documented settings and API."""

import ast
import os
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STDLIB = set(sys.stdlib_module_names) | {"__future__"}


def imports_of(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def top_level_imports_of(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def py_files(*folders: str) -> list[Path]:
    return sorted(p for f in folders for p in (ROOT / f).rglob("*.py"))


@pytest.mark.parametrize("path", py_files("server/core"), ids=lambda p: p.name)
def test_queue_rules_use_the_standard_library_only(path):
    assert {m.split(".")[0] for m in imports_of(path)} <= STDLIB
    frameworks = {"flask", "flask_socketio", "sqlite_utils", "eventlet"}
    assert {m.split(".")[0] for m in imports_of(path)} & frameworks == set()


PACKAGES = ("server", "admin", "kiosk", "counter", "display", "printer")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """Every project module -> the project modules it imports, counting imports inside functions.

    `from package import name` counts as importing the module `package.name` when there is one."""
    modules = {module_name(p): p for p in py_files(*PACKAGES)}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        deps: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                deps |= {a.name for a in node.names if a.name in modules}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                subs = {f"{node.module}.{a.name}" for a in node.names} & modules.keys()
                deps |= subs or ({node.module} & modules.keys())
        graph[name] = deps - {name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_no_import_cycle_between_the_projects_modules():
    assert cycles(import_graph()) == []


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_write_lock_is_taken_only_in_use_cases_and_storage():
    takers = sorted(
        str(p.relative_to(ROOT)) for p in py_files(*PACKAGES) if "with immediate(" in p.read_text(encoding="utf-8")
    )
    assert [p for p in takers if not p.startswith(("server/services/", "server/store/"))] == []


@pytest.mark.parametrize("path", py_files("kiosk", "counter", "display"), ids=lambda p: str(p.relative_to(ROOT)))
def test_screens_reach_storage_only_through_services(path):
    forbidden = {
        m for m in imports_of(path) if m.split(".")[0] in ("sqlite3", "sqlite_utils") or m.startswith("server.store")
    }
    assert forbidden == set()


@pytest.mark.parametrize("path", py_files("printer"), ids=lambda p: p.name)
def test_printer_does_not_import_the_server(path):
    assert {m for m in imports_of(path) if m.split(".")[0] in ("server", "flask", "flask_socketio")} - {
        "server.core",
        "server.core.tickets",
    } == set()


def test_eventlet_is_patched_in_one_place_only():
    hits = [
        str(p.relative_to(ROOT))
        for p in py_files("server", "kiosk", "counter", "display", "printer")
        if "monkey_patch(" in p.read_text(encoding="utf-8")
    ]
    assert hits == ["server/cli.py"]
    eventlet_users = [
        str(p.relative_to(ROOT))
        for p in py_files("server", "kiosk", "counter", "display", "printer")
        if "eventlet" in {m.split(".")[0] for m in imports_of(p)}
    ]
    assert eventlet_users == ["server/cli.py"]


def test_entry_point_loads_nothing_but_stdlib_before_patching():
    for path in ("server/cli.py", "server/settings.py", "server/__init__.py"):
        assert {m.split(".")[0] for m in top_level_imports_of(ROOT / path)} <= STDLIB | {"server"}, path
    assert top_level_imports_of(ROOT / "server/cli.py") - STDLIB == {"server"}
    assert {m.split(".")[0] for m in imports_of(ROOT / "server/settings.py")} <= STDLIB


def test_every_setting_and_option_is_documented():
    from server.options import settings_markdown

    # Regenerate with: .venv/bin/xephang settings --markdown > docs/settings.md
    assert (ROOT / "docs/settings.md").read_text(encoding="utf-8") == settings_markdown()


def test_every_api_route_is_in_the_openapi_description_and_back(app):
    from server.openapi import spec

    documented = set()
    for path, ops in spec()["paths"].items():
        for method in ops:
            documented.add((method.upper(), path))
    routed = set()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/"):
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            if "{change}" in path:
                routed |= {(method, path.replace("{change}", c)) for c in ("close", "pause", "resume")}
            else:
                routed.add((method, path))
    assert routed == documented


def test_every_make_target_in_the_readme_exists():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for target in set(re.findall(r"`make (\w+)`", readme)):
        assert re.search(rf"^{target}:", makefile, re.M), target
    assert "`make run`" in readme and "`make test`" in readme


def test_ci_runs_make_test():
    assert "make lint\nmake test" in (ROOT / ".ci/run").read_text(encoding="utf-8")
    assert os.access(ROOT / ".ci/run", os.X_OK)


def test_the_start_banner_lists_every_screen_and_how_devices_pair(make_app):
    from server.cli import banner

    for demo, line in (
        (True, "Demo mode: devices on this machine pair by themselves"),
        (False, "Kiosks, displays and tablets must be paired"),
    ):
        app = make_app(demo=demo)
        text = banner(app, "127.0.0.1", 8080)
        for path in ("/kiosk", "/counter", "/display", "/admin", "/admin/live", "/admin/reports", "/api/state"):
            assert f"http://127.0.0.1:8080{path}" in text, path
        assert line in text


def test_the_screens_listen_only_to_events_the_server_sends():
    from server.dispatch import NOTICES, PACER_SENDS, ROUTES

    sent = {name for routes in ROUTES.values() for _, _, name in routes} | PACER_SENDS
    snapshots = {f"{role}_snapshot" for role in ("kiosk", "ticket", "counter", "rating", "display", "admin")}
    reserved = {"connect", "disconnect", "connect_error", "print_job"}  # Socket.IO's own; the agent is Python
    scripts = [p for p in ROOT.glob("*/static/**/*.js") if "vendor" not in p.parts]
    heard = {name for p in scripts for name in re.findall(r"""\.on\(\s*["'](\w+)["']""", p.read_text(encoding="utf-8"))}
    assert heard - sent - snapshots - reserved == set()
    common = (ROOT / "server/static/common.js").read_text(encoding="utf-8")
    changes = re.search(r"CHANGES: \[([^\]]*)\]", common)
    assert changes is not None
    assert set(re.findall(r'"(\w+)"', changes.group(1))) == NOTICES | {"config_changed"}


def test_every_screen_calls_the_api_through_one_helper():
    scripts = [p for p in ROOT.glob("*/static/**/*.js") if "vendor" not in p.parts]
    callers = sorted(str(p.relative_to(ROOT)) for p in scripts if "fetch(" in p.read_text(encoding="utf-8"))
    assert callers == ["server/static/common.js"]
