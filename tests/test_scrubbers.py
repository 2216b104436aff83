"""Kernel-free scrubbers: precomputed frames, and browser-side links (no Python callbacks) to flip them."""
import base64
import io

import numpy as np
import pytest
from ipywidgets.widgets.widget_link import DirectionalLink, Link
from PIL import Image

from nnlib import Neuron, seed
from nnlib.figures.readouts import number
from nnlib.widgets import backprop_replay, network_sweep, neuron_sweep, scrubber

X_FORWARD = np.array([seed.SEED_FORWARD_INPUTS], dtype=float)
X_BACKPROP = np.array([seed.SEED_BACKPROP_INPUTS], dtype=float)
Y_BACKPROP = np.array([[seed.SEED_BACKPROP_TARGET]], dtype=float)


def png(color):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), color).save(buffer, format="png")
    return buffer.getvalue()


def linked(link, source, target):
    """A one-way browser-side link (``jsdlink``) from source to target."""
    return isinstance(link, DirectionalLink) and link.source == source and link.target == target


def assert_wired(box):
    """The slider drives every stack, and is tied to the play button, through browser-side links only."""
    n = len(box.frames)
    assert len(box.labels) == n == len(box.stack.children) == len(box.slider.options)
    assert list(box.slider.options) == box.labels
    assert box.stack.selected_index == box.slider.index == 0
    assert any(linked(link, (box.slider, "index"), (box.stack, "selected_index")) for link in box.links)
    for html, frame, alt in zip(box.stack.children, box.frames, box.alts):  # at the PNG's size, with alt text
        width, height = Image.open(io.BytesIO(frame)).size
        assert html.value.startswith('<img src="data:image/png;base64,' + base64.b64encode(frame).decode())
        assert f'width="{width}" height="{height}"' in html.value and f'alt="{alt}"' in html.value.replace("&#x27;", "'")
    assert all(frame.startswith(b"\x89PNG") for frame in box.frames)
    if box.readouts is not None:
        assert len(box.readout_stack.children) == n
        assert any(linked(link, (box.slider, "index"), (box.readout_stack, "selected_index")) for link in box.links)
        assert [html.value for html in box.readout_stack.children] == box.readouts
    if box.play is not None:
        assert (box.play.min, box.play.max) == (0, n - 1)
        assert any(type(link) is Link and {link.source, link.target} == {(box.play, "value"), (box.slider, "index")}
                   for link in box.links)  # jslink, both ways: dragging the slider moves where play goes on from
    assert "works right here on the page" in box.caption.value and box.caption in box.children
    assert ("press play" in box.caption.value) == (box.play is not None)


def test_scrubber_links_slider_play_and_stacks():
    frames = [png("white"), png("red"), png("blue")]
    box = scrubber(frames, ["w = -1", "w = 0", "w = 1"], ["<b>-1</b>", "<b>0</b>", "<b>1</b>"], description="w")
    assert_wired(box)
    assert len(box.links) == 3 and box.slider.description == "w"


def test_scrubber_without_play_or_readouts():
    box = scrubber([png("white"), png("red")], ["a", "b"], play=False)
    assert box.play is None and box.readout_stack is None and len(box.links) == 1
    assert_wired(box)


@pytest.mark.parametrize("frames, labels, readouts, message", [
    ([], [], None, "at least one frame"),
    ([b"1", b"2"], ["a"], None, "one label per frame"),
    ([b"1", b"2"], ["a", "a"], None, "distinct labels"),
    ([b"1", b"2"], ["a", "b"], ["x"], "one readout per frame"),
])
def test_scrubber_rejects_mismatched_inputs(frames, labels, readouts, message):
    with pytest.raises(ValueError, match=message):
        scrubber(frames, labels, readouts)


def test_neuron_sweep_over_the_bias():
    box = neuron_sweep()
    assert_wired(box)
    assert box.labels == [f"bias = {b}" for b in range(-8, 3)]
    assert len(set(box.frames)) == len(box.frames)  # the point moves in every frame
    for b, readout in zip(range(-8, 3), box.readouts):
        z = 0.3 * 1 + 0.6 * 2 + 0.7 * 3 + b
        assert f" + {b if b >= 0 else f'({b})'} = <b>{number(z)}</b>" in readout
        assert f"relu({number(z)}) = <b>{number(max(z, 0))}</b>" in readout
    assert "= <b>5.6</b>" in box.readouts[-1]  # the seed's bias, 2


def test_neuron_sweep_over_a_weight_with_another_activation():
    values = np.linspace(-1, 1, 5)
    box = neuron_sweep("w3", values, activation="tanh")
    assert_wired(box)
    assert box.labels == ["w3 = -1", "w3 = -0.5", "w3 = 0", "w3 = 0.5", "w3 = 1"]
    for w3, readout in zip(values, box.readouts):
        neuron = Neuron([0.3, 0.6, w3], 2, "tanh")
        a = neuron.forward([1, 2, 3])
        assert f"tanh({number(neuron.z)}) = <b>{number(a)}</b>" in readout
    with pytest.raises(ValueError, match="'parameter' parameter of neuron_sweep"):
        neuron_sweep("x1")


def test_network_sweep_over_an_input():
    box = network_sweep()
    assert_wired(box)
    assert box.labels == [f"x1 = {x}" for x in range(-5, 6)]
    for x1, readout in zip(range(-5, 6), box.readouts):
        X = X_FORWARD.copy()
        X[0, 0] = x1
        assert f"output: <b>{number(seed.seed_forward_network().forward(X)[0, 0])}</b>" in readout
    assert "[9.12, 10.384, 11.045]" in box.readouts[6] and "output: <b>30.37543</b>" in box.readouts[6]


def test_network_sweep_over_a_weight():
    box = network_sweep("layer 3, w[1,0]", [0.0, 0.75, 1.5])
    assert_wired(box)
    assert box.labels == ["layer 3, w[1,0] = 0", "layer 3, w[1,0] = 0.75", "layer 3, w[1,0] = 1.5"]
    assert box.slider.description == "w[1,0]"
    assert "output: <b>30.37543</b>" in box.readouts[1]  # 0.75 is the seed's own weight
    assert "output: <b>14.141239</b>" in box.readouts[0]  # 0.63 * 11.3353 + 0 * 21.645588 + 7
    with pytest.raises(ValueError, match="'parameter' parameter of network_sweep"):
        network_sweep("layer 9, w[0,0]")


def test_backprop_replay_frames_follow_training():
    box = backprop_replay(n_steps=4, learning_rate=0.01)
    assert_wired(box)
    assert box.labels == ["step 0", "step 1", "step 2", "step 3", "step 4"]
    assert "loss <b>19.147949</b>" in box.readouts[0] and "prediction <b>7.188368</b>" in box.readouts[0]
    network = seed.seed_backprop_network()
    for k, readout in enumerate(box.readouts):
        prediction = network.forward(X_BACKPROP)[0, 0]
        assert f"step <b>{k}</b>" in readout and f"prediction <b>{number(prediction)}</b>" in readout
        network.train_step(X_BACKPROP, Y_BACKPROP, 0.01)
    # ~30 frames must fit in a notebook of a few MB: palette PNGs of 10-15 KB each
    assert max(map(len, box.frames)) < 25_000


def test_backprop_replay_at_the_seed_learning_rate():
    box = backprop_replay(n_steps=1, learning_rate=0.1)
    assert "[-3.0459]<br>[-3.3607]" in box.readouts[1]  # the seed's printed weights after one step
