"""`copilot doctor`: what is installed, what the machine offers, and what to fix.

Checks are plain functions returning `Check` records, so the same list is printed as a table
or as JSON. Nothing here prints or returns the API key; the endpoint check sends it only to the
endpoint the user configured.
"""

from __future__ import annotations

import os
import platform
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

import typer

from copilot.cli._common import handle_errors, print_json, progress_bar
from copilot.cli.vocabulary import CopilotCommand, json_option

Status = Literal["ok", "warn", "fail", "skip"]

#: Optional extras, the distribution that provides each, and what it enables.
OPTIONAL = {
    "ray": ("ray", "copilot batch --executor ray"),
    "econml": ("econml", "heterogeneous effects with EconML estimators"),
    "hf": ("transformers", "loading Hugging Face checkpoints of other architectures"),
}

EPILOG = """Examples:

  copilot doctor

  copilot doctor --json | jq '.checks[] | select(.status != "ok")'

  COPILOT_LLM_BACKEND=openai COPILOT_LLM_BASE_URL=http://127.0.0.1:8000/v1 copilot doctor

Exit code 0 when nothing failed, 1 when a check failed (warnings do not count)."""


@dataclass
class Check:
    """One line of the report: what was checked, what was found, and how to fix a problem."""

    group: str
    name: str
    status: Status
    detail: str
    fix: str = ""


# packages -----------------------------------------------------------------------------------


def _requirements() -> tuple[list[Any] | None, dict[str, list[Any]]]:
    """Required and optional requirements of this distribution, read from its metadata."""
    from importlib.metadata import PackageNotFoundError, requires

    try:
        from packaging.requirements import Requirement
    except ImportError:  # pip's own copy is not public API; say what is missing instead
        return None, {}
    try:
        reqs = [Requirement(r) for r in requires("causal-copilot") or []]
    except PackageNotFoundError:
        return [], {}
    required, extras = [], {}
    for r in reqs:
        extra = _extra_of(r)
        if extra is None:
            required.append(r)
        else:
            extras.setdefault(extra, []).append(r)
    return required, extras


def _extra_of(req: Any) -> str | None:
    if req.marker is None:
        return None
    for name in OPTIONAL:
        if req.marker.evaluate({"extra": name}) and not req.marker.evaluate({"extra": ""}):
            return name
    return "other"


def _installed(dist: str) -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return None


def check_packages() -> list[Check]:
    """Every required package installed at a satisfying version; optional extras reported."""
    from copilot import __version__

    out = [
        Check(
            "python",
            "python",
            "ok" if sys.version_info >= (3, 11) else "fail",
            f"{platform.python_version()} ({sys.executable})",
            "" if sys.version_info >= (3, 11) else "use Python 3.11 or newer",
        ),
        Check("python", "causal-copilot", "ok", f"{__version__} on {platform.platform()}"),
    ]
    required, extras = _requirements()
    if required is None:
        out.append(
            Check(
                "packages",
                "packaging",
                "warn",
                "not installed: required versions are not compared",
                "pip install packaging",
            )
        )
        required = []
    elif not required:
        out.append(
            Check(
                "packages",
                "metadata",
                "warn",
                "causal-copilot is not installed as a distribution",
                "pip install -e . (from the repository root)",
            )
        )
    for req in required:
        have = _installed(req.name)
        if have is None:
            out.append(Check("packages", req.name, "fail", "not installed", f"pip install '{req}'"))
        elif req.specifier and not req.specifier.contains(have, prereleases=True):
            out.append(
                Check(
                    "packages",
                    req.name,
                    "fail",
                    f"{have} does not satisfy {req.specifier}",
                    f"pip install '{req}'",
                )
            )
        else:
            out.append(Check("packages", req.name, "ok", have))
    for extra, (dist, purpose) in OPTIONAL.items():
        have = _installed(dist)
        if have is None:
            out.append(
                Check(
                    "optional",
                    dist,
                    "skip",
                    f"not installed (needed for {purpose})",
                    f"pip install 'causal-copilot[{extra}]'",
                )
            )
        else:
            out.append(Check("optional", dist, "ok", f"{have} ({purpose})"))
    return out


# torch --------------------------------------------------------------------------------------


def check_torch(device: str) -> list[Check]:
    """Torch version, CUDA/MPS availability, and whether the configured device can be used."""
    try:
        import torch
    except ImportError as exc:
        return [Check("torch", "torch", "fail", f"cannot be imported ({exc})", "pip install torch")]
    out = [
        Check("torch", "torch", "ok", f"{torch.__version__}, {torch.get_num_threads()} CPU threads")
    ]
    if torch.cuda.is_available():
        names = ", ".join(torch.cuda.get_device_name(i) for i in range(torch.cuda.device_count()))
        out.append(Check("torch", "cuda", "ok", f"CUDA {torch.version.cuda}: {names}"))
    else:
        built = f"built with CUDA {torch.version.cuda}" if torch.version.cuda else "CPU-only build"
        out.append(
            Check(
                "torch",
                "cuda",
                "skip",
                f"not available ({built})",
                "everything runs on CPU; install a CUDA build of torch to use a GPU",
            )
        )
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        out.append(Check("torch", "mps", "ok", "available"))
    try:
        from copilot.tools.probing.device import resolve_device

        dev = resolve_device(device)
        out.append(Check("torch", "device", "ok", f"setting {device!r} resolves to {dev}"))
    except ImportError:
        pass
    except Exception as exc:  # a CopilotError naming the device problem
        out.append(
            Check(
                "torch",
                "device",
                "fail",
                f"setting {device!r}: {exc}",
                "set COPILOT_DEVICE=auto (or cpu)",
            )
        )
    return out


# workspace ----------------------------------------------------------------------------------


def check_workspace(root: Path) -> list[Check]:
    """The workspace can be written (or created), and its sessions database is readable."""
    root = root.expanduser()
    fix = "choose another folder with COPILOT_WORKSPACE=PATH or fix its permissions"
    if root.exists() and not root.is_dir():
        return [Check("workspace", "folder", "fail", f"{root} exists and is not a folder", fix)]
    if root.is_dir():
        try:
            with tempfile.NamedTemporaryFile(dir=root, prefix=".doctor-", delete=True) as fh:
                fh.write(b"ok")
        except OSError as exc:
            return [
                Check(
                    "workspace", "folder", "fail", f"{root} is not writable ({exc.strerror})", fix
                )
            ]
        out = [Check("workspace", "folder", "ok", f"{root.resolve()} is writable")]
    else:
        parent = next((p for p in root.absolute().parents if p.exists()), None)
        if parent is None or not os.access(parent, os.W_OK):
            return [
                Check(
                    "workspace",
                    "folder",
                    "fail",
                    f"{root} does not exist and {parent} is not writable",
                    fix,
                )
            ]
        out = [
            Check("workspace", "folder", "ok", f"{root.absolute()} will be created on first use")
        ]
    db = root / "sessions.sqlite"
    if db.exists():
        import sqlite3

        try:
            with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
                con.execute("select name from sqlite_master limit 1").fetchall()
            out.append(Check("workspace", "sessions", "ok", f"{db} is readable"))
        except sqlite3.Error as exc:
            out.append(
                Check(
                    "workspace",
                    "sessions",
                    "fail",
                    f"{db} cannot be read ({exc})",
                    "move the file away; sessions start afresh",
                )
            )
    return out


# LLM ----------------------------------------------------------------------------------------


def check_llm(settings: Any, timeout_s: float) -> list[Check]:
    """Which planner is configured and, for an endpoint, whether it answers `GET /models`."""
    key_note = "key set" if settings.llm_api_key else "no key"
    if settings.llm_backend == "offline" and not settings.llm_base_url:
        return [Check("llm", "planner", "ok", "offline planner (no endpoint configured)", "")]
    base = (settings.llm_base_url or "https://api.openai.com/v1").rstrip("/")
    if settings.llm_backend == "offline":
        return [
            Check(
                "llm",
                "planner",
                "warn",
                f"an endpoint is configured ({base}) but COPILOT_LLM_BACKEND is offline",
                "set COPILOT_LLM_BACKEND=openai to use it",
            )
        ]
    out = [
        Check(
            "llm",
            "planner",
            "ok",
            f"openai-compatible endpoint {base}, model {settings.llm_model!r}, {key_note}",
        )
    ]
    out.append(_probe_endpoint(base, settings, timeout_s))
    return out


def _probe_endpoint(base: str, settings: Any, timeout_s: float) -> Check:
    import httpx

    headers = {}
    if settings.llm_api_key:
        headers["Authorization"] = f"Bearer {settings.llm_api_key.get_secret_value()}"
    t0 = time.perf_counter()
    try:
        resp = httpx.get(f"{base}/models", headers=headers, timeout=timeout_s)
    except httpx.TimeoutException:
        return Check(
            "llm",
            "endpoint",
            "fail",
            f"{base} did not answer within {timeout_s:g} s",
            "check that the server is running, or raise --timeout",
        )
    except httpx.HTTPError as exc:
        return Check(
            "llm",
            "endpoint",
            "fail",
            f"{base} is unreachable ({type(exc).__name__})",
            "start the server or fix COPILOT_LLM_BASE_URL; the offline planner needs none",
        )
    ms = (time.perf_counter() - t0) * 1000
    if resp.status_code in (401, 403):
        return Check(
            "llm",
            "endpoint",
            "fail",
            f"{base} rejected the key (HTTP {resp.status_code})",
            "set a valid key in COPILOT_LLM_API_KEY or OPENAI_API_KEY",
        )
    if resp.status_code >= 400:
        return Check(
            "llm",
            "endpoint",
            "fail",
            f"{base}/models answered HTTP {resp.status_code}",
            "check COPILOT_LLM_BASE_URL (it usually ends in /v1)",
        )
    models = _model_ids(resp)
    if models and settings.llm_model not in models:
        shown = ", ".join(models[:5])
        return Check(
            "llm",
            "endpoint",
            "warn",
            f"{base} answered in {ms:.0f} ms but does not list model {settings.llm_model!r}",
            f"set COPILOT_LLM_MODEL to one of: {shown}",
        )
    return Check("llm", "endpoint", "ok", f"{base} answered in {ms:.0f} ms")


def _model_ids(resp: Any) -> list[str]:
    try:
        data = resp.json().get("data", [])
        return [str(m["id"]) for m in data if isinstance(m, dict) and "id" in m]
    except (ValueError, AttributeError, TypeError):
        return []


# command ------------------------------------------------------------------------------------


def run_checks(settings: Any, timeout_s: float = 5.0, torch_checks: bool = True) -> list[Check]:
    """All checks, in the order they are printed."""
    checks = check_packages()
    if torch_checks:
        checks += check_torch(settings.device)
    checks += check_workspace(Path(settings.workspace))
    checks += check_llm(settings, timeout_s)
    return checks


_MARK = {
    "ok": "[green]ok  [/]",
    "warn": "[yellow]warn[/]",
    "fail": "[red]FAIL[/]",
    "skip": "[dim]--  [/]",
}


def _render(checks: list[Check]) -> None:
    from rich.console import Console
    from rich.markup import escape

    console = Console(highlight=False)
    group = None
    for c in checks:
        if c.group != group:
            group = c.group
            console.print(f"[bold]{group}[/]")
        console.print(f"  {_MARK[c.status]}  {escape(c.name)}: {escape(c.detail)}")
        if c.fix and c.status != "ok":
            console.print(f"        [dim]fix:[/] {escape(c.fix)}")
    failed = [c for c in checks if c.status == "fail"]
    if failed:
        console.print(
            f"\n[red]{len(failed)} problem(s)[/]: "
            + "; ".join(f"{escape(c.name)}: {escape(c.fix)}" for c in failed)
        )
    else:
        console.print("\nNo problems found.")


@handle_errors
def doctor(
    as_json: Annotated[bool, json_option("Print the checks as one JSON object.")] = False,
    timeout: Annotated[
        float,
        typer.Option(metavar="SECONDS", help="Seconds to wait for the LLM endpoint.", min=0.1),
    ] = 5.0,
    no_torch: Annotated[
        bool, typer.Option("--no-torch", help="Skip the torch and device checks (faster).")
    ] = False,
) -> None:
    """Check the installation: packages, torch and CUDA, workspace, LLM endpoint."""
    from copilot.settings import load_settings

    settings = load_settings()
    with progress_bar(enabled=not as_json) as progress:
        # importing torch and waiting for the endpoint take seconds
        progress.stage("checking packages" + ("" if no_torch else ", torch") + " and the endpoint")
        checks = run_checks(settings, timeout_s=timeout, torch_checks=not no_torch)
    if as_json:
        print_json(
            {
                "ok": not any(c.status == "fail" for c in checks),
                "checks": [asdict(c) for c in checks],
            }
        )
    else:
        _render(checks)
    if any(c.status == "fail" for c in checks):
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("doctor", epilog=EPILOG, cls=CopilotCommand)(doctor)
