"""Kernel-free widgets for the static website: precomputed frames, switched in the browser.

On the website no Python runs, so these widgets use no ``observe`` callbacks: every frame is drawn in
advance (PNG bytes from the same drawing code as the live explorers) and stacked, and browser-side
links (``jslink``/``jsdlink``) tie a slider and a play button to the stack that is shown. The frames
travel inside the notebook's saved widget state, so they are kept small (palette PNGs of ~10-15 KB).
"""
import ipywidgets as widgets

from ..figures.readouts import figure_html

CAPTION = "Drag the slider or press play: this works right here on the page, no Python needed."


class Scrubber(widgets.VBox):
    """Precomputed frames with a slider (and a play button) that pick the frame, in the browser.

    Attributes
    ----------
    frames : list of bytes
        The PNG images, one per slider position.
    alts : list of str
        Each frame's alt text: what it shows, in words. On the website a screen reader also hears
        it when the frame changes (``_assets/widgets-setup.js`` adds a polite live region).
    labels : list of str
        The slider's labels, one per frame.
    readouts : list of str or None
        HTML shown under each frame.
    slider : ipywidgets.SelectionSlider
    play : ipywidgets.Play or None
    stack : ipywidgets.Stack
        One ``HTML`` per frame: an ``<img>`` at the PNG's own size, with its alt text.
    readout_stack : ipywidgets.Stack or None
        One ``HTML`` per frame.
    links : list of ipywidgets.Link
        The browser-side links: slider index -> each stack (``jsdlink``), play <-> slider (``jslink``).
    caption : ipywidgets.HTML
    """


def scrubber(frames, labels, readouts=None, description="", play=True, alts=None):
    """Build a kernel-free widget that flips through precomputed frames.

    The slider drives the stacks one way (``jsdlink``: nothing else changes a stack); the play
    button and the slider are linked both ways (``jslink``), so dragging the slider also moves
    where play continues from. No Python callback is involved, so it works on a static page.

    Parameters
    ----------
    frames : list of bytes
        PNG images, at least one.
    labels : list of str
        One distinct label per frame, shown by the slider (e.g. ``"w = -1.0"``); the website's
        screen-reader text for the slider's value (``aria-valuetext``).
    readouts : list of str, optional
        One HTML readout per frame.
    description : str
        The slider's description.
    play : bool
        Add a play button that steps through the frames.
    alts : list of str, optional
        One alt text per frame (what it shows); by default ``"<description>: <label>"``.

    Returns
    -------
    Scrubber
    """
    frames, labels = list(frames), [str(label) for label in labels]
    if not frames or len(frames) != len(labels):
        raise ValueError(f"scrubber expected one label per frame and at least one frame, "
                         f"got {len(frames)} frames and {len(labels)} labels.")
    if len(set(labels)) != len(labels):
        raise ValueError(f"scrubber expected distinct labels (the slider tells frames apart by them), got {labels}.")
    if readouts is not None and len(readouts) != len(frames):
        raise ValueError(f"scrubber expected one readout per frame, got {len(readouts)} for {len(frames)} frames.")
    if alts is None:
        alts = [f"Figure for {label}" for label in labels]
    if len(alts) != len(frames):
        raise ValueError(f"scrubber expected one alt text per frame, got {len(alts)} for {len(frames)} frames.")
    stack = widgets.Stack([widgets.HTML(figure_html(frame, alt)) for frame, alt in zip(frames, alts)],
                          selected_index=0)
    slider = widgets.SelectionSlider(options=labels, index=0, description=description, continuous_update=True,
                                     layout={"width": "420px"}, style={"description_width": "initial"})
    links = [widgets.jsdlink((slider, "index"), (stack, "selected_index"))]
    readout_stack = player = None
    if readouts is not None:
        readout_stack = widgets.Stack([widgets.HTML(text) for text in readouts], selected_index=0)
        links.append(widgets.jsdlink((slider, "index"), (readout_stack, "selected_index")))
    if play:
        player = widgets.Play(value=0, min=0, max=len(frames) - 1, interval=700, layout={"width": "auto"})
        links.append(widgets.jslink((player, "value"), (slider, "index")))
    text = CAPTION if play else CAPTION.replace(" or press play", "")
    caption = widgets.HTML(f'<span style="font-size:0.85em;opacity:0.75"><i>{text}</i></span>')
    controls = widgets.HBox([player, slider] if play else [slider])
    box = Scrubber([caption, controls, stack] + ([readout_stack] if readouts is not None else []))
    box.add_class("nnlib-scrubber")  # how the website's browser test finds the kernel-free controls
    box.frames, box.alts, box.labels, box.readouts = frames, alts, labels, readouts
    box.links, box.caption = links, caption
    box.slider, box.play, box.stack, box.readout_stack = slider, player, stack, readout_stack
    return box
