"""A task with a planted latent class, to check steering and probes against a known answer.

Each prompt is a run of neutral tokens with a few *class tokens* mixed in: class 0 prompts draw
them from one set, class 1 prompts from another. The last token is a query; the answer is
`ANSWER[class]`. The class is therefore not visible in the query token's embedding (layer 0 at
the last position reads chance) and must be moved to the query position by attention: after
the first layer it is linearly readable there, and adding the class-1-minus-class-0 direction
at that point flips the model's answer.

    spec = PlantedTask()
    model = train_planted_model(spec)          # seconds on one CPU thread
    model = load_planted_model()               # the default model, trained once per workspace
    pos, neg = spec.sample_class(1, 64), spec.sample_class(0, 64)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from copilot.errors import ProbeError

if TYPE_CHECKING:
    import torch


@dataclass(frozen=True)
class PlantedTask:
    """Token layout: 0 = query, 1/2 = answers, 3.. = class-0 tokens, then class-1, then neutral."""

    vocab_size: int = 32
    length: int = 12  # tokens before the query
    n_class_tokens: int = 4  # size of each class's token set
    per_prompt: int = 3  # class tokens planted in each prompt

    QUERY = 0
    ANSWER = (1, 2)

    def __post_init__(self) -> None:
        if self.vocab_size < 3 + 2 * self.n_class_tokens + 2:
            raise ProbeError(
                f"A vocabulary of {self.vocab_size} is too small for the planted task.",
                "use a larger vocab_size",
            )
        if not 1 <= self.per_prompt <= self.length:
            raise ProbeError("per_prompt must be between 1 and length.", "e.g. per_prompt=3")

    def class_tokens(self, c: int) -> range:
        lo = 3 + c * self.n_class_tokens
        return range(lo, lo + self.n_class_tokens)

    @property
    def neutral(self) -> range:
        return range(3 + 2 * self.n_class_tokens, self.vocab_size)

    @property
    def seq_len(self) -> int:
        return self.length + 1

    def sample(
        self, n: int, generator: torch.Generator | None = None, classes: torch.Tensor | None = None
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """(n, length + 1) prompts ending in the query, and their (n,) classes."""
        import torch

        g = generator
        if classes is None:
            classes = torch.randint(0, 2, (n,), generator=g)
        neu = torch.tensor(list(self.neutral))
        tokens = neu[torch.randint(0, len(neu), (n, self.length), generator=g)]
        slots = torch.rand(n, self.length, generator=g).argsort(-1)[:, : self.per_prompt]
        pick = torch.randint(0, self.n_class_tokens, (n, self.per_prompt), generator=g)
        planted = 3 + classes[:, None] * self.n_class_tokens + pick  # (n, per_prompt)
        tokens.scatter_(1, slots, planted)
        query = torch.full((n, 1), self.QUERY)
        return torch.cat([tokens, query], 1), classes

    def sample_class(self, c: int, n: int, seed: int = 0) -> torch.Tensor:
        import torch

        g = torch.Generator().manual_seed(seed * 2 + c)
        tokens, _ = self.sample(n, g, classes=torch.full((n,), c))
        return tokens

    def behaviour(self, tokens: torch.Tensor, answer_class: int, name: str = "planted") -> Any:
        """A behaviour scoring `ANSWER[answer_class]` (foil: the other answer) after the query."""
        import torch

        from copilot.tools.probing.behaviours import Behaviour

        n, T = tokens.shape
        targets = torch.zeros_like(tokens)
        targets[:, -1] = self.ANSWER[answer_class]
        foils = torch.full_like(tokens, -1)
        foils[:, -1] = self.ANSWER[1 - answer_class]
        mask = torch.zeros(n, T, dtype=torch.bool)
        mask[:, -1] = True
        return Behaviour(
            name=name,
            tokens=tokens,
            targets=targets,
            score_mask=mask,
            foils=foils,
            metric="accuracy",
            description=f"planted class task: rate of answer {answer_class}",
        )


def train_planted_model(
    spec: PlantedTask | None = None,
    *,
    steps: int = 300,
    d_model: int = 32,
    n_layers: int = 2,
    n_heads: int = 2,
    gate: str = "headwise",
    batch_size: int = 64,
    lr: float = 3e-3,
    seed: int = 0,
) -> Any:
    """A small GatedTransformer trained to answer the planted class (seconds on CPU)."""
    import torch
    import torch.nn.functional as F

    from copilot.tools.probing.model import GatedTransformer, ModelConfig

    spec = spec or PlantedTask()
    torch.manual_seed(seed)
    g = torch.Generator().manual_seed(seed)
    cfg = ModelConfig(
        vocab_size=spec.vocab_size,
        n_layers=n_layers,
        n_heads=n_heads,
        d_model=d_model,
        d_mlp=4 * d_model,
        max_seq_len=max(32, spec.seq_len),
        gate=gate,
        attn_only=True,
        meta={"task": "planted", "name": "planted-class", "seed": seed},
    )
    model = GatedTransformer(cfg)
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.0)
    answers = torch.tensor(spec.ANSWER)
    model.train()
    for _ in range(steps):
        tokens, classes = spec.sample(batch_size, g)
        logits = model(tokens).logits[:, -1]  # (B, V)
        loss = F.cross_entropy(logits, answers[classes])
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
    model.eval()
    return model


PLANTED_NAME = "planted-class"
# bump when the task or the training loop changes, so stale cached models are retrained
PLANTED_RECIPE_VERSION = 1


def planted_model_path(workspace: Any = None) -> Any:
    """Where `load_planted_model` caches the default planted model: the workspace's models/."""
    from copilot.tools.probing.checkpoints import _workspace_models_dir

    return _workspace_models_dir(workspace) / PLANTED_NAME


def load_planted_model(workspace: Any = None, device: Any = "cpu") -> Any:
    """The planted-class model with the default task and schedule: read from the workspace's
    models folder, or trained (a few seconds on one CPU thread) and saved there first. A
    cached model made by another recipe version is retrained."""
    import json
    import os
    import shutil
    import tempfile

    import torch

    from copilot.tools.probing.checkpoints import WEIGHTS_FILE, load_model, save_model
    from copilot.tools.probing.device import resolve_device

    path = planted_model_path(workspace)
    cfg_file = path / "config.json"
    if cfg_file.is_file() and (path / WEIGHTS_FILE).is_file():
        meta = json.loads(cfg_file.read_text()).get("meta", {})
        if meta.get("recipe_version") == PLANTED_RECIPE_VERSION:
            return load_model(path, device=device, dtype="float32").eval()
    old = torch.get_num_threads()
    torch.set_num_threads(1)  # fastest for a model this small, and kind to a busy machine
    try:
        model = train_planted_model()
    finally:
        torch.set_num_threads(old)
    model.config.meta["recipe_version"] = PLANTED_RECIPE_VERSION
    model.config.meta["command"] = "load_planted_model()"
    # write next to the target and rename, so a concurrent reader never sees half a model
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix=f".{PLANTED_NAME}-", dir=path.parent)
    try:
        save_model(model, tmp)
        if path.exists():
            shutil.rmtree(path)
        os.replace(tmp, path)
    finally:
        if os.path.isdir(tmp):
            shutil.rmtree(tmp)
    return model.to(resolve_device(device)).eval()
