"""One neuron, the seed's In[21] first row. Chapter 1."""

import numpy as np
import pytest

from nnlib import Neuron


def test_seed_first_neuron():
    neuron = Neuron([0.3, 0.6, 0.7], 2)
    a = neuron.forward([1, 2, 3])
    assert type(a) is float and type(neuron.z) is float
    assert a == pytest.approx(5.6, rel=1e-12)
    assert neuron.z == pytest.approx(5.6, rel=1e-12) and neuron.a == a


@pytest.mark.parametrize("activation, expected", [
    ("relu", 0.0), ("identity", -1.0), ("tanh", np.tanh(-1.0)), ("sigmoid", 1 / (1 + np.e)),
])
def test_activation_applied_to_z(activation, expected):
    neuron = Neuron(np.array([1.0, -1.0]), 0.5, activation)
    assert neuron.forward(np.array([0.5, 2.0])) == pytest.approx(expected, rel=1e-12)
    assert neuron.z == -1.0


def test_weights_are_copied_and_repr():
    w = np.array([1.0, 2.0])
    neuron = Neuron(w, 0.0, "tanh")
    w[0] = 99.0
    assert neuron.weights[0] == 1.0 and neuron.n_inputs == 2
    assert repr(neuron) == "Neuron(2 inputs, tanh)"


def test_errors():
    with pytest.raises(ValueError, match=r"Neuron expected weights of shape \(n_inputs,\), a non-empty 1-D array, "
                                         r"got shape \(1, 3\)\. For several neurons at once use Dense\."):
        Neuron([[1, 2, 3]], 0)
    with pytest.raises(TypeError, match="Neuron expected bias to be a single number, got list"):
        Neuron([1, 2], [0])
    with pytest.raises(ValueError, match="Neuron expected a finite bias, got nan"):
        Neuron([1, 2], float("nan"))
    with pytest.raises(ValueError, match="activation must be one of"):
        Neuron([1, 2], 0, "sigmod")
    neuron = Neuron([1, 2], 0)
    with pytest.raises(ValueError, match=r"Neuron.forward expected inputs of shape \(2,\) \(one value per weight\), "
                                         r"got shape \(1, 2\)\. For a batch of samples use Dense\."):
        neuron.forward([[1, 2]])
    with pytest.raises(ValueError, match=r"Neuron.forward expected inputs of shape \(2,\).*got shape \(3,\)"):
        neuron.forward([1, 2, 3])
    with pytest.raises(TypeError, match="Neuron.forward expected inputs to be numeric, got strings"):
        neuron.forward(["1", "2"])
    with pytest.raises(ValueError, match="Neuron.forward expected inputs without NaN or infinity"):
        neuron.forward([1, np.inf])
