"""Checking backpropagation against central finite differences. See chapter 3.

How the error is measured, and why
----------------------------------
A finite difference (L(p + eps) - L(p - eps)) / (2 eps) carries rounding noise of about
``machine epsilon * L / eps``: each loss is rounded to about 1e-16 of its size, and the difference is
divided by 2 eps. That noise is the same for every parameter, so the classic relative error
|a - n| / (|a| + |n|) turns it into a false alarm on any gradient that is itself close to 0 (a weight
after a nearly switched-off neuron, a saturated tanh). Here each entry's error is

    |a - n| / max(|a|, |n|, floor),   floor = machine epsilon * max(|L|, 1) / eps / ROUNDING_SHARE,

so rounding alone adds about ROUNDING_SHARE (1% of TOLERANCE) to an error at most: a gradient far above the
floor is judged relative to itself, one below it by its distance from the numeric value in units of
the floor. ``max(|L|, 1)`` because the loss's rounding is also set by the numbers of order 1 it adds up
(a target, the 1 inside softmax's log-sum-exp), even when L itself is tiny. Measured over fresh,
trained, deep-sigmoid and large- and small-scale networks, the noise stayed below 2.3 machine
epsilon * max(|L|, 1) / eps: a correct backward pass scores below about 3e-5, far under TOLERANCE,
and a 1% error in a gradient larger than about 2e-6 * max(|L|, 1) scores 1e-3 or more.

A ReLU has a kink at z = 0. If nudging a parameter by +-eps moves some sample's z across 0, the finite
difference averages the slopes on the two sides and disagrees with backpropagation, which (rightly)
uses the slope where p is. Such entries are found by comparing which ReLUs are on at p - eps, p and
p + eps and reported in ``GradientRecord.kinks``; their central difference is not counted. The
one-sided difference from the side where nothing switched is compared instead, and if ReLUs switch on
both sides, the entry is left out (``GradientRecord.uncounted``).
"""

from dataclasses import dataclass

import numpy as np

from ._checks import check_positive_number
from .activations import ACTIVATIONS
from .losses import get_loss
from .network import Network

TOLERANCE = 1e-3
"""Largest error (``gradient_check``) for which the backward pass counts as right. A correct backward
pass scores below about 3e-5; a derivative that is wrong by 1% or more scores 1e-2 or more."""
ROUNDING_SHARE = 1e-2 * TOLERANCE
"""The most that rounding noise can add to an entry's error: sets the floor (see the module's docstring)."""


@dataclass
class GradientRecord:
    """Backprop and finite-difference gradients of one parameter array, side by side.

    Attributes
    ----------
    name : str
        Which parameter, e.g. "layer 2 weights".
    analytic : ndarray
        dL/dparameter from ``Network.backward``, the parameter's shape.
    numeric : ndarray
        (L(p + eps) - L(p - eps)) / (2 eps) for each entry, the same shape.
    relative_error : ndarray
        |analytic - numeric| / max(|analytic|, |numeric|, floor) for every entry, kinks included.
    max_relative_error : float
        The largest entry of ``relative_error`` outside ``uncounted`` (0.0 if every entry is uncounted).
    kinks : ndarray of bool
        True where nudging the entry by +-eps switched a ReLU on or off: the central difference
        straddles a kink and averages two slopes. There ``numeric`` holds the one-sided difference
        from the side where no ReLU switched, the slope backpropagation computes:
        (-3 L(p) + 4 L(p + eps) - L(p + 2 eps)) / (2 eps), or its mirror image on the minus side
        (as accurate as the central difference; (L(p + eps) - L(p)) / eps if a ReLU switches at 2 eps).
    uncounted : ndarray of bool
        Kinks where ReLUs switched on both sides: no difference measures backprop's slope, so the
        entry is left out of ``max_relative_error``.
    floor : float
        The rounding floor of the denominator (the same for every array of one check).

    See chapter 3, "Backpropagation".
    """

    name: str
    analytic: np.ndarray
    numeric: np.ndarray
    relative_error: np.ndarray
    max_relative_error: float
    kinks: np.ndarray
    uncounted: np.ndarray
    floor: float


def rounding_floor(loss, eps):
    """The floor of the error's denominator: machine epsilon * max(|loss|, 1) / eps / ROUNDING_SHARE.

    See the module's docstring and chapter 3, "Backpropagation".
    """
    return float(np.finfo(float).eps * max(abs(loss), 1.0) / eps / ROUNDING_SHARE)


def relative_error(analytic, numeric, floor=0.0):
    """|a - n| / max(|a|, |n|, floor), elementwise; 0 where a, n and floor are all 0.

    See chapter 3, "Backpropagation".
    """
    difference = np.abs(np.asarray(analytic, dtype=float) - numeric)
    scale = np.maximum(np.maximum(np.abs(analytic), np.abs(numeric)), floor)
    return np.divide(difference, scale, out=np.zeros_like(difference), where=scale > 0)


def _has_kink(activation):
    # a kink at 0: the derivative jumps there (relu: 0 on the left, 1 on the right)
    f, df = ACTIVATIONS[activation]
    z = np.array([-1e-300, 1e-300])
    left, right = df(z, f(z))
    return abs(right - left) > 1e-6


def _switches(layers):
    """Which units with a kink are on, per layer: what a finite difference must not change."""
    return [layer.z > 0 for layer in layers]


def _same(switches, others):
    return all(np.array_equal(a, b) for a, b in zip(switches, others))


def gradient_report(network, X, y, eps=1e-6):
    """Compare ``network.backward`` with central finite differences, parameter by parameter.

    numeric = (L(p + eps) - L(p - eps)) / (2 eps), one entry of one parameter at a time; each entry's
    error is |a - n| / max(|a|, |n|, floor) (see the module's docstring). Entries whose nudge crosses a
    ReLU's kink are marked in ``kinks`` and compared with a one-sided difference instead, or left out.

    Parameters
    ----------
    network : Network
    X : array-like of shape (n_samples, n_inputs)
    y : array-like of shape (n_samples, n_outputs)
    eps : float, default=1e-6
        Finite-difference step: too large and the difference misses the curvature (an error that grows
        like eps^2), too small and rounding noise (which grows like 1 / eps) hides small errors.

    Returns
    -------
    list of GradientRecord
        One per parameter array, in the order of ``network.parameters()``. Every parameter is
        restored exactly; afterwards the network holds the forward/backward of (X, y).

    See chapter 3, "Backpropagation".
    """
    if not isinstance(network, Network):
        raise TypeError(f"gradient_report expected a Network, got {type(network).__name__}.")
    X = network._check_X(X, "gradient_report")
    y = network._check_y(y, X.shape[0], "gradient_report")
    eps = check_positive_number(eps, "eps", "gradient_report")
    loss = get_loss(network.loss)[0]

    loss_here = loss(network._forward(X), y)
    floor = rounding_floor(loss_here, eps)
    kinked = [layer for layer in network.layers if _has_kink(layer.activation)]
    on = _switches(kinked)

    def nudged(parameter, index, step):  # the loss with one entry moved by `step`, and whether no ReLU switched
        original = parameter[index]
        try:
            parameter[index] = original + step
            return loss(network._forward(X), y), _same(on, _switches(kinked))
        finally:
            parameter[index] = original

    numerics, kinks, uncounted = [], [], []
    for parameter in network.parameters():
        numeric = np.empty_like(parameter)
        kink, skip = np.zeros(parameter.shape, dtype=bool), np.zeros(parameter.shape, dtype=bool)
        for index in np.ndindex(parameter.shape):
            (plus, same_plus), (minus, same_minus) = nudged(parameter, index, eps), nudged(parameter, index, -eps)
            numeric[index] = (plus - minus) / (2 * eps)
            kink[index] = not (same_plus and same_minus)
            if kink[index] and (same_plus or same_minus):  # one side stays on backprop's piece: look there
                side = 1 if same_plus else -1
                far, same_far = nudged(parameter, index, 2 * side * eps)
                numeric[index] = side * ((-3 * loss_here + 4 * (plus if side > 0 else minus) - far) / (2 * eps)
                                         if same_far else ((plus if side > 0 else minus) - loss_here) / eps)
            skip[index] = not (same_plus or same_minus)  # ReLUs switch both ways: nothing to compare with
        numerics.append(numeric)
        kinks.append(kink)
        uncounted.append(skip)

    network._forward(X)
    network.backward(y)
    records = []
    for name, analytic, numeric, kink, skip in zip(network.parameter_names(), network.gradients(), numerics, kinks,
                                                   uncounted):
        if np.shape(analytic) != numeric.shape:
            raise ValueError(f"gradient_report: backward gave {name} a gradient of shape {np.shape(analytic)}, "
                             f"expected {numeric.shape}, the shape of the parameter.")
        error = relative_error(analytic, numeric, floor)
        records.append(GradientRecord(name, np.array(analytic, dtype=float), numeric, error,
                                      float(error[~skip].max(initial=0.0)), kink, skip, floor))
    return records


def gradient_check(network, X, y, eps=1e-6):
    """Largest error between backpropagation and finite differences, over all parameters, kinks left out.

    Parameters
    ----------
    network : Network
    X : array-like of shape (n_samples, n_inputs)
    y : array-like of shape (n_samples, n_outputs)
    eps : float, default=1e-6

    Returns
    -------
    float
        ``max(record.max_relative_error for record in gradient_report(network, X, y, eps))``;
        below ``TOLERANCE`` (1e-3) means backward is right.

    See chapter 3, "Backpropagation".
    """
    return max(record.max_relative_error for record in gradient_report(network, X, y, eps))
