"""Write the planted-class prompt sets used in the README (steering and probes).

    python examples/probing/make_planted.py    # -> planted_positive.jsonl, planted_negative.jsonl

Positive prompts carry class-1 tokens, negative ones class-0 tokens (see
copilot.tools.probing.planted). Every line also names the class-1 answer as its target and the
class-0 answer as its foil, so the negative file doubles as the steering behaviour: the rate of
answering class 1 on class-0 prompts.
"""

from __future__ import annotations

import json
from pathlib import Path

from copilot.tools.probing.planted import PlantedTask


def main() -> None:
    spec = PlantedTask()
    here = Path(__file__).resolve().parent
    for name, cls in (("planted_positive", 1), ("planted_negative", 0)):
        tokens = spec.sample_class(cls, 64, seed=1).tolist()
        rows = [{"prompt": t, "target": [spec.ANSWER[1]], "foil": [spec.ANSWER[0]]} for t in tokens]
        (here / f"{name}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))


if __name__ == "__main__":
    main()
