"""HTML readouts for the widgets: the numbers behind a figure, written out as the book writes them.

Shared by the live explorers and the kernel-free scrubbers (both in ``nnlib.widgets``),
so a number reads the same in both. Text colour is inherited, so readouts suit light and dark pages.
"""
import base64
import html
import struct

import numpy as np

_TABLE = '<table style="border-collapse:collapse;font-size:0.9em;margin-top:4px">{}</table>'
_CELL = '<td style="padding:2px 10px;border-top:1px solid #8884;vertical-align:top">{}</td>'
_HEAD = '<th style="padding:2px 10px;text-align:left">{}</th>'


def number(x, decimals=6):
    """Format a number with up to ``decimals`` decimals and no trailing zeros (``5.6``, ``30.37543``).

    Parameters
    ----------
    x : float
    decimals : int

    Returns
    -------
    str
        Numbers below 0.01 keep ``decimals`` significant digits (``0.00382068``, ``3.95123e-05``), so
        a small loss is not rounded to one digit; huge ones use scientific notation (``1.5e+300``).
    """
    x = float(x)
    if x != 0 and abs(x) < 1e-2:
        return f"{x:.{decimals}g}"
    if not abs(x) < 1e9:  # also inf and nan
        return f"{x:.3g}"
    text = f"{x:.{decimals}f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def vector(values, decimals=6):
    """Format a 1-d array as ``[9.12, 10.384, 11.045]``.

    Parameters
    ----------
    values : array, shape (n,)
    decimals : int

    Returns
    -------
    str
    """
    return "[" + ", ".join(number(v, decimals) for v in np.ravel(values)) + "]"


def matrix(values, decimals=6):
    """Format a 2-d array one row per line (HTML ``<br>`` between rows).

    Parameters
    ----------
    values : array, shape (n_rows, n_columns)
    decimals : int

    Returns
    -------
    str
    """
    return "<br>".join(vector(row, decimals) for row in np.atleast_2d(values))


def table(header, rows):
    """Build a small HTML table.

    Parameters
    ----------
    header : list of str
    rows : list of list of str
        Cells are inserted as HTML.

    Returns
    -------
    str
    """
    head = "<tr>" + "".join(_HEAD.format(h) for h in header) + "</tr>"
    body = "".join("<tr>" + "".join(_CELL.format(c) for c in row) + "</tr>" for row in rows)
    return _TABLE.format(head + body)


def _mono(text):
    return f'<span style="font-family:monospace">{text}</span>'


def _signed(x):
    return number(x) if x >= 0 else f"({number(x)})"


def neuron_readout(x, weights, bias, z, a, activation):
    """Write out one neuron's computation, z = w·x + b and a = f(z), with its numbers.

    Parameters
    ----------
    x, weights : array, shape (n_inputs,)
    bias, z, a : float
    activation : str

    Returns
    -------
    str
        HTML, e.g. ``z = w·x + b = 0.3×1 + 0.6×2 + 0.7×3 + 2 = 5.6``.
    """
    terms = " + ".join(f"{_signed(w)}×{_signed(v)}" for w, v in zip(weights, x))
    return (f"<div>{_mono(f'z = w·x + b = {terms} + {_signed(bias)} = <b>{number(z)}</b>')}</div>"
            f"<div>{_mono(f'a = {activation}(z) = {activation}({number(z)}) = <b>{number(a)}</b>')}</div>")


def layers_readout(network):
    """Tabulate every layer's z and a from the network's last ``forward`` (first sample).

    Parameters
    ----------
    network : nnlib.Network
        After ``forward``.

    Returns
    -------
    str
        HTML table: inputs, then one row per layer with its activation, z and a.
    """
    rows = [["inputs", "", "", vector(np.atleast_2d(network.layers[0].inputs)[0])]]
    for k, layer in enumerate(network.layers):
        name = "output" if k == len(network.layers) - 1 else f"layer {k + 1}"
        rows.append([name, layer.activation, vector(np.atleast_2d(layer.z)[0]),
                     vector(np.atleast_2d(layer.a)[0])])
    return table(["layer", "activation", "z (weighted sums)", "a (outputs)"], rows)


def training_readout(network):
    """Tabulate every layer's weights and biases next to their gradients from the last ``backward``.

    Parameters
    ----------
    network : nnlib.Network
        After ``backward``.

    Returns
    -------
    str
        HTML table, one row per layer: weights, ∂L/∂weights, bias, ∂L/∂bias (4 decimals).
    """
    rows = [[f"layer {k + 1}", matrix(layer.weights, 4), matrix(layer.dweights, 4),
             vector(layer.bias, 4), vector(layer.dbias, 4)] for k, layer in enumerate(network.layers)]
    return table(["layer", "weights", "∂L/∂weights", "bias", "∂L/∂bias"], rows)


def error_html(message):
    """Show a message in red, escaped (for a widget's status line).

    Parameters
    ----------
    message : str

    Returns
    -------
    str
    """
    return f'<div style="color:#d32f2f;font-weight:bold">⚠ {html.escape(str(message))}</div>'


def png_size(png):
    """Return the (width, height) in pixels of PNG bytes (from the IHDR chunk)."""
    if not bytes(png[:8]) == b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"png_size expected PNG bytes, got bytes starting with {bytes(png[:8])!r}.")
    return struct.unpack(">II", bytes(png[16:24]))


def figure_html(png, alt):
    """Show PNG bytes as an HTML image at its natural size, with alt text.

    The width and height attributes are the PNG's own pixels, so JupyterLab does not stretch the
    figure to the output's width (an ``ipywidgets.Image`` would be); ``max-width: 100%`` still
    shrinks it on a narrow screen.

    Parameters
    ----------
    png : bytes
    alt : str
        What the figure shows, in words (escaped here).

    Returns
    -------
    str
        An ``<img>`` element with the PNG inline (a data URL).
    """
    width, height = png_size(png)
    data = base64.b64encode(bytes(png)).decode("ascii")
    return (f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt, quote=True)}" width="{width}" '
            f'height="{height}" style="max-width:100%;height:auto;display:block">')


def neuron_alt(activation, z, a):
    """Alt text for the activation-curve figure: the curve and the neuron's point (z, a) on it."""
    return (f"Plot of the {activation} activation curve a = f(z), with the neuron's point at "
            f"z = {number(z, 3)}, a = {number(a, 3)}.")


def network_alt(network, marked=None):
    """Alt text for a network diagram after ``forward``: its shape, the output and the marked parameter.

    Parameters
    ----------
    network : nnlib.Network
        After ``forward``.
    marked : str, optional
        What the diagram highlights, e.g. ``"layer 2, w[2,0] = 0.5"``.
    """
    sizes = [network.layers[0].n_inputs] + [layer.n_neurons for layer in network.layers]
    outputs = np.atleast_2d(network.layers[-1].a)[0]
    output = number(outputs[0], 4) if outputs.size == 1 else vector(outputs, 4)
    mark = f" (marked: {marked})" if marked else ""
    return (f"Diagram of the {'-'.join(map(str, sizes))} network: each neuron's output in its circle, edges "
            f"coloured by weight{mark}; the output is {output}.")
