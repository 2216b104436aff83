"""How long the test suite takes, in all and per part (each tests/test_*.py file and each notebook).

The suite runs once, exactly as ``make test`` runs it (``pytest tests book --nbval --nbval-current-env``),
timed by the wall clock from start to exit. pytest's ``--durations=0`` report gives the time of every
test's setup, call and teardown; a part's time is their sum over its tests. What is left of the wall
time (starting Python, importing, collecting) is reported as "start-up and collection".
"""
import re
import subprocess
import sys
from pathlib import Path

from .timing import timed

ROOT = Path(__file__).resolve().parent.parent
COMMAND = ["-m", "pytest", "tests", "book", "--nbval", "--nbval-current-env", "-q", "--durations=0",
           "--durations-min=0"]
# A line of the durations report: "4.56s setup    tests/test_site.py::test_book_builds[...]"
DURATION = re.compile(r"^(\d+(?:\.\d+)?)s\s+(?:setup|call|teardown)\s+([^:\s]+)::")
# A line of the short summary: "FAILED tests/test_notebooks.py::test_x - AssertionError"
FAILURE = re.compile(r"^(?:FAILED|ERROR) ([^:\s]+)")


def parse(output):
    """Seconds per part and the parts with a failing test, from pytest's output.

    Returns
    -------
    (dict of str to float, set of str)
        Part (a path such as ``tests/test_layers.py`` or ``book/01_single_neuron.ipynb``) -> seconds,
        and the parts where a test failed or errored.
    """
    seconds, failing = {}, set()
    for line in output.splitlines():
        if match := DURATION.match(line):
            part = match.group(2)
            seconds[part] = seconds.get(part, 0.0) + float(match.group(1))
        elif match := FAILURE.match(line):
            failing.add(match.group(1))
    return dict(sorted(seconds.items())), failing


def summary(output):
    """pytest's last line, e.g. "93 passed in 23.33s", without the "=" around it."""
    lines = [line.strip("= ") for line in output.strip().splitlines() if line.strip()]
    return lines[-1] if lines else ""


def run(log=print):
    """Run the whole test suite once and time it.

    Returns
    -------
    dict
        ``total_seconds`` (wall time), ``returncode`` (0: everything passed), pytest's ``summary``
        line, ``parts``: name -> ``seconds`` and ``passed`` (no failing test), and
        ``startup_seconds``: the wall time not spent in any test.
    """
    log("tests: " + " ".join(["python", *COMMAND]) + " ...")
    total, _, completed = timed(subprocess.run, [sys.executable, *COMMAND], cwd=ROOT, capture_output=True, text=True)
    seconds, failing = parse(completed.stdout)
    parts = {name: {"seconds": value, "passed": name not in failing} for name, value in seconds.items()}
    return {"command": " ".join(["python", *COMMAND]), "total_seconds": total, "returncode": completed.returncode,
            "summary": summary(completed.stdout), "parts": parts,
            "startup_seconds": total - sum(seconds.values())}
