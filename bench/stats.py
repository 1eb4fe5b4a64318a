"""Small helpers: the file-descriptor limit and percentiles."""
from __future__ import annotations

import math
import resource


def raise_fd_limit(wanted: int = 65536) -> int:
    """Every connection is a file descriptor (10,000 officials: 10,000 in the server and
    as many across the load processes). Lift the soft limit to `wanted`, and the hard
    one too where we may (root, CAP_SYS_RESOURCE); else up to the hard limit. Processes
    started afterwards (the servers, the load processes) inherit it."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < wanted:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, wanted))
            return wanted
        except (ValueError, OSError):  # not allowed: keep the hard limit there is
            pass
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100); NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def latency_line(name: str, values: list[float]) -> str:
    if not values:
        return f"{name:<22} (none)"
    return (f"{name:<22} p50 {percentile(values, 50):8.0f} ms   p99 {percentile(values, 99):8.0f} ms   "
            f"max {max(values):8.0f} ms   n={len(values)}")
