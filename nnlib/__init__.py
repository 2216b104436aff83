"""nnlib: a small, plain NumPy neural-network library, the subject of "Neural networks from scratch".

nnlib is four layers; each imports only the ones above it in this list, never one below:

1. ``nnlib`` itself, the maths (NumPy only): ``activations`` (the ACTIVATIONS table), ``neuron``,
   ``layers`` (Dense), ``network`` (Network), ``losses`` (the LOSSES table), ``training`` (train,
   batches), ``classification`` (one_hot, accuracy, ...), ``gradcheck``, ``slopes`` (derivatives
   measured by nudging), ``data`` (toy data sets and the digits), ``seed`` (the three networks the
   course starts from) and ``_checks`` (input checks with messages a learner can act on).
   ``import nnlib`` needs nothing but NumPy.
2. ``nnlib.figures`` (matplotlib): the course's figures, drawn once and updated in place.
3. ``nnlib.widgets`` (ipywidgets): the live explorers and the kernel-free scrubbers of the website.
4. ``nnlib.exercises``: the checkers of the chapters' exercises and the Feedback they return.

Where a new piece goes: an activation, a row of ``activations.ACTIVATIONS``; a loss, a row of
``losses.LOSSES``; a figure, ``nnlib/figures/``; an explorer or a scrubber, ``nnlib/widgets/``; an
exercise, ``nnlib/exercises/chapter<N>.py``. The layers below the maths load when first used
(``nnlib.widgets.neuron_explorer()`` works after ``import nnlib``).
"""

from . import data, seed, slopes
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
    "data", "seed", "slopes",
]

_LAYERS = {"figures", "widgets", "exercises"}  # layers 2-4: loaded when first used, never by the maths


def __getattr__(name):
    if name in _LAYERS:
        import importlib
        return importlib.import_module(f"nnlib.{name}")
    raise AttributeError(f"module 'nnlib' has no attribute {name!r}")
