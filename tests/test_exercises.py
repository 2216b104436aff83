"""Exercises: every solution in the chapters passes its check, every diagnosed mistake is named in the
feedback without giving the answer away, and no answer whatsoever makes a checker raise."""

import json
import math
import re

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import nnlib
from conftest import BOOK, NOTEBOOKS
from nnlib import exercises
from nnlib.exercises import CHECKERS, Feedback
from nnlib.exercises import feedback as feedbacks

SOLUTION = re.compile(r":::\{admonition\} Solution\n:class: dropdown\n.*?```python\n(.*?)```.*?\n:::", re.S)
CHECK_CALL = re.compile(r"^nnlib\.exercises\.(check_\w+)\((\w+)\)$", re.M)


def exercises_in(path):
    """(exercise cell, checker name, answer variable, solution code) for each exercise of a notebook."""
    found, exercise = [], None
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "code" and CHECK_CALL.search(source):
            assert exercise is None, f"{path.name}: an exercise without a solution before:\n{exercise}"
            exercise = source
        elif cell["cell_type"] == "markdown" and ":::{admonition} Solution" in source:
            assert exercise is not None, f"{path.name}: a solution with no exercise cell before it:\n{source}"
            match = SOLUTION.search(source)
            assert match, f"{path.name}: a solution that is not a dropdown with one python block:\n{source}"
            found.append((exercise, *CHECK_CALL.search(exercise).groups(), match.group(1)))
            exercise = None
    assert exercise is None, f"{path.name}: the last exercise has no solution right after it"
    return found


EXERCISES = [(path.name, k, *exercise) for path in NOTEBOOKS for k, exercise in enumerate(exercises_in(path), 1)]


@pytest.mark.parametrize("prefix", ["01_", "02_", "03_"])
def test_every_chapter_has_at_least_three_exercises(prefix):
    assert sum(name.startswith(prefix) for name, *_ in EXERCISES) >= 3


@pytest.mark.parametrize("notebook, k, exercise, name, variable, solution", EXERCISES,
                         ids=[f"{notebook}-{k}" for notebook, k, *_ in EXERCISES])
def test_solution_passes_its_check_and_the_stored_cell_is_unanswered(notebook, k, exercise, name, variable, solution):
    check = getattr(exercises, name)
    namespace = {"np": np, "nnlib": nnlib}
    for earlier, *_, earlier_solution in exercises_in(BOOK / notebook)[:k - 1]:  # chapter 6's build on each other
        exec(earlier, namespace)
        exec(earlier_solution, namespace)
    exec(exercise, namespace)
    before = check(namespace[variable])
    assert before.status == "unanswered" and before.message.startswith("Not answered yet:"), before.message
    exec(solution, namespace)
    after = check(namespace[variable])
    assert after.correct and after.message.startswith("Correct!"), after.message


def test_every_checker_is_listed_once():
    listed = [check.__name__ for checks in CHECKERS.values() for check in checks]
    public = [name for name in dir(exercises) if name.startswith("check_")]
    assert sorted(listed) == sorted(public) and len(set(listed)) == len(listed)
    assert set(public) <= set(exercises.__all__)


# ---- wrong answers: each diagnosed mistake is named --------------------------------------------------

def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def shapes(**changes):
    return {**nnlib.exercises.chapter2.SHAPES, **changes}


def forward_with(step, last_only=True):
    def forward(X, layers):
        A, outputs = X, []
        for W, b, f in layers:
            A = step(A, W, b, f)
            outputs.append(A)
        return A if last_only else outputs
    return forward


def dense(dW, db, dA):
    return lambda A, W, dZ: (dW(A, dZ), db(dZ), dA(dZ, W))


def one_hot_with(index):
    return lambda labels, n_classes: np.eye(n_classes)[index(labels, n_classes)]


def softmax_with(normalise):
    return lambda Z: normalise(np.exp(Z - Z.max(axis=1, keepdims=True)))


X1, W1, B1 = nnlib.exercises.chapter1.LAYER_X, nnlib.exercises.chapter1.LAYER_W, nnlib.exercises.chapter1.LAYER_B
Z1 = X1 @ W1 + B1
P3, Y3 = nnlib.exercises.chapter3.LOSS_P, nnlib.exercises.chapter3.LOSS_Y
DZ3 = nnlib.exercises.chapter3.BIAS_DZ
RIGHT_DA, RIGHT_DW, RIGHT_DB = (lambda dZ, W: dZ @ W.T), (lambda A, dZ: A.T @ dZ), (lambda dZ: dZ.sum(axis=0))
RIGHT_FORWARD = forward_with(lambda A, W, b, f: f(A @ W + b))
SQUARE = lambda wrong, right: lambda *a: wrong(*a) if a[-1].shape[0] == a[-1].shape[1] else right(*a)  # noqa: E731

WRONG = [
    # chapter 1, exercise 1: sigmoid(w . x + b) = sigmoid(1.5)
    ("check_sigmoid_neuron", 1.5, "that is z"),
    ("check_sigmoid_neuron", sigmoid(1.0), "forgot the bias"),
    ("check_sigmoid_neuron", 1.0, "without the bias and without the activation"),
    ("check_sigmoid_neuron", np.tanh(1.5), "tanh(z)"),
    ("check_sigmoid_neuron", sigmoid(-1.5), "sign in the exponent"),
    ("check_sigmoid_neuron", sigmoid(3.5), "minus sign of the second weight"),
    ("check_sigmoid_neuron", -sigmoid(1.5), "sign is flipped"),
    ("check_sigmoid_neuron", 2 * sigmoid(1.5), "factor of 2"),
    ("check_sigmoid_neuron", [1.0, -1.0, 1.0], "3 numbers"),
    ("check_sigmoid_neuron", 0.83, "close, but not within rounding"),
    ("check_sigmoid_neuron", "0.82", "in quotes"),
    # chapter 1, exercise 2: tanh'(z)
    ("check_tanh_derivative", np.tanh, "tanh(z) itself"),
    ("check_tanh_derivative", lambda z: 1 - np.tanh(z), "forgot to square"),
    ("check_tanh_derivative", lambda z: np.tanh(z) ** 2, "the part subtracted from 1"),
    ("check_tanh_derivative", lambda z: 1 + np.tanh(z) ** 2, "sign in front of tanh(z)^2 is flipped"),
    ("check_tanh_derivative", lambda z: np.tanh(z) ** 2 - 1, "sign is flipped"),
    ("check_tanh_derivative", lambda z: 1 - z ** 2, "squared z"),
    ("check_tanh_derivative", lambda z: sigmoid(z) * (1 - sigmoid(z)), "derivative of the sigmoid"),
    ("check_tanh_derivative", lambda z: 1 / np.cosh(z), "still needs squaring"),
    ("check_tanh_derivative", lambda z: 2 * (1 - np.tanh(z) ** 2), "factor of 2"),
    ("check_tanh_derivative", lambda z: 1 - math.tanh(z) ** 2, "math.tanh"),
    ("check_tanh_derivative", lambda z: 1 - ((np.exp(z) - np.exp(-z)) / (np.exp(z) + np.exp(-z))) ** 2,
     "z = -1000 and 1000"),
    ("check_tanh_derivative", lambda z: np.sum(1 - np.tanh(z) ** 2), "returned shape ()"),
    ("check_tanh_derivative", lambda z: np.subtract(1, np.tanh(z, out=z) ** 2, out=z) if isinstance(z, np.ndarray)
     else 1 - np.tanh(z) ** 2, "in place"),
    # chapter 1, exercise 3: relu(X W + b) for a batch
    ("check_layer_output", np.maximum(Z1, 0).T, "transposed"),
    ("check_layer_output", Z1, "forgot the ReLU"),
    ("check_layer_output", np.maximum(X1 @ W1, 0), "forgot the bias"),
    ("check_layer_output", X1 @ W1, "forgot both the bias and the ReLU"),
    ("check_layer_output", np.maximum(X1 @ W1, 0) + B1, "after the ReLU"),
    ("check_layer_output", np.maximum(X1 @ W1 - B1, 0), "subtracted the bias"),
    ("check_layer_output", sigmoid(Z1), "sigmoid"),
    ("check_layer_output", np.tanh(Z1), "tanh"),
    ("check_layer_output", np.maximum(Z1, 0)[0], "first sample only"),
    ("check_layer_output", np.maximum(Z1, 0).ravel(), "the shape is (8,)"),
    ("check_layer_output", np.ones((3, 3)), "should have shape (4, 2)"),
    # chapter 2, exercise 1: shapes
    ("check_shapes", shapes(W2=(3, 4)), "one ROW per neuron"),
    ("check_shapes", shapes(W1=(10, 4)), "do not depend on the number of samples"),
    ("check_shapes", shapes(b2=(3, 1)), "biases are flat"),
    ("check_shapes", shapes(b1=(1, 4)), "broadcasts over the samples exactly like (4,)"),
    ("check_shapes", shapes(b3=(10, 2)), "not one per sample"),
    ("check_shapes", shapes(A2=(3, 10)), "transposed"),
    ("check_shapes", shapes(y_hat=(2,)), "for one sample"),
    ("check_shapes", shapes(A1=(10, 3)), "shape of A2"),
    ("check_shapes", shapes(W3=4), "with the comma"),
    ("check_shapes", shapes(W3=np.zeros((3, 2))), "give its shape"),
    ("check_shapes", shapes(b1="(4,)"), "got the string"),
    ("check_shapes", {"X": (10, 6)}, "no entry for W1"),
    # chapter 2, exercise 2: -(0.8 a1 + 0.232 a2 + 2) / a3
    ("check_switch_off_weight", -5.8128 / 11.045, "first neuron of layer 2"),
    ("check_switch_off_weight", -(0.8 * 9.12 + 0.232 * 10.384) / 11.045, "forgot the bias"),
    ("check_switch_off_weight", -(0.8 * 9.12 + 0.232 * 10.384 + 1) / 11.045, "first neuron's bias"),
    ("check_switch_off_weight", -(0.8 * 9.12 + 0.232 * 10.384 + 2) / 11.045 - 0.9, "kept the old term"),
    ("check_switch_off_weight", -(0.8 + 0.232 * 2 + 2) / 3, "not the network's inputs"),
    ("check_switch_off_weight", 21.645588, "with w = 0.9"),
    ("check_switch_off_weight", 1.0598, "sign is flipped"),
    ("check_switch_off_weight", -1.08, "close, but not within rounding"),
    # chapter 2, exercise 3: forward(X, layers)
    ("check_forward", forward_with(lambda A, W, b, f: f(A @ W + b), last_only=False), "every layer's output"),
    ("check_forward", lambda X, layers: layers[0][2](X @ layers[0][0] + layers[0][1]), "first layer's output only"),
    ("check_forward", forward_with(lambda A, W, b, f: A @ W + b), "never applied the activation"),
    ("check_forward", forward_with(lambda A, W, b, f: f(A @ W)), "forgot the biases"),
    ("check_forward", forward_with(lambda A, W, b, f: np.maximum(A @ W + b, 0)), "ReLU in every layer"),
    ("check_forward", lambda X, layers: [f(X @ W + b) for W, b, f in layers][-1], "previous layer's output"),
    ("check_forward", lambda X, layers: RIGHT_FORWARD(X, layers).ravel(), "the shape is (1,)"),
    ("check_forward", forward_with(lambda A, W, b, f: f(A @ W + np.multiply(b, 2, out=b))), "in place"),
    # chapter 3, exercise 1: (P - Y) / n
    ("check_loss_gradient", (Y3 - P3) / 4, "sign is flipped"),
    ("check_loss_gradient", P3 - Y3, "forgot the 1/n"),
    ("check_loss_gradient", Y3 - P3, "sign is flipped and the 1/n is missing"),
    ("check_loss_gradient", 2 * (P3 - Y3) / 4, "the 1/2 in the loss cancels the 2"),
    ("check_loss_gradient", (P3 - Y3) / 8, "factor of 2"),
    ("check_loss_gradient", ((P3 - Y3) / 4).T, "transposed"),
    ("check_loss_gradient", ((P3 - Y3) / 4).ravel(), "the shape is (4,)"),
    ("check_loss_gradient", nnlib.mse(P3, Y3), "the loss L itself"),
    # chapter 3, exercise 2: two samples, the second switches the hidden neuron off: dL/dw1 = 0.45
    ("check_weight_gradient", -0.45, "sign is flipped"),
    ("check_weight_gradient", 0.6375, "its hidden neuron is off"),
    ("check_weight_gradient", 0.9, "forgot the 1/n"),
    ("check_weight_gradient", 1.275, "both missing"),
    ("check_weight_gradient", 0.3, "dL/db1"),
    ("check_weight_gradient", -0.6, "left out w2"),
    ("check_weight_gradient", 0.6, "multiplied by h"),
    ("check_weight_gradient", -0.8, "dL/dw2"),
    ("check_weight_gradient", -0.15, "dL/db2"),
    ("check_weight_gradient", 0, "relu'(z1) is 1 for the first sample"),
    ("check_weight_gradient", 0.225, "factor of 2"),
    ("check_weight_gradient", 0.2225, "the loss itself"),
    ("check_weight_gradient", [0.45, 0.0], "the two samples' terms"),
    # chapter 3, exercise 3: dZ.sum(axis=0)
    ("check_bias_gradient", np.sum(DZ3), "the seed notebook's slip"),
    ("check_bias_gradient", np.full(3, np.sum(DZ3)), "the seed notebook's slip"),
    ("check_bias_gradient", DZ3.sum(axis=1), "over the neurons"),
    ("check_bias_gradient", DZ3.mean(axis=0), "mean over the samples"),
    ("check_bias_gradient", DZ3, "dZ itself"),
    ("check_bias_gradient", DZ3.sum(axis=0, keepdims=True), "a bias is flat"),
    ("check_bias_gradient", DZ3[0], "first sample"),
    ("check_bias_gradient", -DZ3.sum(axis=0), "sign is flipped"),
    # chapter 3, exercise 4: dense_backward
    ("check_dense_backward", dense(RIGHT_DW, np.sum, RIGHT_DA), "the seed notebook's slip"),
    ("check_dense_backward", dense(lambda A, dZ: dZ.T @ A, RIGHT_DB, RIGHT_DA), "dW is transposed"),
    ("check_dense_backward", dense(SQUARE(lambda A, dZ: A @ dZ, RIGHT_DW), RIGHT_DB, RIGHT_DA), "without transposing"),
    ("check_dense_backward", dense(lambda A, dZ: A.T @ dZ / len(A), RIGHT_DB, RIGHT_DA), "divided by the number"),
    ("check_dense_backward", dense(RIGHT_DW, lambda dZ: dZ.sum(axis=1), RIGHT_DA), "over the neurons"),
    ("check_dense_backward", dense(RIGHT_DW, lambda dZ: dZ.mean(axis=0), RIGHT_DA), "mean over the samples"),
    ("check_dense_backward", dense(RIGHT_DW, RIGHT_DB, SQUARE(lambda dZ, W: dZ @ W, RIGHT_DA)), "not by its transpose"),
    ("check_dense_backward", dense(RIGHT_DW, RIGHT_DB, lambda dZ, W: dZ @ W), "raised ValueError"),
    ("check_dense_backward", lambda A, W, dZ: (A.T @ dZ, dZ.sum(axis=0)), "three arrays"),
    ("check_dense_backward", lambda A, W, dZ: (A.T @ np.multiply(dZ, 2, out=dZ), None, None), "in place"),
    # chapter 4: a learning rate that diverges
    ("check_diverging_learning_rate", 0.1, "after 100 steps the loss is lower than at the start"),
    ("check_diverging_learning_rate", 0.9, "more than 100 times higher than at the start, or overflowing"),
    ("check_diverging_learning_rate", 1.265, "higher, but not more than 100 times"),  # its digits are chaotic
    ("check_diverging_learning_rate", 1.25, "close to the edge"),
    ("check_diverging_learning_rate", -1, "a learning rate is positive"),
    ("check_diverging_learning_rate", 0, "a learning rate is positive"),
    ("check_diverging_learning_rate", 1e-300, "the loss did not move in 100 steps"),
    # chapter 4: one_hot(labels, n_classes)
    ("check_one_hot", one_hot_with(lambda labels, n: labels - 1), "shifted by one"),
    ("check_one_hot", one_hot_with(lambda labels, n: n - 1 - labels), "reverse order"),
    ("check_one_hot", lambda labels, n: np.eye(labels.max() + 1)[labels], "ignored n_classes"),
    ("check_one_hot", lambda labels, n: np.eye(n)[labels].T, "transposed"),
    ("check_one_hot", lambda labels, n: labels.reshape(-1, 1), "labels as a column"),
    ("check_one_hot", lambda labels, n: 2 * np.eye(n)[labels], "a single 1 and zeros"),
    # chapter 4: softmax(Z)
    ("check_softmax", softmax_with(lambda e: e / e.sum()), "all the entries together"),
    ("check_softmax", softmax_with(lambda e: e / e.sum(axis=0)), "each column sums to 1"),
    ("check_softmax", softmax_with(lambda e: e / e.sum(axis=1)), "keepdims"),
    ("check_softmax", softmax_with(lambda e: e), "forgot to divide"),
    ("check_softmax", sigmoid, "the sigmoid of each score"),
    ("check_softmax", lambda Z: Z / Z.sum(axis=1, keepdims=True), "exponentiate first"),
    ("check_softmax", lambda Z: np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True), "e^1000 overflows"),
    ("check_softmax", lambda Z: (lambda e: e / e.sum(axis=1, keepdims=True))(np.exp(Z - Z.max())), "whole batch"),
    ("check_softmax", lambda Z: np.exp(np.subtract(Z, Z.max(axis=1, keepdims=True), out=Z)) / 1, "in place"),
    # chapter 4: accuracy = 0.6
    ("check_accuracy", 60, "percentage"),
    ("check_accuracy", 0.4, "error rate"),
    ("check_accuracy", 3, "how many samples are right"),
    ("check_accuracy", 2, "how many samples are wrong"),
    ("check_accuracy", 0.5, "mean probability of the right class"),
    ("check_accuracy", 0.54, "confidence"),
]


@pytest.mark.parametrize("name, answer, phrase", WRONG, ids=[f"{n}-{k}" for k, (n, *_) in enumerate(WRONG)])
def test_wrong_answers_are_named(name, answer, phrase):
    feedback = getattr(exercises, name)(answer)
    assert not feedback and feedback.status == "wrong", feedback.message
    assert phrase in feedback.message, feedback.message
    assert feedback.message.startswith("Not quite:") and "Hint:" in feedback.message


# What a wrong answer's feedback must never show: the right number.
ANSWERS = {"check_sigmoid_neuron": ["0.817", "0.818"], "check_switch_off_weight": ["1.059", "1.06"],
           "check_weight_gradient": ["0.45"], "check_accuracy": ["0.6", "60%"]}


@pytest.mark.parametrize("name", ANSWERS)
def test_feedback_does_not_give_the_number_away(name):
    for checker, answer, _ in WRONG:
        if checker == name:
            message = getattr(exercises, name)(answer).message
            assert not any(number in message for number in ANSWERS[name]), message


# ---- malformed answers: feedback, never a traceback ----------------------------------------------------

def raises(*args):
    raise RuntimeError("boom")


MALFORMED = [None, "abc", "0.5", "", True, 1j, [1, 2], [[1, 2], [3]], [], {}, {"W1": (6, 4)}, object(), np.nan,
             -np.inf, 10 ** 400, np.full((7, 7), np.nan), np.ones((7, 7)), np.array(["a", "b"]), np.zeros(0),
             (None, None, None), lambda: 0, raises, lambda *a: None, lambda *a: np.ones(7), lambda *a: "text",
             lambda *a: (1, 2, 3), lambda *a: np.full((2, 2), np.nan), lambda *a: [[1, 2], [3]],
             lambda *a: {"a": 1}, lambda *a: (np.ones(2), "x", None), print]
ALL_CHECKERS = [check for checks in CHECKERS.values() for check in checks]


@pytest.mark.parametrize("check", ALL_CHECKERS, ids=lambda c: c.__name__)
def test_malformed_answers_get_feedback(check):
    for answer in MALFORMED:
        feedback = check(answer)
        assert isinstance(feedback, Feedback) and not feedback.correct, (answer, feedback)
        assert feedback.status in {"wrong", "unanswered"} and feedback.message.strip(), (answer, feedback)
        assert "could not read" not in feedback.message, (answer, feedback.message)  # the safety net stays unused
        assert repr(feedback) == feedback.message and feedback._repr_html_().startswith("<div")


ANSWER_LIKE = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=5), st.lists(st.floats(), max_size=5),
    hnp.arrays(np.float64, hnp.array_shapes(max_dims=3, max_side=5), elements=st.floats()),
    st.dictionaries(st.sampled_from(list(nnlib.exercises.chapter2.SHAPES)),
                    st.one_of(st.none(), st.integers(-2, 12), st.tuples(st.integers(0, 12), st.integers(0, 12)))),
)
FUNCTION_LIKE = ANSWER_LIKE.map(lambda value: lambda *args: value)


@pytest.mark.parametrize("check", ALL_CHECKERS, ids=lambda c: c.__name__)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answer=st.one_of(ANSWER_LIKE, FUNCTION_LIKE))
def test_no_answer_makes_a_checker_raise(check, answer):
    feedback = check(answer)
    assert isinstance(feedback, Feedback)
    assert "could not read" not in feedback.message, feedback.message


# ---- where the reader's code raised ------------------------------------------------------------------

def in_a_cell(source, name, filename="<ipython-input-3-0a1b2c3d4e5f>"):
    """Function `name` defined in `source` as a notebook cell defines it (IPython's file name, its lines kept)."""
    import linecache
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    namespace = {"np": np}
    exec(compile(source, filename, "exec"), namespace)
    return namespace[name]


@pytest.mark.parametrize("filename", ["<ipython-input-3-0a1b2c3d4e5f>", "/tmp/ipykernel_77/3525409584.py"])
def test_an_answer_that_raises_is_told_the_line_of_its_cell(filename):
    softmax = in_a_cell("def softmax(Z):\n    E = np.exp(Z)\n    return E / E.sum(axis=1)\n", "softmax", filename)
    feedback = exercises.check_softmax(softmax)
    assert "raised ValueError at line 3 of your cell, in `softmax`: operands could not be broadcast" in feedback.text
    assert "keepdims" in feedback.hint  # the chapter's own hint stays
    dense_backward = in_a_cell("def dense_backward(A_prev, W, dZ):\n    dW = A_prev.T @ dZ\n"
                               "    return dW, dZ.sum(axis=0), np.linalg.inv(W) @ dZ\n", "dense_backward", filename)
    feedback = exercises.check_dense_backward(dense_backward)  # raised inside numpy's own Python: its caller named
    assert "raised LinAlgError at line 3 of your cell, in `dense_backward`: " in feedback.text, feedback.message


def test_an_answer_from_a_file_is_told_the_file_and_a_lambda_its_cell():
    feedback = exercises.check_momentum_step(raises)
    assert f"raised RuntimeError at line {raises.__code__.co_firstlineno + 1} of test_exercises.py, in `raises`: boom" \
        in feedback.text, feedback.message
    feedback = exercises.check_one_hot(in_a_cell("f = lambda labels, n_classes: np.eye(n_classes)[labels + n_classes]",
                                                 "f"))
    assert "raised IndexError at line 1 of your cell, in `<lambda>`: " in feedback.text, feedback.message
    assert feedbacks.where_raised(ValueError("never raised")) is None


# ---- Feedback ------------------------------------------------------------------------------------------

def test_feedback_shows_its_message_as_text_and_html():
    right, wrong = exercises.check_accuracy(0.6), exercises.check_accuracy(0.4)
    assert right and right.correct and repr(right) == right.message and right.hint is None
    assert not wrong and wrong.message == f"Not quite: {wrong.text}\nHint: {wrong.hint}"
    assert "rgb(46, 125, 50)" in right._repr_html_() and "rgb(199, 119, 0)" in wrong._repr_html_()
    html = exercises.check_tanh_derivative(lambda z: None)._repr_html_()
    assert "rgb(96, 125, 139)" in html and "<code>return None</code>" in html
    assert exercises.check_sigmoid_neuron("<b>")._repr_html_().count("&lt;b&gt;") == 1  # the answer is escaped
    assert exercises.check_forward(None)._repr_html_() == exercises.check_forward(None)._repr_html_()


def test_the_divergence_run_is_the_one_documented():
    losses = nnlib.exercises.chapter4.xor_losses(0.5, n_steps=3)
    network = nnlib.Network.random([2, 4, 1], ["tanh", "identity"], rng=np.random.default_rng(0))
    by_hand = [network.train_step(nnlib.exercises.chapter4.XOR_X, nnlib.exercises.chapter4.XOR_Y, 0.5) for _ in range(3)]
    assert losses[:3] == by_hand and len(losses) == 4


# ---- checker fixes of issue 14 -------------------------------------------------------------------------

def shift_softmax(shift):
    def softmax(Z):
        e = np.exp(Z - shift(Z))
        return e / e.sum(axis=1, keepdims=True)
    return softmax


@pytest.mark.parametrize("shift, named", [(lambda Z: Z.min(axis=1, keepdims=True), "smallest score"),
                                          (lambda Z: Z.mean(axis=1, keepdims=True), "mean"),
                                          (lambda Z: 0.0, "e^1000 overflows")])
def test_unstable_softmaxes_are_rejected_with_the_reason(shift, named):
    with np.errstate(all="ignore"):
        assert np.isnan(shift_softmax(shift)(np.array([[1000.0, 0.0], [0.0, -2000.0]]))).any()
    feedback = exercises.check_softmax(shift_softmax(shift))
    assert not feedback and named in feedback.text and "overflow" in feedback.text, feedback.message
    assert "largest score" in feedback.hint
    assert exercises.check_softmax(shift_softmax(lambda Z: Z.max(axis=1, keepdims=True)))


def test_a_float32_tanh_derivative_right_to_1e_6_is_accepted():
    def float32_derivative(z):
        return 1 - np.tanh(np.asarray(z, dtype=np.float32)) ** 2
    z = np.array([[0.1, -1.0, 3.0], [-3.0, 1.5, 0.0]])
    error = np.abs(float32_derivative(z) - (1 - np.tanh(z) ** 2)).max()
    assert 1e-8 < error < 1e-6  # float32 rounding, far beyond the old 1e-9
    assert exercises.check_tanh_derivative(float32_derivative).correct
    assert not exercises.check_tanh_derivative(lambda z: 1 - np.tanh(z) ** 2 + 1e-4)


def test_a_row_bias_is_told_it_broadcasts_and_a_column_bias_that_it_does_not():
    row = exercises.check_shapes(shapes(b1=(1, 4)))
    assert not row and "transpose" not in row.text and "broadcasts" in row.text, row.message
    column = exercises.check_shapes(shapes(b1=(4, 1)))
    assert not column and "transpose" in column.text, column.message


def test_a_forgotten_relu_derivative_fails_chapter_3_exercise_2():
    """The hidden neuron is on for one sample and off for the other: leaving out relu'(z1) counts the
    second sample's path, a different number, and the feedback says why."""
    chain = nnlib.exercises.chapter3.CHAIN
    z1 = chain["w1"] * chain["x"] + chain["b1"]
    assert (z1 > 0).any() and (z1 <= 0).any()

    def gradient(relu_derivative):
        p = chain["w2"] * np.maximum(z1, 0.0) + chain["b2"]
        return np.sum((p - chain["y"]) / len(z1) * chain["w2"] * relu_derivative * chain["x"])

    assert exercises.check_weight_gradient(gradient(z1 > 0)).correct
    forgot = exercises.check_weight_gradient(gradient(1.0))
    assert not forgot and "hidden neuron is off" in forgot.text, forgot.message


@pytest.mark.parametrize("rate", [2.0, 10.0, 1000.0, 1e300])
def test_the_divergence_helper_never_raises(rate):
    losses = nnlib.exercises.xor_losses(rate)
    assert len(losses) == nnlib.exercises.chapter4.DIVERGENCE_STEPS + 1 and losses[-1] > 100 * losses[0]
    overflowed = [k for k, loss in enumerate(losses) if not np.isfinite(loss)]
    assert overflowed == list(range(overflowed[0], len(losses))) if overflowed else rate < 5
    assert all(loss == np.inf for loss in losses[len(losses) - len(overflowed):])


def test_chapter_4_exercise_1_solution_states_what_the_runs_do():
    """The solution's numbers: after 100 steps 0.1, 0.5 and 1 end low (1 lowest, after rising to 0.421),
    1.5 ends near 9e153; every rate up to 1.26 ends low, and above it the outcome flips (1.265 ends
    18-fold up, 1.27 diverges, 1.285 ends low again) until every rate from 1.29 on diverges."""
    runs = {rate: nnlib.exercises.xor_losses(rate) for rate in (0.1, 0.5, 1.0, 1.5)}
    assert [f"{runs[rate][-1]:.3g}" for rate in (0.1, 0.5, 1.0)] == ["0.125", "0.0646", "0.0142"]
    assert f"{runs[0.5][0]:.3g} {max(runs[1.0]):.3g}" == "0.355 0.421"
    assert f"{runs[1.5][-1]:.0e}" == "9e+153"
    for rate in np.arange(0.01, 1.265, 0.01):
        losses = nnlib.exercises.xor_losses(float(rate))
        assert losses[-1] < losses[0], rate
    flips = [exercises.check_diverging_learning_rate(rate).correct for rate in (1.265, 1.27, 1.285, 1.29)]
    assert flips == [False, True, False, True]
    for rate in np.arange(1.29, 12.0, 0.05):
        assert exercises.check_diverging_learning_rate(float(rate)).correct, rate


def test_the_divergence_messages_say_what_happened():
    losses = nnlib.exercises.xor_losses(10.0)
    first_inf = losses.index(np.inf)
    assert first_inf == 93 and max(losses[:first_inf]) > 1e306  # 93 steps, then the 94th overflows
    feedback = exercises.check_diverging_learning_rate(10)
    assert feedback.correct and "to 1.36e+307, and after 93 steps the numbers overflowed" in feedback.text, feedback.message
    at_once = exercises.check_diverging_learning_rate(1e300)
    assert at_once.correct and "the very first step made the numbers overflow" in at_once.text, at_once.message
    slow = exercises.check_diverging_learning_rate(2)
    assert slow.correct and "in 100 steps" in slow.text and "4.58e+184" in slow.text, slow.message
