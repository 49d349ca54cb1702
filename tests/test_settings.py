"""Settings resolve explicit > environment > config file > defaults; errors name the field."""

from __future__ import annotations

import pytest

from copilot.errors import ColumnNotFoundError, ConfigError, CopilotError, nearest_names
from copilot.settings import load_settings
from copilot.workspace import Workspace, safe_output_path


def test_defaults(workspace_dir):
    s = load_settings()
    assert s.llm_backend == "offline"
    assert s.workspace == workspace_dir
    assert s.llm_api_key is None


def test_precedence_explicit_env_file(monkeypatch, tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text('[copilot]\nseed = 7\nmax_steps = 5\nllm_model = "from-file"\n')
    monkeypatch.setenv("COPILOT_CONFIG", str(cfg))
    monkeypatch.setenv("COPILOT_MAX_STEPS", "9")
    s = load_settings(llm_model="explicit")
    assert (s.seed, s.max_steps, s.llm_model) == (7, 9, "explicit")


def test_openai_key_honoured_and_masked(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-secret")
    s = load_settings()
    assert s.llm_api_key.get_secret_value() == "sk-test-secret"
    assert "sk-test-secret" not in repr(s)
    assert s.public_dict()["llm_api_key"] == "***"


def test_invalid_values_name_the_field(monkeypatch):
    monkeypatch.setenv("COPILOT_MAX_STEPS", "0")
    with pytest.raises(ConfigError, match="max_steps"):
        load_settings()


def test_broken_or_missing_config_file(monkeypatch, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("seed = = 1\n")
    monkeypatch.setenv("COPILOT_CONFIG", str(bad))
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings()
    monkeypatch.setenv("COPILOT_CONFIG", str(tmp_path / "missing.toml"))
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings()


def test_error_carries_message_and_hint():
    err = CopilotError("Something  is\nwrong.", "do this")
    assert str(err) == "Something is wrong. Hint: do this"
    assert err.to_dict() == {
        "error": "CopilotError",
        "message": "Something is wrong.",
        "hint": "do this",
    }


def test_nearest_names_is_case_space_underscore_insensitive():
    cols = ["Discount Rate", "churn", "tenure_months", "region"]
    assert nearest_names("discount_rate", cols) == ["Discount Rate"]
    assert nearest_names("tenure months", cols) == ["tenure_months"]
    assert nearest_names("chrun", cols) == ["churn"]
    err = ColumnNotFoundError("regoin", cols)
    assert "region" in err.hint
    # nothing similar: no suggestion, the columns are listed instead
    sales = ["customer_id", "region", "tenure", "spend", "discount", "churn"]
    assert nearest_names("nothere", sales) == [] and nearest_names("revenue", sales) == []
    assert "available columns" in ColumnNotFoundError("nothere", sales).hint


def test_artifacts_never_overwrite(tmp_path):
    ws = Workspace(tmp_path / "ws")
    a = ws.new_artifact_path("graph", ".png")
    a.write_text("x")
    b = ws.new_artifact_path("graph", "png")
    assert a != b and b.name == "graph_2.png"


def test_safe_output_path(tmp_path):
    existing = tmp_path / "out.json"
    existing.write_text("{}")
    with pytest.raises(CopilotError, match="already exists"):
        safe_output_path(existing)
    assert safe_output_path(existing, overwrite=True) == existing
    with pytest.raises(CopilotError, match="does not exist"):
        safe_output_path(tmp_path / "nope" / "x.json")


def test_artifact_names_are_reserved_across_processes(tmp_path):
    from concurrent.futures import ProcessPoolExecutor

    root = tmp_path / "ws"
    with ProcessPoolExecutor(2) as pool:
        paths = list(pool.map(_reserve, [str(root)] * 16))
    assert len(set(paths)) == 16


def _reserve(root: str) -> str:
    return str(Workspace(root).new_artifact_path("figure", ".png"))
