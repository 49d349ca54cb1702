"""Local gated-attention transformers and the interventions that probe them.

The model API is importable from here; torch loads on first use, not on `import`:

    from copilot.tools.probing import GatedTransformer, Interventions, load_model, train_model
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "GatedTransformer": "model",
    "ModelConfig": "model",
    "ModelOutput": "model",
    "Interventions": "model",
    "ResidPatch": "model",
    "Steering": "model",
    "head_mask": "model",
    "single_head_masks": "model",
    "load_model": "checkpoints",
    "save_model": "checkpoints",
    "load_qwen3": "checkpoints",
    "load_demo_model": "checkpoints",
    "list_models": "checkpoints",
    "model_info": "checkpoints",
    "split_gated_q_proj": "checkpoints",
    "train_model": "train",
    "TaskSpec": "tasks",
    "HFModel": "hf_adapter",
    "load_hf_model": "hf_adapter",
    "resolve_device": "device",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(f"copilot.tools.probing.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module 'copilot.tools.probing' has no attribute {name!r}")
