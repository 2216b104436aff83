"""nnlib: a small, plain NumPy neural-network library, the subject of "Neural networks from scratch"."""

from . import seed
from .activations import (
    ACTIVATIONS,
    get_activation,
    identity,
    identity_derivative,
    relu,
    relu_derivative,
    sigmoid,
    sigmoid_derivative,
    tanh,
    tanh_derivative,
)
from .gradcheck import GradientRecord, gradient_check, gradient_report
from .layers import Dense
from .losses import LOSSES, get_loss, mse, mse_gradient
from .network import Network
from .neuron import Neuron

__all__ = [
    "ACTIVATIONS", "get_activation", "relu", "relu_derivative", "sigmoid", "sigmoid_derivative",
    "tanh", "tanh_derivative", "identity", "identity_derivative",
    "Neuron", "Dense", "Network",
    "LOSSES", "get_loss", "mse", "mse_gradient",
    "GradientRecord", "gradient_check", "gradient_report",
    "seed",
]


def __getattr__(name):  # nnlib.explorers, nnlib.plots, ... import matplotlib/ipywidgets only when asked for
    if name in {"plots", "explorers", "scrubbers", "exercises", "data", "training"}:
        import importlib
        return importlib.import_module(f"nnlib.{name}")
    raise AttributeError(f"module 'nnlib' has no attribute {name!r}")
