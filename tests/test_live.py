"""The live page: each chapter page of the website goes live (Python in the reader's browser, live/), and
its explorers, exercises and code cells run where they are read.

The site is the one `make book` builds (conftest's `site` fixture), served locally, opened in Chromium
with every other host refused. Needs Chromium, like test_site.py (skipped locally without it, a failure
in CI).
"""
import re
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from test_exercises import exercises_in

sys.path.insert(0, str(ROOT / "tools"))
import build_lite  # noqa: E402
from live_browser import Browsing  # noqa: E402

CHAPTERS = [path.stem for path in build_lite.chapters()]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


@pytest.fixture
def browsing(site, browser):
    """A reader's browser, as on a first visit (an empty cache)."""
    opened = Browsing(browser, site)
    yield opened
    opened.close()


@pytest.fixture
def reader(site, browser):
    """Readers' browsers with settings of their own (a viewport, stored choices, a blocked file)."""
    opened = []

    def open_browsing(**settings):
        opened.append(Browsing(browser, site, **settings))
        return opened[-1]
    yield open_browsing
    for browsing in opened:
        browsing.close()


def cut_labels(page):
    """The live explorers' labels, readouts and buttons whose text is wider than their box."""
    labels = page.page.evaluate("""[...document.querySelectorAll('.nnlib-live-output .widget-label, '
        + '.nnlib-live-output .widget-readout, .nnlib-live-output button')].filter(e => e.offsetParent !== null)
        .map(e => [e.textContent.trim(), e.scrollWidth > e.clientWidth + 1])""")
    assert labels, "no label found in the live explorers"
    return [text for text, too_wide in labels if too_wide]


def assert_offline_and_clean(browsing, page):
    assert not browsing.outside, f"{page.name} asked for other hosts: {browsing.outside[:5]}"
    assert not browsing.failed, f"{page.name} has failed requests: {browsing.failed[:5]}"
    assert not page.errors, f"{page.name} has script errors: {page.errors[:5]}"


def test_the_download_the_bar_announces_is_what_going_live_fetches(browsing):
    page = browsing.open("01_single_neuron")
    stated = float(re.search(r"about (\d+) MB", page.page.inner_text(".nnlib-live-about")).group(1))
    before = page.bytes_loaded()
    page.go_live()
    fetched = (page.bytes_loaded() - before) / 1e6
    assert abs(fetched - stated) <= 0.2 * stated, f"the page says about {stated:g} MB, going live fetched {fetched:.1f} MB"


def test_a_page_read_without_going_live_fetches_nothing_of_python(browsing):
    page = browsing.open("01_single_neuron")
    page.page.mouse.wheel(0, 4000)
    page.page.wait_for_timeout(1500)
    assert page.pyodide_bytes() == 0
    assert not [url for url in browsing.sizes if "/_static/live/editor.js" in url or "worker.js" in url]
    buttons = page.page.get_by_role("button", name=re.compile("live", re.I))
    # the page's button, and one beside the explorer and each exercise
    assert buttons.count() == 1 + len(page.cells_tagged("explorer")) + len(page.cells_tagged("exercise"))
    assert_offline_and_clean(browsing, page)


@pytest.mark.parametrize("name", CHAPTERS)
def test_every_explorer_answers_its_control(browsing, name):
    """Go live from the explorer's own button; move each explorer's slider or press its Step/Train
    button, and see its figure change."""
    page = browsing.open(name)
    explorers = page.cells_tagged("explorer")
    assert explorers, f"{name} has no cell tagged explorer"
    page.go_live(page.cell(explorers[0]).get_by_role("button", name=re.compile("Make live")))
    assert page.status().startswith("Python is ready")
    for index in explorers:
        old = page.figure(index)
        cell = page.cell(index)
        press = cell.locator(".nnlib-live-output").get_by_role("button", name=re.compile(r"^(Step|Train)"))
        if press.count():
            press.first.click()
        else:
            before, after = page.drag_slider(index)
            assert before != after, f"{name}: dragging the slider did not move it ({before})"
        page.wait_figure_change(index, old)
        shown = cell.locator(".nnlib-live-output").inner_text()
        assert "Error" not in shown and "Traceback" not in shown, f"{name}: the explorer reports {shown[:300]}"
    assert not cut_labels(page), f"{name}: the explorer's labels cut short in the column: {cut_labels(page)}"
    assert_offline_and_clean(browsing, page)


def test_an_exercise_is_checked_in_place_and_kept_after_a_reload(browsing):
    page = browsing.open("01_single_neuron")
    exercise = page.cells_tagged("exercise")[0]
    page.go_live()
    solutions = page.page.locator(".dropdown.admonition .highlight")
    assert solutions.count() >= 3 and not any(solutions.nth(i).is_visible() for i in range(solutions.count())), \
        "a Solution opened by itself"
    code = page.code(exercise)
    assert "answer = None" in code
    page.set_code(exercise, code.replace("answer = None", "answer = 0.5"))
    seconds, shown = page.run(exercise)
    assert "Not quite" in shown, shown
    _, name, variable, solution = exercises_in(ROOT / "book" / "01_single_neuron.ipynb")[0]
    answered = f"{code}\n{solution}\nnnlib.exercises.{name}({variable})"
    page.set_code(exercise, answered)
    seconds, shown = page.run(exercise)
    assert "Correct!" in shown, shown
    page.page.wait_for_timeout(500)  # the edit is saved as the reader types (after a short pause)
    page.page.reload()
    page.page.wait_for_function("window.nnlibLive !== undefined")
    page.wait_live()  # this reader went live before: the page starts Python by itself
    assert page.code(exercise) == answered
    page.cell(exercise).get_by_role("button", name=re.compile("Reset")).click()
    assert page.code(exercise) == code
    assert_offline_and_clean(browsing, page)


def test_an_earlier_cell_edited_and_run_again_changes_what_a_later_cell_prints(browsing):
    page = browsing.open("01_single_neuron")
    page.go_live()
    sources = page.page.evaluate("window.nnlibLive.cells.map(c => c.source)")
    first = next(i for i, s in enumerate(sources) if s.startswith("X = np.array([[1.0, 2.0, 3.0]])"))
    later = next(i for i, s in enumerate(sources) if "A_nnlib = layer.forward(X)" in s)
    _, shown = page.run(later)  # runs the cells above it first, quietly
    assert "output: [[5.6  6.89 8.07]]" in shown, shown
    assert page.cell_status(first) == ""  # quietly: no output of its own
    page.set_code(first, sources[first].replace("[[1.0, 2.0, 3.0]]", "[[2.0, 2.0, 3.0]]"))
    page.run(first)
    _, shown = page.run(later)
    assert "output: [[5.9  7.09 9.03]]" in shown, shown
    assert_offline_and_clean(browsing, page)


def test_a_traceback_shows_in_its_cell_and_stop_ends_a_runaway_cell(browsing):
    page = browsing.open("02_forward_pass")
    page.go_live()
    index = len(page.page.evaluate("window.nnlibLive.cells")) - 1
    page.set_code(index, "def f(x):\n    return 1 / x\n\nf(0)")
    _, shown = page.run(index)
    assert "ZeroDivisionError" in shown and "return 1 / x" in shown, shown
    assert page.cell_status(index) == "Error"
    page.set_code(index, "while True:\n    pass")
    cell = page.cell(index)
    cell.get_by_role("button", name=f"Run cell {index + 1} (Shift+Enter)").click()
    page.page.wait_for_function(f"window.nnlibLive.cells[{index}].status.textContent === 'Running…'")
    cell.get_by_role("button", name=re.compile("^Stop Python")).click()
    page.page.wait_for_function("document.querySelector('.nnlib-live-status').textContent.includes('restarted')",
                                timeout=60000)
    assert page.cell_status(index) == "Stopped: Python was restarted"
    page.set_code(index, "print(6 * 7)")
    _, shown = page.run(index)
    assert shown.strip() == "42"
    assert_offline_and_clean(browsing, page)


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_no_serious_accessibility_violations_once_live(site, reader, mode):
    page = reader(storage={"mode": mode, "theme": mode}).open("01_single_neuron")
    page.go_live()
    page.run(page.cells_tagged("exercise")[0])
    page.page.add_script_tag(url=site + "_static/npm/axe-core/axe.min.js")
    result = page.page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, "
                                "resultTypes: ['violations']})", AXE_TAGS)
    blocking = [f"{v['id']} ({v['impact']}): {v['help']}; e.g. {v['nodes'][0]['html'][:200]}"
                for v in result["violations"] if v["impact"] in ("critical", "serious")]
    assert not blocking, f"live page in {mode} mode:\n" + "\n".join(blocking)


def test_the_editor_is_reached_and_left_with_the_keyboard(browsing):
    page = browsing.open("01_single_neuron")
    page.go_live()
    index = page.cells_tagged("exercise")[0]
    run = page.cell(index).get_by_role("button", name=f"Run cell {index + 1} (Shift+Enter)")
    run.focus()
    inside = "document.activeElement.closest('.cm-editor') !== null"
    for _ in range(4):  # Run, Reset (hidden), the editor
        if page.page.evaluate(inside):
            break
        page.page.keyboard.press("Tab")
    assert page.page.evaluate(inside), "Tab from the Run button does not reach the editor"
    page.page.keyboard.press("Tab")  # Tab indents inside the editor
    assert page.page.evaluate(inside)
    page.page.keyboard.type("1 / 2")  # "/" is the editor's, not the page's search shortcut
    assert "    1 / 2" in page.code(index)
    page.page.keyboard.press("Escape")
    page.page.keyboard.press("Tab")
    assert not page.page.evaluate(inside), "Escape, then Tab does not leave the editor"


def test_a_wheel_that_fails_to_load_is_said_plainly_and_the_page_stays_as_it_was(reader):
    page = reader(block=["/lite/pyodide/matplotlib-"]).open("01_single_neuron")
    page.page.get_by_role("button", name="Make this page live").click()
    page.page.wait_for_selector(".nnlib-live-message [role=alert]", timeout=60000)
    message = page.message()
    assert "Python could not start in this page" in message and "matplotlib" in message, message
    links = page.page.locator(".nnlib-live-message a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert "../lite/notebooks/index.html?path=01_single_neuron.ipynb" in hrefs
    assert any(h.startswith("https://mybinder.org/") for h in hrefs), hrefs
    assert not page.page.locator(".cm-editor").count(), "editors left on a page without Python"
    assert page.page.get_by_role("button", name="Make this page live").is_enabled()


def test_python_crashing_is_said_plainly_and_the_page_goes_back_to_what_it_was(browsing):
    page = browsing.open("01_single_neuron")
    page.go_live()
    index = page.cells_tagged("exercise")[0]
    # what Pyodide does when its WebAssembly crashes (an error it cannot recover from)
    page.set_code(index, "import js, pyodide_js\npyodide_js._api.fatal_error(js.Error.new('a test crash'))")
    page.cell(index).get_by_role("button", name=f"Run cell {index + 1} (Shift+Enter)").click()
    page.page.wait_for_selector(".nnlib-live-message [role=alert]", timeout=60000)
    assert "Python stopped working in this page: Python crashed" in page.message(), page.message()
    assert not page.page.locator(".cm-editor").count()
    assert page.page.get_by_role("button", name="Make this page live").is_enabled()


def test_a_page_opened_from_a_file_says_why_python_cannot_run(browser, build):
    _, html = build
    page = browser.new_page()
    try:
        page.goto((html / "book" / "01_single_neuron.html").as_uri())
        page.get_by_role("button", name="Make this page live").click()
        message = page.inner_text(".nnlib-live-message")
        assert "file://" in message and "Binder" in message, message
        assert not page.locator(".cm-editor").count()
    finally:
        page.close()


def test_a_reader_who_went_live_finds_the_next_chapter_live_unless_switched_off(browsing):
    page = browsing.open("01_single_neuron")
    page.go_live()
    page.close()
    page = browsing.open("02_forward_pass")
    page.wait_live()  # by itself
    switch = page.page.get_by_role("checkbox", name=re.compile("Start Python by itself"))
    assert switch.is_checked()
    switch.uncheck()
    page.close()
    page = browsing.open("03_backpropagation")
    page.page.wait_for_timeout(3000)
    assert page.page.evaluate("window.nnlibLive.session === null && window.nnlibLive.live === null")
    assert not page.page.get_by_role("checkbox", name=re.compile("Start Python by itself")).is_checked()


@pytest.mark.parametrize("width", [1366, 390])
def test_a_live_explorer_fits_the_column_or_scrolls_in_its_own_box(reader, width):
    page = reader(viewport=(width, 768 if width > 500 else 844)).open("02_forward_pass")
    page.go_live()
    index = page.cells_tagged("explorer")[0]
    box = page.cell(index).locator(".nnlib-live-output .nnlib-widget").first
    sizes = box.evaluate("b => [b.scrollWidth, b.clientWidth, document.scrollingElement.scrollWidth, innerWidth]")
    assert sizes[2] <= sizes[3], f"the page scrolls sideways: {sizes}"
    if width > 500:
        assert sizes[0] <= sizes[1], f"the explorer is wider than the column: {sizes}"
    else:
        assert sizes[0] > sizes[1], f"the explorer does not scroll in its own box on a phone: {sizes}"
    image = page.cell(index).locator(".nnlib-live-output .widget-html-content img").first
    natural, shown = image.evaluate("i => [i.naturalWidth, i.getBoundingClientRect().width]")
    assert abs(natural - shown) <= 1, f"the figure is scaled: {natural} px shown at {shown}"


def test_chapter_6_runs_to_its_last_cell_on_the_live_page(browsing):
    """The capstone on the live page: its exercises answered with their solutions, then the last cell
    run, which first runs every cell above it; no error anywhere, and the digits trained."""
    page = browsing.open("06_build_it_yourself")
    page.go_live()
    sources = page.page.evaluate("window.nnlibLive.cells.map(c => c.source)")
    for code, name, variable, solution in exercises_in(ROOT / "book" / "06_build_it_yourself.ipynb"):
        index = sources.index(code)
        page.set_code(index, f"{solution}\nnnlib.exercises.{name}({variable})")
    last = len(sources) - 1
    _, shown = page.run(last)
    assert page.cell_status(last) == "Done", page.cell_status(last)
    errors = page.page.evaluate("window.nnlibLive.cells.filter(c => c.liveOutput && "
                                "c.liveOutput.querySelector('.nnlib-error')).map(c => c.number)")
    assert not errors, f"cells with an error: {errors}"
    digits = sources.index(next(s for s in sources if "nnlib.data.digits" in s))
    _, shown = page.run(digits)
    accuracy = float(re.search(r"held-out accuracy: ([0-9.]+)%", shown).group(1))
    assert accuracy >= 95, shown
    assert_offline_and_clean(browsing, page)
