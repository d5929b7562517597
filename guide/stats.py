"""Proportions with their 95% confidence interval, as the "How we test" page and check_triage give them.

Wilson's score interval (Wilson 1927; Newcombe, Stat Med 1998, method 3): unlike the simple
p ± 1.96·√(p(1-p)/n), it stays inside 0 to 1 and still says something when every case was right,
which is exactly when a small suite most needs an honest interval.
"""

import math
from dataclasses import dataclass

Z_95 = 1.959963984540054  # the standard normal's 97.5th percentile: a two-sided 95% interval


def wilson(successes: int, n: int, z: float = Z_95) -> tuple[float, float]:
    """The Wilson score interval for `successes` out of `n`; (0, 1) when there is nothing to go on."""
    if not 0 <= successes <= n:
        raise ValueError(f"{successes} successes out of {n} is not a proportion.")
    if n == 0:
        return 0.0, 1.0
    p = successes / n
    centre = p + z * z / (2 * n)
    spread = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    denominator = 1 + z * z / n
    low = 0.0 if successes == 0 else (centre - spread) / denominator  # exact at the ends, not 1e-17 off
    high = 1.0 if successes == n else (centre + spread) / denominator
    return low, high


@dataclass(frozen=True)
class Share:
    """`count` of `of`, with its share and Wilson 95% interval."""

    count: int
    of: int

    @property
    def value(self) -> float | None:
        return self.count / self.of if self.of else None

    @property
    def interval(self) -> tuple[float, float]:
        return wilson(self.count, self.of)

    @property
    def low(self) -> float:
        return self.interval[0]

    @property
    def high(self) -> float:
        return self.interval[1]

    def __str__(self) -> str:
        if not self.of:
            return "no cases"
        low, high = self.interval
        return f"{self.count} of {self.of} ({self.value:.1%}; 95% CI {low:.1%} to {high:.1%})"
