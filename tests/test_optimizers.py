"""nnlib.optimizers against PyTorch, step for step; train(optimizer=..., early_stopping=...); bad arguments."""
import numpy as np
import pytest

import nnlib
from nnlib.optimizers import SGD, Adam

torch = pytest.importorskip("torch")  # pinned in requirements-dev.txt: in `make test` and CI it is there

SIZES, ACTIVATIONS = [5, 8, 6, 3], ["tanh", "relu", "identity"]


def data(rng, n=40):
    X = rng.normal(size=(n, SIZES[0]))
    return X, nnlib.one_hot(rng.integers(0, SIZES[-1], size=n), SIZES[-1])


def torch_twin(network):
    """A float64 torch.nn.Sequential with `network`'s weights (torch keeps W transposed)."""
    layers = []
    for layer in network.layers:
        linear = torch.nn.Linear(layer.n_inputs, layer.n_neurons).double()
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(layer.weights.T.copy()))
            linear.bias.copy_(torch.from_numpy(layer.bias.copy()))
        layers.append(linear)
        layers += {"tanh": [torch.nn.Tanh()], "relu": [torch.nn.ReLU()], "identity": []}[layer.activation]
    return torch.nn.Sequential(*layers)


def torch_parameters(model):
    linears = [m for m in model if isinstance(m, torch.nn.Linear)]
    return [p for m in linears for p in (m.weight.detach().numpy().T, m.bias.detach().numpy())]


def torch_optimizer(kind, model, weight_decay, **options):
    weights = [m.weight for m in model if isinstance(m, torch.nn.Linear)]
    biases = [m.bias for m in model if isinstance(m, torch.nn.Linear)]
    groups = [{"params": weights, "weight_decay": weight_decay}, {"params": biases, "weight_decay": 0.0}]
    return getattr(torch.optim, kind)(groups, **options)


CASES = [
    ("SGD", dict(lr=0.1, momentum=0.9), dict(learning_rate=0.1, momentum=0.9)),
    ("SGD", dict(lr=0.05, momentum=0.5), dict(learning_rate=0.05, momentum=0.5)),
    ("SGD", dict(lr=0.2), dict(learning_rate=0.2)),
    ("Adam", dict(lr=0.01), dict(learning_rate=0.01)),
    ("Adam", dict(lr=0.003, betas=(0.8, 0.99), eps=1e-6), dict(learning_rate=0.003, beta1=0.8, beta2=0.99,
                                                                epsilon=1e-6)),
]


@pytest.mark.parametrize("weight_decay", [0.0, 0.01])
@pytest.mark.parametrize("kind, torch_options, options", CASES, ids=[f"{c[0]}-{k}" for k, c in enumerate(CASES)])
def test_optimizers_follow_pytorch_step_for_step(kind, torch_options, options, weight_decay):
    rng = np.random.default_rng(0)
    network = nnlib.Network.random(SIZES, ACTIVATIONS, rng, loss="softmax_cross_entropy")
    model = torch_twin(network)
    ours = getattr(nnlib.optimizers, kind)(**options, weight_decay=weight_decay)
    theirs = torch_optimizer(kind, model, weight_decay, **torch_options)
    X, Y = data(rng, 200)
    worst = 0.0
    for step in range(300):
        batch = rng.choice(len(X), size=16, replace=False)
        network.forward(X[batch])
        network.backward(Y[batch])
        ours.step(network)
        theirs.zero_grad()
        scores = model(torch.from_numpy(X[batch]))
        torch.nn.functional.cross_entropy(scores, torch.from_numpy(Y[batch].argmax(axis=1))).backward()
        theirs.step()
        worst = max(worst, max(np.abs(a - b).max() for a, b in zip(network.parameters(), torch_parameters(model))))
    assert worst < 1e-9
    assert ours.steps == 300
    # and it did train: the parameters moved far more than the disagreement
    start = nnlib.Network.random(SIZES, ACTIVATIONS, np.random.default_rng(0))
    assert max(np.abs(a - b).max() for a, b in zip(network.parameters(), start.parameters())) > 0.05


def test_sgd_without_momentum_is_train_step():
    rng = np.random.default_rng(1)
    network = nnlib.Network.random(SIZES, ACTIVATIONS, rng, loss="softmax_cross_entropy")
    twin, optimizer = network.copy(), SGD(0.3)
    X, Y = data(rng)
    for _ in range(20):
        network.train_step(X, Y, 0.3)
        twin.forward(X)
        twin.backward(Y)
        optimizer.step(twin)
    assert all(np.array_equal(a, b) for a, b in zip(network.parameters(), twin.parameters()))


def test_train_with_an_optimizer_is_the_loop_written_out():
    rng = np.random.default_rng(2)
    network = nnlib.Network.random(SIZES, ACTIVATIONS, rng, loss="softmax_cross_entropy")
    twin = network.copy()
    X, Y = data(rng)
    history = nnlib.train(network, X, Y, epochs=5, batch_size=8, rng=np.random.default_rng(3),
                          optimizer=Adam(0.01))
    optimizer, shuffle = Adam(0.01), np.random.default_rng(3)
    for _ in range(5):
        for X_batch, Y_batch in nnlib.batches(X, Y, 8, shuffle):
            twin.forward(X_batch)
            twin.backward(Y_batch)
            optimizer.step(twin)
    assert all(np.array_equal(a, b) for a, b in zip(network.parameters(), twin.parameters()))
    assert history.loss[-1] < history.loss[0]


def test_default_train_is_unchanged_by_the_optimizer_path():
    rng = np.random.default_rng(4)
    network = nnlib.Network.random(SIZES, ACTIVATIONS, rng, loss="softmax_cross_entropy")
    twin = network.copy()
    X, Y = data(rng)
    first = nnlib.train(network, X, Y, 4, 0.2, batch_size=8, rng=np.random.default_rng(5))
    second = nnlib.train(twin, X, Y, 4, batch_size=8, rng=np.random.default_rng(5), optimizer=SGD(0.2))
    assert first.loss == second.loss
    assert all(np.array_equal(a, b) for a, b in zip(network.parameters(), twin.parameters()))


def test_weight_decay_shrinks_weights_not_biases():
    layer = nnlib.Dense(np.full((2, 2), 2.0), np.full(2, 2.0), "identity")
    network = nnlib.Network([layer])
    network.forward(np.zeros((1, 2)))
    network.backward(np.array([[2.0, 2.0]]))  # a perfect prediction: every gradient is 0
    SGD(0.1, weight_decay=0.5).step(network)
    assert np.allclose(layer.weights, 2.0 - 0.1 * 0.5 * 2.0) and np.array_equal(layer.bias, [2.0, 2.0])


def test_pytorchs_own_weight_decay_decays_the_biases_too_nnlibs_only_the_weights():
    # why the step-for-step test gives PyTorch the biases in a group of their own, with weight_decay=0
    network = nnlib.Network([nnlib.Dense(np.full((2, 2), 2.0), np.full(2, 2.0), "identity")])
    X, y = np.zeros((1, 2)), np.array([[2.0, 2.0]])  # a perfect prediction: every gradient is 0
    network.forward(X)
    network.backward(y)
    SGD(0.1, weight_decay=0.5).step(network)
    after = {}
    for name, make in [("all", lambda model: torch.optim.SGD(model.parameters(), lr=0.1, weight_decay=0.5)),
                       ("groups", lambda model: torch_optimizer("SGD", model, 0.5, lr=0.1))]:
        model = torch_twin(nnlib.Network([nnlib.Dense(np.full((2, 2), 2.0), np.full(2, 2.0), "identity")]))
        optimizer = make(model)
        torch.nn.functional.mse_loss(model(torch.from_numpy(X)), torch.from_numpy(y)).backward()
        optimizer.step()
        after[name] = torch_parameters(model)
    decayed = 2.0 - 0.1 * 0.5 * 2.0
    assert np.allclose(after["all"][0], decayed) and np.allclose(after["all"][1], decayed)  # biases too
    assert all(np.array_equal(a, b) for a, b in zip(after["groups"], network.parameters()))
    assert np.allclose(network.layers[0].weights, decayed) and np.array_equal(network.layers[0].bias, [2.0, 2.0])


def test_momentum_on_a_constant_gradient_approaches_one_over_one_minus_momentum():
    network = nnlib.Network([nnlib.Dense([[0.0]], [0.0], "identity")])
    optimizer, moved = SGD(1e-7, momentum=0.9), []
    for _ in range(200):
        network.forward(np.array([[0.0]]))
        network.backward(np.array([[1e5]]))  # d(mse)/d(bias) = bias - 1e5: about -1e5 while the bias is small
        before = network.layers[0].bias.copy()
        optimizer.step(network)
        moved.append(float(network.layers[0].bias[0] - before[0]))
    assert moved[0] == pytest.approx(0.01) and moved[-1] == pytest.approx(0.1, rel=1e-3)


def test_adam_first_step_is_the_learning_rate_whatever_the_gradient():
    for scale in (1e-2, 1.0, 1e4):
        network = nnlib.Network([nnlib.Dense([[0.0]], [0.0], "identity")])
        network.forward(np.array([[0.0]]))
        network.backward(np.array([[scale]]))  # gradient -scale
        Adam(0.05).step(network)
        assert network.layers[0].bias[0] == pytest.approx(0.05, rel=1e-5)


def moons(seed, n):
    X, labels = nnlib.data.moons(n, noise=0.3, rng=np.random.default_rng(seed))
    return X, nnlib.one_hot(labels)


def test_early_stopping_keeps_the_best_weights_and_stops():
    (X, Y), (X_val, Y_val) = moons(0, 30), moons(1, 200)
    network = nnlib.Network.random([2, 64, 64, 2], ["relu", "relu", "identity"], np.random.default_rng(0),
                                   loss="softmax_cross_entropy")
    history = nnlib.train(network, X, Y, 500, 0.1, batch_size=10, rng=np.random.default_rng(1),
                          X_val=X_val, y_val=Y_val, early_stopping=20)
    best = history.best_epoch
    assert history.epochs == best + 20 < 500  # stopped 20 epochs after the best
    assert history.val_loss[best] == min(history.val_loss)
    val_loss = nnlib.softmax_cross_entropy(network.predict(X_val), Y_val)
    assert val_loss == pytest.approx(history.val_loss[best], rel=1e-12)  # the best epoch's weights are back


@pytest.mark.parametrize("call, error, match", [
    (lambda: SGD(0), ValueError, "learning_rate to be a positive number, got 0"),
    (lambda: SGD("0.1"), TypeError, "learning_rate to be a finite number, got '0.1'"),
    (lambda: SGD(0.1, momentum=1.0), ValueError, r"momentum to be in \[0, 1\), got 1.0"),
    (lambda: SGD(0.1, momentum=-0.5), ValueError, "momentum"),
    (lambda: SGD(0.1, weight_decay=-1), ValueError, "weight_decay to be 0 or a positive number, got -1"),
    (lambda: Adam(beta1=1), ValueError, r"beta1 to be in \[0, 1\), got 1"),
    (lambda: Adam(beta2=float("nan")), TypeError, "beta2 to be a finite number"),
    (lambda: Adam(epsilon=0), ValueError, "epsilon to be a positive number"),
    (lambda: Adam(learning_rate=True), TypeError, "learning_rate to be a finite number, got True"),
])
def test_bad_optimizer_arguments_say_what_was_expected(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_bad_steps_and_train_arguments_say_what_was_expected():
    network = nnlib.Network.random([2, 3, 2], "tanh", np.random.default_rng(0), loss="softmax_cross_entropy")
    X, Y = moons(0, 10)
    with pytest.raises(RuntimeError, match="no gradients: call network.forward"):
        SGD(0.1).step(network)
    with pytest.raises(TypeError, match="SGD.step expected a Network"):
        SGD(0.1).step("network")
    optimizer = Adam()
    network.forward(X)
    network.backward(Y)
    optimizer.step(network)
    with pytest.raises(ValueError, match="Make a new optimiser for each network"):
        optimizer.step(network.copy())
    with pytest.raises(ValueError, match="train expected the optimizer to go on with the network"):
        nnlib.train(network.copy(), X, Y, 1, optimizer=optimizer)
    with pytest.raises(TypeError, match="a learning_rate or an optimizer, not both"):
        nnlib.train(network, X, Y, 1, 0.1, optimizer=SGD(0.1))
    with pytest.raises(TypeError, match="got neither"):
        nnlib.train(network, X, Y, 1)
    with pytest.raises(TypeError, match="optimizer to be an nnlib.optimizers optimiser .* got str"):
        nnlib.train(network, X, Y, 1, optimizer="adam")
    with pytest.raises(ValueError, match="X_val and y_val with early_stopping"):
        nnlib.train(network, X, Y, 1, 0.1, early_stopping=5)
    with pytest.raises(ValueError, match="early_stopping"):
        nnlib.train(network, X, Y, 1, 0.1, X_val=X, y_val=Y, early_stopping=0)


def test_a_diverging_optimizer_raises_floating_point_error_naming_it():
    network = nnlib.Network.random([2, 16, 1], ["tanh", "identity"], np.random.default_rng(0))
    X, _ = moons(0, 50)
    with pytest.raises(FloatingPointError, match=r"train: epoch \d+: .*SGD\(learning_rate=10, momentum=0.9"):
        nnlib.train(network, X, X[:, :1], 50, optimizer=SGD(10, momentum=0.9), rng=np.random.default_rng(0))
