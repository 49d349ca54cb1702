"""Time budgets and counted conditional-independence tests.

Constraint-based searches (PC, FCI, CD-NOD) spend their time in CI tests, so the budget is
checked before each test: causal-learn's own CI tests are wrapped by `BudgetedTest`, which
counts tests, reports progress and stops the search when the deadline has passed. Score-based
searches (GES, GRaSP, BOSS, exact search) spend theirs in local scores: inside `counting(...)`
every score causal-learn computes in this thread ticks a `TestCounter` the same way. DirectLiNGAM
ticks one per pairwise independence measure. ICA-LiNGAM is one FastICA fit and cannot be
interrupted.
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from copilot.progress import ProgressCallback, report

TEST_NAME = "copilot_budgeted"
_registered = False


class BudgetExceeded(Exception):
    """Raised inside a search when its deadline has passed; never leaves this package."""

    def __init__(self, tests: int = 0, unit: str = "CI tests"):
        super().__init__("time budget exceeded")
        self.tests = tests
        self.unit = unit


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

    def check(self, tests: int = 0, unit: str = "CI tests") -> None:
        if self.exceeded:
            raise BudgetExceeded(tests, unit)


class TestCounter:
    """Counts a search's steps (CI tests, local scores) and turns them into progress updates
    (at most every 0.25 s); past the budget's deadline the next step raises BudgetExceeded."""

    def __init__(
        self,
        task: str,
        progress: ProgressCallback | None,
        budget: Budget | None,
        unit: str = "CI tests",
    ):
        self.task = task
        self.progress = progress
        self.budget = budget
        self.unit = unit
        self.count = 0
        self._last = 0.0

    def tick(self) -> None:
        if self.budget is not None:
            self.budget.check(self.count, self.unit)
        self.count += 1
        now = time.perf_counter()
        if self.progress is not None and now - self._last > 0.25:
            self._last = now
            report(self.progress, self.task, self.count, None, f"{self.count} {self.unit}")


# the counter of the score-based search running in this thread, if any
_active = threading.local()
_hooks_lock = threading.Lock()
_hooks_installed = False


def _tick() -> None:
    counter = getattr(_active, "counter", None)
    if counter is not None:
        counter.tick()


def counted(fn: Any) -> Any:
    """`fn`, ticking the counter of this thread's `counting(...)` block before each call."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        _tick()
        return fn(*args, **kwargs)

    return wrapper


def install_score_hooks() -> None:
    """Route causal-learn's local scores through `_tick` (once per process). Outside
    `counting(...)` the hook only looks up a thread-local and calls the original."""
    global _hooks_installed
    with _hooks_lock:
        if _hooks_installed:
            return
        from causallearn.score.LocalScoreFunctionClass import LocalScoreClass
        from causallearn.search.PermutationBased.gst import GST
        from causallearn.search.ScoreBased import ExactSearch

        # GES scores through LocalScoreClass; GRaSP and BOSS look their scores up in
        # grow-shrink trees (GST.trace), which call LocalScoreClass for new ones; exact search
        # scores parent sets with bic_score_node, then walks its order graph through
        # query_best_structure
        LocalScoreClass.score = counted(LocalScoreClass.score)
        GST.trace = counted(GST.trace)
        for name in ("bic_score_node", "query_best_structure"):
            setattr(ExactSearch, name, counted(getattr(ExactSearch, name)))
        _hooks_installed = True


@contextmanager
def counting(counter: TestCounter) -> Iterator[TestCounter]:
    """Count (and budget) every local score causal-learn's score-based searches compute in this
    thread while the block runs."""
    install_score_hooks()
    previous = getattr(_active, "counter", None)
    _active.counter = counter
    try:
        yield counter
    finally:
        _active.counter = previous


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
