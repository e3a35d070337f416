"""Benchmarks of the gateway against a hand-written SQL baseline (`make bench`).

Run `python -m bench.run` (or `--quick`); it regenerates docs/benchmarks.md, the raw results
(docs/benchmarks.json) and the chart (docs/benchmarks.png).
"""
