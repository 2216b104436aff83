"""The seed notebook's networks in nnlib's rows-are-samples form, shared by chapters, tests and widgets.

The seed writes its single layer (In[21]) with one ROW per neuron and computes W @ x; nnlib's
weights are the transpose, (n_inputs, n_neurons), and compute X @ W. Its two networks (In[19],
In[16]) already store one column per neuron, so their weights are used as they are.
"""

import numpy as np

from ._checks import check_positive_number
from .layers import Dense
from .network import Network

#: In[21]: the inputs of the single layer.
SEED_LAYER_INPUTS = [1, 2, 3]
#: In[19]: the inputs of the 5-3-2-1 forward network.
SEED_FORWARD_INPUTS = [1, 2, 3, 4, 5]
#: In[16]: the input and target of the 3-3-2-1 backpropagation network.
SEED_BACKPROP_INPUTS = [1, 2, 3]
SEED_BACKPROP_TARGET = 1


def seed_layer():
    """The seed's In[21]: three ReLU neurons on three inputs, ``relu(W @ x + b) = [5.6, 6.89, 8.07]``.

    Returns
    -------
    Dense
        weights (3, 3), the transpose of the seed's one-row-per-neuron matrix; bias [2, 3, 5].

    See chapter 1, "A single neuron".
    """
    rows = np.array([[0.3, 0.6, 0.7], [0.2, 0.54, 0.87], [0.96, 0.23, 0.55]])  # one row per neuron
    return Dense(rows.T, [2, 3, 5], "relu")


def seed_forward_network():
    """The seed's In[19]: 5 inputs -> 3 ReLU -> 2 ReLU -> 1 ReLU (the output is ReLU too).

    On ``SEED_FORWARD_INPUTS`` the layers give [9.12, 10.384, 11.045], [11.3353, 21.645588], 30.37543.

    Returns
    -------
    Network

    See chapter 2, "Forward propagation through three layers".
    """
    return Network([
        Dense([[0.3, 0.8, 0.32], [0.2, 0.232, 0.27], [0.5, 0.9, 0.655], [0.23, 0.53, 0.23], [0.6, 0.66, 0.46]],
              [3, 1, 5], "relu"),
        Dense([[0.3, 0.8], [0.2, 0.232], [0.5, 0.9]], [1, 2], "relu"),
        Dense([[0.63], [0.75]], [7], "relu"),
    ])


def seed_backprop_network():
    """The seed's In[16]: 3 inputs -> 3 ReLU -> 2 ReLU -> 1 identity, loss mse.

    On ``SEED_BACKPROP_INPUTS`` the layers give [3.99, 3.29, 2.59], [5.4552, 6.4972], 7.188368.

    Returns
    -------
    Network

    See chapter 3, "Backpropagation".
    """
    return Network([
        Dense([[0.3, 0.2, 0.4], [0.34, 0.23, 0.43], [0.67, 0.21, 0.11]], [1, 2, 1], "relu"),
        Dense([[0.3, 0.2], [0.34, 0.23], [0.44, 0.75]], [2, 3], "relu"),
        Dense([[0.33], [0.66]], [1.1], "identity"),
    ], loss="mse")


def seed_update(learning_rate=0.01):
    """The seed's own In[16] backward pass and update, slips included, for comparison with nnlib.

    Slips that change the numbers:

    1. Learning rate: the code sets 0.01, but the printed updated parameters come from 0.1.
       ``seed_update(0.1)`` reproduces every printed number; the default 0.01 (the code) does not.
    2. Hidden-layer bias gradients are ``np.sum(dL_dz)`` over the layer's neurons, one number
       per layer, so every bias of a layer moves by the same amount. The right dL/db_j is
       neuron j's own dz_j (summed over samples only), as ``Dense.backward`` computes.
       The output layer has one neuron, so its bias is right.

    Slips that happen not to change them: each hidden layer returns ``(z, relu(z))`` and the seed
    passes z, not relu(z), to the next layer, and takes ReLU's derivative at relu(z); the output
    gradient is multiplied by ReLU's derivative although the output is linear. All are harmless
    here because every z, and the prediction, is positive.

    Parameters
    ----------
    learning_rate : float, default=0.01
        The seed's code says 0.01; its printed output needs 0.1.

    Returns
    -------
    list of ndarray
        The updated ``[W1, b1, W2, b2, W3, b3]`` in nnlib's shapes: W (n_inputs, n_neurons), b (n_neurons,).

    See chapter 3, "Backpropagation".
    """
    lr = check_positive_number(learning_rate, "learning_rate", "seed_update")
    W1, b1, W2, b2, W3, b3 = seed_backprop_network().parameters()
    x = np.array([SEED_BACKPROP_INPUTS], dtype=float)  # (1, 3)
    target = SEED_BACKPROP_TARGET

    z1 = x @ W1 + b1
    z2 = z1 @ W2 + b2  # the seed feeds z1 on, not relu(z1)
    p = z2 @ W3 + b3  # ... and z2, not relu(z2)

    dL_dp = (p - target) * (p > 0)  # ReLU's derivative on a linear output
    dW3 = z2.T @ (p - target)
    db3 = np.sum(p - target)
    dz2 = (dL_dp @ W3.T) * (np.maximum(0, z2) > 0)
    dW2 = z1.T @ dz2
    db2 = np.sum(dz2)  # slip 2: one number for the whole layer
    dz1 = (dz2 @ W2.T) * (np.maximum(0, z1) > 0)
    dW1 = x.T @ dz1
    db1 = np.sum(dz1)  # slip 2 again

    return [W1 - lr * dW1, b1 - lr * db1, W2 - lr * dW2, b2 - lr * db2, W3 - lr * dW3, b3 - lr * db3]
