"""The workspace: a folder holding registered datasets, artifacts and session checkpoints.

Nothing outside the workspace is written unless the user names the path. Artifacts never
overwrite an existing file: a new name is chosen instead.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from copilot.errors import ConfigError, InputError


def slugify(text: str, default: str = "item") -> str:
    """A short identifier made of lowercase letters, digits and underscores."""
    s = re.sub(r"[^0-9a-zA-Z]+", "_", str(text)).strip("_").lower()
    return s[:40] or default


class Workspace:
    """Datasets, models and artifacts of one user, rooted at a folder (default ./.copilot)."""

    def __init__(self, root: str | Path = ".copilot"):
        self.root = Path(root).expanduser()
        self.datasets: dict[str, Any] = {}
        self.models: dict[str, Any] = {}

    # folders -------------------------------------------------------------------------------
    def ensure(self) -> Workspace:
        try:
            for sub in ("artifacts", "models"):
                (self.root / sub).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ConfigError(
                f"Workspace {self.root} is not writable ({exc.strerror}).",
                "choose another folder with --workspace or COPILOT_WORKSPACE",
            ) from None
        return self

    @property
    def artifacts_dir(self) -> Path:
        return self.root / "artifacts"

    @property
    def models_dir(self) -> Path:
        return self.root / "models"

    @property
    def profiles_dir(self) -> Path:
        """Data profiles cached per file content (`copilot.tools.profile_cache`)."""
        return self.root / "profiles"

    @property
    def sessions_db(self) -> Path:
        return self.root / "sessions.sqlite"

    def new_artifact_path(self, stem: str, suffix: str, reserve: bool = True) -> Path:
        """A fresh path in the artifacts folder; existing files are never reused.

        With `reserve` (the default) an empty file is created under the name, so that processes
        sharing the workspace (batch workers) never get the same path; the caller writes over
        it. Without it the name is only checked, for writers that refuse existing files.
        """
        self.ensure()
        stem = slugify(stem, "artifact")
        suffix = suffix if suffix.startswith(".") else f".{suffix}"
        n = 1
        while True:
            path = self.artifacts_dir / (f"{stem}{suffix}" if n == 1 else f"{stem}_{n}{suffix}")
            if not reserve:
                if path.exists():
                    n += 1
                    continue
                return path
            try:
                fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                n += 1
                continue
            os.close(fd)
            return path

    # registries ----------------------------------------------------------------------------
    def new_id(self, name: str, taken: dict[str, Any]) -> str:
        base = slugify(name, "data")
        ident, n = base, 2
        while ident in taken:
            ident = f"{base}_{n}"
            n += 1
        return ident

    def add_dataset(self, dataset: Any) -> str:
        """Register a dataset object (it must have `id` and `name`); returns its id."""
        if not getattr(dataset, "id", None) or dataset.id in self.datasets:
            dataset.id = self.new_id(dataset.name, self.datasets)
        self.datasets[dataset.id] = dataset
        return dataset.id

    def dataset(self, ident: str) -> Any:
        if ident in self.datasets:
            return self.datasets[ident]
        from copilot.errors import nearest_names

        near = nearest_names(ident, self.datasets)
        known = ", ".join(self.datasets) or "none loaded"
        hint = f"did you mean {near[0]!r}?" if near else f"loaded datasets: {known}"
        raise InputError(f"Unknown dataset {ident!r}.", hint)

    def add_model(self, model: Any, name: str) -> str:
        ident = self.new_id(name, self.models)
        self.models[ident] = model
        return ident

    def model(self, ident: str) -> Any:
        if ident in self.models:
            return self.models[ident]
        known = ", ".join(self.models) or "none loaded"
        raise InputError(f"Unknown model {ident!r}.", f"loaded models: {known}")


def safe_output_path(path: str | Path, overwrite: bool = False) -> Path:
    """Validate a user-named output path: its folder must exist; an existing file needs overwrite."""
    p = Path(path).expanduser()
    if p.exists() and p.is_dir():
        raise InputError(f"Output path {p} is a folder.", "name a file, e.g. graph.png")
    if p.exists() and not overwrite:
        raise InputError(
            f"Output file {p} already exists.", "choose another name, or move the old file away"
        )
    if not p.parent.exists():
        raise InputError(
            f"Folder {p.parent} does not exist.", "create it first or choose another path"
        )
    return p
