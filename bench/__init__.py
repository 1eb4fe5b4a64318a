"""Load benchmarks that drive the public protocol (HTTP join, Socket.IO /play).

`python -m bench.live --players 5000 --processes 2` (see docs/benchmarks.md).
"""
