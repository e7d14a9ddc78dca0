"""A busy neighbour: a competing CPU load of a given fraction of one core, in its own
process at the same priority as the bench's server, for as long as it is running.

    with Noise(0.5) as noise:      # half a core, in 10 ms periods: 5 ms busy, 5 ms asleep
        ...                        # the work measured beside it
    noise.cpu_s, noise.cores       # what it really took

The busy part spins on arithmetic (no system calls), so the kernel's scheduler sees a
CPU-bound process of normal priority that wakes 100 times a second: the shape of
another service or a build sharing the machine, not of an idle one. It takes its
share only when a core is free to give it; on a saturated machine it gets less, and
`cores` says how much it got.

    python bench/noise.py 0.5 [--seconds 10]      # alone, to see it in top
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from types import TracebackType

PERIOD_S = 0.010


def burn(fraction: float) -> None:
    """Spin `fraction` of every period and sleep the rest, until killed."""
    busy = PERIOD_S * fraction
    x = 0
    while True:
        start = time.perf_counter()
        while time.perf_counter() - start < busy:
            x = (x * 1103515245 + 12345) & 0xFFFFFFFF
        rest = PERIOD_S - (time.perf_counter() - start)
        if rest > 0:
            time.sleep(rest)


def _cpu_s(pid: int) -> float:
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Noise:
    """`fraction` of a core in a child process while the `with` block runs."""

    def __init__(self, fraction: float) -> None:
        if not 0 < fraction <= 1:
            raise ValueError("the noise is a fraction of one core, in (0, 1]")
        self.fraction = fraction
        self.proc: subprocess.Popen[bytes] | None = None
        self.cpu_s = 0.0
        self.wall_s = 0.0
        self._start = 0.0

    @property
    def cores(self) -> float:
        return round(self.cpu_s / self.wall_s, 3) if self.wall_s else 0.0

    def __enter__(self) -> Noise:
        self.proc = subprocess.Popen(
            [sys.executable, __file__, "--child", str(self.fraction)],
            stdin=subprocess.DEVNULL,
        )
        self._start = time.perf_counter()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        assert self.proc is not None
        self.wall_s = time.perf_counter() - self._start
        try:
            self.cpu_s = _cpu_s(self.proc.pid)
        except OSError:
            self.cpu_s = 0.0
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def summary(self) -> dict[str, float]:
        return {"fraction_asked": self.fraction, "cores_taken": self.cores,
                "cpu_s": round(self.cpu_s, 2), "wall_s": round(self.wall_s, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("fraction", type=float)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        burn(args.fraction)
        return
    with Noise(args.fraction) as noise:
        time.sleep(args.seconds)
    print(noise.summary())


if __name__ == "__main__":
    main()
