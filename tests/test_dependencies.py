"""Every package the code imports is declared in pyproject.toml, so a fresh install of the
project (and of each extra) has what the code needs.

The check reads the imports of every module shipped in the `copilot` package tree, resolves each
imported module to the installed distribution whose files provide it, and requires that
distribution to be a core dependency, or a dependency of an extra when the import is optional
(inside a function or a `try` block, so that `import copilot` works without the extra)."""

from __future__ import annotations

import ast
import importlib.metadata as md
import importlib.util
import os
import re
import sys
import tomllib
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = ("copilot", "tools", "agents", "prompts", "tui")
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
# Libraries whose major releases have broken installs before; each needs an upper bound.
BOUNDED = ("typer", "textual", "langgraph", "langchain-core", "dowhy", "causal-learn")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(spec: str) -> str:
    return canonical(re.split(r"[\s<>=!~;\[]", spec.strip(), maxsplit=1)[0])


CORE = {requirement_name(s) for s in PYPROJECT["dependencies"]}
EXTRAS = {
    extra: {requirement_name(s) for s in specs}
    for extra, specs in PYPROJECT["optional-dependencies"].items()
}


class Imports(ast.NodeVisitor):
    """(module, optional) for every absolute import; optional when inside a def or a try."""

    def __init__(self) -> None:
        self.found: list[tuple[str, bool, int]] = []
        self._depth = 0

    def _nested(self, node: ast.AST) -> None:
        self._depth += 1
        self.generic_visit(node)
        self._depth -= 1

    visit_FunctionDef = visit_AsyncFunctionDef = visit_Try = visit_TryStar = _nested

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self.found.append((alias.name, self._depth > 0, node.lineno))

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level == 0 and node.module:
            self.found.append((node.module, self._depth > 0, node.lineno))


def shipped_imports() -> list[tuple[str, bool, str]]:
    out = []
    for folder in FOLDERS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            visitor = Imports()
            visitor.visit(ast.parse(path.read_text(encoding="utf-8")))
            where = str(path.relative_to(ROOT))
            out += [(m, opt, f"{where}:{line}") for m, opt, line in visitor.found]
    return out


@cache
def file_owners() -> dict[str, str]:
    """Installed file path -> canonical distribution name."""
    owners: dict[str, str] = {}
    for dist in md.distributions():
        name = canonical(dist.metadata["Name"] or "")
        # the install folder's real path once, then plain joins (resolving each of 100,000
        # files took seconds)
        base = os.path.realpath(dist.locate_file(""))
        for f in dist.files or ():
            owners.setdefault(os.path.normpath(os.path.join(base, str(f))), name)
    return owners


def distribution_of(module: str) -> str | None:
    """The distribution whose files hold `module` (the longest importable prefix)."""
    parts = module.split(".")
    # the top-level package first: finding a submodule imports its parents (seconds for torch or
    # sklearn); a regular package is one distribution's, a namespace package is searched deeper
    for n in [1, *range(len(parts), 1, -1)]:
        name = ".".join(parts[:n])
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            continue
        if spec is None:
            continue
        origins = [spec.origin] if spec.origin and spec.origin != "namespace" else []
        origins += [str(Path(p) / "__init__.py") for p in spec.submodule_search_locations or ()]
        for origin in origins:
            owner = file_owners().get(os.path.realpath(origin))
            if owner:
                return owner
    return None


def test_every_imported_package_is_declared():
    problems = []
    for module, optional, where in shipped_imports():
        top = module.split(".")[0]
        if top in sys.stdlib_module_names or top == "copilot" or top == "__future__":
            continue
        dist = distribution_of(module)
        if dist is None:
            problems.append(f"{where}: {module} is not installed here; declare and install it")
            continue
        if dist in CORE:
            continue
        extras = sorted(e for e, deps in EXTRAS.items() if dist in deps and e != "test")
        if not extras:
            problems.append(f"{where}: {module} comes from {dist}, which pyproject.toml omits")
        elif not optional:
            problems.append(
                f"{where}: {module} ({dist}, extra {extras[0]}) is imported at module level; "
                "import it where it is used so that the core install works without the extra"
            )
    assert not problems, "\n".join(problems)


def test_fragile_libraries_have_an_upper_bound():
    specs = {requirement_name(s): s for s in PYPROJECT["dependencies"]}
    for name in BOUNDED:
        assert name in specs, f"{name} is not a core dependency"
        assert "<" in specs[name], f"bound {specs[name]!r} from above (a range we have tested)"


@pytest.mark.parametrize("name", BOUNDED)
def test_installed_versions_lie_in_the_declared_ranges(name):
    from packaging.requirements import Requirement

    spec = next(s for s in PYPROJECT["dependencies"] if requirement_name(s) == name)
    installed = md.version(name)
    assert Requirement(spec).specifier.contains(installed, prereleases=True), (
        f"{name} {installed} is installed but pyproject.toml says {spec}"
    )


def test_the_scanner_sees_lazy_and_guarded_imports():
    visitor = Imports()
    visitor.visit(
        ast.parse(
            "import a\n"
            "def f():\n    import b\n"
            "try:\n    import c\nexcept ImportError:\n    pass\n"
            "from d.e import f\n"
        )
    )
    assert [(m, o) for m, o, _ in visitor.found] == [
        ("a", False),
        ("b", True),
        ("c", True),
        ("d.e", False),
    ]


def test_distribution_lookup_resolves_namespace_packages():
    assert distribution_of("langgraph.checkpoint.sqlite") == "langgraph-checkpoint-sqlite"
    assert distribution_of("yaml") == "pyyaml"
    assert distribution_of("sklearn.linear_model") == "scikit-learn"
