"""The course's widgets (ipywidgets): layer 3 of nnlib, built on the maths and on ``nnlib.figures``.

Two kinds, one module per chapter's idea:

- live explorers (need a running kernel): ``neuron_explorer`` (chapter 1), ``network_explorer`` (2),
  ``backprop_explorer`` (3), ``training_explorer`` (4); they share ``explorer.Explorer``;
- kernel-free scrubbers for the static website (precomputed frames, switched in the browser):
  ``neuron_sweep``, ``network_sweep``, ``backprop_replay``, ``training_replay``; they share
  ``scrubber.scrubber``.

A new explorer or scrubber goes in the module of its chapter's idea (``neuron``, ``network``,
``backprop``, ``training``), or in a new module named after it.
"""
from .backprop import backprop_explorer, backprop_replay
from .explorer import Explorer
from .network import network_explorer, network_sweep
from .optimizers import optimizer_explorer, optimizer_replay
from .neuron import neuron_explorer, neuron_sweep
from .scrubber import Scrubber, scrubber
from .training import training_explorer
from .training_replay import training_replay

__all__ = ["Explorer", "Scrubber", "scrubber",
           "neuron_explorer", "network_explorer", "backprop_explorer", "training_explorer",
           "optimizer_explorer", "neuron_sweep", "network_sweep", "backprop_replay", "training_replay",
           "optimizer_replay"]
