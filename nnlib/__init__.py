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
from .losses import LOSSES, get_loss, mse, mse_gradient, softmax, softmax_cross_entropy, softmax_cross_entropy_gradient
from .network import Network
from .neuron import Neuron
from .classification import accuracy, confusion_matrix, one_hot, predict_classes, predict_proba
from .training import History, batches, train

__all__ = [
    "ACTIVATIONS", "get_activation", "relu", "relu_derivative", "sigmoid", "sigmoid_derivative",
    "tanh", "tanh_derivative", "identity", "identity_derivative",
    "Neuron", "Dense", "Network",
    "LOSSES", "get_loss", "mse", "mse_gradient", "softmax", "softmax_cross_entropy", "softmax_cross_entropy_gradient",
    "History", "batches", "train", "one_hot", "predict_proba", "predict_classes", "accuracy", "confusion_matrix",
    "GradientRecord", "gradient_check", "gradient_report",
    "seed",
]


def __getattr__(name):  # nnlib.explorers, nnlib.plots, ... import matplotlib/ipywidgets only when asked for
    if name in {"plots", "explorers", "scrubbers", "exercises", "data", "training", "classification", "boundary",
                "training_figure", "training_explorer", "training_replay"}:
        import importlib
        return importlib.import_module(f"nnlib.{name}")
    raise AttributeError(f"module 'nnlib' has no attribute {name!r}")
