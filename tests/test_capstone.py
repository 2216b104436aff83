"""Chapter 6's capstone: the reader's whole network. Every solution passes, every classic slip fails
with a hint that names it, the checks never raise, the cells after an unanswered exercise say what
they need, and the training check's threshold holds for a right train on every calibration seed."""

import json
import re

import numpy as np
import pytest

import nnlib
from conftest import BOOK
from nnlib import exercises
from nnlib.exercises import capstone, chapter6
from test_exercises import exercises_in

NOTEBOOK = BOOK / "06_build_it_yourself.ipynb"
EXERCISES = exercises_in(NOTEBOOK)
NAMES = ["init_params", "forward", "loss", "backward", "train"]


def solutions():
    """The notebook's five solutions, run in one namespace, as a reader who answered them all."""
    namespace = {"np": np, "nnlib": nnlib}
    for exercise, _, _, solution in EXERCISES:
        exec(exercise, namespace)
        exec(solution, namespace)
    return namespace


RIGHT = solutions()


def with_slip(name, source):
    """The solutions, with function `name` replaced by `source`, in a namespace of their own (so that the
    other functions, `train` above all, call the replacement)."""
    namespace = solutions()
    exec(source, namespace)
    return namespace


def test_the_chapter_has_the_five_exercises_in_order():
    assert [(name, variable) for _, name, variable, _ in EXERCISES] == [
        ("check_capstone_init", "init_params"), ("check_capstone_forward", "forward"),
        ("check_capstone_loss", "loss"), ("check_capstone_backward", "backward"),
        ("check_capstone_training", "train")]
    assert list(exercises.CHECKERS[6]) == [getattr(exercises, name) for _, name, _, _ in EXERCISES]


@pytest.mark.parametrize("name", NAMES)
def test_each_solution_passes_its_check(name):
    check = chapter6._CHECKS[name][1]
    feedback = check(RIGHT[name])
    assert feedback.correct and feedback.message.startswith("Correct!"), feedback.message


def test_the_training_check_says_how_long_it_took():
    chapter6._PASSED.clear()
    feedback = exercises.check_capstone_training(RIGHT["train"])
    assert feedback.correct and re.search(r"that took \d+\.\d s\.$", feedback.text), feedback.message


# ---- classic slips, each named ------------------------------------------------------------------------------

INIT = "def init_params(n_in, n_hidden, n_out, rng):\n    return {{{}}}\n"
RIGHT_INIT = {"W1": "rng.normal(0, np.sqrt(2 / n_in), (n_in, n_hidden))", "b1": "np.zeros(n_hidden)",
              "W2": "rng.normal(0, np.sqrt(2 / n_hidden), (n_hidden, n_out))", "b2": "np.zeros(n_out)"}


def init(**changes):
    parts = {**RIGHT_INIT, **changes}
    return INIT.format(", ".join(f'"{key}": {value}' for key, value in parts.items()))


FORWARD = '''
def forward(params, X):
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    Z1 = {Z1}
    H = {H}
    Z2 = {Z2}
    E = {E}
    P = {P}
    return {ret}
'''
RIGHT_FORWARD = {"Z1": "X @ W1 + b1", "H": "np.maximum(0, Z1)", "Z2": "H @ W2 + b2",
                 "E": "np.exp(Z2 - Z2.max(axis=1, keepdims=True))", "P": "E / E.sum(axis=1, keepdims=True)",
                 "ret": 'P, {"X": X, "Z1": Z1, "H": H, "P": P}'}


def forward(**changes):
    return FORWARD.format(**{**RIGHT_FORWARD, **changes})


BACKWARD = '''
def backward(params, cache, Y):
    X, Z1, H, P = cache["X"], cache["Z1"], cache["H"], cache["P"]
    n = len(X)
    dZ2 = {dZ2}
    dW2 = {dW2}
    db2 = {db2}
    dH = {dH}
    dZ1 = {dZ1}
    dW1 = {dW1}
    db1 = {db1}
    return {{"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}}
'''
RIGHT_BACKWARD = {"dZ2": "(P - Y) / n", "dW2": "H.T @ dZ2", "db2": "dZ2.sum(axis=0)", "dH": 'dZ2 @ params["W2"].T',
                  "dZ1": "dH * (Z1 > 0)", "dW1": "X.T @ dZ1", "db1": "dZ1.sum(axis=0)"}


def backward(**changes):
    return BACKWARD.format(**{**RIGHT_BACKWARD, **changes})


TRAIN = '''
def train(X, labels, n_hidden, learning_rate, epochs, batch_size, rng):
    n, n_in = X.shape
    n_out = labels.max() + 1
    Y = np.eye(n_out)[labels]
    params = init_params(n_in, n_hidden, n_out, rng)
    for epoch in range(epochs):
        order = {order}
        for start in range(0, n, batch_size):
            batch = order[start:start + batch_size]
            P, cache = forward(params, X[batch])
            grads = {grads}
            for key in params:
                params[key] = {step}
    return params
'''
RIGHT_TRAIN = {"order": "rng.permutation(n)", "grads": "backward(params, cache, Y[batch])",
               "step": "params[key] - learning_rate * grads[key]"}


def train(**changes):
    return TRAIN.format(**{**RIGHT_TRAIN, **changes})


SLIPS = [
    # init_params
    ("init_params", init(W1="rng.normal(0, np.sqrt(1 / n_in), (n_in, n_hidden))"), "Xavier"),
    ("init_params", init(W2="rng.normal(0, 2 / n_hidden, (n_hidden, n_out))"), "the variance"),
    ("init_params", init(W1="rng.normal(0, 1, (n_in, n_hidden))"), "standard normal"),
    ("init_params", init(W1="rng.normal(0, np.sqrt(2 / n_hidden), (n_in, n_hidden))"), "outputs, not its inputs"),
    ("init_params", init(W1="rng.normal(0, np.sqrt(2 / n_in), (n_hidden, n_in))"), "transposed"),
    ("init_params", init(b1="np.zeros((1, n_hidden))"), "shape (1, 5)"),
    ("init_params", init(b2="rng.normal(0, 0.1, n_out)"), "b2 is not all zeros"),
    ("init_params", init(W1="np.random.normal(0, np.sqrt(2 / n_in), (n_in, n_hidden))"), "same rng seed"),
    ("init_params", init().replace("return {", "return ({").replace("}\n", "},)\n"), "a dict"),
    ("init_params", "def init_params(n_in, n_hidden, n_out, rng):\n    return {'W1': 0, 'b1': 0}\n", "'W2'"),
    # forward
    ("forward", forward(H="Z1"), "no ReLU"),
    ("forward", forward(Z1="X @ W1"), "forgot the bias b1"),
    ("forward", forward(Z2="H @ W2"), "forgot the bias b2"),
    ("forward", forward(Z1="X @ (W1.T if W1.shape[0] == W1.shape[1] else W1) + b1"), "transposed product"),
    ("forward", forward(Z2="np.maximum(0, H @ W2 + b2)"), "ReLU on the scores"),
    ("forward", forward(ret='Z2, {"X": X, "Z1": Z1, "H": H, "P": Z2}'), "the scores Z2"),
    ("forward", forward(P="E / E.sum(axis=0)"), "each column sums to 1"),
    ("forward", forward(P="E / E.sum()"), "all entries together"),
    ("forward", forward(E="np.exp(Z2)"), "no max-shift"),
    ("forward", forward(E="np.exp(Z2 - Z2.max())"), "whole batch"),
    ("forward", forward(ret="P"), "two things"),
    ("forward", forward(ret='P, {"X": X, "Z1": H, "H": H, "P": P}'), 'cache["Z1"]'),
    ("forward", forward(ret='P, {"X": X, "H": H, "P": P}'), "no 'Z1'"),
    ("forward", forward(ret='P, (X, Z1, H, P)'), "a dict with the keys"),
    ("forward", forward(Z1="X @ W1 + np.add(b1, 1.0, out=b1) - 1.0"), "in place"),
    # loss
    ("loss", "def loss(P, Y):\n    return -np.sum(np.log(np.sum(P * Y, axis=1)))\n", "a sum where a mean is meant"),
    ("loss", "def loss(P, Y):\n    return -np.mean(Y * np.log(P + 1e-300))\n", "every entry"),
    ("loss", "def loss(P, Y):\n    return -np.mean(np.log10(np.sum(P * Y, axis=1)))\n", "log10"),
    ("loss", "def loss(P, Y):\n    return -np.log(np.sum(P * Y, axis=1))\n", "each sample's loss"),
    ("loss", "def loss(P, Y):\n    return -np.sum(Y * np.log(P)) / len(P)\n", "0 * log(0)"),
    ("loss", "def loss(P, Y):\n    return np.mean(np.log(np.sum(P * Y, axis=1)))\n", "sign is flipped"),
    ("loss", "def loss(P, Y):\n    return -np.mean(np.sum(Y * np.log(P) + (1 - Y) * np.log(1 - P + 1e-300), axis=1))\n",
     "binary cross-entropy"),
    # backward
    ("backward", backward(dZ2="P - Y"), "the 1/n is missing"),
    ("backward", backward(dW2="H.T @ dZ2 / n", db2="dZ2.sum(axis=0) / n", dW1="X.T @ dZ1 / n",
                          db1="dZ1.sum(axis=0) / n"), "divided by n twice"),
    ("backward", backward(dZ1="dH"), "relu' is missing"),
    ("backward", backward(dZ1="dH * (Z1 >= 0)"), "relu'(0) is taken as 1"),
    ("backward", backward(dH='dZ2 @ params["W2"] if params["W2"].shape[0] == params["W2"].shape[1] '
                             'else dZ2 @ params["W2"].T'), "transposed product"),
    ("backward", backward(dH='dZ2 @ params["W2"]'), "dZ2 @ W2 is (5, 2) by (4, 2); the gradient reaching the hidden "
     "layer is dH = dZ2 W2^T, (5, 2) by (2, 4)"),
    ("backward", backward(dW2="H @ dZ2"), "dW2 = H^T dZ2, (4, 5) by (5, 2)"),
    ("backward", backward(dW1="X @ dZ1"), "dW1 = X^T dZ1, (3, 5) by (5, 4)"),
    ("backward", backward(dW1="dZ1 @ X"), "a product's shapes don't match"),
    ("forward", forward(Z1="X @ W1.T + b1"), "the layer is Z1 = X W1, (5, 3) by (3, 4)"),
    ("forward", forward(Z2="W2 @ H + b2"), "the scores are Z2 = H W2, (5, 4) by (4, 2)"),
    ("forward", forward(P="E / E.sum(axis=1)"), "without keepdims"),
    ("forward", forward(E="np.exp(Z2 - Z2.max(axis=1))"), "without keepdims"),
    ("backward", backward(db1="np.sum(dZ1)"), "the same bias gradient"),
    ("backward", backward(db2="np.full(dZ2.shape[1], np.sum(dZ2))"), "the same bias gradient"),
    ("backward", backward(db1="dZ1.sum(axis=1)"), "summed over the wrong axis"),
    ("backward", backward(db2="dZ2.mean(axis=0)"), "a mean where a sum is meant"),
    ("backward", backward(dW2="dZ2.T @ H"), "dW2 is transposed"),
    ("backward", backward(dZ2="(Y - P) / n"), "sign is flipped"),
    ("backward", backward(dZ1="np.multiply(dH, Z1 > 0, out=Z1)"), "in place"),
    ("backward", backward(dZ2='(cache["A2"] - Y) / n'), "the keys X, Z1, H, P"),
    # train
    ("train", train(order="np.arange(n)"), "shuffled the samples never"),
    ("train", train(order="np.random.permutation(n)"), "shuffled the samples never"),
    ("train", train(step="params[key] + learning_rate * grads[key]"), "training diverged"),
    ("train", train(step="params[key] - 1e-6 * grads[key]"), "learned nearly nothing"),
    ("train", train(grads="{k: g * len(batch) for k, g in backward(params, cache, Y[batch]).items()}"),
     "below the 90%"),
    ("train", train(grads="{k: g / len(batch) for k, g in backward(params, cache, Y[batch]).items()}"),
     "below the 90%"),
    ("train", "def train(X, labels, n_hidden, learning_rate, epochs, batch_size, rng):\n"
              "    net = nnlib.Network.random([2, n_hidden, 2], ['relu', 'identity'], rng)\n"
              "    nnlib.train(net, X, nnlib.one_hot(labels), epochs, learning_rate, batch_size, rng)\n"
              "    return dict(zip(['W1', 'b1', 'W2', 'b2'], net.parameters()))\n", "NumPy only"),
]


@pytest.mark.parametrize("name, source, phrase", SLIPS, ids=[f"{n}-{k}" for k, (n, *_) in enumerate(SLIPS)])
def test_each_slip_is_named(name, source, phrase):
    feedback = chapter6._CHECKS[name][1](with_slip(name, source)[name])
    assert feedback.status == "wrong" and phrase in feedback.message, feedback.message
    assert feedback.message.startswith("Not quite:") and "Hint:" in feedback.message
    assert "could not read" not in feedback.message


@pytest.mark.parametrize("name, source, phrase", [
    ("backward", backward(dZ2="P - Y"), "1/n is missing"),
    ("backward", backward(dZ1="dH"), "relu' is missing"),
    ("backward", backward(dZ1="dH * (Z1 >= 0)"), "relu'(0) is taken as 1"),
    ("forward", forward(E="np.exp(Z2)"), "no max-shift"),
    ("backward", backward(db2="dZ2.mean(axis=0)", db1="dZ1.mean(axis=0)"), "a mean where a sum is meant"),
])
def test_the_training_check_first_checks_the_functions_train_calls(name, source, phrase):
    feedback = exercises.check_capstone_training(with_slip(name, source)["train"])
    assert feedback.status == "wrong" and f"`train` calls your `{name}`" in feedback.text, feedback.message
    assert phrase in feedback.text, feedback.message


def test_a_product_whose_shapes_do_not_match_is_named_with_its_line():
    """The learner's line, as IPython shows it, and the product meant, not numpy's gufunc signature."""
    source = backward(dH='dZ2 @ params["W2"]')
    namespace = with_slip("backward", "")
    exec(compile(source, remembered(source, "<ipython-input-4-0a1b2c3d4e5f>"), "exec"), namespace)
    feedback = exercises.check_capstone_backward(namespace["backward"])
    assert feedback.status == "wrong" and "gufunc" not in feedback.message, feedback.message
    assert ('a product\'s shapes don\'t match, at line 8 of your cell, in `backward`: `dH = dZ2 @ params["W2"]`. '
            "dZ2 @ W2 is (5, 2) by (4, 2)") in feedback.text, feedback.message
    # a product the check does not know: the shapes of every array, and numpy's words
    source = backward(dW1="dZ1 @ X")
    exec(compile(source, remembered(source, "<ipython-input-5-0a1b2c3d4e5f>"), "exec"), namespace)
    feedback = exercises.check_capstone_backward(namespace["backward"])
    assert "at line 10 of your cell, in `backward`: `dW1 = dZ1 @ X` (numpy says: " in feedback.text, feedback.message
    assert "X (5, 3), W1 (3, 4)" in feedback.hint and "X^T" not in feedback.text, feedback.message


def remembered(source, filename):
    """`filename`, with `source` in linecache as IPython keeps a cell's code (so tracebacks show its lines)."""
    import linecache
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    return filename


@pytest.mark.parametrize("filename", ["<ipython-input-12-0a1b2c3d4e5f>", "/tmp/ipykernel_4242/2157043910.py"])
def test_an_error_in_the_learners_function_says_its_line(filename):
    """IPython names a cell's file "<ipython-input-...>", ipykernel ".../ipykernel_.../....py"."""
    source = "def loss(P, Y):\n    n = len(P)\n    return -np.mean(np.log(P[np.arange(n), Y]))\n"
    namespace = {"np": np}
    exec(compile(source, remembered(source, filename), "exec"), namespace)
    feedback = exercises.check_capstone_loss(namespace["loss"])
    assert "raised IndexError at line 3 of your cell, in `loss`: " in feedback.text, feedback.message
    namespace = solutions()  # an error in train, in the learner's backward that it calls
    source = TRAIN.format(**{**RIGHT_TRAIN, "grads": "backward(params, cache, Y)"})
    exec(compile(source, remembered(source, filename), "exec"), namespace)
    feedback = exercises.check_capstone_training(namespace["train"])
    assert "on the spirals raised ValueError at line " in feedback.text, feedback.message
    assert ", in `backward`: operands could not be broadcast" in feedback.text, feedback.message


def test_an_error_in_a_real_ipython_cell_says_its_line():
    """The same, in IPython's own shell (as in JupyterLab and in the website's Python): line 3 of the cell."""
    from IPython.core.interactiveshell import InteractiveShell
    shell = InteractiveShell.instance()
    try:
        shell.run_cell("import numpy as np\nimport nnlib\ndef loss(P, Y):\n    return P[0, 0] + undefined_name\n"
                       "feedback = nnlib.exercises.check_capstone_loss(loss)", store_history=True)
        feedback = shell.user_ns["feedback"]
    finally:
        InteractiveShell.clear_instance()
    assert "raised NameError at line 4 of your cell, in `loss`: name 'undefined_name'" in feedback.text, \
        feedback.message


def test_the_backward_check_also_reports_central_differences():
    feedback = exercises.check_capstone_backward(with_slip("backward", backward(dZ1="dH"))["backward"])
    error = float(re.search(r"central differences is ([\d.e+-]+)", feedback.text).group(1))
    assert error > 1e-2, feedback.message
    assert "central differences (largest error" in exercises.check_capstone_backward(RIGHT["backward"]).text


@pytest.mark.parametrize("call", ["permutation(10)", "permutation(np.arange(10))", "shuffle(np.arange(10))",
                                  "permuted(np.arange(10))", "choice(10, 10, replace=False)", "choice(10, 3)",
                                  "integers(0, 10, 5)"])
def test_the_shuffle_counter_counts_each_call_once(call):
    """numpy's permutation calls shuffle inside it (and choice, integers): one call of the learner's is one."""
    rng = capstone.ShuffleCounter(0)
    eval(f"rng.{call}", {"rng": rng, "np": np})
    assert rng.shuffles == 1
    assert np.array_equal(capstone.ShuffleCounter(5).permutation(10), np.random.default_rng(5).permutation(10))


ONCE = TRAIN.replace("    for epoch in range(epochs):\n        order = {order}\n",
                     "    order = rng.permutation(n)\n    for epoch in range(epochs):\n").format(**RIGHT_TRAIN)
EVERY_OTHER = train(order="rng.permutation(n) if epoch % 2 == 0 else order")
SHUFFLED_INDICES = train(order="np.arange(n)\n        rng.shuffle(order)")


@pytest.mark.parametrize("source, said", [(ONCE, "shuffled the samples once with the rng it was given, in 300 epochs"),
                                          (EVERY_OTHER, "shuffled the samples 150 times with the rng it was given")])
def test_a_train_that_does_not_shuffle_every_epoch_fails_with_the_count(source, said):
    assert "order = rng.permutation(n)\n    for epoch" in ONCE
    chapter6._PASSED.clear()
    feedback = exercises.check_capstone_training(with_slip("train", source)["train"])
    assert feedback.status == "wrong" and said in feedback.text, feedback.message


@pytest.mark.parametrize("source", [train(), SHUFFLED_INDICES], ids=["permutation", "shuffle"])
def test_a_train_that_shuffles_every_epoch_passes(source):
    chapter6._PASSED.clear()
    feedback = exercises.check_capstone_training(with_slip("train", source)["train"])
    assert feedback.correct, feedback.message


def test_the_hidden_networks_reach_the_cases_they_claim():
    cases = capstone.hidden_networks()
    assert [len(X) for _, X, _, _ in cases][2] == 1  # a batch of 1
    params, X, Y, _ = cases[-1]
    Z2, cache = capstone.reference_forward(params, X)
    assert np.abs(Z2).max() > 1000 and Z2[0].max() < -900 and Z2[1:].max(axis=1).min() > 709  # overflow, underflow
    assert (cache["P"] == 0).any() and (cache["P"] == 1).any()
    for params, X, Y, what in cases[:3]:  # some hidden neurons off, so that relu' matters
        Z1 = capstone.reference_forward(params, X)[1]["Z1"]
        assert (Z1 < 0).any() and (Z1 > 0).any(), what
    numeric, _ = capstone.numeric_gradients(*cases[0][:3])
    right = capstone.reference_gradients(cases[0][0], capstone.reference_forward(*cases[0][:2])[1], cases[0][2])
    assert all(np.allclose(numeric[k], right[k], rtol=1e-6, atol=1e-9) for k in capstone.KEYS)


def test_the_checks_data_are_the_chapters_spirals():
    X, labels, X_test, labels_test, rng = capstone.training_run(0)
    data = np.random.default_rng(0)
    assert np.array_equal(X, nnlib.data.spirals(200, noise=0.05, rng=data)[0])
    assert np.array_equal(X_test, nnlib.data.spirals(400, noise=0.05, rng=data)[0])
    assert rng.normal() == np.random.default_rng(1000).normal()


# ---- before the exercises are answered ----------------------------------------------------------------------

def code_cells():
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    return [("".join(cell["source"]), cell) for cell in cells if cell["cell_type"] == "code"]


def test_every_cell_runs_after_the_setup_cell_alone_and_says_what_it_needs(capsys):
    """The live page runs the setup cell, then one cell: nothing may fail, and a cell that needs the
    reader's functions says so."""
    (setup, _), *others = code_cells()
    for source, cell in others:
        if "remove-output" in cell["metadata"].get("tags", []) or "training_replay" in source:
            continue  # the explorer and the replay need nothing of the reader's (and take seconds)
        namespace = {}
        exec(setup, namespace)
        exec(source, namespace)
        printed = capsys.readouterr().out
        if "capstone_ready" in source:
            assert "This cell needs your functions" in printed and "not answered yet" in printed, source


def test_the_stored_notebook_shows_what_each_waiting_cell_needs():
    for source, cell in code_cells():
        text = "".join("".join(output.get("text", "")) for output in cell["outputs"])
        if "capstone_ready" in source:
            assert text.startswith("This cell needs your functions from the exercises above:"), text
        assert all(len(line) <= 80 for line in source.splitlines() + text.splitlines()), source


def test_cells_after_the_exercises_run_with_the_solutions(capsys):
    """With the five solutions: the gradient table, the epoch side by side, the spirals and the digits."""
    chapter6._PASSED.clear()
    namespace = {}
    exec(code_cells()[0][0], namespace)  # the setup cell, then the exercises answered
    for exercise, _, _, solution in EXERCISES:
        exec(exercise, namespace)
        exec(solution, namespace)
    for source, cell in code_cells()[1:]:
        if "capstone_ready" in source:
            exec(source, namespace)
    printed = capsys.readouterr().out
    assert "This cell needs" not in printed and "The same network, to 1e-12." in printed, printed
    rows = [line.split() for line in printed.splitlines() if re.match(r"d(W|b)[12] ", line)]
    assert len(rows) == 4 and all(float(row[3]) < 1e-12 and float(row[4]) < 1e-6 for row in rows), printed
    accuracy = float(re.search(r"held-out accuracy: ([\d.]+)%", printed).group(1))
    assert accuracy >= 95 and "goal reached" in printed, printed
    assert namespace["fig"] is not None and "your network" in namespace["fig"].axes[0].get_title()


def test_capstone_ready_says_what_it_needs_and_rejects_unknown_names(capsys):
    assert exercises.capstone_ready(forward=RIGHT["forward"], backward=RIGHT["backward"])
    assert not exercises.capstone_ready(forward=None, backward=with_slip("backward", backward(dZ1="dH"))["backward"])
    printed = capsys.readouterr().out
    assert "forward (exercise 2): not answered yet" in printed
    assert "backward (exercise 4): does not pass its check yet" in printed
    with pytest.raises(TypeError, match="capstone_ready expected functions named"):
        exercises.capstone_ready(softmax=RIGHT["forward"])
    with pytest.raises(ValueError, match="got none for W2, b2"):
        exercises.capstone_network({"W1": np.ones((2, 2)), "b1": np.zeros(2)})


@pytest.mark.parametrize("missing, said", [("init_params", "not defined: run exercise 1's cell"),
                                           ("backward", "still None: write it in exercise 4")])
def test_a_train_whose_helpers_are_missing_is_unanswered(missing, said):
    namespace = solutions()
    if said.startswith("still None"):
        namespace[missing] = None
    else:
        del namespace[missing]
    exec(TRAIN.format(**RIGHT_TRAIN), namespace)
    feedback = exercises.check_capstone_training(namespace["train"])
    assert feedback.status == "unanswered" and said in feedback.text, feedback.message


# ---- calibration: the threshold holds for a right train on every seed --------------------------------------

CALIBRATED = {  # CALIBRATION's rows: how each version of train differs from the right one
    "right": {},
    "no shuffling": {"train": train(order="np.arange(n)")},
    "a forgotten relu'": {"backward": backward(dZ1="dH")},
    "the 1/n missing": {"backward": backward(dZ2="P - Y")},
    "1/n twice": {"backward": backward(dW2="H.T @ dZ2 / n", db2="dZ2.sum(axis=0) / n", dW1="X.T @ dZ1 / n",
                                       db1="dZ1.sum(axis=0) / n")},
    "bias: np.sum(dZ)": {"backward": backward(db1="np.sum(dZ1)", db2="np.sum(dZ2)")},
    "bias: dZ.mean(axis=0)": {"backward": backward(db1="dZ1.mean(axis=0)", db2="dZ2.mean(axis=0)")},
    "no max-shift": {"forward": forward(E="np.exp(Z2)")},
    "a transposed product": {"backward": backward(dH='dZ2 @ params["W2"]')},
    "bias: dZ.sum(axis=1)": {"backward": backward(db1="dZ1.sum(axis=1)", db2="dZ2.sum(axis=1)")},
}


def calibrate(changes, seeds=range(20)):
    """(lowest, median, highest) held-out accuracy over `seeds` and how many reach PASS_ACCURACY, or None if
    training raises."""
    namespace = solutions()
    for source in changes.values():
        exec(source, namespace)
    accuracies = []
    for seed in seeds:
        X, labels, X_test, labels_test, rng = capstone.training_run(seed)
        try:
            with np.errstate(all="ignore"):
                params = namespace["train"](X, labels, **capstone.TRAINING, rng=rng)
        except ValueError:
            return None
        accuracies.append(capstone.accuracy(params, X_test, labels_test))
    stats = float(np.min(accuracies)), float(np.median(accuracies)), float(np.max(accuracies))
    return stats, int(np.sum(np.array(accuracies) >= capstone.PASS_ACCURACY))


def test_the_calibration_table_is_what_training_gives():
    """Every row of CALIBRATION, recomputed over the 20 seeds (about a minute: 160 training runs)."""
    assert [row[0] for row in capstone.CALIBRATION] == list(CALIBRATED)
    for name, *stored, reaching, caught in capstone.CALIBRATION:
        measured = calibrate(CALIBRATED[name])
        if measured is None or stored[0] is None:
            assert measured is None and stored == [None, None, None] and reaching is None, (name, measured)
        else:
            assert np.allclose(measured[0], stored, atol=0.0025 + 1e-9), (name, measured)  # one point of 400
            assert measured[1] == reaching, (name, measured)


def test_the_threshold_passes_a_right_train_on_every_seed_and_every_slip_fails_the_check():
    rows = {name: (stats, reaching, caught) for name, *stats, reaching, caught in capstone.CALIBRATION}
    assert rows["right"][0][0] >= capstone.PASS_ACCURACY + 0.05 and rows["right"][1] == 20  # a margin on every seed
    for name, (stats, reaching, caught) in rows.items():
        if caught.startswith("accuracy"):
            assert stats[2] <= capstone.PASS_ACCURACY - 0.1 and reaching == 0, name
    # and each slip fails the whole check, as the last column says
    for name, changes in CALIBRATED.items():
        chapter6._PASSED.clear()
        namespace = solutions()
        for source in changes.values():
            exec(source, namespace)
        feedback = exercises.check_capstone_training(namespace["train"])
        assert feedback.correct == (name == "right"), (name, feedback.message)
        caught = rows[name][2]
        expected = {"the count of shuffles": "shuffled", "forward's check": "`train` calls your `forward`"}.get(
            caught, "`train` calls your `backward`")
        assert name == "right" or expected in feedback.text, (name, feedback.message)


def test_the_gradient_check_cell_runs_for_a_wrong_backward_of_the_right_shapes(capsys):
    """A self-check is for finding a slip: the cell shows a forgotten relu' in both columns."""
    namespace = {}
    exec(code_cells()[0][0], namespace)
    for exercise, _, _, solution in EXERCISES[:4]:
        exec(exercise, namespace)
        exec(solution, namespace)
    exec(backward(dZ1="dH"), namespace)
    cell = next(source for source, _ in code_cells() if "gradcheck" in source)
    exec(cell, namespace)
    printed = capsys.readouterr().out
    rows = {line.split()[0]: line.split() for line in printed.splitlines() if re.match(r"d(W|b)[12] ", line)}
    assert "does not pass its check yet: here is where it differs" in printed, printed
    assert float(rows["dW1"][3]) > 1e-3 and float(rows["dW1"][4]) > 1e-3, printed  # off in both columns
    assert float(rows["dW2"][3]) < 1e-12 and float(rows["dW2"][4]) < 1e-6, printed  # the output layer is right
    exec(backward(dW2="dZ2.T @ H"), namespace)  # wrong shapes: the cell waits instead of failing
    exec(cell, namespace)
    assert "backward (exercise 4): does not pass its check yet" in capsys.readouterr().out
