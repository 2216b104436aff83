"""The course's figures (matplotlib): layer 2 of nnlib, built on the maths layer and nothing else of nnlib.

Each ``draw_*`` function draws onto a given ``ax`` (or makes a figure) once and returns its artists; the
matching ``update_*`` function changes those artists in place, so a widget redraws without replotting.

- ``plots``: the course's figure (``new_figure``, ``figure_to_png``, ``LayeredCanvas``), colours, the
  activation curve and the loss curve;
- ``diagram``: the network diagram; ``boundary``: a classifier's decision boundary;
  ``heatmap``: gradient-check errors; ``backprop`` and ``training``: the figures of chapters 3 and 4's
  explorers; ``readouts``: the HTML numbers shown under a figure.

A new figure goes in the module of its idea, or in a new module named after it.
"""
from .plots import figure_to_png, new_figure

__all__ = ["new_figure", "figure_to_png"]
