"""The check that a language model's answer cites only numbers the tools returned.

A number in the answer is supported when a tool result (or the question, or the inputs) holds a
value it correctly rounds, with its sign, its unit and, for intervals, both bounds in order:

- Precision: the printed number must be the value rounded to the digits printed (within half a
  unit of its last digit) and within `REL_TOL` of the value, so "-0.055" stands for -0.0554 but
  "0" or "-0.06" do not (too coarse to say which value is meant).
- Sign: an explicit sign must match. A number without a sign is read with the words around
  it: "lowers churn by 0.0554" and "0.0554 lower" stand for -0.0554; "raises churn by 0.0554"
  and a bare "0.0554" do not.
- Unit: "5.54%" (or "percent", "percentage points", "pp") is the proportion 0.0554; a bare
  "5.54" is not, and "0.0554%" is 0.000554.
- Intervals ("[a, b]", "(a, b)", "a to b", "between a and b", "a-b") are compared as pairs: the
  bounds of a known interval, in order; after an effect stated as a decrease, the interval of
  its size ("lowers churn by 0.0554 (95% CI 0.030 to 0.081)") is accepted too. Swapped bounds are
  refused even when each bound alone is a known number.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

#: Largest relative difference between a printed number and the value it stands for.
REL_TOL = 0.05
#: Confidence levels, significance thresholds and list numbering are not results.
CONVENTIONAL = (0.9, 0.95, 0.99, 0.05, 0.01, 0.001, 90.0, 95.0, 99.0, 1.0, 2.0, 3.0, 4.0, 5.0)

_UNIT = r"(?P<unit>\s?%|\s+(?:percent(?:age points?)?|per\s?cent|pp|pct)\b)"
_NUM = re.compile(
    r"(?<![\w.])(?P<sign>[-+−]?)(?P<digits>\d+(?:,\d{3})*(?:\.\d+)?(?:[eE][-+]?\d+)?)(?![\w])"
    + _UNIT
    + "?",
    re.IGNORECASE,
)
_DOWN_BEFORE = re.compile(
    r"\b(?:reduc\w*|lowers|lowered|lowering|decreas\w*|cuts?|cutting|drops?|dropped|dropping|"
    r"falls?|fell|falling|declin\w*|shrinks?|shrank|negative(?:ly)?|minus)\b",
    re.IGNORECASE,
)
_UP_BEFORE = re.compile(
    r"\b(?:rais\w*|increas\w*|boosts?|boosted|rises?|rose|rising|grows?|grew|growing|"
    r"positive(?:ly)?|plus)\b",
    re.IGNORECASE,
)
_DOWN_AFTER = re.compile(r"^\W*(?:\w+\s+)?(?:lower|less|fewer|smaller|down|below)\b", re.I)
_UP_AFTER = re.compile(r"^\W*(?:\w+\s+)?(?:higher|more|greater|larger|up|above)\b", re.I)
_SENTENCE_END = re.compile(r"[.;:!?](?:\s|$)|\n")


@dataclass
class Mention:
    """One number in a text: its magnitude, explicit sign (-1, 0, +1), unit and precision."""

    token: str
    start: int
    end: int
    sign: int
    magnitude: float
    half_unit: float
    percent: bool

    def value(self, sign: int) -> float:
        """As a proportion when it is a percentage."""
        v = sign * self.magnitude
        return v / 100 if self.percent else v

    def tolerance(self) -> float:
        return self.half_unit / 100 if self.percent else self.half_unit


def mentions(text: str) -> list[Mention]:
    out: list[Mention] = []
    for m in _NUM.finditer(text):
        digits = m.group("digits").replace(",", "")
        try:
            magnitude = float(digits)
        except ValueError:
            continue
        if not math.isfinite(magnitude):
            continue
        sign = {"-": -1, "−": -1, "+": 1}.get(m.group("sign"), 0)
        out.append(
            Mention(
                token=m.group(0).strip(),
                start=m.start(),
                end=m.end(),
                sign=sign,
                magnitude=magnitude,
                half_unit=_half_unit(digits),
                percent=bool(m.group("unit")),
            )
        )
    return out


def _half_unit(digits: str) -> float:
    """Half a unit of the last digit printed; trailing zeros of an integer are not digits
    printed ("300" may be 312 rounded)."""
    if "." not in digits and "e" not in digits.lower():
        zeros = len(digits) - len(digits.rstrip("0")) if digits.strip("0") else 0
        return 0.5 * 10**zeros
    try:
        exponent = Decimal(digits).as_tuple().exponent
    except InvalidOperation:
        return 0.5
    return 0.5 * 10 ** int(exponent) if isinstance(exponent, int) else 0.5


@dataclass
class Known:
    """What the tools returned: numbers (signed, proportions) and intervals (low, high)."""

    values: list[float]
    intervals: list[tuple[float, float]]


def known_numbers(obj: Any, known: Known | None = None) -> Known:
    """Every number and interval inside a JSON value (strings are scanned too)."""
    known = known or Known([], [])
    if isinstance(obj, bool) or obj is None:
        return known
    if isinstance(obj, int | float):
        if math.isfinite(obj):
            known.values.append(float(obj))
    elif isinstance(obj, str):
        ms = mentions(obj)
        for m in ms:
            known.values.append(m.value(m.sign or 1))
        for a, b in _pairs(obj, ms):
            known.intervals.append((a.value(a.sign or 1), b.value(b.sign or 1)))
    elif isinstance(obj, dict):
        for lo_key, hi_key in (("lo", "hi"), ("low", "high"), ("ci_low", "ci_high")):
            lo, hi = obj.get(lo_key), obj.get(hi_key)
            if _finite(lo) and _finite(hi):
                known.intervals.append((float(lo), float(hi)))
        for v in obj.values():
            known_numbers(v, known)
    elif isinstance(obj, list | tuple):
        if len(obj) == 2 and all(_finite(v) for v in obj) and obj[0] <= obj[1]:
            known.intervals.append((float(obj[0]), float(obj[1])))
        for v in obj:
            known_numbers(v, known)
    return known


def _finite(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)


def _close(printed: float, tol: float, value: float) -> bool:
    """`printed` is `value` rounded to the printed digits, and not too coarse for it."""
    diff = abs(printed - value)
    return diff <= tol * (1 + 1e-9) + 1e-12 and diff <= REL_TOL * abs(value) + 1e-12


def _matches(m: Mention, sign: int, values: Iterable[float]) -> bool:
    v, tol = m.value(sign), m.tolerance()
    return any(_close(v, tol, k) for k in values)


def _pairs(text: str, ms: list[Mention]) -> list[tuple[Mention, Mention]]:
    """Consecutive numbers written as an interval."""
    out = []
    for a, b in zip(ms, ms[1:], strict=False):
        between = text[a.end : b.start].strip().lower()
        before = text[max(0, a.start - 20) : a.start].lower()
        after = text[b.end : b.end + 2]
        if between in ("to", "–", "—", "-", "- to", "until"):
            out.append((a, b))
        elif between == "and" and re.search(r"\bbetween\s*$", before):
            out.append((a, b))
        elif between in (",", ";") and before.rstrip().endswith(("[", "(")) and after[:1] in "])":
            out.append((a, b))
    return out


def _cue(text: str, m: Mention, previous_end: int) -> int:
    """-1 when the words around `m` state a decrease, +1 an increase, 0 neither."""
    start = previous_end
    for end in _SENTENCE_END.finditer(text, previous_end, m.start):
        start = end.end()
    before = " ".join(text[start : m.start].split()[-6:])
    after = text[m.end : m.end + 30]
    down = bool(_DOWN_BEFORE.search(before) or _DOWN_AFTER.search(after))
    up = bool(_UP_BEFORE.search(before) or _UP_AFTER.search(after))
    if down and not up:
        return -1
    if up and not down:
        return 1
    return 0


def _same_sentence(text: str, a: int, b: int) -> bool:
    return _SENTENCE_END.search(text, a, b) is None


def _single_ok(m: Mention, cue: int, known: Known) -> tuple[bool, bool]:
    """(supported, stated as the size of a decrease)."""
    if m.sign:
        return _matches(m, m.sign, known.values), False
    positive = _matches(m, 1, known.values)
    negative = _matches(m, -1, known.values)
    if cue < 0:
        return negative, negative
    return positive, False


def _interval_ok(a: Mention, b: Mention, cue: int, magnitude_ok: bool, known: Known) -> str:
    """ "ok", "swapped" or "unknown" for the interval (a, b)."""
    percent = a.percent or b.percent
    a = Mention(**{**a.__dict__, "percent": percent})
    b = Mention(**{**b.__dict__, "percent": percent})
    unsigned = not a.sign and not b.sign
    for lo, hi in known.intervals:
        x, y = a.value(a.sign or 1), b.value(b.sign or 1)
        tx, ty = a.tolerance(), b.tolerance()
        if _close(x, tx, lo) and _close(y, ty, hi):
            return "ok"
        if unsigned and (cue < 0 or magnitude_ok) and _close(x, tx, -hi) and _close(y, ty, -lo):
            return "ok"
        if _close(x, tx, hi) and _close(y, ty, lo) and lo != hi:
            return "swapped"
        if unsigned and _close(x, tx, -lo) and _close(y, ty, -hi) and lo != hi:
            return "swapped"
    return "unknown"


def check_numbers(
    text: str, results: list[dict[str, Any]], state: dict[str, Any], question: str = ""
) -> list[str]:
    """Numbers in `text` that no tool result (nor the question or the inputs) supports."""
    known = known_numbers(
        [r.get("result") for r in results]
        + [r.get("args") for r in results]
        + [r.get("summary") for r in results]
        + [r.get("error") for r in results]
    )
    known_numbers(question, known)
    known_numbers(state.get("datasets") or {}, known)
    known_numbers(state.get("models") or {}, known)
    known.values.extend(CONVENTIONAL)
    integers = {v for v in known.values if float(v).is_integer()}

    ms = mentions(text)
    pairs = {id(a): b for a, b in _pairs(text, ms)}
    bad: list[str] = []
    previous_end = 0
    decrease_at: int | None = None  # where the last effect stated as a decrease ended
    i = 0
    while i < len(ms):
        m = ms[i]
        cue = _cue(text, m, previous_end)
        partner = pairs.get(id(m))
        if partner is not None:
            inherited = decrease_at is not None and _same_sentence(text, decrease_at, m.start)
            verdict = _interval_ok(m, partner, cue, inherited, known)
            if verdict == "ok":
                previous_end = partner.end
                i += 2
                continue
            if verdict == "swapped":
                bad.append(f"{m.token} to {partner.token} (bounds swapped)")
                previous_end = partner.end
                i += 2
                continue
        ok, decrease = _single_ok(m, cue, known)
        if not ok and re.fullmatch(r"\d+\.\d+", m.token):
            # "1.3" may name layer 1, head 3
            layer, head = m.token.split(".")
            ok = float(layer) in integers and float(head) in integers
        if not ok:
            bad.append(m.token)
        if decrease:
            decrease_at = m.end
        previous_end = m.end
        i += 1
    return bad
