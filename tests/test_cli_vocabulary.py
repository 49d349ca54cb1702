"""One option vocabulary across the CLI: a short flag means one long option everywhere, every
closed set of values completes in the shell and answers a typo with "did you mean", old
spellings still work with a note, help shows choices instead of bare types, and JSON output
uses one key per concept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.core import TyperArgument, TyperOption
from typer.testing import CliRunner

from copilot.cli import app
from copilot.cli import vocabulary as vocab
from copilot.cli.vocabulary import DEPRECATED, all_commands

runner = CliRunner()
ROOT_DIR = Path(__file__).resolve().parents[1]
ROOT = typer.main.get_command(app)
COMMANDS = dict(all_commands(ROOT))
#: options whose value is one of a closed set (or a comma list of them)
CHOICE_OPTIONS = {
    "--algo", "--ci-test", "--missing", "--engine", "--method", "--metric", "--ablation",
    "--units", "--via", "--gate", "--task", "--llm", "--format", "--executor",
}  # fmt: skip


def parse(args: list[str]):
    """The leaf command's context after parsing `copilot ARGS`, without running it."""
    command = ROOT
    ctx = command.make_context("copilot", list(args))
    while hasattr(command, "resolve_command"):
        rest = [*getattr(ctx, "_protected_args", []), *ctx.args]
        name, command, rest = command.resolve_command(ctx, rest)
        ctx = command.make_context(name, list(rest), parent=ctx)
    return ctx


def options(cmd) -> list[TyperOption]:
    return [p for p in cmd.params if isinstance(p, TyperOption) and not p.hidden]


def long_name(p) -> str:
    return next(o for o in p.opts if o.startswith("--"))


def test_every_command_is_walked():
    assert {"ask", "discover", "estimate", "probe heads", "model train", "batch"} <= set(COMMANDS)
    assert len(COMMANDS) >= 18


def test_a_short_flag_means_one_long_option_everywhere():
    meaning: dict[str, set[str]] = {}
    for _, cmd in COMMANDS.items():
        for p in options(cmd):
            for short in [o for o in p.opts + p.secondary_opts if not o.startswith("--")]:
                meaning.setdefault(short, set()).add(long_name(p))
    reused = {s: names for s, names in meaning.items() if len(names) > 1}
    assert not reused, f"short flags with more than one meaning: {reused}"
    assert meaning["-m"] == {"--model"} and meaning["-b"] == {"--bootstrap"}


def test_one_name_per_concept():
    names = {long_name(p) for cmd in COMMANDS.values() for p in options(cmd)}
    assert "--n-boot" not in names  # resamples are --bootstrap everywhere
    # --layers and --heads name layers and heads (probe); counts are --n-layers and --n-heads
    train = {long_name(p) for p in options(COMMANDS["model train"])}
    assert {"--n-layers", "--n-heads"} <= train and not {"--layers", "--heads"} & train
    for path, cmd in COMMANDS.items():
        for p in options(cmd):
            if long_name(p) == "--out":  # --out is a file; folders are --out-dir
                assert p.metavar == "FILE", path
            if long_name(p) == "--report":  # --report names a file; batch has --reports
                assert p.metavar == "FILE", path
    for path in ("discover", "estimate", "probe heads", "probe patch", "probe scores"):
        assert "--quiet" in {long_name(p) for p in options(COMMANDS[path])}, path
    for path in [
        c for c in COMMANDS if c.startswith(("probe", "model", "sessions", "discover", "estimate"))
    ]:
        assert "--workspace" in {long_name(p) for p in options(COMMANDS[path])}, path


def _choice_options():
    for path, cmd in COMMANDS.items():
        for p in options(cmd):
            if long_name(p) in CHOICE_OPTIONS:
                yield path, cmd, p


def test_every_choice_option_is_found():
    found = {long_name(p) for _, _, p in _choice_options()}
    assert found == CHOICE_OPTIONS


@pytest.mark.parametrize(
    "path, option", [(path, long_name(p)) for path, _, p in _choice_options()], ids=str
)
def test_choice_options_complete_and_answer_typos(path, option):
    cmd = COMMANDS[path]
    param = next(p for p in options(cmd) if long_name(p) == option)
    ctx = cmd.make_context(path.split()[-1], [], resilient_parsing=True)
    choices = [c.value for c in param.shell_complete(ctx, "")]
    assert len(choices) >= 2, (path, option)
    first = choices[0]
    assert [c.value for c in param.shell_complete(ctx, first[:2])][0].startswith(first[:2])
    # the help shows the choices, in the metavar or (long lists) in the text
    assert param.metavar and "<" not in param.metavar
    assert param.metavar.startswith("[") or all(c in param.help for c in choices)
    # a typo: one letter dropped from the longest choice
    target = max(choices, key=len)
    typo = target[:-2] + target[-1]
    args = [*path.split(), *["x" for p in cmd.params if isinstance(p, TyperArgument)]]
    res = runner.invoke(app, [*args, option, typo])
    assert res.exit_code == 2, res.output
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1, res.stderr
    assert lines[0].startswith(f"Error: Unknown {option} value {typo!r}.")
    assert f"did you mean {target!r}?" in lines[0]


def test_method_typo_gets_a_suggestion():
    res = runner.invoke(app, ["estimate", "x.csv", "-t", "a", "-y", "b", "--method", "matchng"])
    assert res.exit_code == 2
    assert res.stderr.strip() == (
        "Error: Unknown --method value 'matchng'. Hint: did you mean 'matching'? (one of: auto, "
        "linear_regression, glm, matching, weighting, stratification, dml, aipw, iv, frontdoor)"
    )


def test_choices_accept_the_tools_other_spellings():
    assert vocab.resolve_choice("Direct-LiNGAM", vocab.ALGORITHMS) == "direct_lingam"
    assert vocab.resolve_choice("pcmci+", vocab.ALGORITHMS, vocab.ALGORITHM_ALIASES) == "pcmciplus"
    assert vocab.resolve_choice(
        "IPW", vocab.ESTIMATION_METHODS, vocab.ESTIMATION_METHOD_ALIASES
    ) == ("weighting")
    assert vocab.resolve_choice("Fisher-Z", vocab.CI_TESTS) == "fisherz"
    assert vocab.resolve_choice("causal_learn", vocab.PC_ENGINES) == "causal-learn"
    assert vocab.resolve_choice("nope", vocab.PC_ENGINES) is None


def test_choice_lists_match_the_tools():
    """The CLI's lists are plain tuples (the tools are not imported at start-up): they must be
    what the tools accept."""
    from copilot.settings import Settings
    from copilot.tools.discovery import api as discovery_api
    from copilot.tools.discovery.algorithms import ALGORITHMS, CI_TESTS, PC_ENGINES
    from copilot.tools.discovery.timeseries.run import TS_ALGORITHMS
    from copilot.tools.estimation.estimators import ALIASES, METHODS
    from copilot.tools.probing.ablation import METHODS as ABLATIONS
    from copilot.tools.probing.behaviours import METRICS
    from copilot.tools.probing.model import GATE_KINDS
    from copilot.tools.probing.tasks import TASKS

    assert vocab.ALGORITHMS == ("auto", *ALGORITHMS, *TS_ALGORITHMS)
    for alias, target in discovery_api._ALIASES.items():
        assert vocab.resolve_choice(alias, vocab.ALGORITHMS, vocab.ALGORITHM_ALIASES) == target
    assert vocab.CI_TESTS == CI_TESTS and vocab.PC_ENGINES == PC_ENGINES
    assert vocab.ESTIMATION_METHODS == ("auto", *METHODS)
    assert vocab.ESTIMATION_METHOD_ALIASES == ALIASES
    assert vocab.HEAD_ABLATIONS == ABLATIONS and vocab.METRICS == METRICS
    assert set(vocab.GATES) == set(GATE_KINDS) and vocab.TRAIN_TASKS == (*TASKS, "text")
    assert vocab.LLM_BACKENDS == Settings.model_fields["llm_backend"].annotation.__args__


@pytest.mark.parametrize(
    "path, old, new, value, param, expected",
    [
        ("estimate", ["--n-boot", "50"], "--bootstrap", None, "n_boot", 50),
        ("estimate", ["-m", "ipw"], "--method", None, "method", "weighting"),
        ("probe heads", ["-b", "recall"], "--behaviour", None, "behaviour", "recall"),
        ("probe heads", ["-m", "prob"], "--metric", None, "metric", "prob"),
        ("probe heads", ["-a", "mean"], "--ablation", None, "ablation", "mean"),
        ("probe heads", ["-o", "figs"], "--out-dir", None, "out", "figs"),
        ("probe heads", ["--n-boot=0"], "--bootstrap", None, "n_boot", 0),
        ("probe path", ["--method", "corrupt"], "--ablation", None, "ablation", "corrupt"),
        ("batch", ["--out", "runs/b"], "--out-dir", None, "out", "runs/b"),
        ("batch", ["--report"], "--reports", None, "report", True),
        ("model train", ["--out", "m"], "--out-dir", None, "out", "m"),
        ("model train", ["--heads", "2"], "--n-heads", None, "heads", 2),
        ("model train", ["--layers", "3"], "--n-layers", None, "layers", 3),
    ],
)
def test_old_spellings_still_work_with_a_note(path, old, new, value, param, expected, capsys):
    cmd = COMMANDS[path]
    positional = ["x" for p in cmd.params if isinstance(p, TyperArgument)]
    required = {"probe path": ["--sender", "0.1", "--receiver", "1.0"]}.get(path, [])
    required += {"estimate": ["-t", "a", "-y", "b"]}.get(path, [])
    ctx = parse([*path.split(), *positional, *required, *old])
    got = ctx.params[param]
    assert str(got) == str(expected) if param == "out" else got == expected
    note = capsys.readouterr().err.strip()
    assert note == f"Note: {old[0].partition('=')[0]} is deprecated here; use {new}."


def test_deprecated_spellings_are_hidden_and_point_to_real_options():
    for path, table in DEPRECATED.items():
        cmd = COMMANDS[path]
        visible = {o for p in options(cmd) for o in p.opts + p.secondary_opts}
        for old, new in table.items():
            assert old not in visible, (path, old)
            assert new in visible, (path, new)


def test_help_shows_no_bare_types():
    for path in COMMANDS:
        res = runner.invoke(app, [*path.split(), "--help"], env={"COLUMNS": "200"})
        assert res.exit_code == 0, path
        assert "<bool>" not in res.output and "<str>" not in res.output.split("Options")[1], path
        usage = next(line for line in res.output.splitlines() if "Usage:" in line)
        assert "{" not in usage, (path, usage)
    res = runner.invoke(app, ["estimate", "--help"], env={"COLUMNS": "200"})
    assert (
        "Usage: root estimate [OPTIONS] DATA" in res.output
        or "estimate [OPTIONS] DATA" in res.output
    )


# JSON key style ------------------------------------------------------------------------------
#: keys that name a concept another key already names: durations end in _s (elapsed_s), row
#: counts are n_rows
NOT_OUR_STYLE = {"seconds", "n", "elapsed", "duration", "time", "rows", "n_obs"}


def _keys(obj, out=None) -> set[str]:
    out = set() if out is None else out
    if isinstance(obj, dict):
        for k, v in obj.items():
            out.add(k)
            _keys(v, out)
    elif isinstance(obj, list):
        for v in obj:
            _keys(v, out)
    return out


def _check_style(keys: set[str]) -> None:
    assert not keys & NOT_OUR_STYLE, keys & NOT_OUR_STYLE
    assert not [k for k in keys if "seconds" in k], keys


def test_json_of_data_commands_uses_one_key_style():
    disc = runner.invoke(app, ["discover", "examples/data/linear_gaussian.csv", "--json"])
    assert disc.exit_code == 0, disc.output
    d = json.loads(disc.stdout)
    assert {"elapsed_s", "n_rows"} <= set(d)
    est = runner.invoke(
        app,
        ["estimate", "examples/data/sales.csv", "-t", "discount", "-y", "churn", "--by",
         "region", "--no-refute", "--bootstrap", "20", "--json"],
    )  # fmt: skip
    assert est.exit_code == 0, est.output
    e = json.loads(est.stdout)
    assert e["n_rows"] == 4000 and all("n_rows" in s for s in e["subgroups"])
    _check_style(_keys(d) | _keys(e))


@pytest.mark.usefixtures("one_torch_thread")
def test_json_of_model_commands_uses_one_key_style(tmp_path):
    train = runner.invoke(
        app,
        ["model", "train", "--steps", "2", "--n-layers", "1", "--n-heads", "1", "--d-model", "16",
         "--out-dir", str(tmp_path / "m"), "--json"],
    )  # fmt: skip
    assert train.exit_code == 0, train.output
    t = json.loads(train.stdout)
    assert "elapsed_s" in t
    heads = runner.invoke(
        app,
        ["probe", "heads", "demo", "--n-prompts", "8", "--bootstrap", "0", "--json",
         "--out-dir", str(tmp_path)],
    )  # fmt: skip
    assert heads.exit_code == 0, heads.output
    h = json.loads(heads.stdout)
    assert "elapsed_s" in h
    _check_style(_keys(t) | _keys(h))


def test_job_files_take_the_command_line_names(tmp_path):
    from copilot.batch import JobFileError, load_jobs

    data = (ROOT_DIR / "examples/data/sales.csv").as_posix()
    (tmp_path / "jobs.yaml").write_text(
        f"""jobs:
  - {{id: graph, kind: discover, data: {data}, algo: pc}}
  - {{id: effect, kind: estimate, data: {data}, treatment: discount, outcome: churn, bootstrap: 30}}
  - {{id: old, kind: estimate, data: {data}, treatment: discount, outcome: churn, n_boot: 40}}
  - {{id: heads, kind: probe, experiment: heads, model: demo, ablation: mean, bootstrap: 0}}
"""
    )
    jobs = {j.id: j for j in load_jobs(tmp_path / "jobs.yaml")}
    assert jobs["graph"].args == {"algorithm": "pc"}
    assert jobs["effect"].args["n_boot"] == 30 and jobs["old"].args["n_boot"] == 40
    assert "bootstrap" not in jobs["effect"].args
    assert jobs["heads"].args == {"method": "mean", "n_boot": 0}
    (tmp_path / "both.yaml").write_text(
        f"- {{kind: estimate, data: {data}, treatment: t, outcome: y, bootstrap: 3, n_boot: 4}}\n"
    )
    with pytest.raises(JobFileError) as err:
        load_jobs(tmp_path / "both.yaml")
    assert "'bootstrap' and 'n_boot' name the same argument" in err.value.problems[0]


def test_the_readme_uses_no_old_spellings(capsys):
    from tests.test_readme_commands import copilot_invocations
    from tests.test_readme_commands import parse as parse_readme_command

    for args in copilot_invocations():
        try:
            parse_readme_command(args)
        except (typer.Exit, Exception):
            pass  # test_readme_commands checks that they parse
        assert "deprecated" not in capsys.readouterr().err, args
