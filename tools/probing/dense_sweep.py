"""The all-heads sweep for accelerators: many ablation sets x prompts in the batch dimension.

The CPU engine of `HeadAblator` (`engine="cpu"`) saves arithmetic with many small products in
cache-sized blocks: right on a CPU, where the work is bound by arithmetic, and wrong on a GPU,
where small products leave the device idle. This engine (`engine="dense"`) does the opposite:

- Sets whose heads lie in one layer l start from the clean run: the residual after layer l's
  attention is the clean one plus the exact change through the ablated heads' `o_proj` columns;
  layers l+1.. are recomputed for k sets x N prompts as one batch (a (k*N, T, C) tensor), with
  torch's fused attention (`scaled_dot_product_attention`, flash kernels on CUDA). The last layer
  runs its queries, `o_proj`, MLP and unembedding at the scored positions only. Sets of several
  layers run the same way from their first layer, with their masks in the batch.
- Models from `transformers` (`HFModel`) run one batched forward with one mask per example.
- The compute dtype is the model's (load it in bfloat16 or float16 for the GPU); logits are
  turned into the metric in float32, and intervals over prompts are taken in float64.
- The number of sets per batch follows from the memory free on the device (`torch.cuda.
  mem_get_info` on CUDA, available RAM on a CPU) and an estimate of the activations one set of N
  prompts holds; a sweep whose single set cannot fit is refused with a hint.

Results equal the per-head hook loop (`ablate_loop`) to the dtype's tolerance, `TOLERANCE`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from copilot.errors import ProbeError
from copilot.tools.probing.memory import _size, free_device_bytes

if TYPE_CHECKING:
    import torch

    from copilot.tools.probing.ablation import HeadAblator

Head = tuple[int, int]

#: Largest |sweep - loop| on a per-prompt metric (loss, logit difference, probability), as
#: (absolute, relative to the metric's size): float32 is rounding only; bfloat16 (8 bits of
#: mantissa) and float16 (11) differ from the float32 loop by the model's own half-precision
#: error, which the same loop run in that dtype shows as well.
TOLERANCE = {
    "float32": (2e-5, 1e-5),
    "float16": (2e-2, 1e-2),
    "bfloat16": (1e-1, 5e-2),
}
#: Share of the free device memory one sweep batch may take (the rest: the allocator's slack,
#: other tensors, fragmentation). A CPU keeps more for the rest of the machine.
FREE_SHARE = {"cuda": 0.6, "cpu": 0.25}


def tolerance(dtype: Any) -> tuple[float, float]:
    """(absolute, relative) tolerance of a sweep in `dtype` against the float32 hook loop."""
    name = str(dtype).replace("torch.", "")
    return TOLERANCE.get(name, TOLERANCE["bfloat16"])


def within_tolerance(got: torch.Tensor, want: torch.Tensor, dtype: Any) -> tuple[bool, float]:
    """Whether |got - want| <= atol + rtol * |want| everywhere; and the largest |difference|."""
    atol, rtol = tolerance(dtype)
    diff = (got.double() - want.double()).abs()
    ok = bool((diff <= atol + rtol * want.double().abs()).all())
    return ok, float(diff.max()) if diff.numel() else 0.0


# ---------------------------------------------------------------------------------------------
# memory plan
# ---------------------------------------------------------------------------------------------
def batch_budget(device: torch.device, memory_mb: float | None) -> int:
    """Bytes one batch of sets may hold: `memory_mb` when given, else a share of what is free."""
    if memory_mb:
        return int(memory_mb * 2**20)
    free = free_device_bytes(device)
    if free is None:  # unknown (MPS): a fixed, modest budget
        return 1 << 30
    return int(free * FREE_SHARE.get(device.type, 0.5))


def bytes_per_set(ab: HeadAblator, T: int, full: bool) -> int:
    """Activation bytes one ablation set of N prompts holds in a recomputed layer: the residual
    and its norm, q/k/v (after grouped-query heads share them), attention and gate outputs, the
    MLP's three hidden tensors, plus the float32 logits at the scored positions. `full`: a model
    of which every position of every layer runs (transformers models)."""
    cfg = ab.model.config
    C = int(cfg.d_model)
    HD = ab.H * ab.D
    mlp = 0 if getattr(cfg, "attn_only", False) else int(getattr(cfg, "d_mlp", 4 * C) or 0)
    elt = _element_size(ab.model)
    width = 6 * C + 8 * HD + 4 * mlp
    if ab.device.type == "cpu":  # the CPU kernels may hold the scores of a query block
        width += ab.H * min(T, 256)
    act = ab.N * T * width * elt
    positions = ab.N * T if full else len(ab.rows)
    V = int(cfg.vocab_size)
    return act + positions * V * (elt + 3 * 4)


def sets_per_batch(ab: HeadAblator, T: int, full: bool) -> int:
    """How many sets one batch holds; a ProbeError when not even one does."""
    need = bytes_per_set(ab, T, full)
    budget = batch_budget(ab.device, ab.memory_mb_given)
    if need > budget:
        where = (
            "the memory budget (memory_mb)"
            if ab.memory_mb_given
            else f"the share of {ab.device}'s free memory a sweep batch may take"
        )
        raise ProbeError(
            f"One ablation of {ab.N} prompts of {T} tokens needs about {_size(need)} of "
            f"activations; {_size(budget)} is {where}.",
            "use fewer or shorter prompts, load the model in bfloat16 (the default on CUDA; "
            "dtype='bfloat16' in Python), or free device memory",
        )
    return max(1, budget // need)


def _element_size(model: Any) -> int:
    import torch

    return torch.empty((), dtype=getattr(model, "dtype", torch.float32)).element_size()


# ---------------------------------------------------------------------------------------------
# evaluation
# ---------------------------------------------------------------------------------------------
def eval_from_layer(ab: HeadAblator, sets: Sequence[Sequence[Head]], start: int) -> torch.Tensor:
    """(k, N) metric for sets whose first ablated layer is `start` < L - 1 (built-in models):
    the clean residual after layer `start`'s attention plus the ablated heads' change, then the
    later layers for all k x N rows at once."""
    from copilot.tools.probing import model as gm

    model, k, N, T = ab.model, len(sets), ab.N, ab.T_eff
    L, H, D = ab.L, ab.H, ab.D
    blk = model.layers[start]
    y = ab.head_out[start][:, :T]  # (N, T, H, D)
    new = ab._ablated_out(start, False)  # None (zeros) | (N, T, H, D) | (T, H, D) | (H, D)
    if new is not None:
        new = new.to(y.dtype)
    own = [[(layer, h) for layer, h in s if layer == start] for s in sets]
    delta = ab._delta(start, own, y, new)  # (k, N, T, C)
    x = (ab._mid[start][:, :T].unsqueeze(0) + delta).view(k * N, T, -1)
    if blk.mlp is not None:
        x = x + blk.mlp(blk.mlp_norm(x))
    later = any(layer > start for s in sets for layer, _ in s)
    res = gm._Resolved(model, None)
    if later:  # masks of the later layers, one row per (set, prompt)
        iv = gm.Interventions(
            head_mask=ab.masks(sets).repeat_interleave(N, 0),
            head_replacement=ab._rep_for_interventions(T, k),
        )
        res = gm._Resolved(model, iv)
    res.bind(k * N, T)
    cos, sin = model.rotary(T, x.device, model.dtype)
    last_masked = later and any(layer == L - 1 for s in sets for layer, _ in s)
    stop = L if last_masked else L - 1
    for li in range(start + 1, stop):
        b = model.layers[li]
        x = x + b.attn(b.attn_norm(x), cos, sin, res, {})
        if b.mlp is not None:
            x = x + b.mlp(b.mlp_norm(x))
    if last_masked:  # every position ran through the last layer
        xs = x.view(k, N, T, -1)[:, ab.rows, ab.cols]  # (k, P, C)
        return ab._metric(ab._unembed(xs).float())
    # the last layer at the scored query positions only
    q_at, qpos, bias = _queries(ab, T)
    b = model.layers[L - 1]
    a, g, _ = ab._attend(L - 1, x, q_at, None, bias)
    yq = a if g is None else a * g  # (k*N, Q, H, D)
    x = x[:, q_at] + b.attn.o_proj(yq.reshape(k * N, len(q_at), H * D))
    if b.mlp is not None:
        x = x + b.mlp(b.mlp_norm(x))
    xs = x.view(k, N, len(q_at), -1)[:, ab.rows, qpos]  # (k, P, C)
    return ab._metric(ab._unembed(xs).float())


def _queries(ab: HeadAblator, T: int) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """The sorted scored query positions Q, each scored position's index in Q, and the (Q, T)
    additive causal mask; kept on the ablator."""
    import torch

    got = getattr(ab, "_dense_q", None)
    if got is None:
        q_at = torch.unique(ab.cols)
        causal = torch.arange(T, device=q_at.device)[None, :] <= q_at[:, None]
        bias = torch.zeros(causal.shape, dtype=ab.model.dtype, device=q_at.device)
        bias = bias.masked_fill(~causal, float("-inf"))
        got = ab._dense_q = (q_at, torch.searchsorted(q_at, ab.cols), bias)
    return got


def check_dense_fits(ab: HeadAblator) -> None:
    """Refuse, before any work, a sweep of which not even one set fits the device."""
    sets_per_batch(ab, ab.T if not ab.fast else ab.T_eff, full=not ab.fast)
