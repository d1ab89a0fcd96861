"""The code's structure: every module imports on its own, no import cycles, blueprints stay
apart, and nothing an app sets up is shared with another app in the same process."""

import ast
import re
import subprocess
import sys
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from extensions import Passwords
from tests.conftest import ROOT, make_app

PACKAGES = ("blueprints", "models", "services")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def app_modules() -> dict[str, Path]:
    files = [ROOT / "app.py", ROOT / "config.py", ROOT / "extensions.py"]
    for package in PACKAGES:
        files += sorted((ROOT / package).rglob("*.py"))
    return {module_name(path): path for path in files}


MODULES = app_modules()


def imports_of(path: Path) -> set[str]:
    """Every project module `path` imports, anywhere in it (functions and TYPE_CHECKING too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        found |= {name for name in names if name in MODULES}
    return found - {module_name(path)}


# One interpreter loads the libraries the project uses, then forks a child per project
# module: each child starts with no project module loaded and imports just that one, so any
# cycle or missing import shows, without paying for Flask and SQLAlchemy forty times.
IMPORT_EACH = """
import importlib, os, sys, traceback
for library in sys.argv[2].split():
    importlib.import_module(library)
for name in sys.argv[1].split():
    pid = os.fork()
    if pid == 0:
        try:
            importlib.import_module(name)
        except BaseException:
            print(name, traceback.format_exc().strip().splitlines()[-1], flush=True)
            os._exit(1)
        os._exit(0)
    os.waitpid(pid, 0)
"""


def libraries() -> set[str]:
    """The third-party top-level modules the project imports."""
    found = set()
    for path in MODULES.values():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.add(node.module.split(".")[0])
    project = {name.split(".")[0] for name in MODULES}
    return {name for name in found - project if name not in sys.stdlib_module_names}


def test_every_module_imports_on_its_own_in_a_fresh_interpreter():
    assert {"flask", "sqlalchemy", "wtforms"} <= libraries()
    run = subprocess.run(  # noqa: S603
        [sys.executable, "-c", IMPORT_EACH, " ".join(MODULES), " ".join(sorted(libraries()))],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout == ""


def test_the_project_has_no_import_cycle():
    graph = {name: imports_of(path) for name, path in MODULES.items()}
    # A package imports its own modules by name; that is not a cycle through them.
    for name in graph:
        graph[name] = {dep for dep in graph[name] if not name.startswith(f"{dep}.")}
    try:
        list(TopologicalSorter(graph).static_order())
    except CycleError as error:
        pytest.fail(f"import cycle: {' -> '.join(error.args[1])}")


def test_a_blueprint_never_imports_another_blueprint():
    views = {
        name
        for name, path in MODULES.items()
        if name.startswith("blueprints.") and "Blueprint(" in path.read_text()
    }
    assert {"blueprints.auth", "blueprints.saved", "blueprints.feed"} <= views
    # A blueprint package may nest the blueprints of its own modules (blueprints.editor).
    crossing = {
        name: {dep for dep in imports_of(MODULES[name]) & views if not dep.startswith(name)}
        for name in views
    }
    assert {name: deps for name, deps in crossing.items() if deps} == {}


# Building a URL from these trusts the request's Host header; absolute URLs come from
# BASE_URL through services.mail.external_url.
HOST_FROM_REQUEST = re.compile(
    r"\b_external\s*=\s*True|\burl_root\b|\bhost_url\b|\brequest\.host\b|request\.url\b"
)


def test_no_absolute_url_is_built_from_the_request():
    code = [*MODULES.values(), *sorted((ROOT / "templates").rglob("*.*"))]
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in code
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if HOST_FROM_REQUEST.search(line)
    ]
    assert found == []


def test_no_module_keeps_state_in_a_global_statement():
    uses = [
        f"{name}:{node.lineno}"
        for name, path in MODULES.items()
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Global)
    ]
    assert uses == []


def test_two_apps_in_one_process_keep_their_own_password_cost(tmp_path):
    cheap = make_app(tmp_path / "a", ARGON2_PROFILE="CHEAPEST")
    strong = make_app(tmp_path / "b", ARGON2_PROFILE="RFC_9106_LOW_MEMORY")
    for app, memory in ((cheap, 8), (strong, 65536)):
        with app.app_context():
            stored = Passwords.current().hasher.hash("a calm long passphrase")
        assert f"m={memory}," in stored
        assert PasswordHasher().verify(stored, "a calm long passphrase")
