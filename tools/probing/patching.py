"""Activation patching: run corrupted prompts, put back one clean activation, see how much of the
clean behaviour returns.

For every unit (a head's output at all positions, or the residual stream at one layer input and
one position) the normalised recovery is

    (metric(patched) - metric(corrupted)) / (metric(clean) - metric(corrupted))

with a paired bootstrap interval over prompt pairs: 1 means the unit carries everything that
differs between clean and corrupted, 0 means nothing. The metric is always read on the clean
targets (and foils).

Built-in pairs: induction (the first half of the corrupted prompt is a different random
sequence, so the second half is no longer a repeat), recall (every query asks for another key,
so the corrupted answer is the foil), copy (a different sequence before the separator). User pairs
come from JSONL: `{"clean": ..., "corrupted": ..., "target": ..., "foil": ...}` per line, with
clean and corrupted prompts of the same length in tokens.
"""

from __future__ import annotations

import math
import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, Field

from copilot.errors import ProbeError
from copilot.progress import ProgressCallback, report
from copilot.tools.probing.ablation import HeadAblator, all_heads, model_name, model_shape
from copilot.tools.probing.behaviours import (
    BUILTIN_BEHAVIOURS,
    Behaviour,
    _check_lines,
    _ids,
    _tokenizer,
    builtin_behaviour,
    chance_level,
    check_fits,
    check_foils,
    check_metric,
    from_sequences,
    iter_jsonl,
    metric_per_prompt,
    model_limits,
    per_prompt,
    position_values,
    result_warnings,
    scored_logits,
)
from copilot.tools.probing.results import (
    Interval,
    ProbeResult,
    bootstrap_mean,
    bootstrap_ratio,
    check_boot,
    fmt_interval,
    fresh_path,
    has_interval,
    rounding_eps,
)

if TYPE_CHECKING:
    import torch

Unit = Literal["heads", "resid"]
UNITS: tuple[str, ...] = ("heads", "resid")
# A mean clean-corrupted gap within this share of the metric's size (or 8 rounding units of the
# model's dtype, if more) is rounding, not a difference: recovery is refused. Two float32 runs
# of the same prompts differ by 1e-7 to 1e-6 of it (more in other batch shapes).
GAP_RTOL = 1e-4
# A gap under this share of the metric's size still works, but recoveries amplify it: a note.
SMALL_GAP = 0.1


class PatchEffect(BaseModel):
    """Recovery from patching one unit (a head, or the residual at a layer and position)."""

    layer: int
    head: int | None = None
    position: int | None = None
    recovery: float
    ci: tuple[float, float] = Field(description="bootstrap interval (NaN, null in JSON: none)")


class PatchingResult(ProbeResult):
    """Normalised recovery per head and per (layer, position) of the residual stream."""

    model: str
    behaviour: str
    metric: str
    n_pairs: int
    clean: Interval = Field(description="metric on clean prompts")
    corrupted: Interval = Field(description="metric on corrupted prompts")
    heads: list[PatchEffect] = Field(default_factory=list, description="sorted by recovery")
    resid: list[PatchEffect] = Field(default_factory=list, description="layer-major order")
    n_layers: int
    n_heads: int
    positions: int = Field(description="residual positions patched (0..positions-1)")
    level: float = 0.95
    n_boot: int = 1000
    notes: list[str] = Field(default_factory=list, description="caveats, e.g. a small gap")
    chance: float | None = Field(None, description="the metric of uniform guessing")
    warnings: list[str] = Field(default_factory=list)
    elapsed_s: float = 0.0

    def head_grid(self) -> list[list[float]]:
        g = [[math.nan] * self.n_heads for _ in range(self.n_layers)]
        for e in self.heads:
            g[e.layer][e.head] = e.recovery
        return g

    def resid_grid(self) -> list[list[float]]:
        g = [[math.nan] * self.positions for _ in range(self.n_layers + 1)]
        for e in self.resid:
            g[e.layer][e.position] = e.recovery
        return g

    def summary(self) -> str:
        parts = [
            f"Activation patching on {self.behaviour} ({self.n_pairs} pairs), {self.metric}: "
            f"clean {self.clean.value:.3f}, corrupted {self.corrupted.value:.3f}."
        ]
        if self.heads:
            top = ", ".join(
                f"L{e.layer}H{e.head} {e.recovery:.2f} {fmt_interval(*e.ci, '.2f')}"
                for e in self.heads[:3]
            )
            parts.append(f"Heads recovering most: {top}.")
        if self.resid:
            best = sorted(self.resid, key=lambda e: -e.recovery)[:3]
            top = ", ".join(f"layer {e.layer} pos {e.position} {e.recovery:.2f}" for e in best)
            parts.append(f"Residual patches recovering most: {top}.")
        if self.n_boot == 0 or self.n_pairs < 2:
            why = "n_boot is 0" if self.n_boot == 0 else "a single pair has no spread"
            parts.append(f"No intervals: {why}.")
        parts.extend(f"Note: {n}" for n in self.notes)
        parts.extend(f"Warning: {w}." for w in self.warnings)
        return " ".join(parts)


# ---------------------------------------------------------------------------------------------
# pairs
# ---------------------------------------------------------------------------------------------
def builtin_pairs(
    name: str, model: Any, n_prompts: int = 64, seed: int = 0, length: int | None = None
) -> tuple[Behaviour, torch.Tensor]:
    """Clean behaviour and (N, T) corrupted tokens of a built-in task."""
    import torch

    clean = builtin_behaviour(name, model, n_prompts=n_prompts, seed=seed, length=length)
    vocab = int(model.config.vocab_size)
    g = torch.Generator().manual_seed(seed + 7919)
    tok = clean.tokens.clone()
    N, T = tok.shape
    if name == "induction":
        n = T // 2
        tok[:, :n] = torch.rand(N, vocab, generator=g).argsort(-1)[:, :n]
    elif name == "recall":
        n = T // 4
        keys, values = tok[:, 0 : 2 * n : 2], tok[:, 1 : 2 * n : 2]
        for i, t in clean.score_mask.nonzero().tolist():
            j = int((values[i] == clean.foils[i, t]).nonzero()[0])
            tok[i, t] = keys[i, j]  # ask for the key whose value is the foil
    else:
        n = (T - 1) // 2
        tok[:, :n] = torch.randint(0, vocab - 1, (N, n), generator=g)
    return clean, tok


def load_pairs(
    path: str | Path, model: Any, tokenizer: Any = None, metric: str | None = None
) -> tuple[Behaviour, torch.Tensor]:
    """Clean behaviour and corrupted tokens from JSONL lines {clean, corrupted, target, foil?}."""
    p = Path(path).expanduser()
    clean, corrupt, targets, foils = [], [], [], []
    linenos: list[int] = []
    tok = None
    rows = iter_jsonl(
        p,
        "Pairs",
        ("clean", "corrupted", "target"),
        '{"clean": [1, 2, 1], "corrupted": [3, 2, 1], "target": [2]}',
    )
    for lineno, obj in rows:
        linenos.append(lineno)
        if any(isinstance(obj.get(k), str) for k in obj) and tok is None:
            tok = _tokenizer(tokenizer, model, p.name, lineno)
        c = _ids(obj["clean"], tok, p.name, lineno, "clean", bos=True)
        k = _ids(obj["corrupted"], tok, p.name, lineno, "corrupted", bos=True)
        if len(c) != len(k):
            raise ProbeError(
                f"{p.name} line {lineno}: clean and corrupted prompts differ in "
                f"length ({len(c)} vs {len(k)} tokens).",
                "patching needs aligned positions; make both the same length",
            )
        clean.append(c)
        corrupt.append(k)
        targets.append(_ids(obj["target"], tok, p.name, lineno, "target"))
        foils.append(
            _ids(obj["foil"], tok, p.name, lineno, "foil") if obj.get("foil") is not None else None
        )
    if not clean:
        raise ProbeError(f"Pairs file {p} has no pairs.", "add one JSON object per line")
    have_foils = all(f is not None for f in foils)
    if metric is not None:
        check_metric(metric)
    _check_lines(p.name, linenos, clean, targets, foils if have_foils else None, model, metric)
    beh = from_sequences(
        p.stem,
        clean,
        targets,
        foils if have_foils else None,
        metric=metric,
        source=str(p),
        description=f"{len(clean)} pairs from {p.name}",
    )
    cor = from_sequences(p.stem, corrupt, targets)
    return check_fits(beh, model), check_fits(cor, model).tokens


def resolve_pairs(
    model: Any,
    behaviour: str | Behaviour,
    corrupted: Any = None,
    metric: str | None = None,
    *,
    n_prompts: int = 64,
    seed: int = 0,
    tokenizer: Any = None,
) -> tuple[Behaviour, Behaviour, str]:
    """Clean and corrupted behaviours (same targets, on the model's device) and the metric: from
    a built-in name, a JSONL file of pairs, or a Behaviour with (N, T) `corrupted` tokens."""
    import torch

    if isinstance(behaviour, Behaviour):
        if corrupted is None:
            raise ProbeError(
                "A Behaviour needs corrupted tokens to patch into.",
                "pass corrupted=(N, T) tokens, or a built-in name",
            )
        clean = check_fits(behaviour, model)
        cor = torch.as_tensor(corrupted, dtype=torch.long)
        if tuple(cor.shape) != tuple(clean.tokens.shape):
            raise ProbeError(
                f"Corrupted tokens have shape {tuple(cor.shape)}; the clean prompts "
                f"have {tuple(clean.tokens.shape)}.",
                "give one corrupted prompt of the same length per clean prompt",
            )
    elif str(behaviour) in BUILTIN_BEHAVIOURS:
        clean, cor = builtin_pairs(str(behaviour), model, n_prompts=n_prompts, seed=seed)
    else:
        clean, cor = load_pairs(behaviour, model, tokenizer=tokenizer, metric=metric)
    metric = check_metric(metric or clean.metric)
    check_foils(clean, metric)
    if metric == "kl":
        raise ProbeError(
            "Recovery needs a metric of the answer, not kl.",
            "use --metric logit_diff, loss, prob or accuracy",
        )
    vocab = int(model.config.vocab_size)
    if int(cor.min()) < 0 or int(cor.max()) >= vocab:
        raise ProbeError(
            f"Corrupted token ids lie outside the vocabulary [0, {vocab}).",
            "use token ids of this model's vocabulary",
        )
    dev = model.device
    clean = clean.to(dev)
    corrupt = replace(clean, tokens=cor.to(dev), name=f"{clean.name} (corrupted)")
    return clean, corrupt, metric


# ---------------------------------------------------------------------------------------------
# the tool
# ---------------------------------------------------------------------------------------------
def patch_activations(
    model: Any,
    behaviour: str | Behaviour = "induction",
    corrupted: Any = None,
    *,
    units: tuple[str, ...] | list[str] = ("heads", "resid"),
    metric: str | None = None,
    n_prompts: int = 64,
    n_boot: int = 1000,
    level: float = 0.95,
    seed: int = 0,
    tokenizer: Any = None,
    out: str | None = None,
    name: str | None = None,
    progress: ProgressCallback | None = None,
) -> PatchingResult:
    """Patch clean activations into corrupted runs, per head and per (layer, position) of the
    residual stream, and report normalised recovery with bootstrap intervals over pairs.

    `behaviour` is a built-in name (its corrupted prompts are made for you), a JSONL file of
    pairs, or a clean Behaviour with `corrupted` (N, T) tokens of the same shape."""
    import torch

    t0 = time.perf_counter()
    check_boot(n_boot, level)
    bad = [u for u in units if u not in UNITS]
    if bad or not units:
        raise ProbeError(
            f"Unknown patching unit(s) {bad or units!r}.", f"choose from: {', '.join(UNITS)}"
        )
    clean, corrupt, metric = resolve_pairs(
        model, behaviour, corrupted, metric, n_prompts=n_prompts, seed=seed, tokenizer=tokenizer
    )
    with torch.no_grad():
        c_out = model(clean.tokens, cache=("head_out", "resid"))
    m_clean = metric_per_prompt(c_out.logits, clean, metric)  # (N,)
    # the ablator runs the corrupted prompts; its "replacement" is the clean head outputs
    ab = HeadAblator(
        model,
        corrupt,
        metric,
        "resample",
        replacement=[None if t is None else t.detach() for t in c_out.cache["head_out"]],
    )
    m_corr = ab.base
    den = (m_clean - m_corr).double().cpu().numpy()
    notes = _check_gap(
        den,
        m_clean.double().cpu().numpy(),
        m_corr.double().cpu().numpy(),
        getattr(model, "dtype", None),
        metric,
        n_boot,
        seed,
        level,
    )
    L, H, _ = model_shape(model)
    heads: list[PatchEffect] = []
    resid: list[PatchEffect] = []
    if "heads" in units:
        hs = all_heads(model)
        vals = ab.evaluate([[h] for h in hs], progress, task="patch heads")  # (K, N)
        num = (vals - m_corr[None]).double().cpu().numpy().T
        r, lo, hi = bootstrap_ratio(num, den, n_boot, seed, level)
        heads = sorted(
            (
                PatchEffect(layer=a, head=b, recovery=float(r[i]), ci=(float(lo[i]), float(hi[i])))
                for i, (a, b) in enumerate(hs)
            ),
            key=lambda e: -e.recovery,
        )
    T_eff = ab.T_eff
    if "resid" in units:
        vals = _resid_patches(model, corrupt, c_out.cache["resid"], metric, T_eff, progress)
        num = (vals - m_corr[None]).double().cpu().numpy().T
        r, lo, hi = bootstrap_ratio(num, den, n_boot, seed, level)
        i = 0
        for layer in range(L + 1):
            for pos in range(T_eff):
                resid.append(
                    PatchEffect(
                        layer=layer,
                        position=pos,
                        recovery=float(r[i]),
                        ci=(float(lo[i]), float(hi[i])),
                    )
                )
                i += 1
    clean_i = Interval.of(bootstrap_mean(m_clean.double().cpu().numpy(), n_boot, seed, level))
    corr_i = Interval.of(bootstrap_mean(m_corr.double().cpu().numpy(), n_boot, seed, level))
    vocab, _ = model_limits(model)
    warnings = result_warnings(metric, clean_i, [e.ci for e in heads + resid], "recovery", vocab)
    result = PatchingResult(
        model=model_name(model, name),
        behaviour=clean.name,
        metric=metric,
        n_pairs=clean.n,
        clean=clean_i,
        corrupted=corr_i,
        heads=heads,
        resid=resid,
        n_layers=L,
        n_heads=H,
        positions=T_eff,
        level=level,
        n_boot=n_boot,
        notes=notes,
        chance=chance_level(metric, vocab),
        warnings=warnings,
        elapsed_s=time.perf_counter() - t0,
    )
    if out is not None:
        from copilot.tools.probing.heatmap import png_heatmap

        if heads:
            path = fresh_path(out, f"patching_heads_{clean.name}", ".png")
            png_heatmap(
                result.head_grid(),
                path,
                title=f"Recovery when one head is patched ({clean.name.replace('_', ' ')})",
                cbar_label="share of the clean result recovered",
                span=1.0,  # 1 = the whole clean-corrupt gap
            )
            result.artifacts.append(str(path))
        if resid:
            path = fresh_path(out, f"patching_resid_{clean.name}", ".png")
            png_heatmap(
                result.resid_grid(),
                path,
                title=f"Recovery when the residual stream is patched ({clean.name.replace('_', ' ')})",
                cbar_label="share of the clean result recovered",
                row_label="layer input",
                col_label="token position",
                span=1.0,
            )
            result.artifacts.append(str(path))
    return result


def _check_gap(
    den: Any,
    clean: Any,
    corrupted: Any,
    dtype: Any,
    metric: str,
    n_boot: int,
    seed: int,
    level: float,
) -> list[str]:
    """Refuse a clean-corrupted gap that is rounding (recovery divides by it); return notes
    when it is small or its bootstrap interval includes zero (recoveries are then unstable).

    `den` is the per-pair gap clean - corrupted; the metric's size is the larger mean |value|
    of clean and corrupted runs, at least 1 (nats, logits, or a probability's range)."""
    import numpy as np

    gap = float(np.mean(den))
    scale = max(float(np.mean(np.abs(clean))), float(np.mean(np.abs(corrupted))), 1.0)
    eps = rounding_eps(dtype)
    if abs(gap) <= max(GAP_RTOL, 8 * eps) * scale:
        raise ProbeError(
            f"Clean and corrupted prompts give the same {metric} (mean gap {gap:.2g}, "
            f"rounding against a metric of size {scale:.3g}), so recovery "
            "(patched - corrupted) / (clean - corrupted) is undefined.",
            "use corrupted prompts that change the answer",
        )
    notes: list[str] = []
    _, lo, hi = bootstrap_mean(den, n_boot, seed, level)
    lvl = int(round(level * 100))
    if has_interval(lo[0], hi[0]) and lo[0] <= 0.0 <= hi[0]:
        notes.append(
            f"the clean-corrupted gap {gap:+.3g} has a {lvl}% interval "
            f"[{lo[0]:+.3g}, {hi[0]:+.3g}] that includes zero: recoveries divide by it and "
            "are unstable (their intervals may be unbounded); use corrupted prompts that "
            "change the answer."
        )
    elif abs(gap) < SMALL_GAP * scale:
        notes.append(
            f"the clean-corrupted gap is small ({gap:+.3g} against a metric of size "
            f"{scale:.3g}): recoveries divide by it and are unstable; use corrupted prompts "
            "that change the answer more."
        )
    return notes


def _resid_patches(
    model: Any,
    corrupt: Behaviour,
    clean_resid: list,
    metric: str,
    T: int,
    progress: ProgressCallback | None,
    memory_mb: float = 512,
) -> torch.Tensor:
    """(K, N) metric with the residual at one (layer input, position) set to its clean value,
    for every layer input 0..L and position 0..T-1; batched, one ResidPatch per layer per chunk."""
    import torch

    from copilot.tools.probing.model import Interventions, ResidPatch

    L = int(model.config.n_layers)
    N = corrupt.n
    units = [(layer, pos) for layer in range(L + 1) for pos in range(T)]
    C = int(clean_resid[0].shape[-1])
    V = int(model.config.vocab_size)
    per_row = 4 * T * (12 * C + V + int(getattr(model.config, "d_mlp", 0) or 0) * 3)
    from copilot.tools.probing.ablation import DEFAULT_MEMORY_MB

    memory_mb = memory_mb or DEFAULT_MEMORY_MB.get(corrupt.tokens.device.type, 1024)
    chunk = max(1, int(memory_mb * 2**20 // (per_row * N)))
    tokens = corrupt.tokens[:, :T]
    beh = replace(
        corrupt,
        tokens=tokens,
        targets=corrupt.targets[:, :T],
        score_mask=corrupt.score_mask[:, :T],
        foils=None if corrupt.foils is None else corrupt.foils[:, :T],
    )
    out = torch.empty(len(units), N, device=tokens.device)
    report(progress, "patch residual", 0, len(units))
    with torch.no_grad():
        for s in range(0, len(units), chunk):
            part = units[s : s + chunk]
            k = len(part)
            patches = []
            for layer in sorted({u[0] for u in part}):
                mask = torch.zeros(k, N, T, dtype=torch.bool, device=tokens.device)
                for j, (ul, up) in enumerate(part):
                    if ul == layer:
                        mask[j, :, up] = True
                value = clean_resid[layer][:, :T].detach().repeat(k, 1, 1)  # (k*N, T, C)
                patches.append(ResidPatch(layer=layer, value=value, mask=mask.view(k * N, T)))
            logits = model(tokens.repeat(k, 1), Interventions(resid_patches=patches)).logits
            sel = scored_logits(logits.view(k, N, T, -1), beh)
            out[s : s + k] = per_prompt(position_values(sel, beh, metric), beh, metric)
            report(progress, "patch residual", s + k, len(units))
    return out


# ---------------------------------------------------------------------------------------------
# attribution patching, verified by real patching
# ---------------------------------------------------------------------------------------------
def patch_attribution(
    model: Any,
    behaviour: str | Behaviour = "induction",
    corrupted: Any = None,
    *,
    top_k: int = 8,
    metric: str | None = None,
    n_prompts: int = 64,
    n_boot: int = 1000,
    level: float = 0.95,
    seed: int = 0,
    tokenizer: Any = None,
    name: str | None = None,
    progress: ProgressCallback | None = None,
) -> Any:
    """Estimate every head's patching recovery from one forward and one backward pass on the
    corrupted prompts, `(clean output - corrupted output) . d metric / d output`, divided by the
    clean-corrupted gap; patch the top-k estimated heads for real and report the rank agreement.
    A screen, not an answer: the gradient is a straight-line guess of a curved metric."""
    import numpy as np
    import torch

    from copilot.tools.probing.ablation import AttributionResult, HeadEffect, _spearman

    check_boot(n_boot, level)
    if top_k < 1:
        raise ProbeError(f"top_k must be at least 1, got {top_k}.", "use e.g. 8")
    clean, corrupt, metric = resolve_pairs(
        model, behaviour, corrupted, metric, n_prompts=n_prompts, seed=seed, tokenizer=tokenizer
    )
    if metric == "accuracy":
        raise ProbeError(
            "Attribution patching needs a metric with a gradient; accuracy has none.",
            "use --metric loss, logit_diff or prob",
        )
    t0 = time.perf_counter()
    with torch.no_grad():
        c_out = model(clean.tokens, cache=("head_out",))
    m_clean = metric_per_prompt(c_out.logits, clean, metric)  # (N,)
    with torch.enable_grad():
        k_out = model(corrupt.tokens, cache=("head_out",))
        outs = k_out.cache["head_out"]  # L of (N, T, H, D), in the graph
        m_corr = metric_per_prompt(k_out.logits, clean, metric)  # (N,) on the clean targets
        # layers without heads (linear attention in hybrid models) have nothing to patch
        grads = iter(torch.autograd.grad(m_corr.sum(), [t for t in outs if t is not None]))
    report(progress, "attribution", 1, 2)
    N, H = m_corr.shape[0], model.config.n_heads
    est = torch.stack(
        [
            torch.zeros(N, H, device=m_corr.device)
            if k is None
            # in float32: a half-precision sum over positions and dimensions rounds away terms
            else ((c.float() - k.detach().float()) * next(grads).float()).sum(dim=(1, 3))
            for c, k in zip(c_out.cache["head_out"], outs, strict=True)
        ],
        1,
    )  # (N, L, H): estimated change of each prompt's metric
    heads = all_heads(model)
    den = (m_clean - m_corr.detach()).double().cpu().numpy()
    num = torch.stack([est[:, a, b] for a, b in heads], 1).double().cpu().numpy()  # (N, K)
    r, lo, hi = bootstrap_ratio(num, den, n_boot, seed, level)
    base = float(m_corr.detach().double().mean())
    estimates = sorted(
        (
            HeadEffect(
                layer=a, head=b, effect=float(r[i]), ci=(float(lo[i]), float(hi[i])), ablated=base
            )
            for i, (a, b) in enumerate(heads)
        ),
        key=lambda e: -e.effect,
    )
    t1 = time.perf_counter()
    k = min(top_k, len(heads))
    chosen = [(e.layer, e.head) for e in estimates[:k]]
    ab = HeadAblator(
        model,
        corrupt,
        metric,
        "resample",
        replacement=[None if t is None else t.detach() for t in c_out.cache["head_out"]],
    )
    vals = ab.evaluate([[h] for h in chosen], progress, task="verify top-k")  # (k, N)
    vr, vlo, vhi = bootstrap_ratio(
        (vals - ab.base[None]).double().cpu().numpy().T, den, n_boot, seed, level
    )
    verified = [
        HeadEffect(
            layer=a,
            head=b,
            effect=float(vr[i]),
            ci=(float(vlo[i]), float(vhi[i])),
            ablated=float(vals[i].double().mean()),
        )
        for i, (a, b) in enumerate(chosen)
    ]
    est_k = np.array([e.effect for e in estimates[:k]])
    real_k = np.array([v.effect for v in verified])
    return AttributionResult(
        model=model_name(model, name),
        behaviour=clean.name,
        metric=f"{metric} recovery",
        method="patch",
        baseline=base,
        estimates=estimates,
        verified=verified,
        top_k=k,
        spearman=_spearman(est_k, real_k) if k >= 3 else None,
        sign_agreement=float(np.mean(np.sign(est_k) == np.sign(real_k))),
        elapsed_estimate_s=t1 - t0,
        elapsed_verify_s=time.perf_counter() - t1,
        verified_by="patching",
    )
