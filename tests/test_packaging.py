"""Every package folder is listed in pyproject.toml, so a non-editable install ships it."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROOTS = {
    "copilot": "copilot",
    "tools": "copilot.tools",
    "agents": "copilot.agents",
    "prompts": "copilot.prompts",
    "tui": "copilot.tui",
}


def test_every_package_folder_is_listed():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(config["packages"])
    found = set()
    for folder, package in ROOTS.items():
        for init in (ROOT / folder).rglob("__init__.py"):
            rel = init.parent.relative_to(ROOT / folder)
            found.add(".".join([package, *rel.parts]))
    missing = sorted(found - listed)
    assert not missing, f"add to [tool.setuptools] packages: {missing}"
    assert {config["package-dir"][pkg] for pkg in ROOTS.values()} == set(ROOTS)


def test_listed_packages_exist():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    dirs = {pkg: ROOT / folder for folder, pkg in ROOTS.items()}
    for pkg in config["packages"]:
        root = max((p for p in dirs if pkg == p or pkg.startswith(p + ".")), key=len)
        path = (
            dirs[root].joinpath(*pkg[len(root) :].strip(".").split("."))
            if pkg != root
            else dirs[root]
        )
        assert (path / "__init__.py").is_file(), f"{pkg} is listed but {path} has no __init__.py"
