"""What the benches share to report a run: a percentile of the measured values and the
machine's load beside it (other work shares the two cores)."""

from __future__ import annotations

import os


def percentile(values: list[float], p: float) -> float:
    """The value at `p` % of the sorted list (the nearest index, no interpolation)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def load_average() -> str:
    """`uptime`'s three figures: 1, 5 and 15 minutes."""
    return " ".join(f"{value:.2f}" for value in os.getloadavg())
