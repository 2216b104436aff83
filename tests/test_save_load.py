"""Network.save / Network.load: an exact .npz round trip. Chapter 4."""

import numpy as np
import pytest

from nnlib import Network
from nnlib.seed import seed_backprop_network


def test_round_trip_is_exact(tmp_path):
    rng = np.random.default_rng(0)
    net = Network.random([3, 5, 4, 2], ["tanh", "sigmoid", "identity"], rng=rng)
    path = tmp_path / "net.npz"
    net.save(path)
    loaded = Network.load(path)
    assert repr(loaded) == repr(net) and loaded.loss == net.loss
    assert [layer.activation for layer in loaded.layers] == ["tanh", "sigmoid", "identity"]
    for p, q in zip(loaded.parameters(), net.parameters()):
        assert p is not q and p.dtype == np.float64
        np.testing.assert_array_equal(p, q)
    X = rng.normal(size=(4, 3))
    np.testing.assert_array_equal(loaded.forward(X), net.forward(X))


def test_saves_at_exactly_the_path_given(tmp_path):
    net = seed_backprop_network()
    net.save(str(tmp_path / "model"))
    assert (tmp_path / "model").exists() and not (tmp_path / "model.npz").exists()
    assert repr(Network.load(str(tmp_path / "model"))) == repr(net)


def test_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"Network.load found no file at '.*nothing\.npz'\."):
        Network.load(tmp_path / "nothing.npz")


@pytest.mark.parametrize("write", [
    lambda path: path.write_bytes(b"definitely not a zip file"),
    lambda path: path.write_bytes(b"PK\x03\x04 truncated"),
    lambda path: np.savez(path, weights=np.ones(3)),  # a foreign .npz
    lambda path: np.save(path, np.ones(3)),  # a .npy, not an .npz
    lambda path: path.write_text(""),
], ids=["text", "corrupt zip", "foreign npz", "npy", "empty"])
def test_not_an_nnlib_file(tmp_path, write):
    path = tmp_path / "file.npz"
    write(path)
    if not path.exists():  # np.save / np.savez may append a suffix
        path = next(tmp_path.iterdir())
    with pytest.raises(ValueError, match=r"Network.load: '.*' is not an nnlib network file"):
        Network.load(path)


def test_tampered_file_is_rejected(tmp_path):
    path = tmp_path / "net.npz"
    seed_backprop_network().save(path)
    with np.load(path) as data:
        arrays = dict(data)
    arrays["activations"] = np.array(["relu", "relu", "softplus"])
    with open(path, "wb") as file:
        np.savez(file, **arrays)
    with pytest.raises(ValueError, match="not an nnlib network file.*activation must be one of"):
        Network.load(path)
