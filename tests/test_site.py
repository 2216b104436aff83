"""The website, as a reader gets it: built with zero warnings, and every page opened in headless
Chromium with every host but the local server blocked. Pages must load whole (no 404, no script
error), widgets must render, no Markdown may show as raw text, every figure must say in words what it
shows, the kernel-free controls must change their figures and say so to a screen reader, axe-core
(served by the site itself, from npm) must find no critical or serious violation, in light and dark mode,
and on a laptop's screen no line of code or printed output may hide behind a horizontal scrollbar.

Needs Chromium (Debian's `chromium`). Without it these tests skip, except in CI (CI=true), where a
missing browser is a failure: .ci/run installs it.
"""
import re

import pytest

from conftest import toc_files

# The theme logs this error on a reader's first visit, before it has stored a light/dark choice.
BENIGN_CONSOLE_ERRORS = ("Got invalid theme mode",)
# axe-core's rule sets: WCAG 2.1 A and AA, and its best practices; a critical or serious violation fails.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
BLOCKING = ("critical", "serious")
# Markdown that did not render: a table row or rule, a MyST directive fence.
RAW_MARKDOWN = re.compile(r"\|\s*:?-{3,}:?\s*\||^\s*\|.+\|\s*$|:::\s*\{|```\s*\{", re.MULTILINE)
# Numbers each page must show: the seed notebook's, reproduced by the chapter.
EXPECTED_TEXT = {
    "book/01_single_neuron": ["5.6", "6.89", "8.07"],
    "book/02_forward_pass": ["9.12", "10.384", "11.045", "11.3353", "21.645588", "30.37543"],
    "book/03_backpropagation": ["7.188368", "-3.04587851", "-3.36070646", "0.4811632", "0.8570487"],
    "book/04_training": ["97.6%"],
}
# A common laptop screen: every code line and printed line must fit the page's column there (about 85
# characters of code). On a phone's 390 px, code may scroll: that is not tested.
LAPTOP = {"width": 1366, "height": 768}


class Visit:
    """One page opened offline: what it requested, what failed, and what its scripts threw."""

    def __init__(self, browser, base, path, mode=None, viewport=None):
        self.page = browser.new_page(viewport=viewport or {"width": 1280, "height": 1000})
        if mode:  # the theme reads the reader's choice of colour mode from localStorage
            self.page.add_init_script(f"localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}')")
        self.outside, self.failed, self.errors = [], [], []
        self.page.route("**/*", self._only_local(base))
        self.page.on("response", lambda r: r.status >= 400 and self.failed.append(f"{r.status} {r.url}"))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", self._console)
        self.page.goto(base + path, wait_until="networkidle")

    def _only_local(self, base):
        def route(route):
            url = route.request.url
            if url.startswith(base) or url.startswith(("data:", "blob:")):
                route.continue_()
            else:
                self.outside.append(url)
                route.abort()
        return route

    def _console(self, message):
        if message.type == "error" and not message.text.startswith(BENIGN_CONSOLE_ERRORS):
            self.errors.append(message.text)


def wait_for_widgets(page):
    views = page.locator('script[type="application/vnd.jupyter.widget-view+json"]').count()
    if views:
        page.wait_for_function(f"document.querySelectorAll('.jupyter-widgets').length >= {views}", timeout=15000)
        page.wait_for_function("[...document.querySelectorAll('.jupyter-widgets img')]"
                               ".every(i => i.complete && i.naturalWidth > 0)")
    if page.locator(".math").count():
        page.wait_for_selector("mjx-container", timeout=15000)


def prose(page):
    """The text of the page's main part without its code (code may print Markdown on purpose)."""
    return page.evaluate("""() => { const main = document.querySelector('main').cloneNode(true);
        main.querySelectorAll('pre, code, .highlight').forEach(e => e.remove()); return main.innerText; }""")


def visible_images(element):
    return element.evaluate("""el => [...el.querySelectorAll('img')]
        .filter(img => img.offsetParent !== null).map(img => img.src)""")


def test_book_builds_without_warnings(build):
    result, html = build
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert (html / "index.html").exists()


@pytest.mark.parametrize("page_name", toc_files())
def test_page_loads_whole_offline(site, browser, page_name):
    visit = Visit(browser, site, page_name + ".html")
    page = visit.page
    wait_for_widgets(page)
    text, words = page.inner_text("main"), prose(page)
    # every figure, static or a widget's frame, shown or not: alt text in words, not a file name
    alts = page.evaluate("[...document.querySelectorAll('main img')].map(i => i.getAttribute('alt') || '')")
    page.close()
    assert not visit.outside, f"{page_name} asked for other hosts: {visit.outside}"
    assert not visit.failed, f"{page_name} has failed requests: {visit.failed}"
    assert not visit.errors, f"{page_name} has script errors: {visit.errors}"
    for expected in EXPECTED_TEXT.get(page_name, []):
        assert expected in text, f"{page_name} does not show {expected}"
    raw = RAW_MARKDOWN.findall(words)
    assert not raw, f"{page_name} shows Markdown as raw text: {raw[:3]}"
    unnamed = [alt for alt in alts if len(alt.split()) < 2 or re.search(r"\.(png|svg|jpe?g)$", alt)]
    assert not unnamed, f"{page_name} has figures whose alt text does not say what they show: {unnamed[:3]}"


@pytest.mark.parametrize("page_name", toc_files())
def test_code_and_output_fit_the_column(site, browser, page_name):
    """At 1366x768 no code cell, printed output, code in a note (folded Solutions opened) or displayed
    formula is wider than its box: a line cut behind a scrollbar is a line the reader does not see."""
    visit = Visit(browser, site, page_name + ".html", viewport=LAPTOP)
    page = visit.page
    wait_for_widgets(page)
    page.evaluate("() => window.MathJax && MathJax.startup ? MathJax.startup.promise.then(() => true) : true")
    page.evaluate("""() => {  // open every folded note (a Solution, a 'Going further' box)
        document.querySelectorAll('main details').forEach(d => d.open = true);
        document.querySelectorAll('main .toggle-hidden').forEach(e => e.classList.remove('toggle-hidden')); }""")
    blocks = "main pre, main .highlight, main .output, main mjx-container[display='true']"
    cut = page.evaluate("""blocks => [...document.querySelectorAll(blocks)]
        .filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth)
        .map(e => {
            const longest = e.innerText.split('\\n').reduce((a, b) => b.length > a.length ? b : a, '');
            return `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}: ${e.scrollWidth} px `
                + `in ${e.clientWidth} px, longest line (${longest.length} chars): ${longest.slice(0, 100)}`;
        })""", blocks)
    page.close()
    assert not cut, f"{page_name}: {len(cut)} blocks wider than the column at 1366x768:\n" + "\n".join(cut)


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("page_name", toc_files())
def test_no_serious_accessibility_violations(site, browser, page_name, mode):
    """axe-core on the whole page, theme included, after the widgets have rendered."""
    visit = Visit(browser, site, page_name + ".html", mode=mode)
    page = visit.page
    wait_for_widgets(page)
    assert page.evaluate("document.documentElement.dataset.theme") == mode
    page.add_script_tag(url=site + "_static/npm/axe-core/axe.min.js")
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, "
                           "resultTypes: ['violations']})", AXE_TAGS)
    page.close()
    blocking = [f"{v['id']} ({v['impact']}): {v['help']}; e.g. {v['nodes'][0]['html'][:200]}"
                for v in result["violations"] if v["impact"] in BLOCKING]
    assert not blocking, f"{page_name} in {mode} mode:\n" + "\n".join(blocking)


@pytest.mark.parametrize("page_name", [p for p in toc_files() if p.startswith("book/0")])
def test_kernel_free_controls_change_the_figure(site, browser, page_name):
    """Each precomputed scrubber: the arrow keys and Play move through its frames with no kernel."""
    visit = Visit(browser, site, page_name + ".html")
    page = visit.page
    scrubbers = page.locator(".nnlib-scrubber")
    page.wait_for_function("document.querySelectorAll('.nnlib-scrubber .noUi-handle').length > 0", timeout=15000)
    assert scrubbers.count() >= 1, f"{page_name} has no kernel-free control"
    for index in range(scrubbers.count()):
        scrubber = scrubbers.nth(index)
        scrubber.scroll_into_view_if_needed()
        before = (visible_images(scrubber), scrubber.inner_text())
        scrubber.locator(".noUi-handle").first.focus()
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(200)
        after_keys = (visible_images(scrubber), scrubber.inner_text())
        assert after_keys[0] != before[0], f"{page_name} scrubber {index}: the figure did not change"
        assert after_keys[1] != before[1], f"{page_name} scrubber {index}: the readout did not change"
        # a screen reader hears the slider's meaning and value, and what the figure changed to
        handle = scrubber.locator(".noUi-handle").first
        assert handle.get_attribute("aria-label"), f"{page_name} scrubber {index}: the slider has no name"
        assert handle.get_attribute("aria-valuetext") == scrubber.locator(".widget-readout").first.inner_text().strip()
        shown_alt = scrubber.evaluate("s => [...s.querySelectorAll('img')].find(i => i.offsetParent !== null).alt")
        assert scrubber.locator(".nnlib-announce[aria-live=polite]").inner_text() == shown_alt
        names = [b.get_attribute("aria-label") for b in scrubber.locator(".widget-play button").all()]
        assert names[:2] == ["Play", "Stop"], f"{page_name} scrubber {index}: Play buttons named {names}"
        scrubber.locator(".widget-play button").first.click()
        page.wait_for_timeout(1200)
        assert visible_images(scrubber) != after_keys[0], f"{page_name} scrubber {index}: Play did not move"
        play = scrubber.locator(".widget-play button").first
        assert play.get_attribute("aria-label") == "Pause" and play.locator("i, svg").count() == 1  # one icon
    page.close()
    assert not visit.errors, f"{page_name}: script errors while scrubbing: {visit.errors}"
