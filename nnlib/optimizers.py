"""Optimisers: how a step turns the gradients of the last ``backward`` into new parameters. See chapter 5.

``SGD`` is chapter 4's step, W <- W - learning_rate * dW, with optional momentum; ``Adam`` scales each
parameter's step by a running estimate of its gradient's size. Both can add L2 weight decay to the
weights' gradients. An optimiser keeps its running state (velocities, moments) for one network:
``step(network)`` after ``network.forward`` and ``network.backward``, or ``nnlib.train(...,
optimizer=...)`` to do both for every mini-batch.
"""
import numbers

import numpy as np

from .classification import _check_network


def _check_number(value, name, where, low=0.0, high=None, low_open=False, high_open=True, expected=None):
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value):
        raise TypeError(f"{where} expected {name} to be a finite number, got {value!r}.")
    too_low = value <= low if low_open else value < low
    too_high = high is not None and (value >= high if high_open else value > high)
    if too_low or too_high:
        raise ValueError(f"{where} expected {name} to be {expected}, got {value!r}.")
    return float(value)


class Optimizer:
    """What ``SGD`` and ``Adam`` share: argument checks, the network they belong to, weight decay.

    Attributes
    ----------
    learning_rate : float
    weight_decay : float
        L2 weight decay: ``weight_decay * W`` is added to each weight gradient ``dW`` before the step,
        the gradient of the penalty ``weight_decay / 2 * sum(W**2)``. Biases are not decayed (nor are
        they by scikit-learn's ``alpha``). ``torch.optim``'s ``weight_decay`` decays every parameter it is given,
        biases too: to match nnlib, give PyTorch the biases as a parameter group with ``weight_decay=0``.
    steps : int
        Steps taken so far.
    """

    def __init__(self, learning_rate, weight_decay=0.0):
        where = type(self).__name__
        self.learning_rate = _check_number(learning_rate, "learning_rate", where, low_open=True,
                                           expected="a positive number")
        self.weight_decay = _check_number(weight_decay, "weight_decay", where, expected="0 or a positive number")
        self.steps = 0
        self._network = None
        self._state = self._shapes = None  # per parameter: its running arrays, and its shape (first step)

    def step(self, network):
        """Update every parameter of `network` in place from the gradients of its last ``backward``.

        Parameters
        ----------
        network : Network
            Always the same network: the optimiser's running state belongs to it.

        See chapter 5, "Optimisers".
        """
        where = f"{type(self).__name__}.step"
        network = _check_network(network, where)
        if self._network is not None and network is not self._network:
            raise ValueError(f"{where} expected the network it stepped before (its running state belongs to that "
                             "one), got another. Make a new optimiser for each network.")
        if any(layer.dweights is None for layer in network.layers):
            raise RuntimeError(f"{where} found no gradients: call network.forward(X) and network.backward(y) first.")
        self._step(network)

    def update(self, parameters, gradients):
        """Step any arrays, not only a network's: each parameter moves in place against its gradient.

        Weight decay is not applied here (``step`` adds it to a network's weights).

        Parameters
        ----------
        parameters : list of ndarray of float
            Changed in place; always the same shapes (the running state is kept per array).
        gradients : list of ndarray
            One per parameter, the same shape.

        See chapter 5, "A valley".
        """
        where = f"{type(self).__name__}.update"
        if not isinstance(parameters, (list, tuple)) or not isinstance(gradients, (list, tuple)):
            raise TypeError(f"{where} expected lists of arrays, got {type(parameters).__name__} and "
                            f"{type(gradients).__name__}.")
        shapes = [np.shape(g) for g in gradients]
        if len(parameters) != len(gradients) or any(not isinstance(p, np.ndarray) or p.dtype.kind != "f"
                                                    or p.shape != shape for p, shape in zip(parameters, shapes)):
            raise ValueError(f"{where} expected float arrays and one gradient of the same shape for each, got "
                             f"parameters of shapes {[np.shape(p) for p in parameters]} and gradients of {shapes}.")
        if self._shapes is not None and self._shapes != [p.shape for p in parameters]:
            raise ValueError(f"{type(self).__name__} keeps a running state for parameters of shapes "
                             f"{self._shapes}, got {[p.shape for p in parameters]}. "
                             "Make a new optimiser for each set of parameters.")
        self._apply(parameters, [np.asarray(g, dtype=float) for g in gradients])

    def _step(self, network):
        # step on a checked network; nnlib.train calls this for every mini-batch
        self._network = network
        gradients = network.gradients()
        if self.weight_decay:  # the weights (even positions), not the biases
            gradients = [g + self.weight_decay * p if k % 2 == 0 else g
                         for k, (p, g) in enumerate(zip(network.parameters(), gradients))]
        self._apply(network.parameters(), gradients)

    def _apply(self, parameters, gradients):
        if self._state is None:
            # per parameter, its running arrays (none for plain SGD): made once, on the first step
            self._state = [tuple(np.zeros_like(p) for _ in range(self._n_states)) for p in parameters]
            self._shapes = [p.shape for p in parameters]
        self.steps += 1
        for parameter, gradient, state in zip(parameters, gradients, self._state):
            self._update(parameter, gradient, state)


class SGD(Optimizer):
    """Gradient descent, with optional momentum (as ``torch.optim.SGD``).

    v <- momentum * v + dW,   W <- W - learning_rate * v

    With ``momentum=0`` this is chapter 4's step, W <- W - learning_rate * dW. The velocity v keeps
    a running sum of past gradients: along a direction where they agree it grows up to
    1 / (1 - momentum) times one gradient; where they alternate in sign they cancel.

    Parameters
    ----------
    learning_rate : float > 0
    momentum : float in [0, 1), default=0.0
    weight_decay : float >= 0, default=0.0
        L2 weight decay on the weights (see ``Optimizer``).

    See chapter 5, "Momentum".
    """

    def __init__(self, learning_rate, momentum=0.0, weight_decay=0.0):
        super().__init__(learning_rate, weight_decay)
        self.momentum = _check_number(momentum, "momentum", "SGD", high=1.0, expected="in [0, 1)")
        self._n_states = 1 if self.momentum else 0  # the velocity, if there is momentum

    def _update(self, parameter, gradient, state):
        if self.momentum:
            (velocity,) = state
            velocity *= self.momentum
            velocity += gradient
            gradient = velocity
        parameter -= self.learning_rate * gradient

    def __repr__(self):
        return f"SGD(learning_rate={self.learning_rate:g}, momentum={self.momentum:g}, weight_decay={self.weight_decay:g})"


class Adam(Optimizer):
    """Adam (Kingma & Ba, 2015), as ``torch.optim.Adam``: a step scaled for each parameter.

    m <- beta1 m + (1 - beta1) dW,   v <- beta2 v + (1 - beta2) dW**2   (element by element)
    W <- W - learning_rate * m_hat / (sqrt(v_hat) + epsilon),   m_hat = m / (1 - beta1**t),
    v_hat = v / (1 - beta2**t) after t steps (the bias correction: m and v start at 0).

    Each step moves a parameter by about learning_rate, whatever the size of its gradient.

    Parameters
    ----------
    learning_rate : float > 0, default=0.001
    beta1, beta2 : float in [0, 1), default=0.9, 0.999
    epsilon : float > 0, default=1e-8
    weight_decay : float >= 0, default=0.0
        L2 weight decay on the weights, added to the gradient (see ``Optimizer``).

    See chapter 5, "Adam".
    """

    _n_states = 2

    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8, weight_decay=0.0):
        super().__init__(learning_rate, weight_decay)
        self.beta1 = _check_number(beta1, "beta1", "Adam", high=1.0, expected="in [0, 1)")
        self.beta2 = _check_number(beta2, "beta2", "Adam", high=1.0, expected="in [0, 1)")
        self.epsilon = _check_number(epsilon, "epsilon", "Adam", low_open=True, expected="a positive number")

    def _update(self, parameter, gradient, state):
        m, v = state
        m *= self.beta1
        m += (1 - self.beta1) * gradient
        v *= self.beta2
        v += (1 - self.beta2) * gradient * gradient
        step_size = self.learning_rate / (1 - self.beta1 ** self.steps)
        denominator = np.sqrt(v) / np.sqrt(1 - self.beta2 ** self.steps) + self.epsilon
        parameter -= step_size * m / denominator

    def __repr__(self):
        return (f"Adam(learning_rate={self.learning_rate:g}, beta1={self.beta1:g}, beta2={self.beta2:g}, "
                f"epsilon={self.epsilon:g}, weight_decay={self.weight_decay:g})")


__all__ = ["Optimizer", "SGD", "Adam"]
