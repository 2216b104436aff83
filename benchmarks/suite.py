"""The benchmark suite's command line: ``python -m benchmarks [--quick] [--only PART]``.

A full run (all parts, not quick) writes benchmarks/results.json, the data of the book's appendix.
A quick or partial run writes benchmarks/results/latest.json instead (git ignores it), so that a
smoke check never replaces the committed results; ``--only PART --merge`` (not quick) puts that part's
results into benchmarks/results.json and keeps the other parts as they are (``--only browser --merge``:
the chapters in a reader's browser, without measuring the CPU parts again; ``--only live --merge``:
the chapter pages going live).
"""
import argparse
import json
import os
import sys
import time
from pathlib import Path

from . import browser, explorers, goals, live, optimizers, report, scalar, testsuite, training

HERE = Path(__file__).resolve().parent
PARTS = ["training", "micrograd", "explorers", "tests", "optimizers", "browser", "live"]
FULL = {"repeats": 7, "updates": 30, "micrograd_repeats": 3, "micrograd_samples": 64, "live_runs": 3}
QUICK = {"repeats": 2, "updates": 5, "micrograd_repeats": 1, "micrograd_samples": 8, "live_runs": 1}


def log(line):
    """Progress goes to stderr, so that stdout is the report alone."""
    print(line, file=sys.stderr, flush=True)


def measure(part, settings):
    """Run one part of the benchmark (one of ``PARTS``) and return its results."""
    if part == "training":
        return training.run(settings["repeats"], log)
    if part == "micrograd":
        return scalar.run(settings["micrograd_repeats"], settings["micrograd_samples"], log)
    if part == "explorers":
        return explorers.run(settings["updates"], log)
    if part == "optimizers":
        return optimizers.run(settings["repeats"], settings["updates"], log)
    if part == "browser":
        return browser.run(settings["updates"], log)
    if part == "live":
        return live.run(settings["updates"], log, runs=settings["live_runs"])
    return testsuite.run(log)


def main(argv=None):
    """Run the chosen parts, print the report and write the results; returns the exit status, 0."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats, for a smoke check")
    parser.add_argument("--only", choices=PARTS, help="run one part only")
    parser.add_argument("--merge", action="store_true",
                        help="with --only: put the part's results into results.json, keeping the other parts")
    args = parser.parse_args(argv)
    if args.merge and (args.quick or not args.only):
        parser.error("--merge needs --only PART and a full (not --quick) run")
    settings = QUICK if args.quick else FULL
    run = report.new_run(args.quick, args.only)
    run["part_seconds"] = {}
    for part in PARTS:
        if args.only in (None, part):
            start = time.perf_counter()
            run[part] = measure(part, settings)
            run["part_seconds"][part] = time.perf_counter() - start
            log(f"{part}: done in {run['part_seconds'][part]:.0f} s")
    run["load_average_at_end"] = os.getloadavg()
    if args.merge:
        merged = json.loads((HERE / "results.json").read_text())
        merged[args.only] = run[args.only]
        merged["part_seconds"][args.only] = run["part_seconds"][args.only]
        merged.setdefault("merged", {})[args.only] = {"date": run["date"], "command": run["command"] + " --merge",
                                                      "machine": run["machine"]}
        run = merged
    run["goals"] = goals.check(run)
    if "browser" in run and "skipped" not in run["browser"]:  # kept with the part: the appendix lists run["goals"]
        run["browser"]["goals"] = goals.browser_goals(run["browser"])
    if "live" in run and "skipped" not in run["live"]:
        run["live"]["goals"] = goals.live_goals(run["live"])
    print(report.text(run))
    path = HERE / "results.json" if args.merge or not (args.quick or args.only) else HERE / "results" / "latest.json"
    report.save(run, path)
    print(f"\nWrote {path.relative_to(HERE.parent)}")
    return 0
