"""Synthetic tasks with known mechanisms, as batches of integer tokens plus a loss mask.

- `induction`: a random sequence of distinct tokens followed by the same sequence again. The first
  half cannot be predicted (loss about ln V); the second half is predictable by induction heads
  (a previous-token head in one layer, a head attending to "the token after the earlier copy of
  the current token" in a later one).
- `recall`: key-value associative recall. `k1 v1 ... kn vn q1 a1 ... qn an`: the n pairs, then
  every key once more in random order as a query; the targets are the answers a_i, the values of
  the queried keys (keys and values come from disjoint halves of the vocabulary).
- `copy`: `x1 .. xn SEP x1 .. xn`; the target is the copy after the separator.

`Batch.loss_mask[b, t]` is true where the token at position t is a prediction target (predicted
from the logits at t - 1).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
import torch.nn.functional as F

from copilot.errors import InputError

TASKS: tuple[str, ...] = ("induction", "recall", "copy")


@dataclass
class Batch:
    tokens: torch.Tensor  # (B, T) long
    loss_mask: torch.Tensor  # (B, T) bool: positions whose token is a target


@dataclass(frozen=True)
class TaskSpec:
    """A task and its sizes. `seq_len` is the length of every sequence it makes."""

    name: str = "induction"
    vocab_size: int = 64
    length: int = 16  # induction: half length; recall: number of pairs; copy: sequence length

    def __post_init__(self) -> None:
        if self.name not in TASKS:
            raise InputError(f"Unknown task {self.name!r}.", f"choose one of: {', '.join(TASKS)}")
        if self.length < 2:
            raise InputError(f"Task length {self.length} is too short.", "use at least 2")
        need = {"induction": self.length, "recall": 2 * self.length, "copy": 2}[self.name]
        if self.vocab_size < need:
            raise InputError(
                f"A vocabulary of {self.vocab_size} is too small for {self.name} with length "
                f"{self.length}.",
                f"use a vocabulary of at least {need}",
            )

    @property
    def seq_len(self) -> int:
        n = self.length
        return {"induction": 2 * n, "recall": 4 * n, "copy": 2 * n + 1}[self.name]

    def sample(self, batch: int, generator: torch.Generator | None = None) -> Batch:
        """`batch` fresh sequences (on CPU) in the fixed layout described above."""
        return SAMPLERS[self.name](self, batch, generator)

    def sample_train(self, batch: int, generator: torch.Generator | None = None) -> Batch:
        """Training sequences. For induction the repeat starts at a random offset with a random
        length, so that only a content-based mechanism (previous-token head + induction head)
        predicts it: a fixed offset would let one head attend by relative position alone."""
        if self.name == "induction":
            return _induction_varied(self, batch, generator)
        if self.name == "recall":
            # half the batch is varied-offset induction on the same vocabulary and length: its dense
            # signal grows the previous-token + induction circuit that recall reuses
            k = batch // 2
            r = self.sample(batch - k, generator)
            ind = _induction_varied(
                TaskSpec("induction", self.vocab_size, 2 * self.length), k, generator
            )
            return Batch(torch.cat([r.tokens, ind.tokens]), torch.cat([r.loss_mask, ind.loss_mask]))
        return self.sample(batch, generator)


def _distinct(batch: int, n: int, low: int, high: int, g: torch.Generator | None) -> torch.Tensor:
    """(batch, n) ids drawn without replacement from [low, high)."""
    return torch.rand(batch, high - low, generator=g).argsort(dim=-1)[:, :n] + low


def _induction(spec: TaskSpec, batch: int, g: torch.Generator | None) -> Batch:
    n = spec.length
    first = _distinct(batch, n, 0, spec.vocab_size, g)  # (B, n)
    tokens = torch.cat([first, first], dim=1)  # (B, 2n)
    mask = torch.ones_like(tokens, dtype=torch.bool)
    mask[:, 0] = False  # a language-model loss on every position (the first half is random)
    return Batch(tokens, mask)


def _induction_varied(spec: TaskSpec, batch: int, g: torch.Generator | None) -> Batch:
    n, T = spec.length, 2 * spec.length
    tokens = (
        _distinct(batch, T, 0, spec.vocab_size, g)
        if spec.vocab_size >= T
        else torch.randint(0, spec.vocab_size, (batch, T), generator=g)
    )
    m = torch.randint(max(2, n // 2), n + 1, (batch,), generator=g)  # repeated length
    p = (torch.rand(batch, generator=g) * (T - 2 * m + 1).float()).long()  # prefix length
    pos = torch.arange(T)[None, :]  # (1, T)
    in_copy = (pos >= (p + m)[:, None]) & (pos < (p + 2 * m)[:, None])  # second occurrence
    src = (pos - m[:, None]).clamp(min=0)
    tokens = torch.where(in_copy, tokens.gather(1, src), tokens)
    mask = torch.ones_like(tokens, dtype=torch.bool)
    mask[:, 0] = False
    return Batch(tokens, mask)


def _recall(spec: TaskSpec, batch: int, g: torch.Generator | None) -> Batch:
    n, half = spec.length, spec.vocab_size // 2
    keys = _distinct(batch, n, 0, half, g)  # (B, n)
    values = torch.randint(half, spec.vocab_size, (batch, n), generator=g)  # (B, n)
    pairs = torch.stack([keys, values], dim=-1).reshape(batch, 2 * n)  # k1 v1 k2 v2 ...
    order = torch.rand(batch, n, generator=g).argsort(dim=-1)  # every key queried once
    queries = torch.stack([keys.gather(1, order), values.gather(1, order)], dim=-1)
    tokens = torch.cat([pairs, queries.reshape(batch, 2 * n)], dim=1)  # (B, 4n)
    mask = torch.zeros_like(tokens, dtype=torch.bool)
    mask[:, 2 * n + 1 :: 2] = True  # the answers after each query
    return Batch(tokens, mask)


def _copy(spec: TaskSpec, batch: int, g: torch.Generator | None) -> Batch:
    n, sep = spec.length, spec.vocab_size - 1
    seq = torch.randint(0, spec.vocab_size - 1, (batch, n), generator=g)  # (B, n)
    tokens = torch.cat([seq, torch.full((batch, 1), sep), seq], dim=1)  # (B, 2n + 1)
    mask = torch.zeros_like(tokens, dtype=torch.bool)
    mask[:, n + 1 :] = True
    return Batch(tokens, mask)


SAMPLERS = {"induction": _induction, "recall": _recall, "copy": _copy}


def masked_loss(logits: torch.Tensor, batch: Batch) -> torch.Tensor:
    """Mean next-token cross-entropy over the targets of `batch.loss_mask`."""
    tgt = batch.tokens[:, 1:].to(logits.device)  # (B, T-1)
    m = batch.loss_mask[:, 1:].to(logits.device)  # (B, T-1)
    lp = logits[:, :-1].float()  # (B, T-1, V)
    return F.cross_entropy(lp[m], tgt[m])


def token_losses(model, tokens: torch.Tensor) -> torch.Tensor:
    """(B, T-1) next-token losses; entry t is the loss of predicting token t+1."""
    logits = model(tokens).logits[:, :-1].float()  # (B, T-1, V)
    tgt = tokens[:, 1:].to(logits.device)
    return F.cross_entropy(logits.transpose(1, 2), tgt, reduction="none")


@torch.no_grad()
def induction_losses(model, half: int = 16, batch: int = 64, seed: int = 0) -> dict[str, float]:
    """Mean loss on the first half (unpredictable, about ln V) and on the repeated half."""
    vocab = model.config.vocab_size
    g = torch.Generator().manual_seed(seed)
    b = _induction(TaskSpec("induction", vocab, half), batch, g)
    lo = token_losses(model, b.tokens.to(model.device))  # (B, 2n-1): predicts tokens 1..2n-1
    first = lo[:, : half - 1].mean().item()  # targets 1..n-1
    second = lo[:, half:].mean().item()  # targets n+1..2n-1
    return {"first_half_loss": first, "second_half_loss": second, "uniform_loss": math.log(vocab)}


@torch.no_grad()
def evaluate(model, spec: TaskSpec, batch: int = 128, seed: int = 12345) -> dict[str, float]:
    """Loss and accuracy on the targets of fresh batches of `spec`, plus task-specific numbers."""
    g = torch.Generator().manual_seed(seed)
    b = spec.sample(batch, g)
    logits = model(b.tokens.to(model.device)).logits
    loss = masked_loss(logits, b).item()
    m = b.loss_mask[:, 1:].to(logits.device)
    pred = logits[:, :-1].argmax(-1)
    acc = (pred[m] == b.tokens[:, 1:].to(logits.device)[m]).float().mean().item()
    out = {"loss": loss, "accuracy": acc}
    if spec.name == "induction":
        out.update(induction_losses(model, spec.length, batch, seed))
    return out
