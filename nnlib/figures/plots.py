"""Drawing for the course's figures: activation curves, loss curves and PNG export.

Every ``draw_*`` function draws onto a given matplotlib ``Axes`` and returns its artists; the matching
``update_*`` function changes those artists in place (``set_data``, ``set_text``), so a widget redraws
one small figure instead of building a new one. The network diagram lives in ``nnlib.figures.diagram``.

Figures are never pyplot-managed, so a notebook's inline backend does not show them by itself:
widgets show them as PNG images (``figure_to_png``), and a figure that ends a cell shows itself as one.
"""
import io
from dataclasses import dataclass

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator
from PIL import Image

from ..activations import get_activation

FIGSIZE = (6.4, 3.4)
"""Default figure size in inches: at ``DPI`` this is a 576 x 306 pixel image."""
DPI = 90
"""Default resolution: small PNGs (about 5-15 KB as palette PNGs), text still readable at 8-9 pt."""
BLUE, ORANGE, GREY = "#1f5fa8", "#d95f02", "0.55"
TITLE = {"y": 1.0}
"""Pass to ``set_title``: a fixed title position. The automatic one measures every tick label at
each draw, which costs a third of a widget's redraw."""


class CourseFigure(Figure):
    """A ``Figure`` that shows itself as a PNG when it ends a notebook cell, with no pyplot involved.

    The PNG carries alt text in its output metadata (``{"alt": describe_figure(fig)}``), or the
    figure's ``alt_text`` attribute if set; the website's ``_ext/figure_alt.py`` puts it on the image.
    """

    alt_text = None

    def _repr_png_(self):
        return figure_to_png(self), {"alt": self.alt_text or describe_figure(self)}


def describe_figure(fig):
    """Describe a figure in words for a screen reader: each panel's title, axes and legend.

    Parameters
    ----------
    fig : matplotlib.figure.Figure

    Returns
    -------
    str
        E.g. ``"Figure: 'activation: relu', a = f(z) against z (weighted sum)."``; panels without
        axes (a network diagram) are described by their title and texts.
    """
    panels = []
    for ax in fig.axes:
        title = ax.get_title() or ax.get_title("left")
        x, y = ax.get_xlabel(), ax.get_ylabel()
        if not (title or x or y):
            continue
        words = [f"'{title}'"] if title else []
        if x or y:
            words.append(f"{y or 'values'} against {x or 'position'}")
        legend = ax.get_legend()
        if legend is not None:
            words.append("lines: " + ", ".join(text.get_text() for text in legend.get_texts()))
        panels.append(", ".join(words))
    if not panels:
        return "Figure."
    count = f"{len(panels)} panels: " if len(panels) > 1 else ""
    return f"Figure, {count}" + "; ".join(panels) + "."


def new_figure(figsize=FIGSIZE, dpi=DPI):
    """Return a white figure with an Agg canvas, not managed by pyplot, that displays in notebooks.

    Parameters
    ----------
    figsize : (float, float)
        Width and height in inches.
    dpi : float
        Pixels per inch of the PNGs made from it.

    Returns
    -------
    CourseFigure
        A ``matplotlib.figure.Figure``.
    """
    fig = CourseFigure(figsize=figsize, dpi=dpi, facecolor="white")
    FigureCanvasAgg(fig)
    return fig


class LayeredCanvas(FigureCanvasAgg):
    """An Agg canvas that, while only a figure's top layer changes, draws that layer and nothing else.

    A live figure often changes very little: a marker and a label move over axes, ticks and curves
    that stay put, and drawing those (text most of all) is most of the time. Give the canvas the
    artists that move, ``moving``, and before each draw a value ``still`` that changes whenever anything
    else does (limits, curves, titles). When ``still`` is the same as at the last draw, the canvas
    pastes its picture of everything else and draws only the moving artists, which must be the top
    layer (nothing else drawn over them); the pixels are those of a full draw. ``still = None`` (the
    default) draws everything every time.

    Parameters
    ----------
    figure : matplotlib.figure.Figure
        Becomes ``figure.canvas``.
    moving : sequence of matplotlib artists
    """

    def __init__(self, figure, moving=()):
        super().__init__(figure)
        self.moving, self.still = list(moving), None
        self._background, self._background_still = None, None

    def draw(self):
        still = None if self.still is None else (self.still, self.figure.bbox.bounds, self.figure.dpi)
        if still is None or still != self._background_still:
            for artist in self.moving:
                artist.set_animated(True)  # a full draw leaves animated artists out
            try:
                super().draw()
            finally:
                for artist in self.moving:
                    artist.set_animated(False)
            self._background, self._background_still = self.copy_from_bbox(self.figure.bbox), still
        else:
            self.restore_region(self._background)
        for artist in self.moving:
            self.figure.draw_artist(artist)


def figure_to_png(fig, dpi=None, colors=128):
    """Render a figure to PNG bytes with the Agg canvas.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    dpi : float, optional
        Resolution; the figure's own by default.
    colors : int or None
        Reduce the image to this many colours: a palette PNG, a quarter of the size of a full-colour
        one and no visible difference for line drawings. None keeps every colour.

    Returns
    -------
    bytes
        A PNG file, white background.
    """
    if dpi is not None and dpi != fig.dpi:
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=dpi, facecolor="white")
        image = Image.open(buffer)
    else:
        canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
        canvas.draw()
        image = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba())
    image = image.convert("RGB")
    if colors is not None:
        image = image.quantize(colors, method=Image.Quantize.FASTOCTREE)
        # The octree averages white into (254, 254, 254): snap near-white back, for a seamless page.
        palette = np.array(image.getpalette()).reshape(-1, 3)
        palette[(palette >= 250).all(axis=1)] = 255
        image.putpalette(palette.ravel().tolist())
    buffer = io.BytesIO()
    image.save(buffer, format="png")
    return buffer.getvalue()


@dataclass
class ActivationArtists:
    """Artists of an activation-curve plot (see ``draw_activation``)."""

    ax: object
    curve: object
    point: object
    label: object


def _curve(name, z_max):
    z = np.linspace(-z_max, z_max, 201)
    return z, get_activation(name)[0](z)


def draw_activation(ax, name, z_max=6.0):
    """Draw an activation function a = f(z) with a marker for the current point.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    name : str
        A key of ``nnlib.ACTIVATIONS`` ("relu", "sigmoid", ...); others raise ValueError.
    z_max : float
        The curve covers ``-z_max <= z <= z_max`` (wider when the point lies outside).

    Returns
    -------
    ActivationArtists
        ``curve`` (Line2D), ``point`` (Line2D marker), ``label`` (Text) and ``ax``.
    """
    z, a = _curve(name, z_max)
    (curve,) = ax.plot(z, a, color=BLUE, lw=2)
    (point,) = ax.plot([], [], "o", color=ORANGE, ms=9, zorder=3)
    label = ax.text(0.03, 0.95, "", transform=ax.transAxes, va="top", fontsize=10)
    ax.axhline(0, color=GREY, lw=0.8)
    ax.axvline(0, color=GREY, lw=0.8)
    ax.set_xlabel("z (weighted sum)")
    ax.set_ylabel("a = f(z)")
    ax.grid(alpha=0.3)
    artists = ActivationArtists(ax, curve, point, label)
    update_activation(artists, name, None, None, z_max)
    return artists


def update_activation(artists, name, z, a, z_max=6.0):
    """Show activation ``name`` and move the marker to (z, a), in place.

    Parameters
    ----------
    artists : ActivationArtists
        From ``draw_activation``.
    name : str
        A key of ``nnlib.ACTIVATIONS``.
    z, a : float or None
        The neuron's weighted sum and output; None hides the marker.
    z_max : float
        Smallest half-width of the z axis; it widens (to a multiple of 5) to keep z in view.
    """
    if z is not None and abs(z) > 0.95 * z_max:
        z_max = 5 * np.ceil((abs(z) + 1) / 5)
    zs, a_s = _curve(name, z_max)
    artists.curve.set_data(zs, a_s)
    artists.point.set_data([] if z is None else [z], [] if a is None else [a])
    artists.label.set_text("" if z is None else f"z = {z:.3g}\na = {name}(z) = {a:.3g}")
    ax = artists.ax
    ax.set_title(f"activation: {name}", **TITLE)
    ax.set_xlim(-z_max, z_max)
    low, high = min(a_s.min(), 0), max(a_s.max(), 1)
    margin = 0.08 * (high - low)
    ax.set_ylim(low - margin, high + margin)


@dataclass
class LossArtists:
    """Artists of a loss-curve plot (see ``draw_loss_curve``)."""

    ax: object
    line: object
    point: object


def draw_loss_curve(ax, log=True):
    """Draw an empty loss-against-step curve, to be filled by ``update_loss_curve``.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    log : bool
        Use a logarithmic loss axis (losses shrink by orders of magnitude).

    Returns
    -------
    LossArtists
        ``line`` (Line2D), ``point`` (Line2D marker at the latest loss) and ``ax``.
    """
    (line,) = ax.plot([], [], color=BLUE, lw=1.5)
    (point,) = ax.plot([], [], "o", color=ORANGE, ms=6, zorder=3, clip_on=False)  # whole, even at the edge
    ax.set_xlabel("step")
    ax.set_title("loss", **TITLE)
    # Few ticks, plain-text labels (no mathtext), no minor ticks: tick labels are most of a redraw.
    ax.xaxis.set_major_locator(MaxNLocator(5, integer=True))
    if log:
        ax.set_yscale("log")
        ax.yaxis.set_major_locator(LogLocator(numticks=5))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
        ax.minorticks_off()
    ax.grid(alpha=0.3)
    return LossArtists(ax, line, point)


def update_loss_curve(artists, losses, autoscale=True):
    """Show ``losses[k]`` (the loss after k steps) and mark the latest one, in place.

    Parameters
    ----------
    artists : LossArtists
        From ``draw_loss_curve``.
    losses : sequence of float
        One loss per step, in order.
    autoscale : bool
        Refit the axes to the data; pass False to keep limits set once (e.g. for animation frames).
    """
    steps = np.arange(len(losses))
    # Past ~1e200 the axis margins overflow float64; such a loss has diverged anyway.
    shown = np.minimum(np.asarray(losses, dtype=float), 1e200)
    artists.line.set_data(steps, shown)
    artists.point.set_data(steps[-1:], shown[-1:])
    ax = artists.ax
    ax.title.set_text("loss" if len(losses) == 0 else f"loss = {losses[-1]:.4g}")
    if autoscale:
        ax.relim()
        ax.autoscale_view()
        ax.set_xlim(0, max(len(losses) - 1, 1))
