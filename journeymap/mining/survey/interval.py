"""The mean of survey scores and its 95% confidence interval (Student's t), without SciPy.

The interval is the textbook one for a mean: ``mean ± t · s / √n``, with ``s`` the sample standard
deviation (divided by n − 1) and ``t`` the 97.5th percentile of Student's t distribution with n − 1
degrees of freedom. ``t`` comes from a table for 1 to 30 degrees of freedom (the values every
statistics book prints, to four decimals) and, beyond 30, from the Cornish–Fisher expansion of the
t quantile in powers of 1/ν around the normal quantile 1.959964 (Abramowitz & Stegun 26.7.5), which
there agrees with the exact quantile to better than 1e-7.

Survey scores are bounded and discrete, so for a handful of answers the t interval is only
approximate and may reach past the scale's ends; :func:`mean_interval` clips it to the scale (the
true mean cannot lie outside it). With one answer there is no interval; with answers all alike the
interval has no width: the data give no spread to estimate, which says little when there are few.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

__all__ = ["MeanInterval", "mean_interval", "t_quantile_975"]

# t(0.975, ν) for ν = 1 … 30
_T_TABLE = (12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281,
            2.2010, 2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860,
            2.0796, 2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423)
_Z = 1.959963984540054  # the normal distribution's 97.5th percentile
_CORNISH_FISHER = (
    (_Z**3 + _Z) / 4,
    (5 * _Z**5 + 16 * _Z**3 + 3 * _Z) / 96,
    (3 * _Z**7 + 19 * _Z**5 + 17 * _Z**3 - 15 * _Z) / 384,
    (79 * _Z**9 + 776 * _Z**7 + 1482 * _Z**5 - 1920 * _Z**3 - 945 * _Z) / 92160,
)


class MeanInterval(NamedTuple):
    """The mean of some scores, how many there were, and the 95% interval of the mean (None for one score)."""

    count: int
    mean: float
    low: float | None
    high: float | None


def t_quantile_975(degrees: int) -> float:
    """The 97.5th percentile of Student's t distribution with ``degrees`` degrees of freedom (1 or more).

    Examples
    --------
    >>> t_quantile_975(1), t_quantile_975(4), t_quantile_975(30)
    (12.7062, 2.7764, 2.0423)
    >>> round(t_quantile_975(60), 4), round(t_quantile_975(10**6), 4)
    (2.0003, 1.96)
    """
    if degrees < 1:
        raise ValueError(f"Student's t needs at least 1 degree of freedom, got {degrees}")
    if degrees <= len(_T_TABLE):
        return _T_TABLE[degrees - 1]
    return _Z + sum(term / degrees ** power for power, term in enumerate(_CORNISH_FISHER, start=1))


def mean_interval(scores: Sequence[float], lowest: float | None = None, highest: float | None = None) -> MeanInterval:
    """The mean of ``scores`` and its 95% t interval, clipped to ``lowest`` … ``highest`` when given.

    Examples
    --------
    Four CSAT answers 4, 5, 3, 4: mean 4, s = √(2/3) = 0.8165, t(3) = 3.1824, half-width
    3.1824 · 0.8165 / 2 = 1.2992:

    >>> [round(part, 4) for part in mean_interval([4, 5, 3, 4])]
    [4, 4.0, 2.7008, 5.2992]

    On a scale of 1 to 5 the interval stops at 5, and one score has none:

    >>> mean_interval([4, 5, 3, 4], 1, 5).high, mean_interval([9])
    (5.0, MeanInterval(count=1, mean=9.0, low=None, high=None))
    >>> mean_interval([9])
    MeanInterval(count=1, mean=9.0, low=None, high=None)
    >>> mean_interval([3, 3, 3])
    MeanInterval(count=3, mean=3.0, low=3.0, high=3.0)
    """
    count = len(scores)
    if count == 0:
        raise ValueError("the mean of no scores")
    mean = math.fsum(scores) / count
    if count == 1:
        return MeanInterval(1, mean, None, None)
    variance = math.fsum((score - mean) ** 2 for score in scores) / (count - 1)
    half = t_quantile_975(count - 1) * math.sqrt(variance / count)
    low, high = mean - half, mean + half
    if lowest is not None:
        low = max(low, float(lowest))
    if highest is not None:
        high = min(high, float(highest))
    return MeanInterval(count, mean, low, high)
