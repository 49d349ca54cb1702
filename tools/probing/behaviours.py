"""Behaviours: a set of prompts plus the positions, targets and foils a metric reads.

A behaviour is what a probing experiment measures. Its prompts are right-padded into one
(N, T) batch; `score_mask[i, t]` marks the positions whose next-token prediction is scored,
`targets[i, t]` is the correct next token there and `foils[i, t]` an incorrect one (for the
logit difference). Padding sits after every scored position, so in a causal model it never
changes a scored prediction.

Metrics (one value per prompt, the mean over its scored positions):

| metric | value at a scored position | better |
| --- | --- | --- |
| `loss` | cross-entropy of the target | lower |
| `logit_diff` | logit(target) - logit(foil) | higher |
| `prob` | probability of the target | higher |
| `accuracy` | 1 if the argmax is the target | higher |
| `kl` | KL(unablated || intervened) over the vocabulary | lower |

Built-in behaviours follow the synthetic tasks of `tasks.py` (induction, recall, copy). User
behaviours come from a JSONL file, one object per line: `{"prompt": ..., "target": ...,
"foil": ...}` where each field is a list of integer token ids (built-in models) or text
tokenized by a Hugging Face tokenizer from a local directory. `foil` is optional.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from copilot.errors import ProbeError, nearest_names

if TYPE_CHECKING:
    import torch

METRICS: tuple[str, ...] = ("loss", "logit_diff", "prob", "accuracy", "kl")
HIGHER_IS_BETTER: dict[str, bool] = {
    "loss": False,
    "logit_diff": True,
    "prob": True,
    "accuracy": True,
    "kl": False,
}
BUILTIN_BEHAVIOURS: tuple[str, ...] = ("induction", "recall", "copy")
DEFAULT_METRIC: dict[str, str] = {"induction": "loss", "recall": "logit_diff", "copy": "loss"}


@dataclass
class Behaviour:
    """Prompts (N, T) with the positions, targets and foils a metric reads; see the module doc."""

    name: str
    tokens: torch.Tensor  # (N, T) long, right-padded with 0
    targets: torch.Tensor  # (N, T) long: the correct next token after position t
    score_mask: torch.Tensor  # (N, T) bool: positions whose next-token prediction is scored
    foils: torch.Tensor | None = None  # (N, T) long, -1 where there is no foil
    lengths: torch.Tensor | None = None  # (N,) real (unpadded) lengths
    metric: str = "loss"  # the default metric of this behaviour
    source: str = "builtin"  # "builtin" or the path of the JSONL file
    description: str = ""

    def __post_init__(self) -> None:
        import torch

        if self.tokens.dim() != 2 or self.tokens.shape[0] == 0 or self.tokens.shape[1] == 0:
            raise ProbeError(
                f"Behaviour {self.name!r} has no prompts.", "give at least one non-empty prompt"
            )
        for what, t in (("targets", self.targets), ("score_mask", self.score_mask)):
            if tuple(t.shape) != tuple(self.tokens.shape):
                raise ProbeError(
                    f"Behaviour {what} has shape {tuple(t.shape)}; the tokens have "
                    f"{tuple(self.tokens.shape)}.",
                    "give one entry per token",
                )
        if self.foils is not None and tuple(self.foils.shape) != tuple(self.tokens.shape):
            raise ProbeError("Behaviour foils do not match the tokens' shape.", "one per token")
        if not bool(self.score_mask.any(dim=1).all()):
            bad = int((~self.score_mask.any(dim=1)).nonzero()[0])
            raise ProbeError(
                f"Prompt {bad} of behaviour {self.name!r} has no scored position.",
                "give every prompt a target",
            )
        if self.lengths is None:
            self.lengths = torch.full((self.tokens.shape[0],), self.tokens.shape[1])
        check_metric(self.metric)

    @property
    def n(self) -> int:
        return int(self.tokens.shape[0])

    @property
    def seq_len(self) -> int:
        return int(self.tokens.shape[1])

    @property
    def has_foils(self) -> bool:
        """Every prompt has a foil at one or more of its scored positions."""
        if self.foils is None:
            return False
        return bool(((self.foils >= 0) & self.score_mask).any(dim=1).all())

    def subset(self, idx: Any) -> Behaviour:
        """The behaviour restricted to the prompts `idx` (indices or a bool mask)."""
        return replace(
            self,
            tokens=self.tokens[idx],
            targets=self.targets[idx],
            score_mask=self.score_mask[idx],
            foils=None if self.foils is None else self.foils[idx],
            lengths=None if self.lengths is None else self.lengths[idx],
        )

    def to(self, device: Any) -> Behaviour:
        """The behaviour on `device`; itself when it is there already (as `Tensor.to`)."""
        import torch

        dev = torch.device(device)
        parts = (self.tokens, self.targets, self.score_mask, self.foils)
        if all(t is None or t.device == dev for t in parts):
            return self
        return replace(
            self,
            tokens=self.tokens.to(device),
            targets=self.targets.to(device),
            score_mask=self.score_mask.to(device),
            foils=None if self.foils is None else self.foils.to(device),
        )

    def scored(self) -> tuple[torch.Tensor, torch.Tensor]:
        """(rows, cols) of the scored positions, each (P,); computed once per mask (again when
        the mask is replaced or edited in place). Callers must not modify them."""
        m = self.score_mask
        key = (id(m), m._version)
        got = self.__dict__.get("_scored")
        if got is None or got[0] != key:
            got = self.__dict__["_scored"] = (key, m.nonzero(as_tuple=True))
        return got[1]

    def describe(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "source": self.source,
            "n_prompts": self.n,
            "seq_len": self.seq_len,
            "scored_positions": int(self.score_mask.sum()),
            "default_metric": self.metric,
            "description": self.description,
        }


def check_metric(metric: str) -> str:
    if metric not in METRICS:
        near = nearest_names(metric, METRICS)
        hint = f"did you mean {near[0]!r}?" if near else f"choose one of: {', '.join(METRICS)}"
        raise ProbeError(f"Unknown metric {metric!r}.", hint)
    return metric


# ---------------------------------------------------------------------------------------------
# metrics
# ---------------------------------------------------------------------------------------------
def scored_logits(logits: torch.Tensor, behaviour: Behaviour) -> torch.Tensor:
    """Logits at the scored positions: (..., N, T, V) -> (..., P, V)."""
    rows, cols = behaviour.scored()
    rows, cols = rows.to(logits.device), cols.to(logits.device)
    return logits[..., rows, cols, :]


def reference_logprobs(logits: torch.Tensor, behaviour: Behaviour) -> torch.Tensor:
    """Log-probabilities of the unablated model at the scored positions, (P, V), for `kl`."""
    return scored_logits(logits, behaviour).float().log_softmax(-1)


def position_values(
    sel: torch.Tensor, behaviour: Behaviour, metric: str, ref_logprobs: torch.Tensor | None = None
) -> torch.Tensor:
    """The metric at every scored position: `sel` (..., P, V) -> (..., P)."""

    check_metric(metric)
    rows, cols = behaviour.scored()
    dev = sel.device
    tgt = behaviour.targets[rows, cols].to(dev)  # (P,)
    sel = sel.float()
    if metric == "loss":
        lp = sel.log_softmax(-1)
        return -_take(lp, tgt)
    if metric == "prob":
        return _take(sel.softmax(-1), tgt)
    if metric == "accuracy":
        return (sel.argmax(-1) == tgt).float()
    if metric == "logit_diff":
        if not behaviour.has_foils:
            raise ProbeError(
                f"Behaviour {behaviour.name!r} has no foil tokens, so the logit "
                "difference is undefined.",
                "add a 'foil' to every prompt, or use --metric loss",
            )
        foil = behaviour.foils[rows, cols].to(dev)
        # positions without a foil (later tokens of a multi-token target) get weight 0 in
        # per_prompt; clamp keeps the gather in range
        return _take(sel, tgt) - _take(sel, foil.clamp_min(0))
    if metric == "kl":
        if ref_logprobs is None:
            raise ProbeError(
                "The kl metric needs the unablated model's log-probabilities.",
                "compute them with reference_logprobs(clean_logits, behaviour)",
            )
        lp = sel.log_softmax(-1)
        ref = ref_logprobs.to(dev)
        return (ref.exp() * (ref - lp)).sum(-1).clamp_min(0.0)
    raise AssertionError(metric)  # pragma: no cover - check_metric guards


def _take(x: torch.Tensor, idx: torch.Tensor) -> torch.Tensor:
    """x (..., P, V), idx (P,) -> (..., P)."""
    shape = x.shape[:-1] + (1,)
    return x.gather(-1, idx.view(*([1] * (x.dim() - 2)), -1, 1).expand(shape)).squeeze(-1)


def position_weights(behaviour: Behaviour, metric: str) -> torch.Tensor:
    """(P,) weights of the scored positions: 1, except positions without a foil for logit_diff."""
    import torch

    rows, cols = behaviour.scored()
    if metric == "logit_diff" and behaviour.foils is not None:
        return (behaviour.foils[rows, cols] >= 0).float()
    return torch.ones(rows.shape, dtype=torch.float32)


def per_prompt(values: torch.Tensor, behaviour: Behaviour, metric: str = "loss") -> torch.Tensor:
    """Weighted mean over each prompt's scored positions: (..., P) -> (..., N)."""
    import torch

    rows, _ = behaviour.scored()
    w = position_weights(behaviour, metric)  # (P,)
    counts = torch.zeros(behaviour.n).index_add_(0, rows.cpu(), w)
    # one (P, N) averaging matrix: a matmul is much faster than a scatter over many masks
    avg = torch.zeros(len(w), behaviour.n)
    avg[torch.arange(len(w)), rows.cpu()] = w / counts[rows.cpu()]
    avg = avg.to(values.device, values.dtype)
    return values @ avg


def metric_per_prompt(
    logits: torch.Tensor,
    behaviour: Behaviour,
    metric: str,
    ref_logprobs: torch.Tensor | None = None,
) -> torch.Tensor:
    """The metric of every prompt: logits (..., N, T, V) -> (..., N)."""
    sel = scored_logits(logits, behaviour)
    return per_prompt(position_values(sel, behaviour, metric, ref_logprobs), behaviour, metric)


# ---------------------------------------------------------------------------------------------
# chance and warnings
# ---------------------------------------------------------------------------------------------
# within this share of the way from chance to a perfect score, a model counts as at chance
AT_CHANCE_SHARE = 0.1


def chance_level(metric: str, vocab_size: int) -> float | None:
    """The metric of a model that guesses uniformly over the vocabulary: ln V for loss, 1/V for
    prob and accuracy, 0 for logit_diff; None for kl (it compares with the model itself)."""
    check_metric(metric)
    if metric == "loss":
        return math.log(vocab_size)
    if metric in ("prob", "accuracy"):
        return 1.0 / vocab_size
    if metric == "logit_diff":
        return 0.0
    return None


def chance_warning(
    metric: str, value: float, ci: tuple[float, float], vocab_size: int, what: str = "model"
) -> str | None:
    """A warning when `value` (the unablated / clean metric) is at chance: its interval holds
    the chance level, or it is less than AT_CHANCE_SHARE of the way from chance to perfect."""
    c = chance_level(metric, vocab_size)
    if c is None or not math.isfinite(value):
        return None
    lo, hi = ci
    covers = not (math.isnan(lo) or math.isnan(hi)) and lo <= c <= hi
    if metric == "loss":
        near = value >= (1 - AT_CHANCE_SHARE) * c
    elif metric == "logit_diff":
        near = value <= 0.1  # under a tenth of a logit in favour of the target
    else:
        near = value <= c + AT_CHANCE_SHARE * (1 - c)
    if not (covers or near):
        return None
    return (
        f"the {what} is at chance on this behaviour: {metric} {value:.4g} against {c:.4g} for "
        "uniform guessing, so its internals have no behaviour to explain; train it longer or "
        "pick a behaviour it performs"
    )


def interval_warning(cis: list[tuple[float, float]], what: str = "effect") -> str | None:
    """A warning when intervals exist and none of them excludes 0."""
    real = [(lo, hi) for lo, hi in cis if not (math.isnan(lo) or math.isnan(hi))]
    if not real or any(lo > 0 or hi < 0 for lo, hi in real):
        return None
    return (
        f"no {what}'s interval excludes 0: none is distinguishable from no effect with these "
        "prompts; use more prompts (--n-prompts) or a model that performs the behaviour"
    )


def result_warnings(
    metric: str, baseline: Any, cis: list[tuple[float, float]], what: str, vocab_size: int
) -> list[str]:
    """The warnings of a patching-style result: the clean run (`baseline`, an `Interval`) at
    chance, and no interval of `cis` excluding 0."""
    found = (
        chance_warning(metric, baseline.value, (baseline.lo, baseline.hi), vocab_size),
        interval_warning(cis, what),
    )
    return [w for w in found if w]


def headline_warnings(
    ranked: list[tuple[str, tuple[float, float]]], what: str = "effect"
) -> list[str]:
    """Warnings about effects ranked first to last as (label, interval): one when no interval
    excludes 0, else one when the headline (first) effect's interval includes 0 although
    another's does not (the ranking is by the mean, so noise can put a wide interval first)."""
    none = interval_warning([ci for _, ci in ranked], what)
    if none:
        return [none]
    if not ranked:
        return []
    label, (lo, hi) = ranked[0]
    if math.isnan(lo) or math.isnan(hi) or lo > 0 or hi < 0:
        return []
    return [
        f"the headline {label}'s interval [{lo:+.3f}, {hi:+.3f}] includes 0: its {what} is not "
        "distinguishable from none; read the next rows, or use more prompts (--n-prompts)"
    ]


# ---------------------------------------------------------------------------------------------
# construction and validation
# ---------------------------------------------------------------------------------------------
def model_limits(model: Any) -> tuple[int, int]:
    """(vocab_size, max_seq_len) of a model (built-in or adapted)."""
    cfg = model.config
    vocab = getattr(cfg, "vocab_size", None)
    ctx = getattr(cfg, "max_seq_len", None) or getattr(cfg, "max_position_embeddings", None)
    if not vocab or not ctx:
        raise ProbeError(
            "The model does not say its vocabulary size and context length.",
            "load it with copilot.tools.probing.checkpoints",
        )
    return int(vocab), int(ctx)


def check_fits(behaviour: Behaviour, model: Any) -> Behaviour:
    """Raise ProbeError unless every token id is in the vocabulary and prompts fit the context."""
    vocab, ctx = model_limits(model)
    if behaviour.seq_len > ctx:
        longest = (
            int(behaviour.lengths.max()) if behaviour.lengths is not None else behaviour.seq_len
        )
        forced = "" if behaviour.source == "builtin" else " (teacher-forced target tokens included)"
        raise ProbeError(
            f"Prompts of behaviour {behaviour.name!r} are {longest} tokens long{forced}; the "
            f"model's context is {ctx}.",
            "use shorter prompts",
        )
    for what, t in (
        ("prompt", behaviour.tokens),
        ("target", behaviour.targets[behaviour.score_mask]),
    ):
        if t.numel() and (int(t.min()) < 0 or int(t.max()) >= vocab):
            raise ProbeError(
                f"A {what} token id of behaviour {behaviour.name!r} lies outside the "
                f"vocabulary [0, {vocab}): got {int(t.min())}..{int(t.max())}.",
                "use token ids of this model's vocabulary",
            )
    if behaviour.foils is not None:
        f = behaviour.foils[behaviour.score_mask]
        f = f[f >= 0]
        if f.numel() and int(f.max()) >= vocab:
            raise ProbeError(
                f"A foil token id ({int(f.max())}) lies outside the vocabulary [0, {vocab}).",
                "use token ids of this model's vocabulary",
            )
    return behaviour


def check_foils(behaviour: Behaviour, metric: str) -> Behaviour:
    """For logit_diff, refuse a foil equal to its target: the difference would be 0 whatever
    the model does."""
    if metric != "logit_diff" or behaviour.foils is None:
        return behaviour
    m = behaviour.score_mask & (behaviour.foils >= 0) & (behaviour.foils == behaviour.targets)
    if bool(m.any()):
        i = int(m.any(dim=1).nonzero()[0])
        raise ProbeError(
            f"Prompt {i} of behaviour {behaviour.name!r} has its target as the foil, so the "
            "logit difference is 0 whatever the model does.",
            "give a foil other than the target, or use --metric loss",
        )
    return behaviour


def _check_lines(
    fname: str,
    linenos: list[int],
    prompts: list[list[int]],
    targets: list[list[int]],
    foils: list[list[int] | None] | None,
    model: Any,
    metric: str | None,
) -> None:
    """Per-line checks of a JSONL behaviour that name the line: the prompt plus its
    teacher-forced target fits the context; for logit_diff, no foil equals its target."""
    _, ctx = model_limits(model)
    for ln, p, t in zip(linenos, prompts, targets, strict=True):
        if len(p) > ctx:
            raise ProbeError(
                f"{fname} line {ln}: the prompt is {len(p)} tokens long; the model's context "
                f"is {ctx}.",
                "use shorter prompts",
            )
        n = len(p) + len(t) - 1
        if n > ctx:
            raise ProbeError(
                f"{fname} line {ln}: the prompt ({len(p)} tokens) plus its teacher-forced "
                f"target ({len(t)} tokens, all but the last fed back as input) is {n} tokens "
                f"long; the model's context is {ctx}.",
                "shorten the prompt or the target",
            )
    have_foils = foils is not None and all(f is not None for f in foils)
    if not have_foils or (metric or "logit_diff") != "logit_diff":
        return
    for ln, t, f in zip(linenos, targets, foils, strict=True):
        if f and t and int(f[0]) == int(t[0]):
            raise ProbeError(
                f"{fname} line {ln}: the foil {f[0]} is the target, so the logit difference "
                "is 0 whatever the model does.",
                "give a foil other than the target, or use --metric loss",
            )


def from_sequences(
    name: str,
    prompts: list[list[int]],
    targets: list[list[int]],
    foils: list[list[int] | None] | None = None,
    metric: str | None = None,
    source: str = "python",
    description: str = "",
) -> Behaviour:
    """A behaviour from token-id prompts, each with one or more target tokens and an optional foil.

    The target tokens are appended to the prompt (teacher forcing); the scored positions are the
    last prompt token and every target token but the last. A foil is compared with the first
    target token only.
    """
    import torch

    if not prompts:
        raise ProbeError(f"Behaviour {name!r} has no prompts.", "give at least one prompt")
    if len(targets) != len(prompts) or (foils is not None and len(foils) != len(prompts)):
        raise ProbeError(
            "Prompts, targets and foils differ in number.", "give one of each per prompt"
        )
    seqs, starts = [], []
    for i, (p, t) in enumerate(zip(prompts, targets, strict=True)):
        if not p:
            raise ProbeError(
                f"Prompt {i} of behaviour {name!r} is empty.", "give at least one token"
            )
        if not t:
            raise ProbeError(
                f"Prompt {i} of behaviour {name!r} has no target.", "give at least one target token"
            )
        seqs.append(list(p) + list(t)[:-1])
        starts.append(len(p) - 1)
    T = max(len(s) for s in seqs)
    N = len(seqs)
    tokens = torch.zeros(N, T, dtype=torch.long)
    tgts = torch.zeros(N, T, dtype=torch.long)
    mask = torch.zeros(N, T, dtype=torch.bool)
    fl = torch.full((N, T), -1, dtype=torch.long)
    for i, (s, t) in enumerate(zip(seqs, targets, strict=True)):
        tokens[i, : len(s)] = torch.tensor(s, dtype=torch.long)
        a = starts[i]
        tgts[i, a : a + len(t)] = torch.tensor(list(t), dtype=torch.long)
        mask[i, a : a + len(t)] = True
        if foils is not None and foils[i]:
            fl[i, a] = int(foils[i][0])
    have_foils = foils is not None and all(f for f in foils)
    lengths = torch.tensor([len(s) for s in seqs])
    return Behaviour(
        name=name,
        tokens=tokens,
        targets=tgts,
        score_mask=mask,
        foils=fl if have_foils else None,
        lengths=lengths,
        metric=metric or ("logit_diff" if have_foils else "loss"),
        source=source,
        description=description,
    )


def builtin_behaviour(
    name: str, model: Any, n_prompts: int = 64, seed: int = 0, length: int | None = None
) -> Behaviour:
    """A behaviour of a synthetic task, sized to the model (vocabulary and context)."""
    import torch

    from copilot.tools.probing.tasks import TaskSpec

    if name not in BUILTIN_BEHAVIOURS:
        raise ProbeError(
            f"Unknown built-in behaviour {name!r}.",
            f"choose one of: {', '.join(BUILTIN_BEHAVIOURS)}",
        )
    if n_prompts < 1:
        raise ProbeError(f"n_prompts must be at least 1, got {n_prompts}.", "use e.g. 64")
    vocab, ctx = model_limits(model)
    meta = getattr(model.config, "meta", None) or {}
    if length is None:
        if meta.get("task") == name and meta.get("task_length"):
            length = int(meta["task_length"])
        else:
            length = {"induction": 16, "recall": 8, "copy": 12}[name]
    try:
        spec = TaskSpec(name, vocab, length)
    except Exception as exc:  # the task's own one-line reason
        raise ProbeError(
            f"Cannot build behaviour {name!r} for this model: {exc}", "pass a smaller length"
        ) from None
    if spec.seq_len > ctx:
        raise ProbeError(
            f"Behaviour {name!r} with length {length} needs {spec.seq_len} tokens; "
            f"the model's context is {ctx}.",
            "pass a smaller length",
        )
    g = torch.Generator().manual_seed(seed)
    batch = spec.sample(n_prompts, g)
    tokens = batch.tokens  # (N, T)
    N, T = tokens.shape
    targets = torch.zeros_like(tokens)
    targets[:, :-1] = tokens[:, 1:]
    mask = torch.zeros(N, T, dtype=torch.bool)
    n = length
    if name == "induction":
        # predictions of tokens n+1..2n-1: the repeated half after its first token, which no
        # mechanism can predict from the first half alone
        mask[:, n : 2 * n - 1] = True
        desc = (
            f"repeated random tokens (2 x {n}); scored on the second half, where an "
            "induction head predicts the next token from the first copy"
        )
    else:
        # the task's own targets: a loss-mask entry at t + 1 scores the prediction made at t
        mask[:, :-1] = batch.loss_mask[:, 1:]
        desc = (
            f"key-value recall with {n} pairs, every key queried once; scored on the answers"
            if name == "recall"
            else f"copy {n} tokens after a separator; scored on the copy"
        )
    foils = _foils(name, tokens, targets, mask, vocab, n, g)
    return Behaviour(
        name=name,
        tokens=tokens,
        targets=targets,
        score_mask=mask,
        foils=foils,
        lengths=torch.full((N,), T),
        metric=DEFAULT_METRIC[name],
        description=desc,
    )


def _foils(
    name: str,
    tokens: torch.Tensor,
    targets: torch.Tensor,
    mask: torch.Tensor,
    vocab: int,
    n: int,
    g: torch.Generator,
) -> torch.Tensor:
    """Incorrect tokens: for recall, the value of another key in the prompt (the natural
    distractor); otherwise a random token different from the target."""
    import torch

    N, T = tokens.shape
    foils = torch.full((N, T), -1, dtype=torch.long)
    if name == "recall":
        values = tokens[:, 1 : 2 * n : 2]  # (N, n): the values of the prompt's pairs
        half = vocab // 2
        for i, t in mask.nonzero().tolist():
            others = values[i][values[i] != targets[i, t]]
            if len(others):
                foils[i, t] = others[int(torch.randint(0, len(others), (1,), generator=g))]
            else:  # every pair has the same value: any other value token
                foils[i, t] = half + (int(targets[i, t]) - half + 1) % (vocab - half)
        return foils
    offset = torch.randint(1, vocab, (N, T), generator=g)
    foils[mask] = ((targets + offset) % vocab)[mask]
    return foils


def load_behaviour_file(
    path: str | Path, model: Any, tokenizer: Any = None, metric: str | None = None
) -> Behaviour:
    """A user behaviour from JSONL: one {"prompt", "target", "foil"?} object per line."""
    p = Path(path).expanduser()
    prompts: list[list[int]] = []
    targets: list[list[int]] = []
    foils: list[list[int] | None] = []
    linenos: list[int] = []
    tok = None
    rows = iter_jsonl(
        p, "Behaviour", ("prompt", "target"), '{"prompt": [3, 7, 3], "target": [7], "foil": [9]}'
    )
    for lineno, obj in rows:
        linenos.append(lineno)
        if any(isinstance(obj.get(k), str) for k in ("prompt", "target", "foil")) and tok is None:
            tok = _tokenizer(tokenizer, model, p.name, lineno)
        prompts.append(_ids(obj["prompt"], tok, p.name, lineno, "prompt", bos=True))
        targets.append(_ids(obj["target"], tok, p.name, lineno, "target"))
        foils.append(
            _ids(obj["foil"], tok, p.name, lineno, "foil") if obj.get("foil") is not None else None
        )
    if not prompts:
        raise ProbeError(f"Behaviour file {p} has no prompts.", "add one JSON object per line")
    if any(f is not None for f in foils) and not all(f is not None for f in foils):
        raise ProbeError(
            f"Some lines of {p.name} have a foil and some do not.",
            "give every line a foil, or none",
        )
    if metric is not None:
        check_metric(metric)
    _check_lines(p.name, linenos, prompts, targets, foils, model, metric)
    b = from_sequences(
        p.stem,
        prompts,
        targets,
        foils if foils[0] is not None else None,
        metric=metric,
        source=str(p),
        description=f"{len(prompts)} prompts from {p.name}",
    )
    return check_fits(b, model)


def _tokenizer(tokenizer: Any, model: Any, fname: str, lineno: int) -> Any:
    """A tokenizer object: given, attached to the model, or loaded from a local directory."""
    tok = tokenizer if tokenizer is not None else getattr(model, "tokenizer", None)
    if tok is None:
        raise ProbeError(
            f"{fname} line {lineno} holds text but the model has no tokenizer.",
            "give token ids (lists of integers) or --tokenizer DIR",
        )
    if isinstance(tok, str | Path):
        d = Path(tok).expanduser()
        if not d.is_dir():
            raise ProbeError(f"Tokenizer directory {d} does not exist.", "name a local folder")
        try:
            from transformers import AutoTokenizer
        except ImportError:
            from copilot.errors import DependencyError

            raise DependencyError("transformers", "hf", "text behaviours") from None
        try:
            tok = AutoTokenizer.from_pretrained(str(d), local_files_only=True)
        except (OSError, ValueError) as exc:
            raise ProbeError(
                f"Cannot load a tokenizer from {d}: {str(exc).splitlines()[0]}",
                "the folder needs tokenizer.json or the files of a HF tokenizer",
            ) from None
    return tok


def iter_jsonl(path: Path, what: str, required: tuple[str, ...], example: str):
    """Yield (line number, object) for each non-empty line of a JSONL file of `what`.

    Every object must be a JSON object holding the `required` keys; errors name the line.
    """
    if not path.is_file():
        raise ProbeError(f"{what} file {path} does not exist.", "check the path")
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ProbeError(
                    f"{path.name} line {lineno} is not valid JSON ({exc.msg}).",
                    "write one JSON object per line",
                ) from None
            if not isinstance(obj, dict) or not set(required) <= set(obj):
                keys = " and ".join(repr(k) for k in required)
                raise ProbeError(f"{path.name} line {lineno} needs {keys}.", f"e.g. {example}")
            yield lineno, obj


def _ids(value: Any, tok: Any, fname: str, lineno: int, what: str, bos: bool = False) -> list[int]:
    if isinstance(value, str):
        ids = (
            list(tok(value, add_special_tokens=bos)["input_ids"])
            if bos
            else list(tok(value, add_special_tokens=False)["input_ids"])
        )
    elif isinstance(value, int) and not isinstance(value, bool):
        ids = [value]
    elif isinstance(value, list):
        for j, v in enumerate(value):
            if not isinstance(v, int) or isinstance(v, bool):
                raise ProbeError(
                    f"{fname} line {lineno}: {what} must be text, an integer or a list of "
                    f"integers; element {j} is {json.dumps(v)} ({type(v).__name__}), not an "
                    "integer.",
                    "use integer token ids or text",
                )
        ids = list(value)
    else:
        raise ProbeError(
            f"{fname} line {lineno}: {what} must be text, an integer or a list of "
            f"integers, got {type(value).__name__}.",
            "use token ids or text",
        )
    if not ids:
        raise ProbeError(f"{fname} line {lineno}: {what} is empty.", "give at least one token")
    return ids


def get_behaviour(
    name_or_path: str | Path | Behaviour,
    model: Any,
    *,
    n_prompts: int = 64,
    seed: int = 0,
    length: int | None = None,
    tokenizer: Any = None,
    metric: str | None = None,
) -> Behaviour:
    """A built-in behaviour by name (induction, recall, copy) or a user behaviour from JSONL.

    The result is checked against the model: token ids in the vocabulary, prompts within the
    context. Unknown names raise ProbeError with the nearest built-in name.
    """
    if isinstance(name_or_path, Behaviour):
        b = check_fits(name_or_path, model)
        return check_foils(b, check_metric(metric or b.metric))
    s = str(name_or_path)
    if s in BUILTIN_BEHAVIOURS:
        b = builtin_behaviour(s, model, n_prompts=n_prompts, seed=seed, length=length)
        if metric is not None:
            b = replace(b, metric=check_metric(metric))
        return check_fits(b, model)
    p = Path(s).expanduser()
    if p.suffix in (".jsonl", ".json") or p.exists():
        b = load_behaviour_file(p, model, tokenizer=tokenizer, metric=metric)
        return check_foils(b, metric or b.metric)
    near = nearest_names(s, BUILTIN_BEHAVIOURS)
    hint = (
        f"did you mean {near[0]!r}?"
        if near
        else f"use one of {', '.join(BUILTIN_BEHAVIOURS)} or a JSONL file of prompts"
    )
    raise ProbeError(f"Unknown behaviour {s!r}.", hint)
