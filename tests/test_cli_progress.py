"""One progress style: in-place bars on a terminal, one line per stage otherwise; a first line
before the slow start of a command; bars without a total show no percentage; warnings when a
trained model is at chance or a headline effect's interval includes 0."""

from __future__ import annotations

import io
from types import SimpleNamespace

import pytest
from rich.console import Console
from typer.testing import CliRunner

from copilot.cli import app
from copilot.cli._common import ProgressDisplay
from copilot.cli.ask import StepPrinter
from copilot.errors import InputError
from copilot.progress import Progress

runner = CliRunner()


def estimate_updates():
    """What estimate_effect reports: named stages, then a counted bootstrap of 200."""
    yield Progress("estimate", 0, 5, "graph")
    yield Progress("estimate", 1, 5, "identify")
    yield Progress("estimate", 2, 5, "estimate (matching)")
    for i in range(1, 201):
        yield Progress("estimate: bootstrap", i, 200)
    yield Progress("estimate", 3, 5, "refute")
    yield Progress("estimate", 5, 5, "done")


def test_without_a_terminal_one_line_per_stage(capsys):
    with ProgressDisplay(live=False) as display:
        display.stage("loading sales.csv")
        for p in estimate_updates():
            display(p)
    lines = capsys.readouterr().err.splitlines()
    assert lines == [
        "loading sales.csv...",
        "estimate: graph (0/5)",
        "estimate: identify (1/5)",
        "estimate: estimate (matching) (2/5)",
        "estimate: bootstrap (1/200)",
        "estimate: bootstrap (200/200)",
        "estimate: refute (3/5)",
        "estimate: done (5/5)",
    ]


def test_levels_that_differ_only_in_numbers_are_one_stage(capsys):
    with ProgressDisplay(live=False) as display:
        for depth in range(7):
            display(
                Progress("PC", 100 * depth, None, f"depth {depth} done: {9 - depth} edges left")
            )
    assert capsys.readouterr().err.splitlines() == ["PC: depth 0 done: 9 edges left"]


def test_disabled_prints_nothing(capsys):
    with ProgressDisplay(enabled=False, live=False) as display:
        display.stage("loading")
        display(Progress("x", 1, 2))
        display.line("a line")
    assert capsys.readouterr().err == ""


def fake_terminal() -> tuple[Console, list[str]]:
    """A console that says it is a terminal; the lines printed to stay (not the bars redrawn
    in place) are recorded."""
    console = Console(file=io.StringIO(), force_terminal=True, width=100, highlight=False)
    kept: list[str] = []
    real_print = console.print

    def print_and_record(*objects, **kwargs):
        text = " ".join(o for o in objects if isinstance(o, str))
        if text:  # the live display prints nothing, or a NewLine, when it starts and stops
            kept.append(text)
        real_print(*objects, **kwargs)

    console.print = print_and_record
    return console, kept


def test_on_a_terminal_bars_are_redrawn_in_place():
    console, kept = fake_terminal()
    with ProgressDisplay(live=True, console=console) as display:
        display.line("-> estimate_effect(treatment='discount')")
        for p in estimate_updates():
            display(p)
        tasks = {t.description: t for t in display._bars.tasks}
        display.line("<- estimate_effect ok")
    # one bar per task, updated in place; only the two lines stay
    assert kept == ["-> estimate_effect(treatment='discount')", "<- estimate_effect ok"]
    assert (
        tasks["estimate: bootstrap"].completed == 200 and tasks["estimate: bootstrap"].total == 200
    )
    assert "estimate done" in tasks


def test_a_bar_without_total_shows_no_percentage():
    console, _ = fake_terminal()
    with ProgressDisplay(live=True, console=console) as display:
        display(Progress("PC", 870, None, "depth 6 done: 12 edges left, 870 CI tests"))
        shown = io.StringIO()
        Console(file=shown, width=120).print(display._bars.get_renderable())
    assert "depth 6 done: 12 edges left" in shown.getvalue()
    assert "%" not in shown.getvalue()


def test_ask_in_a_terminal_does_not_scroll_progress_lines():
    console, kept = fake_terminal()
    printer = StepPrinter(display=ProgressDisplay(live=True, console=console))
    events = [
        SimpleNamespace(kind="plan", steps=["estimate_effect"]),
        SimpleNamespace(kind="tool_started", tool="estimate_effect", args={"treatment": "t"}),
        *(
            SimpleNamespace(kind="progress", call_id="c1", task="bootstrap", done=i, total=200,
                            message=f"resample {i} of 200")
            for i in range(1, 201)
        ),
        SimpleNamespace(kind="tool_finished", tool="estimate_effect", ok=True, elapsed_s=1.0,
                        summary="ATE 0.1"),
    ]  # fmt: skip
    with printer:
        for ev in events[:-1]:
            printer(ev)
        (bar,) = printer.display._bars.tasks
        assert bar.completed == 200 and "resample 200 of 200" in bar.description
        printer(events[-1])
        assert printer.display._bars.tasks == []  # a finished step's bars go
    assert kept == [
        "plan: estimate_effect",
        "-> estimate_effect(treatment='t')",
        "<- estimate_effect ok (1.0s) ATE 0.1",
    ]


def test_ask_without_a_terminal_prints_a_line_per_stage(capsys):
    printer = StepPrinter(display=ProgressDisplay(live=False))
    with printer:
        for i in range(1, 201):
            printer(SimpleNamespace(kind="progress", call_id="c", task="bootstrap", done=i,
                                    total=200, message=f"resample {i} of 200"))  # fmt: skip
    err = capsys.readouterr().err
    assert err.count("bootstrap") == 2  # the first and the last resample


# a first line before the slow start ---------------------------------------------------------


def test_discover_says_it_is_loading_before_it_loads(monkeypatch):
    import copilot.tools.data as data

    def refuse(*a, **k):
        raise InputError("stopped while loading.")

    monkeypatch.setattr(data, "load_table", refuse)
    res = runner.invoke(app, ["discover", "examples/data/linear_gaussian.csv"])
    assert res.exit_code == 2
    assert res.stderr.splitlines() == [
        "loading linear_gaussian.csv...",
        "Error: stopped while loading.",
    ]


def test_discovery_reports_before_profiling_and_before_importing(monkeypatch):
    """Profiling a large table and importing torch or causal-learn take seconds: a progress
    line names each before it starts."""
    from copilot.tools.data import load_table
    from copilot.tools.discovery import api

    seen: list[str] = []
    at_import: list[str] = []
    real_prepare = api.prepare

    def prepare(*a, **k):
        at_import.extend(seen)
        return real_prepare(*a, **k)

    monkeypatch.setattr(api, "prepare", prepare)
    ds = load_table("examples/data/linear_gaussian.csv")
    api.discover(ds, algorithm="pc", progress=lambda p: seen.append(p.message))
    assert seen[0] == "profiling the data"
    # PC runs on causal-learn, or on the torch engine when torch is loaded already (other tests)
    assert at_import[-1] in ("loading causal-learn", "loading torch")


def test_probe_says_it_is_loading_the_model_first(monkeypatch):
    from copilot.errors import ProbeError
    from copilot.tools.probing import checkpoints

    def refuse(*a, **k):
        raise ProbeError("stopped while loading.")

    monkeypatch.setattr(checkpoints, "load_demo_model", refuse)
    res = runner.invoke(app, ["probe", "heads", "demo"])
    assert res.exit_code == 2
    assert res.stderr.splitlines() == ["loading model demo...", "Error: stopped while loading."]


def test_ask_says_it_is_starting_before_the_agent_loads(monkeypatch, tmp_path):
    import copilot.api

    class Refuse:
        def __init__(self, *a, **k):
            raise InputError("stopped while starting.")

    monkeypatch.setattr(copilot.api, "Copilot", Refuse)
    res = runner.invoke(app, ["ask", "what causes y?", "--workspace", str(tmp_path)])
    assert res.exit_code == 2
    assert res.stderr.splitlines() == [
        "starting the offline planner...",
        "Error: stopped while starting.",
    ]


# warnings ------------------------------------------------------------------------------------


@pytest.mark.usefixtures("one_torch_thread")
def test_model_train_at_chance_warns(tmp_path):
    res = runner.invoke(
        app,
        ["model", "train", "--steps", "2", "--n-layers", "1", "--n-heads", "1", "--d-model", "16",
         "--out-dir", str(tmp_path / "m")],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    assert "Warning: the model is at chance on induction" in res.stderr


def test_headline_interval_including_zero_warns():
    from copilot.tools.probing.behaviours import headline_warnings

    ranked = [("head L1H0", (-0.05, 0.40)), ("head L0H1", (0.01, 0.09))]
    (w,) = headline_warnings(ranked, "ablation effect")
    assert w.startswith("the headline head L1H0's interval [-0.050, +0.400] includes 0")
    assert headline_warnings([("head L1H0", (0.1, 0.4)), ("head L0H1", (-0.1, 0.1))]) == []
    (none,) = headline_warnings([("a", (-0.1, 0.1)), ("b", (-0.2, 0.0))], "ablation effect")
    assert none.startswith("no ablation effect's interval excludes 0")
    assert headline_warnings([("a", (float("nan"), float("nan")))]) == []


@pytest.mark.usefixtures("one_torch_thread")
def test_probe_heads_on_an_untrained_model_warns(tmp_path):
    import torch

    from copilot.tools.probing.checkpoints import save_model
    from copilot.tools.probing.model import GatedTransformer, ModelConfig

    torch.manual_seed(0)
    model = GatedTransformer(ModelConfig(vocab_size=64, n_layers=2, n_heads=2, d_model=16))
    save_model(model.eval(), tmp_path / "untrained")
    res = runner.invoke(
        app,
        ["probe", "heads", str(tmp_path / "untrained"), "--n-prompts", "16", "--bootstrap",
         "200", "--out-dir", str(tmp_path)],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    assert "Warning: the model is at chance" in res.stdout
    assert "interval" in res.stdout.split("Warning:", 1)[1]


def test_batch_log_says_what_runs_before_the_first_job_ends(capsys):
    from copilot.cli.batch import _LogLines

    log = _LogLines()
    log.begin(["a", "b"], {})
    assert capsys.readouterr().err == "running 2 job(s)...\n"
    log.begin(["a", "b"], {"a": {}})
    assert capsys.readouterr().err.startswith("resuming: 1 of 2 job(s)")
