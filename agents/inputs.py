"""What the planner is told about the registered inputs: ids, names, columns and profiles."""

from __future__ import annotations

from typing import Any


def dataset_record(ds: Any) -> dict[str, Any]:
    """A dataset as the planner sees it: no rows, only names, kinds and shape checks."""
    prof = ds.profile
    return {
        "id": ds.id,
        "name": ds.name,
        "source": ds.source,
        "n_rows": prof.n,
        "p": prof.p,
        "columns": [
            {
                "name": c.name,
                "kind": c.kind,
                "missing_share": round(c.missing_share, 4),
                "cardinality": c.cardinality,
            }
            for c in prof.columns
        ],
        "index_column": prof.index_column,
        "linear": prof.linear,
        "gaussian": prof.gaussian,
        "notes": list(ds.notes),
        "stored": getattr(ds, "stored_path", None),
    }


def model_record(ident: str, model: Any) -> dict[str, Any]:
    """A loaded model as the planner sees it: its name and architecture numbers."""
    rec: dict[str, Any] = {"id": ident, "source": getattr(model, "copilot_source", None)}
    describe = getattr(model, "describe", None)
    if callable(describe):
        info = describe()
        if isinstance(info, dict):
            rec.update(
                {k: v for k, v in info.items() if isinstance(v, str | int | float | bool | None)}
            )
            return rec
    cfg = getattr(model, "config", None)
    for key in (
        "n_layers",
        "n_heads",
        "n_kv_heads",
        "d_model",
        "vocab_size",
        "max_seq_len",
        "gate",
    ):
        val = getattr(cfg, key, None)
        if isinstance(val, str | int | float | bool):
            rec[key] = val
    rec.setdefault("name", getattr(model, "name", ident))
    return rec


def input_records(workspace: Any) -> tuple[dict[str, dict], dict[str, dict]]:
    datasets = {k: dataset_record(v) for k, v in workspace.datasets.items()}
    models = {k: model_record(k, v) for k, v in workspace.models.items()}
    return datasets, models
