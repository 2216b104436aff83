"""Shared paths, the list of course notebooks, and a fixture that skips rasterising in widget tests."""
import struct
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"


def toc_files() -> list[str]:
    """Every page of the book, as a path without suffix relative to the root, in reading order."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]

    def walk(entries):
        for entry in entries:
            if "file" in entry:
                files.append(entry["file"])
            walk(entry.get("sections", []))
            for part in entry.get("chapters", []):
                walk([part])

    walk(toc.get("chapters", []))
    for part in toc.get("parts", []):
        walk(part.get("chapters", []))
    return files


NOTEBOOKS = sorted(BOOK.glob("*.ipynb"))


FAKE_PNG = b"\x89PNG\r\n\x1a\n" + b"\0\0\0\rIHDR" + struct.pack(">II", 4, 4) + b" fake "
"""The first bytes of a 4x4 PNG: enough for an explorer's <img> (its size is read from them)."""


@pytest.fixture
def quick_png(monkeypatch):
    """Skip rasterising in tests that check numbers and artists over many updates (speed)."""
    import nnlib.widgets.explorer as explorer_module
    count = iter(range(10**6))
    monkeypatch.setattr(explorer_module, "figure_to_png", lambda fig: FAKE_PNG + b"%d" % next(count))
