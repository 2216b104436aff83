"""Benchmarks of nnlib: training speed against NumPy, PyTorch and micrograd, explorer latency, test time.

Run ``python -m benchmarks`` from the repository root (``make benchmark``); see benchmarks/README.md.
"""
