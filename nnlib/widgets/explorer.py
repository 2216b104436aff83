"""The base of the live widgets (chapters 1-4): move a control, see the network recompute. Needs a kernel.

Each explorer builds its figure once, connects ``observe`` callbacks that update the figure's artists
in place and show it again as a PNG (``ipywidgets.Image``), and returns the widget without displaying
it. A callback never lets an exception vanish: its message appears in red in the explorer's ``status``.
For pages read without a kernel, see ``nnlib.widgets.scrubber``.
"""
import functools

import ipywidgets as widgets

from ..figures.plots import figure_to_png
from ..figures.readouts import error_html, figure_html

_SLIDER = dict(continuous_update=True, style={"description_width": "2.5em"}, layout={"width": "250px"})


class Explorer(widgets.VBox):
    """A live widget: controls, a status line, the figure they change (a PNG) and a readout of its numbers.

    The figure sits right under the controls (so both fit a laptop screen together), at the PNG's
    own size and with alt text that says what it shows; the readout is under it.

    Attributes
    ----------
    controls : dict of str to ipywidgets.Widget
        The controls by name, e.g. ``controls["bias"].value = 3`` works like moving the slider.
    readout : ipywidgets.HTML
        The numbers behind the figure.
    image : ipywidgets.HTML
        The figure as an ``<img>`` (the PNG inline, with alt text), redrawn after every change.
    png : bytes
        The PNG shown now.
    figure : matplotlib.figure.Figure
        The figure itself (its artists are updated in place).
    status : ipywidgets.HTML
        Empty, or a red message when the last change failed.
    """

    def __init__(self, controls, rows, figure):
        self.controls, self.figure = controls, figure
        self.readout, self.status = widgets.HTML(), widgets.HTML()
        self.image, self.png = widgets.HTML(), b""
        super().__init__([*rows, self.status, self.image, self.readout])

    def guard(self, function):
        """Wrap a callback so that any exception shows in ``status`` instead of vanishing."""
        @functools.wraps(function)
        def callback(*args):
            self.status.value = ""  # cleared first, so a callback nested in this one can still report
            try:
                function(*args)
            except Exception as error:  # a widget callback has no caller to raise to
                self.report(error)
        return callback

    def report(self, error):
        """Show an exception's message in red in ``status``."""
        self.status.value = error_html(f"{error} ({type(error).__name__})")

    def show_figure(self, alt):
        """Render the figure into ``image``, with ``alt`` (what it shows, in words) as its alt text."""
        self.png = figure_to_png(self.figure)
        self.image.value = figure_html(self.png, alt)


def sliders(names, values, low, high, step):
    return {name: widgets.FloatSlider(value=v, min=low, max=high, step=step, description=name, **_SLIDER)
            for name, v in zip(names, values)}
