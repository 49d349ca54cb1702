"""Circuit-level patching: path patching, q/k/v-input patching and head x position patching.

Path patching (`path_patch`) asks how much of a sender head's effect travels through one input
of some receiver heads. The sender's output is replaced (zero, mean, resample, or its output on
the corrupted prompt of a pair), and the resulting change of the residual stream,
`(replacement - output) @ W_O[sender]`, is added only to what the receivers read as their
query, key or value (`via`), or all three (`via="resid"`); everything else keeps its clean
input, and what comes after the receivers runs freely. The effect is

    metric(path-patched) - metric(clean)

per prompt, with a bootstrap interval over prompts. Only the direct path counts: the sender's
change does not reach the receivers through heads or MLPs in between (they stay clean), as in
path patching of Wang et al. (2022). Known answer: on the demo model the previous-token head of
layer 0 reaches the induction heads of layer 1 through their keys (K-composition), not their
queries.

q/k/v-input patching (`patch_head_inputs`) and head x position patching (`patch_head_positions`)
are activation patching (see `patching.py`) of finer units: the corrupted run gets one head's
clean query, key or value input (the clean residual stream at its layer, read through its own
projections), or one head's clean output at one position. Recovery is normalised as there:
`(patched - corrupted) / (clean - corrupted)`.

These methods need the built-in model (`GatedTransformer`): they read its per-head projections.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, Field

from copilot.errors import ProbeError
from copilot.progress import ProgressCallback, report
from copilot.tools.probing.ablation import _derangement, check_heads, model_name, model_shape
from copilot.tools.probing.behaviours import (
    HIGHER_IS_BETTER,
    Behaviour,
    chance_level,
    get_behaviour,
    metric_per_prompt,
    model_limits,
    result_warnings,
)
from copilot.tools.probing.patching import resolve_pairs
from copilot.tools.probing.results import (
    Interval,
    ProbeResult,
    bootstrap_mean,
    bootstrap_ratio,
    check_boot,
    fmt_interval,
)

if TYPE_CHECKING:
    import torch

Via = Literal["q", "k", "v", "resid"]
VIAS: tuple[str, ...] = ("q", "k", "v", "resid")
PATH_METHODS: tuple[str, ...] = ("zero", "mean", "resample", "corrupt")
HEAD_INPUT_NAMES: tuple[str, ...] = ("q", "k", "v")
# head x position patching runs positions in batches of at most about this many bytes
MEMORY_BYTES = 256 * 2**20


def _native(model: Any, what: str) -> None:
    from copilot.tools.probing.model import GatedTransformer

    if not isinstance(model, GatedTransformer):
        raise ProbeError(
            f"{what} needs the built-in model; this is a {type(model).__name__}.",
            "load a checkpoint in this project's format (copilot model train, or 'demo')",
        )


def _head_name(h: tuple[int, int]) -> str:
    return f"L{h[0]}H{h[1]}"


# ---------------------------------------------------------------------------------------------
# path patching
# ---------------------------------------------------------------------------------------------
class PathEffect(BaseModel):
    """The effect of the sender reaching `receiver` heads through their `via` input."""

    path: str = Field(description="a label, e.g. 'L0H2 -> L1H0+L1H1 via k'")
    sender: tuple[int, int]
    receiver: list[tuple[int, int]] = Field(description="receiving heads, patched together")
    via: str
    effect: float = Field(description="metric(path-patched) - metric(clean), mean over prompts")
    ci: tuple[float, float]
    patched: float = Field(description="metric with the path patched")


class PathPatchingResult(ProbeResult):
    """Path-patching effects of one sender on receiver heads, per input."""

    model: str
    behaviour: str
    metric: str
    method: str
    higher_is_better: bool
    n_prompts: int
    baseline: float = Field(description="metric of the clean model")
    baseline_ci: tuple[float, float]
    chance: float | None = None
    paths: list[PathEffect]
    warnings: list[str] = Field(default_factory=list)
    level: float = 0.95
    n_boot: int = 1000
    elapsed_s: float = 0.0

    def table(self) -> str:
        lines = [f"{'receiver':>24}  {'via':>5}  {'effect':>9}  {'interval':>21}"]
        for p in self.paths:
            rec = "+".join(_head_name(h) for h in p.receiver)
            lines.append(
                f"{rec:>24}  {p.via:>5}  {p.effect:>+9.4f}  "
                f"{fmt_interval(p.ci[0], p.ci[1], '>+8.4f'):>21}"
            )
        return "\n".join(lines)

    def summary(self) -> str:
        s = _head_name(self.paths[0].sender) if self.paths else "?"
        lvl = int(round(self.level * 100))
        parts = [
            f"Path patching ({self.method}) from {s} on {self.behaviour} ({self.n_prompts} "
            f"prompts), {self.metric}: clean {self.baseline:.4f}."
        ]
        shown = ", ".join(
            f"{'+'.join(_head_name(h) for h in p.receiver)} via {p.via} {p.effect:+.3f} "
            f"{fmt_interval(*p.ci)}"
            for p in self.paths[:6]
        )
        parts.append(f"Effects ({lvl}% CI): {shown}.")
        parts.extend(f"Warning: {w}." for w in self.warnings)
        return " ".join(parts)


def _sender_delta(
    model: Any,
    head_out: torch.Tensor,
    sender: tuple[int, int],
    method: str,
    corrupt_out: torch.Tensor | None,
    seed: int,
) -> torch.Tensor:
    """(N, T, C): how replacing the sender's output changes what it writes to the residual."""
    import torch

    layer, head = sender
    D = model.head_dim
    out = head_out[:, :, head]  # (N, T, D)
    if method == "zero":
        rep = torch.zeros_like(out)
    elif method == "mean":
        rep = out.mean(0, keepdim=True).expand_as(out)  # (N, T, D): mean over prompts
    elif method == "resample":
        perm = _derangement(out.shape[0], torch.Generator().manual_seed(seed))
        rep = out[perm.to(out.device)]
    else:
        rep = corrupt_out[:, :, head]  # (N, T, D)
    w = model.layers[layer].attn.o_proj.weight[:, head * D : (head + 1) * D]  # (C, D)
    return (rep - out) @ w.T  # (N, T, C)


def path_patch(
    model: Any,
    behaviour: str | Behaviour = "induction",
    sender: tuple[int, int] = (0, 0),
    receivers: list[tuple[int, int]] | None = None,
    via: str | list[str] = "k",
    method: str = "zero",
    *,
    metric: str | None = None,
    corrupted: Any = None,
    n_prompts: int = 64,
    n_boot: int = 1000,
    level: float = 0.95,
    seed: int = 0,
    tokenizer: Any = None,
    name: str | None = None,
    progress: ProgressCallback | None = None,
) -> PathPatchingResult:
    """Path patching from `sender` to `receivers` (heads of later layers) through each input in
    `via` (q, k, v or resid): one path per receiver, and one for all receivers together."""
    import torch

    from copilot.tools.probing.model import HeadInput, Interventions

    t0 = time.perf_counter()
    check_boot(n_boot, level)
    _native(model, "Path patching")
    if method not in PATH_METHODS:
        raise ProbeError(f"Unknown method {method!r}.", f"choose one of: {', '.join(PATH_METHODS)}")
    vias = [via] if isinstance(via, str) else list(via)
    bad = [v for v in vias if v not in VIAS]
    if bad or not vias:
        raise ProbeError(f"Unknown input(s) {bad or vias!r}.", f"choose from: {', '.join(VIAS)}")
    (snd,) = check_heads(model, [sender], "sender")
    recs = check_heads(model, receivers or [], "receiver")
    if not recs:
        raise ProbeError("No receiver heads.", "name receivers as layer.head, e.g. 1.0,1.2")
    if len(set(recs)) != len(recs):
        raise ProbeError("A receiver is named twice.", "name each receiver once")
    early = [r for r in recs if r[0] <= snd[0]]
    if early:
        raise ProbeError(
            f"Receiver {_head_name(early[0])} is not in a later layer than the sender "
            f"{_head_name(snd)}.",
            f"receivers read the sender's output: pick heads of layers {snd[0] + 1} and up"
            if snd[0] + 1 < model.n_layers
            else "the sender is in the last layer, so no head reads it; pick an earlier sender",
        )
    if method == "corrupt":
        clean, corrupt, metric = resolve_pairs(
            model, behaviour, corrupted, metric, n_prompts=n_prompts, seed=seed, tokenizer=tokenizer
        )
    else:
        clean = get_behaviour(
            behaviour, model, n_prompts=n_prompts, seed=seed, metric=metric, tokenizer=tokenizer
        )
        metric = metric or clean.metric
        clean, corrupt = clean.to(model.device), None
    with torch.no_grad():
        c_out = model(clean.tokens, cache=("head_out", "resid"))
        k_out = None
        if corrupt is not None:
            k_out = model(corrupt.tokens, cache=("head_out",)).cache["head_out"][snd[0]]
        base = metric_per_prompt(c_out.logits, clean, metric)  # (N,)
        delta = _sender_delta(
            model, c_out.cache["head_out"][snd[0]], snd, method, k_out, seed
        )  # (N, T, C)
        groups = [[r] for r in recs] + ([recs] if len(recs) > 1 else [])
        jobs = [(v, g) for v in vias for g in groups]
        values = []
        for i, (v, g) in enumerate(jobs):
            report(progress, "path patching", i, len(jobs))
            inputs = []
            for layer in sorted({r[0] for r in g}):
                alt = c_out.cache["resid"][layer] + delta  # (N, T, C): the direct path only
                heads = [r[1] for r in g if r[0] == layer]
                for which in HEAD_INPUT_NAMES if v == "resid" else (v,):
                    inputs.append(HeadInput(layer, which, alt, heads))
            out = model(clean.tokens, Interventions(head_inputs=inputs))
            values.append(metric_per_prompt(out.logits, clean, metric))
        report(progress, "path patching", len(jobs), len(jobs))
    vals = torch.stack(values)  # (K, N)
    diffs = (vals - base[None]).double().cpu().numpy().T  # (N, K)
    mean, lo, hi = bootstrap_mean(diffs, n_boot, seed, level)
    base_i = Interval.of(bootstrap_mean(base.double().cpu().numpy(), n_boot, seed, level))
    paths = [
        PathEffect(
            path=f"{_head_name(snd)} -> {'+'.join(_head_name(h) for h in g)} via {v}",
            sender=snd,
            receiver=list(g),
            via=v,
            effect=float(mean[i]),
            ci=(float(lo[i]), float(hi[i])),
            patched=float(vals[i].double().mean()),
        )
        for i, (v, g) in enumerate(jobs)
    ]
    vocab, _ = model_limits(model)
    warnings = result_warnings(metric, base_i, [p.ci for p in paths], "path effect", vocab)
    return PathPatchingResult(
        model=model_name(model, name),
        behaviour=clean.name,
        metric=metric,
        method=method,
        higher_is_better=HIGHER_IS_BETTER[metric],
        n_prompts=clean.n,
        baseline=base_i.value,
        baseline_ci=(base_i.lo, base_i.hi),
        chance=chance_level(metric, vocab),
        paths=paths,
        warnings=warnings,
        level=level,
        n_boot=n_boot,
        elapsed_s=time.perf_counter() - t0,
    )


# ---------------------------------------------------------------------------------------------
# finer activation patching: q/k/v inputs, head x position
# ---------------------------------------------------------------------------------------------
class UnitRecovery(BaseModel):
    """Recovery from patching one head's q/k/v input, or its output at one position."""

    layer: int
    head: int
    input: str | None = None
    position: int | None = None
    recovery: float
    ci: tuple[float, float]


class FinePatchingResult(ProbeResult):
    """Recovery per head input (q, k, v) or per head and position."""

    model: str
    behaviour: str
    metric: str
    kind: str = Field(description="'inputs' (q/k/v) or 'positions' (head x position)")
    n_pairs: int
    clean: Interval
    corrupted: Interval
    units: list[UnitRecovery]
    positions: int = 0
    warnings: list[str] = Field(default_factory=list)
    level: float = 0.95
    n_boot: int = 1000
    elapsed_s: float = 0.0

    def grid(self, which: str | None = None) -> list[list[float]]:
        """Inputs: layer x head recovery of input `which`. Positions: (layer*H + head) x position."""
        import math

        if self.kind == "inputs":
            L = max(u.layer for u in self.units) + 1
            H = max(u.head for u in self.units) + 1
            g = [[math.nan] * H for _ in range(L)]
            for u in self.units:
                if u.input == which:
                    g[u.layer][u.head] = u.recovery
            return g
        rows: dict[tuple[int, int], list[float]] = {}
        for u in self.units:
            rows.setdefault((u.layer, u.head), [math.nan] * self.positions)[u.position] = u.recovery
        return [rows[k] for k in sorted(rows)]

    def summary(self) -> str:
        parts = [
            f"{'q/k/v-input' if self.kind == 'inputs' else 'Head x position'} patching on "
            f"{self.behaviour} ({self.n_pairs} pairs), {self.metric}: clean "
            f"{self.clean.value:.3f}, corrupted {self.corrupted.value:.3f}."
        ]
        best = sorted(self.units, key=lambda u: -u.recovery)[:4]
        top = ", ".join(
            f"L{u.layer}H{u.head} "
            + (f"{u.input}" if u.input else f"pos {u.position}")
            + f" {u.recovery:.2f} {fmt_interval(*u.ci, '.2f')}"
            for u in best
        )
        parts.append(f"Recovering most: {top}.")
        parts.extend(f"Warning: {w}." for w in self.warnings)
        return " ".join(parts)


def _fine_result(
    model: Any,
    kind: str,
    clean: Behaviour,
    keys: list[tuple[int, int, str | None, int | None]],
    vals: torch.Tensor,
    m_clean: torch.Tensor,
    m_corr: torch.Tensor,
    metric: str,
    n_boot: int,
    seed: int,
    level: float,
    positions: int,
    name: str | None,
    t0: float,
) -> FinePatchingResult:
    den = (m_clean - m_corr).double().cpu().numpy()
    num = (vals - m_corr[None]).double().cpu().numpy().T  # (N, K)
    r, lo, hi = bootstrap_ratio(num, den, n_boot, seed, level)
    units = [
        UnitRecovery(
            layer=a,
            head=b,
            input=w,
            position=p,
            recovery=float(r[i]),
            ci=(float(lo[i]), float(hi[i])),
        )
        for i, (a, b, w, p) in enumerate(keys)
    ]
    clean_i = Interval.of(bootstrap_mean(m_clean.double().cpu().numpy(), n_boot, seed, level))
    corr_i = Interval.of(bootstrap_mean(m_corr.double().cpu().numpy(), n_boot, seed, level))
    vocab, _ = model_limits(model)
    warnings = result_warnings(metric, clean_i, [u.ci for u in units], "recovery", vocab)
    return FinePatchingResult(
        model=model_name(model, name),
        behaviour=clean.name,
        metric=metric,
        kind=kind,
        n_pairs=clean.n,
        clean=clean_i,
        corrupted=corr_i,
        units=units,
        positions=positions,
        warnings=warnings,
        level=level,
        n_boot=n_boot,
        elapsed_s=time.perf_counter() - t0,
    )


def _pairs(model, behaviour, corrupted, metric, n_prompts, seed, tokenizer):
    import torch

    clean, corrupt, metric = resolve_pairs(
        model, behaviour, corrupted, metric, n_prompts=n_prompts, seed=seed, tokenizer=tokenizer
    )
    with torch.no_grad():
        c_out = model(clean.tokens, cache=("head_out", "resid"))
        k_out = model(corrupt.tokens, cache=("head_out",))
    m_clean = metric_per_prompt(c_out.logits, clean, metric)
    m_corr = metric_per_prompt(k_out.logits, clean, metric)  # read on the clean targets
    return clean, corrupt, metric, c_out, k_out, m_clean, m_corr


def patch_head_inputs(
    model: Any,
    behaviour: str | Behaviour = "induction",
    corrupted: Any = None,
    *,
    heads: list[tuple[int, int]] | None = None,
    inputs: tuple[str, ...] | list[str] = HEAD_INPUT_NAMES,
    metric: str | None = None,
    n_prompts: int = 64,
    n_boot: int = 1000,
    level: float = 0.95,
    seed: int = 0,
    tokenizer: Any = None,
    name: str | None = None,
    progress: ProgressCallback | None = None,
) -> FinePatchingResult:
    """Activation patching of each head's query, key and value input: the corrupted run gets
    one head's clean input (the clean residual at its layer, through its own projection)."""
    import torch

    from copilot.tools.probing.model import HeadInput, Interventions

    t0 = time.perf_counter()
    check_boot(n_boot, level)
    _native(model, "q/k/v-input patching")
    bad = [w for w in inputs if w not in HEAD_INPUT_NAMES]
    if bad or not inputs:
        raise ProbeError(
            f"Unknown head input(s) {bad or inputs!r}.",
            f"choose from: {', '.join(HEAD_INPUT_NAMES)}",
        )
    L, H, _ = model_shape(model)
    hs = check_heads(model, heads) if heads else [(a, b) for a in range(L) for b in range(H)]
    clean, corrupt, metric, c_out, _, m_clean, m_corr = _pairs(
        model, behaviour, corrupted, metric, n_prompts, seed, tokenizer
    )
    keys, values = [], []
    with torch.no_grad():
        for i, ((a, b), w) in enumerate((h, w) for h in hs for w in inputs):
            report(progress, "patch q/k/v inputs", i, len(hs) * len(inputs))
            iv = Interventions(head_inputs=[HeadInput(a, w, c_out.cache["resid"][a], [b])])
            out = model(corrupt.tokens, iv)
            values.append(metric_per_prompt(out.logits, clean, metric))
            keys.append((a, b, w, None))
    report(progress, "patch q/k/v inputs", len(keys), len(keys))
    return _fine_result(
        model, "inputs", clean, keys, torch.stack(values), m_clean, m_corr, metric,
        n_boot, seed, level, 0, name, t0,
    )  # fmt: skip


def patch_head_positions(
    model: Any,
    behaviour: str | Behaviour = "induction",
    corrupted: Any = None,
    *,
    heads: list[tuple[int, int]] | None = None,
    metric: str | None = None,
    n_prompts: int = 64,
    n_boot: int = 1000,
    level: float = 0.95,
    seed: int = 0,
    tokenizer: Any = None,
    name: str | None = None,
    progress: ProgressCallback | None = None,
) -> FinePatchingResult:
    """Activation patching of each head's output at one position at a time: the corrupted run
    keeps its own head outputs except the named head's clean output at that position. Heads of
    one layer read the same layer input, so the rest of the layer is exactly the corrupted run's."""
    import torch

    from copilot.tools.probing.model import Interventions

    t0 = time.perf_counter()
    check_boot(n_boot, level)
    _native(model, "Head x position patching")
    L, H, _ = model_shape(model)
    hs = check_heads(model, heads) if heads else [(a, b) for a in range(L) for b in range(H)]
    clean, corrupt, metric, c_out, k_out, m_clean, m_corr = _pairs(
        model, behaviour, corrupted, metric, n_prompts, seed, tokenizer
    )
    N, T = clean.tokens.shape
    keys, values = [], []
    with torch.no_grad():
        V = int(model.config.vocab_size)
        per_pos = N * T * max(H * model.head_dim, V) * 4  # bytes of one position's batch
        chunk = max(1, min(T, MEMORY_BYTES // max(1, per_pos)))
        for i, (a, b) in enumerate(hs):
            report(progress, "patch head x position", i, len(hs))
            cor = k_out.cache["head_out"][a]  # (N, T, H, D)
            cln = c_out.cache["head_out"][a][:, :, b]  # (N, T, D)
            rows = []
            for p0 in range(0, T, chunk):
                pos = torch.arange(p0, min(T, p0 + chunk), device=cor.device)
                k = len(pos)
                rep = cor.unsqueeze(0).repeat(k, 1, 1, 1, 1)  # (k, N, T, H, D): one per position
                rep[torch.arange(k), :, pos, b] = cln[:, pos].transpose(0, 1)  # (k, N, D)
                mask = torch.ones(k * N, L, H, device=cor.device)
                mask[:, a, b] = 0.0
                reps: list[Any] = [None] * L
                reps[a] = rep.reshape(k * N, T, H, -1)
                iv = Interventions(head_mask=mask, head_replacement=reps)
                out = model(corrupt.tokens.repeat(k, 1), iv)  # (k*N, T, V)
                rows.append(metric_per_prompt(out.logits.view(k, N, T, -1), clean, metric))
            values.append(torch.cat(rows))  # (T, N)
            keys.extend((a, b, None, p) for p in range(T))
    report(progress, "patch head x position", len(hs), len(hs))
    return _fine_result(
        model, "positions", clean, keys, torch.cat(values), m_clean, m_corr, metric,
        n_boot, seed, level, T, name, t0,
    )  # fmt: skip


__all__ = [
    "PathPatchingResult",
    "FinePatchingResult",
    "path_patch",
    "patch_head_inputs",
    "patch_head_positions",
]
