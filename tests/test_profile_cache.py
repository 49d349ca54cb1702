"""The data profile: its numpy normality test matches SciPy's, and profiles are cached per file."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import copilot.tools.data as data_mod
from copilot.errors import DataError
from copilot.tools.data import load_table, normality_pvalue
from copilot.tools.profile_cache import load_cached


@pytest.mark.parametrize("n", [20, 57, 500, 2000])
@pytest.mark.parametrize("dist", ["normal", "exponential", "uniform", "t3"])
def test_normality_pvalue_matches_scipy_normaltest(n, dist):
    rng = np.random.default_rng(n)
    draw = {
        "normal": lambda: rng.normal(size=n),
        "exponential": lambda: rng.exponential(size=n),
        "uniform": lambda: rng.uniform(size=n),
        "t3": lambda: rng.standard_t(3, size=n),
    }[dist]
    for _ in range(5):
        x = draw()
        assert normality_pvalue(x) == pytest.approx(
            stats.normaltest(x).pvalue, rel=1e-9, abs=1e-300
        )


# the cache -------------------------------------------------------------------------------------


def _table(path, seed=0, n=300, with_constant=False):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    frame = pd.DataFrame(
        {
            "region": rng.choice(["north", "south", "west"], size=n),
            "x": x,
            "y": 2 * x + rng.normal(size=n),
            "z": np.exp(x) + 0.1 * rng.normal(size=n),
        }
    )
    frame.loc[3, "y"] = np.nan  # a row the loader drops, with a note
    if with_constant:
        frame["k"] = 1.0
    frame.to_csv(path, index=False)
    return path


def test_a_second_load_reuses_the_profile_and_reads_rows_only_when_needed(tmp_path, monkeypatch):
    path = _table(tmp_path / "t.csv")
    cache = tmp_path / "profiles"
    fresh = load_table(path)
    first = load_cached(path, cache)
    assert first.loaded  # computed: the frames are already in memory
    assert len(list(cache.glob("*.json"))) == 1

    def no_profiling(*_a, **_k):
        raise AssertionError("the cached profile should have been used")

    monkeypatch.setattr(data_mod, "profile_frame", no_profiling)
    second = load_cached(path, cache)
    assert not second.loaded
    assert second.profile == fresh.profile
    assert second.encoding == fresh.encoding == {"region": {"north": 0, "south": 1, "west": 2}}
    assert second.notes == fresh.notes
    assert second.columns == fresh.columns
    assert second.analysable() == fresh.analysable()
    assert not second.loaded  # names, kinds and notes come from the profile alone
    pd.testing.assert_frame_equal(second.frame, fresh.frame)
    pd.testing.assert_frame_equal(second.raw, fresh.raw)
    pd.testing.assert_frame_equal(second.numeric(), fresh.numeric())


def test_a_cached_dataset_pickles_with_its_rows(tmp_path):
    import pickle

    path = _table(tmp_path / "t.csv")
    load_cached(path, tmp_path / "profiles")
    ds = load_cached(path, tmp_path / "profiles")
    copy = pickle.loads(pickle.dumps(ds))
    assert copy.loaded and copy.profile == ds.profile
    pd.testing.assert_frame_equal(copy.frame, load_table(path).frame)


def test_a_changed_file_is_profiled_again(tmp_path):
    path = _table(tmp_path / "t.csv", seed=0)
    cache = tmp_path / "profiles"
    before = load_cached(path, cache).profile
    _table(path, seed=1, n=500)
    after = load_cached(path, cache)
    assert after.loaded  # a miss: profiled from the new content
    assert after.profile == load_table(path).profile
    assert (before.n, after.profile.n) == (299, 499)
    assert len(list(cache.glob("*.json"))) == 2


def test_loading_options_are_part_of_the_key(tmp_path):
    path = _table(tmp_path / "t.csv")
    cache = tmp_path / "profiles"
    load_cached(path, cache)
    sub = load_cached(path, cache, columns=["x", "y"])
    assert sub.loaded and sub.columns == ["x", "y"]
    imputed = load_cached(path, cache, missing="mean")
    assert imputed.loaded and imputed.profile.n == 300


def test_rows_of_a_file_changed_after_loading_are_refused(tmp_path):
    path = _table(tmp_path / "t.csv")
    cache = tmp_path / "profiles"
    load_cached(path, cache)
    ds = load_cached(path, cache)
    _table(path, seed=5)
    with pytest.raises(DataError, match="changed since it was loaded"):
        ds.frame  # noqa: B018


def test_a_hit_gives_the_same_warnings(tmp_path):
    path = _table(tmp_path / "t.csv", with_constant=True)
    cache = tmp_path / "profiles"
    with pytest.warns(UserWarning, match="dropped column 'k'"):
        load_cached(path, cache)
    with pytest.warns(UserWarning, match="dropped column 'k'"):
        ds = load_cached(path, cache)
    assert not ds.loaded
    with pytest.raises(DataError, match="constant"):
        ds.require("k")


def test_a_damaged_entry_is_recomputed(tmp_path):
    path = _table(tmp_path / "t.csv")
    cache = tmp_path / "profiles"
    load_cached(path, cache)
    (entry,) = cache.glob("*.json")
    entry.write_text("{not json")
    ds = load_cached(path, cache)
    assert ds.loaded and ds.profile == load_table(path).profile
    assert json.loads(entry.read_text())["profile"]["n"] == 299


def test_files_the_cache_does_not_cover_load_as_before(tmp_path):
    with pytest.raises(DataError, match="does not exist"):
        load_cached(tmp_path / "missing.csv", tmp_path / "profiles")
    bad = tmp_path / "t.sav"
    bad.write_text("x")
    with pytest.raises(DataError, match="Unsupported file type"):
        load_cached(bad, tmp_path / "profiles")


def test_discover_and_estimate_keep_their_profile_cache_in_the_workspace_given(tmp_path):
    """`--workspace DIR` on discover and estimate puts the data profile in DIR's cache (and not
    in the default workspace), so the next command on the file there skips profiling."""
    from typer.testing import CliRunner

    from copilot.cli import app

    rng = np.random.default_rng(0)
    x = rng.normal(size=300)
    t = (x + rng.normal(size=300) > 0).astype(int)
    frame = pd.DataFrame({"x": x, "t": t, "y": 2 * t + x + rng.normal(size=300)})
    path = tmp_path / "small.csv"
    frame.to_csv(path, index=False)
    ws = tmp_path / "ws"
    runner = CliRunner()
    res = runner.invoke(
        app,
        [
            "estimate",
            str(path),
            "-t",
            "t",
            "-y",
            "y",
            "--no-refute",
            "--bootstrap",
            "20",
            "--workspace",
            str(ws),
            "--quiet",
        ],
    )
    assert res.exit_code == 0, res.output
    from copilot.workspace import Workspace

    profiles = Workspace(ws).profiles_dir
    assert profiles.is_dir() and list(profiles.iterdir()), sorted(map(str, ws.rglob("*")))
    res = runner.invoke(
        app, ["discover", str(path), "--workspace", str(ws), "--quiet", "--algo", "pc"]
    )
    assert res.exit_code == 0, res.output
