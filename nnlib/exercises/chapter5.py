"""Checkers for chapter 5, "Making training work": an initial spread, the learning-rate edge, momentum, Adam."""

import numpy as np

from .feedback import Stop, call, changed, checker, correct, judge, read_array, read_number, wrong

# Exercise "He initialisation": a ReLU layer with this many inputs.
INIT_INPUTS = 50


@checker
def check_he_std(answer):
    """Check the standard deviation of He initialisation for a ReLU layer of ``INIT_INPUTS`` inputs.

    Parameters
    ----------
    answer : float
        sqrt(2 / n_inputs).

    Returns
    -------
    Feedback
    """
    value = read_number(answer, "a standard deviation, a positive number")
    n = INIT_INPUTS
    hint = "He draws weights with variance 2 / n_inputs; the question asks for the standard deviation."
    mistakes = [(np.sqrt(1 / n), "that is Xavier's spread, for tanh; ReLU zeroes half of its inputs, so He "
                 "doubles the variance.", hint),
                (2 / n, "that is the variance; the standard deviation is its square root.", hint),
                (1 / n, "that is Xavier's variance, not He's standard deviation.", hint),
                (np.sqrt(2 * n), "upside down: more inputs need smaller weights.", hint)]
    return judge(value, np.sqrt(2 / n), mistakes, what="He's standard deviation", hint=hint, rtol=1e-3, atol=1e-9,
                 praise=f"sqrt(2 / {n}): with {n} inputs each weighted sum adds {n} terms, so each weight is small.")


# Exercise "the edge": gradient descent on L(w) = 1/2 (4 w1^2 + 0.1 w2^2).
EDGE_CURVATURES = (4.0, 0.1)


@checker
def check_learning_rate_edge(answer):
    """Check the learning rate above which gradient descent diverges on the quadratic ``EDGE_CURVATURES``.

    Parameters
    ----------
    answer : float
        2 / (the largest curvature).

    Returns
    -------
    Feedback
    """
    value = read_number(answer, "a learning rate, a positive number")
    steep, flat = EDGE_CURVATURES
    hint = "along a direction of curvature c a step multiplies the distance to the minimum by (1 - lr c)."
    mistakes = [(2 / flat, "that is the edge of the flat direction; the steep one diverges long before.", hint),
                (1 / steep, "at that rate the steep direction lands on its minimum in one step; a bit above, "
                 "it overshoots but still converges.", "the distance grows only when |1 - lr c| > 1."),
                (2 * steep, "the edge is 2 divided by the curvature.", hint),
                (2 / (steep + flat), "that is the best rate for both directions together, not the edge.", hint)]
    return judge(value, 2 / steep, mistakes, what="the edge", hint=hint, rtol=1e-3, atol=1e-9,
                 praise=f"Above 2 / {steep:g}, |1 - lr * {steep:g}| > 1: each step across the steep direction "
                        "lands farther from the minimum than the last.")


def _momentum_cases():
    rng = np.random.default_rng(5)
    # The learning rates differ from 1 - momentum, so that a velocity with the learning rate inside it,
    # momentum * v + learning_rate * gradient, is told apart from an average, (1 - momentum) * gradient + ...
    return [(np.array([1.0, -2.0]), np.array([0.5, 0.0]), np.array([0.2, 0.4]), 0.05, 0.9),
            (rng.normal(size=(3, 2)), rng.normal(size=(3, 2)), rng.normal(size=(3, 2)), 0.05, 0.5)]


@checker
def check_momentum_step(answer):
    """Check a function ``momentum_step(w, v, gradient, learning_rate, momentum)`` returning (w, v) new.

    v_new = momentum * v + gradient,  w_new = w - learning_rate * v_new (as ``nnlib.optimizers.SGD``).

    Parameters
    ----------
    answer : callable

    Returns
    -------
    Feedback
    """
    hint = "first the velocity, v = momentum * v + gradient; then the step, w = w - learning_rate * v (the new v)."
    for w, v, g, rate, beta in _momentum_cases():
        what = f"w = {w.tolist()}, v = {v.tolist()}" if w.ndim == 1 else "a (3, 2) w, v and gradient"
        result, (w_seen, v_seen, g_seen, *_) = call(answer, "momentum_step", (w, v, g, rate, beta), hint,
                                                    "w, v, gradient, learning_rate, momentum", f" for {what}")
        if changed(w, w_seen) or changed(v, v_seen) or changed(g, g_seen):
            return wrong("your function changed its arguments in place.", "return new arrays instead.")
        if not isinstance(result, (tuple, list)) or len(result) != 2:
            raise Stop(wrong("expected two arrays, (w_new, v_new).", "end with `return w_new, v_new`."))
        w_new, v_new = (read_array(part, "an array the shape of w") for part in result)
        v_right = beta * v + g
        for got, right, name, mistakes in [
            (v_new, v_right, "v_new", [(beta * v + rate * g, "that velocity has the learning rate inside it, "
                                        "momentum * v + learning_rate * gradient (some texts write it so, and then "
                                        "step w - v); nnlib and PyTorch keep the learning rate out of v, "
                                        "v = momentum * v + gradient, and multiply the step by it.",
                                        "v_new = momentum * v + gradient, without the learning rate; then "
                                        "w_new = w - learning_rate * v_new."),
                                       (beta * v - rate * g, "that velocity includes the learning rate and the "
                                        "minus sign (some texts write it so, and then step w + v); nnlib and PyTorch "
                                        "keep both out of v and step w - learning_rate * v.", hint),
                                       ((1 - beta) * g + beta * v, "that is an average of gradients; here v is a "
                                        "running sum, momentum * v + gradient.", hint)]),
            (w_new, w - rate * v_right, "w_new", [(w - rate * v, "you stepped with the old velocity; update v first.",
                                                   hint), (w - rate * g, "that is plain gradient descent: step with "
                                                           "the velocity, not the gradient.", hint)])]:
            feedback = judge(got, right, mistakes, what=name, hint=hint, praise="", rtol=1e-9, atol=1e-12)
            if not feedback:
                return wrong(f"for {what}, {name}: {feedback.text}", feedback.hint)
    return correct("The velocity gathers the gradients, and the step follows the velocity.")


# Exercise "Adam's first step": one parameter whose gradient is ADAM_GRADIENT.
ADAM_GRADIENT, ADAM_RATE = 0.002, 0.01


@checker
def check_adam_first_step(answer):
    """Check how far Adam's first step moves a parameter whose gradient is ``ADAM_GRADIENT``.

    Parameters
    ----------
    answer : float
        The size of the change (positive), defaults beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8.

    Returns
    -------
    Feedback
    """
    value = read_number(answer, "the size of the step, a positive number")
    g, rate = ADAM_GRADIENT, ADAM_RATE
    m, v = 0.1 * g, 0.001 * g * g
    hint = "after one step m_hat = g and v_hat = g^2 (the bias correction undoes the 0.1 and 0.001)."
    mistakes = [(rate * m / np.sqrt(v), "you left out the bias correction: m and v start at 0, so after "
                 "one step they are 0.1 g and 0.001 g^2 until divided by 1 - beta^t.", hint),
                (rate * m / (np.sqrt(v) + 1e-8), "you left out the bias correction: m and v start at 0, so after "
                 "one step they are 0.1 g and 0.001 g^2 until divided by 1 - beta^t.", hint),
                (rate * g, "that is plain gradient descent's step; Adam divides by the gradient's size.", hint)]
    step = rate * g / (abs(g) + 1e-8)  # 0.0099999500: the learning rate less epsilon's share, 5e-8
    if 0.99 * rate <= abs(value) < step * (1 - 1e-4):
        return wrong(f"{abs(value):g} is {rate - abs(value):.2g} under the learning rate, {rate:g}; Adam's first "
                     f"step is under it by only {rate - step:.1g}, because epsilon = 1e-8 is tiny next to "
                     f"sqrt(v_hat) = {abs(g):g}.", "keep the digits: learning rate * m_hat / (sqrt(v_hat) + 1e-8).")
    return judge(abs(value), step, mistakes, what="Adam's first step", hint=hint, rtol=1e-4, atol=1e-12,
                 praise=f"About the learning rate, {rate:g}, whatever the gradient's size: m_hat / sqrt(v_hat) = "
                        "g / |g| = 1.")


__all__ = ["check_he_std", "check_learning_rate_edge", "check_momentum_step", "check_adam_first_step"]
