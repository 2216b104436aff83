"""How long each live explorer takes to answer a control, measured in-process.

Setting a control's ``value`` (or calling a button's ``click()``) runs the explorer's ``observe``
callbacks synchronously, exactly as when a reader moves the slider: the maths, the update of the
figure's artists, and the rendering to PNG. The time the browser then needs to receive and show the
PNG is not included. The garbage collector and NumPy's BLAS threads work as they do in a notebook.
The tables show wall time (see ``timing``); results.json also keeps the CPU time.
"""
from statistics import median

import ipywidgets as widgets
import numpy as np

from .timing import timed

EXPLORERS = ["neuron_explorer", "network_explorer", "backprop_explorer", "training_explorer"]
# Controls that start a long computation on purpose, not an update: in a notebook Train runs in the
# background, redrawing every 0.15 s, so the figure stays live while it trains. They are timed a few
# times only, and left out of the explorer goal.
BACKGROUND = {"training_explorer: train"}
BACKGROUND_UPDATES = 3


def new_values(control, n):
    """`n` values for `control` across its whole range, each different from the one before.

    Returns None for a button (it is clicked instead).
    """
    if isinstance(control, widgets.Button):
        return None
    if hasattr(control, "options"):  # Dropdown, ToggleButtons, SelectionSlider: step through the options
        return [(control.index + 1 + k) % len(control.options) for k in range(n)]
    if isinstance(control, widgets.FloatLogSlider):  # its min and max are exponents
        return [control.base ** e for e in np.linspace(control.min, control.max, n)]
    return list(np.linspace(control.min, control.max, n))


def update(control, value):
    """Change `control` as a reader would: pick an option, move a slider, or click."""
    if value is None:
        control.click()
    elif hasattr(control, "options"):
        control.index = value
    else:
        control.value = value


def time_control(explorer, control, n):
    """Time `n` updates of `control`, then put it back where it was.

    Returns
    -------
    dict
        ``median_seconds`` and ``max_seconds`` (wall time), ``median_cpu_seconds``, ``updates``,
        and ``errors`` (what the explorer's ``status`` showed, if anything).
    """
    start = None if isinstance(control, widgets.Button) else control.value
    values = new_values(control, n) or [None] * n
    cpu, wall, errors = [], [], []
    for value in values:
        wall_seconds, cpu_seconds, _ = timed(update, control, value, pause_gc=False)
        cpu.append(cpu_seconds)
        wall.append(wall_seconds)
        if explorer.status.value:
            errors.append(explorer.status.value)
    if start is not None:
        control.value = start
    return {"median_seconds": median(wall), "max_seconds": max(wall), "median_cpu_seconds": median(cpu),
            "updates": len(wall), "errors": sorted(set(errors))}


def time_explorer(build, n):
    """Build one explorer, then time every control in turn.

    The backprop explorer's Step button is also timed at its largest "steps per click", the slowest
    thing a reader can ask of it (its row is named ``step (100 per click)``).
    """
    build_wall, build_cpu, explorer = timed(build, pause_gc=False)
    controls = {}
    for name, control in explorer.controls.items():
        background = f"{build.__name__}: {name}" in BACKGROUND
        controls[name] = time_control(explorer, control, min(n, BACKGROUND_UPDATES) if background else n)
    steps = explorer.controls.get("steps")
    if steps is not None and "step" in explorer.controls:
        start, steps.value = steps.value, max(steps.options)
        controls[f"step ({steps.value} per click)"] = time_control(explorer, explorer.controls["step"], n)
        steps.value = start
    return {"build_seconds": build_wall, "build_cpu_seconds": build_cpu, "controls": controls}


def run(updates=30, log=print):
    """Time every control of every explorer that ``nnlib.widgets`` has.

    Parameters
    ----------
    updates : int
        Updates per control; the median is reported.
    log : callable
        Called with a line of progress.

    Returns
    -------
    dict
        Explorer name -> ``build_seconds`` and per control the median and largest update time;
        ``skipped`` with the reason if nnlib has no such explorer, ``error`` if driving it failed.
    """
    import nnlib.widgets

    result = {}
    for name in EXPLORERS:
        build = getattr(nnlib.widgets, name, None)
        if build is None:
            result[name] = {"skipped": f"nnlib.widgets has no {name} yet"}
            continue
        log(f"explorers: {name} ...")
        try:
            result[name] = time_explorer(build, updates)
        except Exception as error:  # one broken explorer should not lose the other measurements
            result[name] = {"error": f"{type(error).__name__}: {error}"}
    return result
