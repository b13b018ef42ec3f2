"""Benchmarks and load tools; run from the repository root (``python benchmarks/bench.py``)."""
