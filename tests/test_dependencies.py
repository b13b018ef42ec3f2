"""A fresh ``pip install .`` provides every third-party module the package imports.

Every module imported under ``src/`` is either the standard library, the package itself, or
provided by a distribution declared in ``pyproject.toml``: directly for module-level imports
(never only as a dependency of a dependency), or by an extra for imports inside functions
(optional features such as the test tools)."""

from __future__ import annotations

import ast
import importlib.metadata as md
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _req_name(req: str) -> str:
    return _norm(re.split(r"[\s<>=!~;\[(]", req.strip(), maxsplit=1)[0])


def _imports() -> list[tuple[str, bool, str]]:
    """(top-level module, imported inside a function, where) for every absolute import."""
    out = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        inner = {id(n) for f in ast.walk(tree) if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))
                 for n in ast.walk(f)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                out.append((name.split(".")[0], id(node) in inner, f"{path.relative_to(ROOT)}:{node.lineno}"))
    return out


def test_every_imported_module_is_declared():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    core = {_req_name(r) for r in project["dependencies"]}
    extras = {_req_name(r) for reqs in project.get("optional-dependencies", {}).values() for r in reqs}
    own = {p.name for p in SRC.iterdir()}
    dists = md.packages_distributions()
    problems = []
    for module, in_function, where in _imports():
        if module in sys.stdlib_module_names or module in own or module == "__future__":
            continue
        provided_by = {_norm(d) for d in dists.get(module, [])}
        allowed = core | extras if in_function else core
        if not provided_by & allowed:
            problems.append(f"{where}: {module} (from {sorted(provided_by) or 'nothing installed'})")
    assert not problems, "imported but not declared in pyproject.toml:\n" + "\n".join(problems)
