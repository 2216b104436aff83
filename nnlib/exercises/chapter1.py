"""Checkers for chapter 1, "A single neuron": a neuron by hand, tanh's derivative, a layer on a batch."""

import numpy as np

from .feedback import Stop, call, changed, checker, correct, judge, read_array, read_number, wrong


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


# Exercise 1: w = (0.5, -1, 2), b = 0.5, x = (2, 1, 0.5), sigmoid: z = 1.5
NEURON_W, NEURON_B, NEURON_X = np.array([0.5, -1.0, 2.0]), 0.5, np.array([2.0, 1.0, 0.5])


@checker
def check_sigmoid_neuron(answer):
    """Check the output a of the sigmoid neuron of chapter 1's exercise 1 (a number).

    Parameters
    ----------
    answer : float
        a = sigmoid(w . x + b) for w = (0.5, -1, 2), b = 0.5, x = (2, 1, 0.5).

    Returns
    -------
    Feedback
    """
    a = read_array(answer, "the neuron's output a, a number")
    if a.size == 3:
        raise Stop(wrong("you gave 3 numbers, one per input: a neuron outputs ONE number.",
                         "add up the products w_i x_i (that is `w @ x`) and the bias before the activation."))
    a = read_number(a, "the neuron's output a, a number")
    z = NEURON_W @ NEURON_X + NEURON_B
    no_bias = NEURON_W @ NEURON_X
    mistakes = [
        (z, "that is z, the weighted sum plus the bias: the neuron still has to apply its activation.",
         "a = sigmoid(z) = 1 / (1 + e^(-z))."),
        (_sigmoid(no_bias), "it looks like you forgot the bias.", "z = w . x + b: add b before the activation."),
        (no_bias, "that is w . x, without the bias and without the activation.", "z = w . x + b, then a = sigmoid(z)."),
        (np.tanh(z), "that is tanh(z): this neuron uses the sigmoid.", "sigmoid(z) = 1 / (1 + e^(-z))."),
        (_sigmoid(-z), "that is sigmoid(-z): the sign in the exponent is flipped.", "sigmoid(z) = 1 / (1 + e^(-z))."),
        (_sigmoid(np.abs(NEURON_W) @ NEURON_X + NEURON_B), "the minus sign of the second weight got lost.",
         "w = (0.5, -1, 2): the second input counts negatively."),
    ]
    return judge(a, _sigmoid(z), mistakes, what="the neuron's output", praise=f"z = {z:g} and a = sigmoid(z) = "
                 f"{_sigmoid(z):.4f}.", hint="z = w1 x1 + w2 x2 + w3 x3 + b, then a = 1 / (1 + e^(-z)).")


@checker
def check_tanh_derivative(answer):
    """Check a function ``tanh_derivative(z)`` that returns tanh'(z) elementwise, for numbers and arrays.

    Parameters
    ----------
    answer : callable
        The reader's ``tanh_derivative``.

    Returns
    -------
    Feedback
    """
    hint = "tanh'(z) = 1 - tanh(z)^2; NumPy's np.tanh works on numbers and arrays alike."
    numpy_hint = ("code written for one number (math.tanh, math.exp, `if z > 0:`) fails on arrays: use "
                  "NumPy's np.tanh and np.exp, which work element by element.")
    tests = [np.float64(0.5), np.array([-2.0, -0.5, 0.0, 0.5, 2.0]), np.array([[0.1, -1.0, 3.0], [-3.0, 1.5, 0.0]])]
    for z in tests:
        result, (z_seen,) = call(answer, "tanh_derivative", (z,), numpy_hint if z.ndim else hint,
                                 "z" if z.ndim == 0 else f"z of shape {z.shape}")
        if changed(z, z_seen):
            raise Stop(wrong("your function changed its input z in place.",
                             "compute a new array from z instead of updating z with `-=`, `*=` or `**=`."))
        got = read_array(result, "an array of derivatives", "tanh_derivative returned None.")
        if z.ndim == 0 and got.size == 1:
            got = got.reshape(())
        if got.shape != z.shape:
            raise Stop(wrong(f"for z of shape {z.shape} your function returned shape {got.shape}.",
                             "the derivative is taken element by element: the result has the shape of z."))
        t = np.tanh(z)
        mistakes = [
            (t, "that is tanh(z) itself, not its derivative.", hint),
            (1 - t, "you forgot to square tanh(z).", hint),
            (t * t, "that is tanh(z)^2, the part subtracted from 1.", hint),
            (1 + t * t, "1 + tanh(z)^2: the sign in front of tanh(z)^2 is flipped.", hint),
            (1 - z * z, "you squared z, not tanh(z).", hint),
            (_sigmoid(z) * (1 - _sigmoid(z)), "that is the derivative of the sigmoid, not of tanh.", hint),
            (1 / np.cosh(z), "that is 1 / cosh(z), which still needs squaring.",
             "tanh'(z) = 1 / cosh(z)^2 = 1 - tanh(z)^2."),
        ]
        # atol 1e-6: float32 (7 digits) right to 1e-6 passes; every mistake below is off by far more
        feedback = judge(got, 1 - t * t, mistakes, what="the derivative", hint=hint, praise="", rtol=1e-6, atol=1e-6)
        if not feedback:
            where = "z = 0.5" if z.ndim == 0 else f"z = {np.array2string(z.ravel(), separator=', ')}"
            return wrong(f"at {where}: {feedback.text}", feedback.hint)
    big = np.array([-1000.0, 1000.0])
    try:
        far = np.asarray(answer(big.copy()), dtype=float)
    except Exception:
        far = np.array([np.nan, np.nan])
    if far.shape != big.shape or not np.allclose(far, 0.0, atol=1e-6):
        return wrong("right for moderate z, but at z = -1000 and 1000 (where tanh' is 0) it gives "
                     f"{np.array2string(far, separator=', ') if far.size < 5 else 'something else'}.",
                     "e^1000 overflows to infinity, and inf / inf is NaN: use np.tanh(z), which handles large |z|.")
    return correct("tanh'(z) = 1 - tanh(z)^2, right for numbers, arrays of any shape and large |z|.")


# Exercise 3: a layer of two ReLU neurons, three inputs, a batch of four samples.
LAYER_X = np.array([[1.0, 2.0, 0.5], [0.0, 1.0, -1.0], [2.0, -0.5, 1.0], [-1.0, 1.0, 2.0]])
LAYER_W = np.array([[0.2, -0.5], [0.4, 0.3], [-0.6, 0.8]])
LAYER_B = np.array([0.5, -0.2])


@checker
def check_layer_output(answer):
    """Check the ReLU layer's output for chapter 1's batch: relu(X @ W + b), shape (4, 2).

    Parameters
    ----------
    answer : array-like of shape (4, 2)

    Returns
    -------
    Feedback
    """
    A = read_array(answer, "the layer's output, an array of shape (4, 2)")
    X, W, b = LAYER_X, LAYER_W, LAYER_B
    Z = X @ W + b
    expected = np.maximum(Z, 0)
    hint = "Z = X W + b, then A = relu(Z): one row per sample, one column per neuron."
    mistakes = [
        (expected.T, "your answer is transposed: that is the seed notebook's column form, one column per sample.",
         "rows are samples: compute X @ W + b, not W.T @ X.T."),
        (Z, "you forgot the ReLU: negative sums must become 0.", hint),
        (np.maximum(X @ W, 0), "it looks like you forgot the bias.", hint),
        (X @ W, "you forgot both the bias and the ReLU.", hint),
        (np.maximum(X @ W, 0) + b, "you added the bias after the ReLU: it belongs inside, relu(X W + b).", hint),
        (np.maximum(X @ W - b, 0), "you subtracted the bias instead of adding it.", hint),
        (_sigmoid(Z), "that is the sigmoid of X W + b: this layer uses ReLU.", hint),
        (np.tanh(Z), "that is tanh of X W + b: this layer uses ReLU.", hint),
        (expected[0], "that is the output for the first sample only.", "use the whole batch X: one row per sample."),
        (expected[:1], "that is the output for the first sample only.", "use the whole batch X: one row per sample."),
    ]
    return judge(A, expected, mistakes, what="the layer's output", hint=hint, rtol=1e-3, atol=1e-4,
                 praise="One row per sample, one column per neuron; the zeros are neurons that ReLU switched off.")


__all__ = ["check_sigmoid_neuron", "check_tanh_derivative", "check_layer_output"]
