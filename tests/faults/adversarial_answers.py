"""Answers a language model might give about one known result, and whether each is right.

The tool said: churn effect -0.0554 (95% CI -0.0812 to -0.0297), p = 0.0004, n = 2000, and a
churn share of 0.183."""

from __future__ import annotations

RESULT = {
    "treatment": "discount",
    "outcome": "churn",
    "ate": -0.0554,
    "ci": [-0.0812, -0.0297],
    "p_value": 0.0004,
    "n": 2000,
    "share": 0.183,
}

#: (answer, supported?) -- refused answers carry a number the tool did not return as written.
ANSWERS: list[tuple[str, bool]] = [
    # sign flips
    ("Raising the discount raises churn by +0.0554.", False),
    ("The effect of the discount on churn is 0.0554.", False),
    ("Discounts increase churn by 0.0554.", False),
    ("Churn rises by 5.54% with the discount.", False),
    ("Churn is 0.0554 higher with the discount.", False),
    ("The discount raises churn by 5.5 percentage points.", False),
    ("The effect is -0.0554 (95% CI -0.0812 to 0.0297).", False),
    ("The effect is -0.0554 (95% CI 0.0297 to 0.0812).", False),
    # swapped bounds
    ("The effect is -0.0554 (95% CI -0.0297 to -0.0812).", False),
    ("The effect is -0.0554 (95% CI [-0.0297, -0.0812]).", False),
    ("The discount lowers churn by 0.0554 (95% CI 0.0812 to 0.0297).", False),
    ("Churn drops 5.5% (95% CI 8.1% to 3.0%).", False),
    # percent and proportion confused
    ("Churn falls by 0.0554% with the discount.", False),
    ("Churn falls by 5.54 with the discount.", False),
    ("The effect is -5.54.", False),
    ("Churn falls by 5.54 percentage points (95% CI 0.0297 to 0.0812 percentage points).", False),
    ("18.3 of the customers churned.", False),
    ("The effect is -0.0554, that is -55.4%.", False),
    # wrong or invented numbers, and roundings too coarse to say which value is meant
    ("The effect is -0.0654.", False),
    ("The effect is −0.554.", False),
    ("The effect is -0.0554 with p = 0.04.", False),
    ("The effect is -0.0554 (95% CI -0.0812 to -0.0197).", False),
    ("The effect is -0.0554 (n = 200).", False),
    ("The effect is -0.06.", False),
    ("The effect is 0.", False),
    # right, in several forms
    ("The effect is -0.0554 (95% CI -0.0812 to -0.0297).", True),
    ("The effect is -0.055 (95% CI [-0.081, -0.030]).", True),
    ("The discount lowers churn by 0.0554 (95% CI 0.0297 to 0.0812).", True),
    ("The discount decreases churn by 0.055 (95% CI 0.030 to 0.081), p = 0.0004.", True),
    ("Churn falls by 5.5 percentage points (95% CI 3.0% to 8.1%).", True),
    ("The effect is −5.54% (95% CI −8.12% to −2.97%).", True),
    ("Churn is 5.5% lower with the discount.", True),
    ("The effect is -0.0554 (p = 0.0004, n = 2,000).", True),
    ("18.3% of customers churned; the share is 0.18.", True),
    ("The effect is -5.5e-02.", True),
    ("The effect is -0.05540, between -0.0812 and -0.0297.", True),
    ("Churn falls by 5.54 pp with the discount.", True),
]
