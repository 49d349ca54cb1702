"""Linear probes: at which layer does a property of the prompt become linearly readable?

For every layer input (0 = embeddings, L = final residual) a logistic regression is fit on the
residual at one position per prompt (by default each prompt's last token) and scored on held-out
prompts. Accuracy comes with a bootstrap interval over the test prompts, next to the majority
class rate (chance); a layer is "readable" when the interval's lower end is above chance.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from copilot.errors import DependencyError, ProbeError
from copilot.progress import ProgressCallback, report
from copilot.tools.probing.ablation import model_name
from copilot.tools.probing.behaviours import _ids, _tokenizer, iter_jsonl
from copilot.tools.probing.results import (
    Interval,
    ProbeResult,
    bootstrap_mean,
    check_boot,
    fresh_path,
)
from copilot.tools.probing.steering import prompt_set, read_positions, residuals_at


class LayerProbe(BaseModel):
    """A logistic-regression probe on the residual stream at one layer input."""

    layer: int
    train_accuracy: float
    test_accuracy: Interval
    readable: bool = Field(
        description="the interval's lower end is above chance (False without an interval)"
    )


class ProbeSetResult(ProbeResult):
    """Held-out probe accuracy per layer input."""

    model: str
    labels: list[str]
    n_train: int
    n_test: int
    position: str
    chance: float = Field(description="majority-class rate on the test prompts")
    layers: list[LayerProbe]
    first_readable_layer: int | None

    def summary(self) -> str:
        accs = ", ".join(f"L{p.layer} {p.test_accuracy.value:.2f}" for p in self.layers)
        if not any(p.test_accuracy.has_interval for p in self.layers):
            where = "not judged (no intervals: n_boot is 0)"
        elif self.first_readable_layer is None:
            where = "not readable at any layer"
        else:
            where = f"first linearly readable at layer input {self.first_readable_layer}"
        return (
            f"Linear probes on {self.model} ({len(self.labels)} classes, {self.n_train} train / "
            f"{self.n_test} test prompts, position {self.position}): the property is {where}; "
            f"held-out accuracy {accs} (chance {self.chance:.2f})."
        )


def load_labelled(
    path: str | Path, model: Any, tokenizer: Any = None
) -> tuple[list[list[int]], list[str]]:
    """Prompts and labels from JSONL lines {"prompt": ids or text, "label": any}."""
    p = Path(path).expanduser()
    prompts, labels, tok = [], [], None
    rows = iter_jsonl(p, "Probe data", ("prompt", "label"), '{"prompt": [4, 9, 0], "label": "a"}')
    for lineno, obj in rows:
        if isinstance(obj["prompt"], str) and tok is None:
            tok = _tokenizer(tokenizer, model, p.name, lineno)
        prompts.append(_ids(obj["prompt"], tok, p.name, lineno, "prompt", bos=True))
        labels.append(str(obj["label"]))
    if not prompts:
        raise ProbeError(f"Probe data file {p} has no prompts.", "add one JSON object per line")
    return prompts, labels


def train_probes(
    model: Any,
    prompts: Any = None,
    labels: Any = None,
    *,
    positive: Any = None,
    negative: Any = None,
    layers: list[int] | None = None,
    position: int | str = "last",
    test_size: float = 0.3,
    C: float = 1.0,
    n_boot: int = 1000,
    level: float = 0.95,
    seed: int = 0,
    tokenizer: Any = None,
    out: str | None = None,
    name: str | None = None,
    progress: ProgressCallback | None = None,
) -> ProbeSetResult:
    """Fit a logistic-regression probe per layer input and report held-out accuracy.

    Give `prompts` (a JSONL path with prompt/label, or prompt sets) with `labels`, or two sets
    `positive` and `negative` (labelled 1 and 0)."""
    import numpy as np
    import torch

    try:
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import train_test_split
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import StandardScaler
    except ImportError:
        raise DependencyError("scikit-learn", purpose="linear probes") from None

    check_boot(n_boot, level)
    if not 0.0 < test_size < 1.0:
        raise ProbeError(f"test_size must be in (0, 1), got {test_size}.", "use e.g. 0.3")
    if positive is not None or negative is not None:
        if positive is None or negative is None:
            raise ProbeError(
                "Probes on two sets need both positive and negative prompts.",
                "pass --positive FILE and --negative FILE",
            )
        pt, pl = prompt_set(positive, model, tokenizer, "positive prompts")
        nt, nl = prompt_set(negative, model, tokenizer, "negative prompts")
        T = max(pt.shape[1], nt.shape[1])
        tokens = torch.zeros(pt.shape[0] + nt.shape[0], T, dtype=torch.long)
        tokens[: pt.shape[0], : pt.shape[1]] = pt
        tokens[pt.shape[0] :, : nt.shape[1]] = nt
        lengths = torch.cat([pl, nl])
        y = np.array(["1"] * pt.shape[0] + ["0"] * nt.shape[0])
    else:
        if prompts is None:
            raise ProbeError(
                "No prompts to probe.", "pass --data FILE, or --positive and --negative"
            )
        if isinstance(prompts, str | Path) and labels is None:
            prompts, labels = load_labelled(prompts, model, tokenizer)
        if labels is None:
            raise ProbeError("Probes need one label per prompt.", "pass labels")
        tokens, lengths = prompt_set(prompts, model, tokenizer)
        y = np.array([str(v) for v in (labels.tolist() if hasattr(labels, "tolist") else labels)])
        if len(y) != tokens.shape[0]:
            raise ProbeError(
                f"{len(y)} labels for {tokens.shape[0]} prompts.", "give one label per prompt"
            )
    classes, counts = np.unique(y, return_counts=True)
    if len(classes) < 2:
        raise ProbeError(
            "Probe labels have a single class.", "give prompts of at least two classes"
        )
    n_test = int(round(len(y) * test_size))
    per_class = ", ".join(f"{c}: {int(k)}" for c, k in zip(classes, counts, strict=True))
    if counts.min() < 2:
        raise ProbeError(
            f"Too few prompts per class to train and test a probe (prompts per class: "
            f"{per_class}); every class needs at least 2.",
            "give at least a few prompts of each class",
        )
    if n_test < len(classes) or len(y) - n_test < len(classes):
        part, n_part = ("test", n_test) if n_test < len(classes) else ("train", len(y) - n_test)
        fix = "raise" if part == "test" else "lower"
        raise ProbeError(
            f"A test share of {test_size:g} leaves {n_part} of {len(y)} prompts for the {part} "
            f"split: too few for one prompt of each of the {len(classes)} classes "
            f"(prompts per class: {per_class}).",
            f"{fix} --test-size (e.g. 0.3), or give more prompts",
        )
    L = int(model.config.n_layers)
    layers = list(range(L + 1)) if layers is None else [int(v) for v in layers]
    for v in layers:
        if not 0 <= v <= L:
            raise ProbeError(f"Layer {v} is out of range.", f"residual layers are 0..{L}")
    pos = read_positions(lengths, position, tokens.shape[1])
    feats = residuals_at(model, tokens, pos, layers).cpu().numpy()  # (layers, N, C)
    idx_tr, idx_te = train_test_split(
        np.arange(len(y)), test_size=n_test, random_state=seed, stratify=y
    )
    chance = float(max(np.mean(y[idx_te] == c) for c in classes))
    probes = []
    for k, layer in enumerate(layers):
        clf = make_pipeline(StandardScaler(), LogisticRegression(C=C, max_iter=2000))
        X = feats[k].astype(np.float64)
        clf.fit(X[idx_tr], y[idx_tr])
        correct = (clf.predict(X[idx_te]) == y[idx_te]).astype(float)
        acc = Interval.of(bootstrap_mean(correct, n_boot, seed, level))
        probes.append(
            LayerProbe(
                layer=layer,
                train_accuracy=float(clf.score(X[idx_tr], y[idx_tr])),
                test_accuracy=acc,
                readable=bool(acc.lo > chance),
            )
        )
        report(progress, "probes", k + 1, len(layers))
    first = next((p.layer for p in probes if p.readable), None)
    result = ProbeSetResult(
        model=model_name(model, name),
        labels=[str(c) for c in classes],
        n_train=len(idx_tr),
        n_test=len(idx_te),
        position=str(position),
        chance=chance,
        layers=probes,
        first_readable_layer=first,
    )
    if out is not None:
        path = fresh_path(out, "probe_accuracy", ".png")
        _plot(result, path)
        result.artifacts.append(str(path))
    return result


def _plot(result: ProbeSetResult, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    xs = [p.layer for p in result.layers]
    ys = [p.test_accuracy.value for p in result.layers]
    lo = [p.test_accuracy.value - p.test_accuracy.lo for p in result.layers]
    hi = [p.test_accuracy.hi - p.test_accuracy.value for p in result.layers]
    fig, ax = plt.subplots(figsize=(4.5, 3))
    try:
        ax.errorbar(xs, ys, yerr=[lo, hi], marker="o", capsize=3, label="held-out accuracy")
        ax.axhline(result.chance, color="grey", linestyle="--", label="chance")
        ax.set_xlabel("layer input")
        ax.set_ylabel("accuracy")
        ax.set_ylim(0, 1.05)
        ax.set_xticks(xs)
        ax.legend(loc="lower right", fontsize=8)
        fig.tight_layout()
        fig.savefig(path, dpi=120)
    finally:
        plt.close(fig)
