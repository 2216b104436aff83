"""Four ways to train the same MLP: nnlib, hand-written NumPy, PyTorch and micrograd.

Each takes the initial parameters ``[W1, b1, W2, b2]`` (W1 of shape (64, 32), b1 (32,), W2 (32, 10),
b2 (10,), float64) and a learning rate, and offers the same three methods:

- ``prepare(batches)``: turn NumPy mini-batches into what ``step`` takes (done before timing);
- ``step(X, Y)``: one step of plain gradient descent on the batch, returning the loss before it, a float;
- ``parameters()``: the current ``[W1, b1, W2, b2]`` as NumPy arrays.

The maths is the same everywhere: Z1 = X W1 + b1, A1 = relu(Z1), Y_pred = A1 W2 + b2,
L = 1 / (2 n) * sum (Y_pred - Y)^2, then W <- W - learning_rate * dL/dW for every W and b.
PyTorch and micrograd are optional: ``available(name)`` says whether they can be imported.
"""
import importlib

import numpy as np

import nnlib


def available(name):
    """True if the optional package `name` ("torch" or "micrograd") can be imported."""
    try:
        importlib.import_module(name)
    except ImportError:
        return False
    return True


class NnlibMLP:
    """The course's library: ``nnlib.Network`` and its ``train_step``."""

    def __init__(self, parameters, learning_rate):
        W1, b1, W2, b2 = parameters
        self.network = nnlib.Network([nnlib.Dense(W1, b1, "relu"), nnlib.Dense(W2, b2, "identity")])
        self.learning_rate = learning_rate

    def prepare(self, batches):
        return batches

    def step(self, X, Y):
        return self.network.train_step(X, Y, self.learning_rate)

    def parameters(self):
        return [p.copy() for p in self.network.parameters()]


class NumpyMLP:
    """The same maths written out plainly in NumPy, as one would by hand, with no checks and no layers."""

    def __init__(self, parameters, learning_rate):
        self.W1, self.b1, self.W2, self.b2 = [p.copy() for p in parameters]
        self.learning_rate = learning_rate

    def prepare(self, batches):
        return batches

    def step(self, X, Y):
        n, lr = len(X), self.learning_rate
        z1 = X @ self.W1 + self.b1
        a1 = np.maximum(z1, 0.0)
        error = a1 @ self.W2 + self.b2 - Y
        loss = float(np.sum(error * error)) / (2 * n)
        dz2 = error / n                     # dL/dY_pred; the output is the identity, so dL/dZ2 too
        dz1 = (dz2 @ self.W2.T) * (z1 > 0)  # before W2 changes
        self.W2 -= lr * (a1.T @ dz2)
        self.b2 -= lr * dz2.sum(axis=0)
        self.W1 -= lr * (X.T @ dz1)
        self.b1 -= lr * dz1.sum(axis=0)
        return loss

    def parameters(self):
        return [p.copy() for p in (self.W1, self.b1, self.W2, self.b2)]


class TorchMLP:
    """PyTorch as usually written: ``nn.Sequential``, ``optim.SGD``, float64, on one CPU thread."""

    def __init__(self, parameters, learning_rate):
        import torch
        torch.set_num_threads(1)
        self.torch = torch
        W1, b1, W2, b2 = parameters
        self.model = torch.nn.Sequential(torch.nn.Linear(64, 32), torch.nn.ReLU(), torch.nn.Linear(32, 10)).double()
        with torch.no_grad():  # nn.Linear keeps its weights as (n_neurons, n_inputs): the transpose
            for layer, W, b in [(self.model[0], W1, b1), (self.model[2], W2, b2)]:
                layer.weight.copy_(torch.from_numpy(W.T))
                layer.bias.copy_(torch.from_numpy(b))
        self.optimizer = torch.optim.SGD(self.model.parameters(), lr=learning_rate)

    def prepare(self, batches):
        return [(self.torch.from_numpy(X), self.torch.from_numpy(Y)) for X, Y in batches]

    def step(self, X, Y):
        self.optimizer.zero_grad()
        loss = self.torch.nn.functional.mse_loss(self.model(X), Y, reduction="sum") / (2 * len(X))
        loss.backward()
        self.optimizer.step()
        return loss.item()

    def parameters(self):
        first, second = self.model[0], self.model[2]
        return [first.weight.detach().numpy().T.copy(), first.bias.detach().numpy().copy(),
                second.weight.detach().numpy().T.copy(), second.bias.detach().numpy().copy()]


class MicrogradMLP:
    """Karpathy's micrograd: every number a ``Value`` object, every operation a node of a graph."""

    def __init__(self, parameters, learning_rate):
        from micrograd.nn import MLP
        self.model = MLP(64, [32, 10])  # hidden layer relu, last layer linear, as here
        for layer, (W, b) in zip(self.model.layers, [parameters[:2], parameters[2:]]):
            for j, neuron in enumerate(layer.neurons):
                for i, w in enumerate(neuron.w):
                    w.data = float(W[i, j])
                neuron.b.data = float(b[j])
        self.learning_rate = learning_rate

    def prepare(self, batches):
        return [(X.tolist(), Y.tolist()) for X, Y in batches]

    def step(self, X, Y):
        loss = 0.0
        for x, y in zip(X, Y):
            for output, target in zip(self.model(x), y):
                loss = loss + (output - target) ** 2
        loss = loss * (1.0 / (2 * len(X)))
        self.model.zero_grad()
        loss.backward()
        for p in self.model.parameters():
            p.data -= self.learning_rate * p.grad
        return loss.data

    def parameters(self):
        result = []
        for layer in self.model.layers:
            result.append(np.array([[w.data for w in neuron.w] for neuron in layer.neurons]).T)
            result.append(np.array([neuron.b.data for neuron in layer.neurons]))
        return result


#: Name -> (class, optional package it needs or None), in the order of the table's columns.
IMPLEMENTATIONS = {
    "nnlib": (NnlibMLP, None),
    "numpy": (NumpyMLP, None),
    "torch": (TorchMLP, "torch"),
    "micrograd": (MicrogradMLP, "micrograd"),
}
