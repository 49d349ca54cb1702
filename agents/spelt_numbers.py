"""Amounts written in words, as digits: "fifteen percent", "twenty-five more", "two hundred".

Scenarios and options are said with numbers in words as often as with digits ("if prices went up
fifteen percent", "an extra forty minutes", "three hundred resamples"). The readers of amounts
work on digits, so a number in words is rewritten once, here. Only numbers from eleven upwards
are rewritten everywhere ("one" to "ten" are also pronouns and articles: "every policy had one",
"ten" is left to the readers that know its context); a number of tens may take its units
("twenty-five", "thirty two") and a hundred or a thousand may follow ("two hundred", "twelve
thousand", "two hundred and fifty").
"""

from __future__ import annotations

import re

_UNITS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
}
_TEENS = {
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fourty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SMALL = (
    rf"(?:(?:{'|'.join(_TENS)})(?:[\s-]+(?:{'|'.join(_UNITS)}))?|{'|'.join(_TEENS)}|"
    rf"{'|'.join(_UNITS)})"
)
_NUMBER = re.compile(
    rf"\b(?P<n>(?:a|{_SMALL})[\s-]+(?:hundred|thousand)(?:\s+(?:and\s+)?{_SMALL})?|{_SMALL})\b",
    re.I,
)


def _small(text: str) -> int:
    total = 0
    for word in re.split(r"[\s-]+", text.lower()):
        total += _UNITS.get(word) or _TEENS.get(word) or _TENS.get(word) or 0
    return total


def _value(text: str) -> int | None:
    m = re.fullmatch(
        rf"(?P<k>a|{_SMALL})[\s-]+(?P<m>hundred|thousand)(?:\s+(?:and\s+)?(?P<r>{_SMALL}))?",
        text,
        re.I,
    )
    if m:
        k = 1 if m.group("k").lower() == "a" else _small(m.group("k"))
        scale = 100 if m.group("m").lower() == "hundred" else 1000
        return k * scale + (_small(m.group("r")) if m.group("r") else 0)
    words = re.split(r"[\s-]+", text.lower())
    if len(words) == 1 and (words[0] in _UNITS or words[0] == "ten"):
        return None  # a pronoun or an article as often as a number: left to the readers
    return _small(text)


#: A whole number and a fraction ("two and a half", "3 and a quarter"): a number whatever its size.
_AND_A_FRACTION = re.compile(
    rf"\b(?P<n>\d+|{_SMALL}|ten)\s+and\s+a\s+(?P<f>half|quarter)\b",
    re.I,
)


def digits(text: str) -> str:
    """`text` with its numbers in words from eleven upwards (and compounds) as digits, and a
    number with "and a half" or "and a quarter" (one to ten too) as a decimal."""

    def fraction(m: re.Match[str]) -> str:
        n = m.group("n")
        whole = int(n) if n.isdigit() else (_small(n) if n.lower() != "ten" else 10)
        return f"{whole + (0.5 if m.group('f').lower() == 'half' else 0.25):g}"

    def one(m: re.Match[str]) -> str:
        v = _value(m.group("n"))
        return m.group(0) if v is None else str(v)

    return _NUMBER.sub(one, _AND_A_FRACTION.sub(fraction, text))


def before(text: str, following: str) -> str:
    """`text` with every number in words (one to ten, "a" and "an" too) as digits where the
    regex `following` comes next: before a unit ("up to three hours", "a week") a word can only
    be a number."""
    pattern = re.compile(rf"\b(?P<n>an?|{_SMALL})(?=\s+(?:{following})\b)", re.I)

    def one(m: re.Match[str]) -> str:
        word = m.group("n")
        return "1" if word.lower() in ("a", "an") else str(_small(word))

    return pattern.sub(one, text)
