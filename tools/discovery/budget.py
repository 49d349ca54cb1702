"""Time budgets and counted conditional-independence tests.

Constraint-based searches (PC, FCI, CD-NOD) spend their time in CI tests, so the budget is
checked before each test: causal-learn's own CI tests are wrapped by `BudgetedTest`, which
counts tests, reports progress and stops the search when the deadline has passed. Score- and
ICA-based searches cannot be interrupted; their budget is checked between steps.
"""

from __future__ import annotations

import time
from typing import Any

from copilot.progress import ProgressCallback, report

TEST_NAME = "copilot_budgeted"
_registered = False


class BudgetExceeded(Exception):
    """Raised inside a search when its deadline has passed; never leaves this package."""

    def __init__(self, tests: int = 0):
        super().__init__("time budget exceeded")
        self.tests = tests


class Budget:
    """A deadline in seconds from now; `None` means no limit."""

    def __init__(self, seconds: float | None):
        self.seconds = seconds
        self.start = time.perf_counter()

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.start

    @property
    def remaining(self) -> float:
        return float("inf") if self.seconds is None else self.seconds - self.elapsed

    @property
    def exceeded(self) -> bool:
        return self.remaining <= 0

    def check(self, tests: int = 0) -> None:
        if self.exceeded:
            raise BudgetExceeded(tests)


class TestCounter:
    """Counts CI tests and turns them into progress updates (at most every 0.25 s)."""

    def __init__(self, task: str, progress: ProgressCallback | None, budget: Budget | None):
        self.task = task
        self.progress = progress
        self.budget = budget
        self.count = 0
        self._last = 0.0

    def tick(self) -> None:
        if self.budget is not None:
            self.budget.check(self.count)
        self.count += 1
        now = time.perf_counter()
        if self.progress is not None and now - self._last > 0.25:
            self._last = now
            report(self.progress, self.task, self.count, None, f"{self.count} CI tests")


def register_budgeted_test() -> str:
    """Register the counting wrapper with causal-learn's CI-test registry (once) and return its name."""
    global _registered
    from causallearn.utils import cit

    if _registered:
        return TEST_NAME

    class BudgetedTest(cit.CIT_Base):
        """causal-learn's CI test `inner`, counted and stopped by a `TestCounter`."""

        def __init__(
            self, data, inner: str = "fisherz", counter: TestCounter | None = None, **kwargs: Any
        ):
            super().__init__(data)
            self.inner = cit.CIT(data, inner, **kwargs)
            self.method = self.inner.method
            self.counter = counter

        def __call__(self, X, Y, condition_set=None):
            if self.counter is not None:
                self.counter.tick()
            return self.inner(X, Y, condition_set)

    cit.register_ci_test(TEST_NAME, BudgetedTest)
    _registered = True
    return TEST_NAME
