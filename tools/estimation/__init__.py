"""Effect estimation built on DoWhy: identify, estimate, refute, explain.

`estimate_effect` is the tool; DoWhy, statsmodels and econml load when it first runs.
"""

from copilot.tools.estimation.core import estimate_effect
from copilot.tools.estimation.result import (
    EffectEstimate,
    LevelContrast,
    MediationEffects,
    OrientationEffect,
    OverlapReport,
    Refutation,
    SubgroupEffect,
)

__all__ = [
    "EffectEstimate",
    "LevelContrast",
    "MediationEffects",
    "OrientationEffect",
    "OverlapReport",
    "Refutation",
    "SubgroupEffect",
    "estimate_effect",
]
