"""Questions about an effect estimate that the estimate alone does not answer in words:

- is the relationship confounded? (the unadjusted association against the adjusted effect);
- what if the treatment were scaled, shifted or set? (the scenario's predicted change in the
  outcome, with the interval carried over from the effect's interval);
- does the answer depend on the method? (the same effect by several estimators);
- are there missing values? (counts per column, and what loading did about them).

Thin layers over an `EffectEstimate` (and the dataset's frames); the estimation engine itself is
untouched. Every function returns a JSON-able dict that the answer composer reads.
"""

from __future__ import annotations

import math
from typing import Any

from copilot.errors import InputError

FOCUSES = ("confounding", "what_if")
WHAT_IF_OPS = ("scale", "add", "set")


def _finite(x: Any) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x)


def check_what_if(spec: Any) -> dict[str, Any]:
    """A what-if scenario as {"op": scale|add|set, "value": float}; one-line errors otherwise."""
    if not isinstance(spec, dict):
        raise InputError(
            f"what_if must be an object like {{'op': 'scale', 'value': 2}}, got {spec!r}.",
            "give op (scale, add or set) and a number value",
        )
    op = str(spec.get("op", "")).lower()
    if op not in WHAT_IF_OPS:
        raise InputError(
            f"Unknown what-if operation {spec.get('op')!r}.",
            "use scale (multiply the treatment), add (shift it) or set (fix it at a value)",
        )
    try:
        value = float(spec.get("value"))
    except (TypeError, ValueError):
        raise InputError(
            f"The what-if value must be a number, got {spec.get('value')!r}.", "e.g. value=2"
        ) from None
    if not math.isfinite(value):
        raise InputError("The what-if value must be finite.", "e.g. value=2")
    return {"op": op, "value": value}


def what_if(est: Any, treatment_values: Any, outcome_values: Any, spec: dict[str, Any]) -> dict:
    """The average change in the outcome when every unit's treatment is changed as `spec` says.

    The estimate is a per-unit effect (continuous treatment) or the effect of switching 0 -> 1
    (binary); the scenario's change in the treatment, averaged over units, times that effect is
    the predicted change. This assumes the effect is linear in the treatment; a scenario that
    leaves the observed range is flagged as an extrapolation."""
    spec = check_what_if(spec)
    op, v = spec["op"], spec["value"]
    x, y = _numbers(treatment_values), _numbers(outcome_values)
    if not x:
        raise InputError("The treatment column has no values to build a scenario on.", "")
    mean_x = sum(x) / len(x)
    lo_x, hi_x = min(x), max(x)
    binary = est.treatment_kind == "binary"
    t = est.treatment
    if binary and op != "set":
        raise InputError(
            f"{t} is binary, so it cannot be scaled or shifted.",
            f"ask what happens if {t} is set to 1 (everyone treated) or 0 (no one)",
        )
    if op == "scale":
        delta = (v - 1.0) * mean_x
        new = (lo_x * v, hi_x * v)
        text = f"multiplying {t} by {_num(v)}"
    elif op == "add":
        delta = v
        new = (lo_x + v, hi_x + v)
        text = f"adding {_num(v)} to {t}"
    else:
        if binary:
            c0, c1 = est.treatment_values
            share = (v - c0) / (c1 - c0) if c1 != c0 else float("nan")
            delta = share - (mean_x - c0) / (c1 - c0) if c1 != c0 else float("nan")
        else:
            delta = v - mean_x
        new = (v, v)
        text = f"setting {t} to {_num(v)} for everyone"
    out: dict[str, Any] = {
        "op": op,
        "value": v,
        "scenario": text,
        "treatment_mean": mean_x,
        "treatment_change": delta,
        "change": None,
        "ci": None,
        "outcome_mean": sum(y) / len(y) if y else None,
        "extrapolated": bool(new[0] < lo_x or new[1] > hi_x),
        "observed_range": [lo_x, hi_x],
    }
    if est.ate is None or not _finite(delta):
        out["detail"] = "no single effect was estimated, so the scenario has no prediction"
        return out
    out["change"] = est.ate * delta
    if est.ci is not None and all(_finite(c) for c in est.ci):
        a, b = est.ci[0] * delta, est.ci[1] * delta
        out["ci"] = [min(a, b), max(a, b)]
    if out["outcome_mean"] is not None:
        out["predicted_outcome_mean"] = out["outcome_mean"] + out["change"]
    out["detail"] = (
        "the estimated effect times the scenario's average change in the treatment "
        f"({_num(delta)}), assuming the effect is linear in {t}"
    )
    return out


def confounding(est: Any) -> dict[str, Any]:
    """Whether adjusting for the common causes changes the answer: the unadjusted association
    (difference in means, or slope) against the adjusted effect and its interval. Confounded
    means the unadjusted number lies outside the adjusted interval."""
    naive, adj, ci = est.naive_difference, est.ate, est.ci
    out: dict[str, Any] = {
        "naive": naive,
        "adjusted": adj,
        "adjusted_ci": list(ci) if ci is not None else None,
        "adjustment_set": list(est.adjustment_set),
        "confounded": None,
    }
    if naive is None or adj is None:
        out["detail"] = "the unadjusted and adjusted effects could not both be computed"
        return out
    if est.estimand_kind == "backdoor" and not est.adjustment_set:
        out["confounded"] = False
        out["detail"] = "the graph has no common cause of treatment and outcome to adjust for"
        return out
    if ci is not None and all(_finite(c) for c in ci):
        out["confounded"] = not (ci[0] <= naive <= ci[1])
        out["detail"] = (
            "the unadjusted association lies outside the adjusted effect's interval"
            if out["confounded"]
            else "the unadjusted association lies inside the adjusted effect's interval"
        )
    else:
        out["detail"] = "the adjusted effect has no interval to compare with"
    out["bias"] = naive - adj
    return out


def compare_methods(run: Any, methods: list[str]) -> list[dict[str, Any]]:
    """The effect by each method; `run(method)` returns an EffectEstimate or raises. A method
    that cannot apply (e.g. matching on a continuous treatment) is reported with its reason."""
    from copilot.errors import CopilotError

    rows: list[dict[str, Any]] = []
    for m in methods:
        try:
            est = run(m)
        except CopilotError as exc:
            rows.append({"method": m, "ate": None, "ci": None, "error": exc.message})
            continue
        rows.append(
            {
                "method": est.method,
                "ate": est.ate,
                "ci": list(est.ci) if est.ci is not None else None,
                "reason": est.method_reason,
            }
        )
    return rows


def missing_counts(raw: Any, frame: Any, notes: list[str]) -> dict[str, Any]:
    """Missing values per column of the file as read, and what loading did about them."""
    counts = {str(c): int(raw[c].isna().sum()) for c in raw.columns}
    read_as = [n for n in notes if " as missing" in n]
    handled = [
        n
        for n in notes
        if n.startswith(("dropped ", "imputed ")) and ("missing" in n or "rows" in n)
    ]
    return {
        "rows": int(len(raw)),
        "rows_analysed": int(len(frame)),
        "counts": counts,
        "total": int(sum(counts.values())),
        "rows_with_missing": int(raw.isna().any(axis=1).sum()),
        "read_as_missing": read_as,
        "handled": handled,
    }


def _numbers(values: Any) -> list[float]:
    out = []
    for a in values:
        try:
            f = float(a)
        except (TypeError, ValueError):
            continue
        if math.isfinite(f):
            out.append(f)
    return out


def _num(x: float) -> str:
    from copilot.agents.answer import fmt

    return fmt(x)
