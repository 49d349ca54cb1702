"""Models that see natural text: a corpus every machine has offline, a locally trained
tokenizer, and a next-token training loop.

The corpus is the running interpreter's standard library: its `.py` sources with their
docstrings and comments (tests, IDLE and demos left out), read in sorted order, the first
`max_bytes / n_files` characters of each file, so every module contributes (mostly its
docstring, imports and first definitions). Every tenth file is held out for validation.
Which Python runs decides the exact text; the version is stored with the model.

The tokenizer is a byte-level BPE trained on that corpus with the `tokenizers` package (when
installed; else plain bytes, 256 ids plus BOS), with `<bos>` as id 0. Training samples windows
of the token stream and puts BOS in front of each, as language models see a BOS token at the
start of every document: position 0 is always BOS, which is where attention sinks form.

    from copilot.tools.probing.text import train_text_model
    result = train_text_model(out="models/text")   # a minute or two on a CPU
    result.metrics["val_loss"]                      # far below ln(vocab)
"""

from __future__ import annotations

import json
import math
import sys
import sysconfig
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from copilot.errors import InputError
from copilot.progress import ProgressCallback, report

BOS = "<bos>"
BOS_ID = 0
SKIP_DIRS = {"test", "tests", "idlelib", "site-packages", "__pycache__", "turtledemo"}
TOKENIZER_FILE = "tokenizer.json"


# ---------------------------------------------------------------------------------------------
# corpus
# ---------------------------------------------------------------------------------------------
def stdlib_files() -> list[Path]:
    """The interpreter's standard-library `.py` files, sorted, without tests and demos."""
    root = Path(sysconfig.get_paths()["stdlib"])
    files = sorted(
        p for p in root.rglob("*.py") if not SKIP_DIRS.intersection(p.relative_to(root).parts)
    )
    if not files:
        raise InputError(
            f"No Python sources under {root}.",
            "the text task reads the standard library; run it with a full Python installation",
        )
    return files


def stdlib_corpus(max_bytes: int = 2_000_000) -> tuple[list[str], list[str]]:
    """(train texts, validation texts): the start of every standard-library file."""
    files = stdlib_files()
    per_file = max(256, max_bytes // len(files))
    train, val = [], []
    for i, p in enumerate(files):
        try:
            text = p.read_text(encoding="utf-8", errors="replace")[:per_file]
        except OSError:
            continue
        (val if i % 10 == 0 else train).append(text)
    return train, val


# ---------------------------------------------------------------------------------------------
# tokenizer
# ---------------------------------------------------------------------------------------------
class TextTokenizer:
    """A byte-level BPE (or plain bytes) with `<bos>` as id 0; called like a Hugging Face
    tokenizer: `tok(text, add_special_tokens=True)["input_ids"]` starts with BOS."""

    def __init__(self, bpe: Any = None):
        self.bpe = bpe  # a tokenizers.Tokenizer, or None for bytes

    @property
    def kind(self) -> str:
        return "bpe" if self.bpe is not None else "bytes"

    @property
    def vocab_size(self) -> int:
        return self.bpe.get_vocab_size() if self.bpe is not None else 257

    def encode(self, text: str) -> list[int]:
        if self.bpe is not None:
            return list(self.bpe.encode(text).ids)
        return [b + 1 for b in text.encode("utf-8")]

    def decode(self, ids: list[int]) -> str:
        if self.bpe is not None:
            return self.bpe.decode(list(ids))
        return bytes(i - 1 for i in ids if i > 0).decode("utf-8", errors="replace")

    def __call__(self, text: str, add_special_tokens: bool = True) -> dict[str, list[int]]:
        ids = self.encode(text)
        return {"input_ids": ([BOS_ID] + ids) if add_special_tokens else ids}

    def save(self, folder: str | Path) -> Path:
        path = Path(folder) / TOKENIZER_FILE
        if self.bpe is not None:
            self.bpe.save(str(path))
        else:
            path.write_text(json.dumps({"copilot_byte_tokenizer": 1}))
        return path

    @classmethod
    def load(cls, folder: str | Path) -> TextTokenizer:
        path = Path(folder) / TOKENIZER_FILE
        data = json.loads(path.read_text())
        if data.get("copilot_byte_tokenizer"):
            return cls(None)
        from tokenizers import Tokenizer

        return cls(Tokenizer.from_file(str(path)))


def train_tokenizer(texts: list[str], vocab_size: int = 512) -> TextTokenizer:
    """A byte-level BPE of `vocab_size` ids trained on `texts` (bytes if `tokenizers` is absent)."""
    try:
        from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    except ImportError:
        return TextTokenizer(None)
    if vocab_size < 257 + 1:
        raise InputError(
            f"A byte-level BPE needs more than 257 ids, got {vocab_size}.", "use e.g. 512"
        )
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=[BOS],
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tok.train_from_iterator(texts, trainer)
    assert tok.token_to_id(BOS) == BOS_ID, "BOS must be id 0"
    return TextTokenizer(tok)


# ---------------------------------------------------------------------------------------------
# training
# ---------------------------------------------------------------------------------------------
@dataclass
class TextTrainResult:
    """A model trained on the standard-library corpus, its tokenizer and what training measured."""

    model: Any
    tokenizer: TextTokenizer
    steps: int
    seconds: float
    metrics: dict[str, float] = field(default_factory=dict)
    path: Path | None = None
    warnings: list[str] = field(default_factory=list)
    history: list[float] = field(default_factory=list)  # training loss of every step

    def summary(self) -> dict[str, Any]:
        cfg = self.model.config
        return {
            "task": "text",
            "steps": self.steps,
            "elapsed_s": round(self.seconds, 2),
            "metrics": self.metrics,
            "warnings": self.warnings,
            "path": str(self.path) if self.path else None,
            "tokenizer": self.tokenizer.kind,
            "model": {
                "n_layers": cfg.n_layers,
                "n_heads": cfg.n_heads,
                "d_model": cfg.d_model,
                "gate": cfg.gate,
                "attn_only": cfg.attn_only,
                "vocab_size": cfg.vocab_size,
                "params": self.model.num_params(),
            },
        }


def encode_stream(tok: TextTokenizer, texts: list[str]) -> Any:
    """One long tensor of token ids: the texts one after another, each after a BOS."""
    import torch

    ids: list[int] = []
    for t in texts:
        ids.append(BOS_ID)
        ids.extend(tok.encode(t))
    return torch.tensor(ids, dtype=torch.long)


def sample_windows(stream: Any, batch: int, length: int, gen: Any) -> Any:
    """(batch, length + 1) windows of the stream, each starting with BOS."""
    import torch

    start = torch.randint(0, len(stream) - length, (batch,), generator=gen)
    idx = start[:, None] + torch.arange(length)[None]  # (B, length)
    body = stream[idx]
    return torch.cat([torch.full((batch, 1), BOS_ID, dtype=torch.long), body], 1)


def window_loss(model: Any, tokens: Any) -> Any:
    """Mean next-token loss over a batch of windows (the BOS is never a target)."""
    import torch.nn.functional as F

    logits = model(tokens[:, :-1]).logits  # (B, T, V)
    return F.cross_entropy(logits.flatten(0, 1).float(), tokens[:, 1:].flatten())


def train_text_model(
    *,
    gate: str = "headwise",
    layers: int = 2,
    heads: int = 4,
    d_model: int = 64,
    vocab_size: int = 512,
    length: int = 64,
    steps: int = 600,
    batch_size: int = 32,
    lr: float = 3e-3,
    max_bytes: int = 2_000_000,
    attn_only: bool = False,
    seed: int = 0,
    device: str = "cpu",
    out: str | Path | None = None,
    overwrite: bool = False,
    threads: int | None = 1,
    corpus: tuple[list[str], list[str]] | None = None,
    tokenizer: TextTokenizer | None = None,
    progress: ProgressCallback | None = None,
) -> TextTrainResult:
    """Train a `GatedTransformer` on the standard-library corpus with a tokenizer trained on
    the same text; save model and tokenizer to `out` if given. `corpus` and `tokenizer` let
    several runs share them (the gated-attention benchmark does)."""
    import torch

    from copilot.tools.probing.device import resolve_device, seed_everything
    from copilot.tools.probing.model import GATE_KINDS, GatedTransformer, ModelConfig
    from copilot.tools.probing.train import check_out_dir

    if gate not in GATE_KINDS:
        raise InputError(f"Unknown gate {gate!r}.", f"choose one of: {', '.join(GATE_KINDS)}")
    for what, v, least in (
        ("steps", steps, 1),
        ("length", length, 4),
        ("batch_size", batch_size, 1),
    ):
        if v < least:
            raise InputError(
                f"{what} must be at least {least}, got {v}.", f"e.g. {what}={least * 8}"
            )
    if out is not None:
        check_out_dir(out, overwrite)
    old_threads = torch.get_num_threads()
    if threads:
        torch.set_num_threads(threads)
    try:
        train_txt, val_txt = corpus or stdlib_corpus(max_bytes)
        tok = tokenizer or train_tokenizer(train_txt, vocab_size)
        train_ids, val_ids = encode_stream(tok, train_txt), encode_stream(tok, val_txt)
        seed_everything(seed)
        gen = torch.Generator().manual_seed(seed)
        dev = resolve_device(device)
        cfg = ModelConfig(
            vocab_size=tok.vocab_size,
            n_layers=layers,
            n_heads=heads,
            d_model=d_model,
            d_mlp=4 * d_model,
            max_seq_len=max(256, length + 1),
            gate=gate,
            attn_only=attn_only,
            meta={
                "task": "text",
                "corpus": f"python {sys.version.split()[0]} standard library, {max_bytes} bytes",
                "tokenizer": tok.kind,
                "length": length,
                "seed": seed,
            },
        )
        model = GatedTransformer(cfg).to(dev)
        opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01, betas=(0.9, 0.98))
        warmup = max(1, steps // 20)
        t0 = time.perf_counter()
        model.train()
        ema = None
        history: list[float] = []
        for step in range(steps):
            t = max(0, step - warmup) / max(1, steps - warmup)
            for group in opt.param_groups:
                group["lr"] = (
                    lr * (step + 1) / warmup
                    if step < warmup
                    else lr * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * t)))
                )
            batch = sample_windows(train_ids, batch_size, length, gen).to(dev)
            loss = window_loss(model, batch)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            history.append(loss.item())
            ema = history[-1] if ema is None else 0.95 * ema + 0.05 * history[-1]
            if step % max(1, steps // 100) == 0 or step == steps - 1:
                report(progress, "train text", step + 1, steps, f"loss {ema:.3f}")
        model.eval()
        seconds = time.perf_counter() - t0
        with torch.no_grad():
            vgen = torch.Generator().manual_seed(12345)
            val = sample_windows(val_ids, 64, length, vgen).to(dev)
            val_loss = float(window_loss(model, val))
        metrics = {
            "train_loss": float(ema),
            "val_loss": val_loss,
            "uniform_loss": math.log(tok.vocab_size),
            "train_tokens": int(len(train_ids)),
        }
    finally:
        torch.set_num_threads(old_threads)
    warnings = []
    if val_loss >= 0.9 * metrics["uniform_loss"]:
        warnings.append(
            f"the model is at chance on text: validation loss {val_loss:.3f} against "
            f"{metrics['uniform_loss']:.3f} for uniform guessing; train longer (--steps)"
        )
    path = None
    model.tokenizer = tok
    if out is not None:
        from copilot.tools.probing.checkpoints import save_model

        model.config.meta["metrics"] = {k: round(v, 4) for k, v in metrics.items()}
        path = save_model(model, out)
        tok.save(path)
    return TextTrainResult(model, tok, steps, seconds, metrics, path, warnings, history)
