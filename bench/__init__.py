"""Benchmarks for govgraph; run with `python -m bench`."""
