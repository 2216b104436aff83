"""The course's speed goals, from a benchmark run's ``results.json``: met, missed or not measured.

``python -m benchmarks`` checks each goal and stores it as {goal, status, measured}: the goals of
Python on the machine in ``results["goals"]``, the browser's in ``results["browser"]["goals"]``, the
live page's in ``results["live"]["goals"]``. A part that was not measured has no goals.
"""
import textwrap

from .benchmarks import check_run, not_measured


WHERE = [("goals", "CPython, on the machine"), ("browser", "JupyterLite, in a browser"),
         ("live", "live page, in a browser")]
"""Where each part's goals are measured: (part of results.json, how the goal table says it)."""
VERDICTS = {"PASS": "met", "MISS": "**missed**", "SKIP": "not measured"}


def goals(results):
    """Every goal a run checked, as (where, goal, status, measured); a part not measured, as one row.

    ``results["goals"]`` are measured in Python on the machine (CPython, in-process); the browser's and
    the live page's goals are kept in their parts (``results["browser"]["goals"]``, ``results["live"]
    ["goals"]``). A part with no goals gives a row with status None and what happened to it.
    """
    check_run(results, "goals")
    rows = []
    for part, where in WHERE:
        checked = results.get(part, []) if part == "goals" else results.get(part, {}).get("goals")
        if checked:
            rows += [(where, g["goal"], g["status"], g["measured"]) for g in checked]
        else:
            rows.append((where, "its goals", None, not_measured(results.get(part) or {})))
    return rows


def goal_table(results):
    """The course's speed goals as a Markdown table: where, the goal, what the run measured, met or missed."""
    rows = ["| where | goal | measured | verdict |", "|---|---|---|---|"]
    for where, goal, status, measured in goals(results):
        cells = [where, goal, measured, VERDICTS.get(status, "—")]
        rows.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(rows)


def goal_verdict(results, width=80):
    """How many goals the run met, and which it missed or did not measure, as lines of text."""
    rows = goals(results)
    checked = [row for row in rows if row[2] in ("PASS", "MISS")]
    missed = [f"{goal} [{where}]" for where, goal, status, _ in rows if status == "MISS"]
    unmeasured = [f"every goal of the {where}" for where, _, status, _ in rows if status is None]
    unmeasured += [f"{goal} [{where}]" for where, goal, status, _ in rows if status == "SKIP"]
    lines = [f"goals met: {len(checked) - len(missed)} of {len(checked)} measured"]
    if missed:
        lines += textwrap.wrap("missed: " + "; ".join(missed), width, subsequent_indent="  ")
    if unmeasured:
        lines += textwrap.wrap("not measured yet: " + "; ".join(unmeasured), width, subsequent_indent="  ")
    return "\n".join(lines)
