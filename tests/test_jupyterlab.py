"""JupyterLab renders the course as the site does.

A JupyterLab server from this virtualenv (with jupyterlab-myst) serves a temporary copy of
book/ and exercises/ on 127.0.0.1; headless Chromium opens chapters 1 and 4 and the exercise
notebook of chapter 4, as a learner would. Once jupyterlab-myst has rendered every Markdown
cell, the test fails on anything a learner should not see: raw MyST roles, directives, options
or targets, TeX that was not typeset, references or citations MyST could not resolve, unknown
directives, and solutions that show before they are opened. It also requires exercise boxes,
typeset equations and folded solutions on the chapter pages, so that rendering cannot stop
silently. A screenshot of each whole notebook goes to _build/jupyterlab-screenshots/.

JupyterLab 4 only renders the cells near the viewport; a user-settings file turns that
windowing off so every cell is rendered and inspected.
"""

import json
import re
import shutil
from pathlib import Path

import pytest

from course_testing import chromium, lab_server

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
CHAPTERS = ["book/01_forward_pass.ipynb", "book/04_jacobian.ipynb", "book/07_practice.ipynb"]
PAGES = ["book/errata.ipynb"]  # no exercises: checked for raw MyST only
EXERCISES = ["exercises/04_jacobian/jacobian.ipynb"]
SCREENSHOTS = REPO / "_build" / "jupyterlab-screenshots"
STEP_SECONDS = 60
VIEWPORT = {"width": 1200, "height": 1000}

USER_SETTINGS = {
    # Render every cell, not only those near the viewport; no blank space after the last cell.
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings":
        {"windowingMode": "none", "scrollPastEnd": False},
    # No news pop-up over the notebook, and no request for it.
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
        {"fetchNews": "false", "checkForUpdates": False},
}

# What a learner must never see in rendered Markdown, with what it is.
RAW_MYST = [
    (re.compile(r"\{[a-z][\w:-]*\}`"), "a MyST role ({name}`...`)"),
    (re.compile(r"\{(eq|ref|numref|math|exercise|solution|cite[\w:]*)\}"), "a MyST role or directive name"),
    (re.compile(r"^\s*(```+|:::+)", re.M), "a directive fence"),
    (re.compile(r"^\s*:[a-z-]+:", re.M), "a directive option such as :label:"),
    (re.compile(r"\([\w-]+\)=(\s|$)"), "a MyST target (label)="),
]
RAW_TEX = re.compile(r"\$|\\[A-Za-z]+|\\[{}\[\],;!|]|[_^]\{")

OPEN = """async path => {
  const app = window.jupyterapp;
  await app.restored;
  const panel = await app.commands.execute('docmanager:open', {path});
  await panel.context.ready;
  await panel.revealed;
  window.openedNotebook = panel;
}"""

# [rendered by jupyterlab-myst, Markdown cells] in the open notebook.
MYST_CELLS = """() => {
  const cells = window.openedNotebook.content.widgets.filter(cell => cell.model.type === 'markdown');
  return [cells.filter(cell => cell.node.querySelector('.myst')).length, cells.length];
}"""

# Changes while cells are still being rendered or laid out.
STATE = """() => {
  const node = window.openedNotebook.content.node;
  return `${node.innerHTML.length} ${node.querySelector('.jp-WindowedPanel-outer').scrollHeight}`;
}"""

# What the learner sees in each rendered Markdown cell: the visible text outside typeset math
# and outside code, the visible code, MyST's own warning markers, and the exercise-style boxes.
INSPECT = """() => {
  const report = {cells: [], markers: [], boxes: [], math: 0, displayMath: 0, references: 0};
  window.openedNotebook.content.widgets.forEach((cell, index) => {
    const root = cell.node.querySelector('.myst');
    if (cell.model.type !== 'markdown' || !root) return;
    let text = '', code = '';
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (parent.closest('.katex') || !parent.checkVisibility()) continue;
      if (parent.closest('code, pre')) code += node.data + '\\n'; else text += node.data;
    }
    report.cells.push({index, text, code});
    const warnings = '[title$="Not Found"], .text-yellow-600[title], .katex-error';
    for (const marker of root.querySelectorAll(warnings)) {
      report.markers.push({index, title: marker.title, text: marker.textContent});
    }
    for (const box of root.querySelectorAll('.myst-exercise')) {
      report.boxes.push({
        index,
        title: box.querySelector('.myst-exercise-title').textContent.replace(/\\s+/g, ' ').trim(),
        folded: box.tagName === 'DETAILS' && !box.open,
        bodyVisible: box.querySelector('.myst-exercise-body').checkVisibility(),
      });
    }
    report.math += root.querySelectorAll('.katex').length;
    report.displayMath += root.querySelectorAll('.katex-display').length;
    report.references += root.querySelectorAll('a.hover-link[href^="#"]').length;
  });
  return report;
}"""

FIRST_SOLUTION_BODY_VISIBLE = """() => {
  const box = [...window.openedNotebook.content.node.querySelectorAll('details.myst-exercise')]
    .find(box => box.open);
  return Boolean(box) && box.querySelector('.myst-exercise-body').checkVisibility();
}"""

# How much taller than the window the notebook's scrolling area is.
EXTRA_HEIGHT = """() => {
  const node = window.openedNotebook.content.node.querySelector('.jp-WindowedPanel-outer');
  return node.scrollHeight - node.clientHeight;
}"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """(base URL, token) of JupyterLab serving a copy of book/ and exercises/."""
    root = tmp_path_factory.mktemp("jupyterlab-root")
    for folder in ("book", "exercises"):
        shutil.copytree(REPO / folder, root / folder,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    state = tmp_path_factory.mktemp("jupyterlab-state")
    for name, values in USER_SETTINGS.items():
        path = state / "settings" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")
    env = {"JUPYTERLAB_SETTINGS_DIR": str(state / "settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(state / "workspaces")}
    with lab_server.running("lab", root, state, env) as url_and_token:
        yield url_and_token


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """A headless Chromium context with its own profile directory."""
    with chromium.persistent_context(tmp_path_factory.mktemp("chromium-profile"), VIEWPORT,
                                     STEP_SECONDS) as context:
        yield context


def open_rendered(browser, server, path):
    """A page showing notebook `path` in JupyterLab once jupyterlab-myst has rendered it."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    base, token = server
    page = browser.new_page()
    page.goto(f"{base}/lab?reset&token={token}")
    page.wait_for_function("() => window.jupyterapp")
    page.evaluate(OPEN, path)
    try:
        page.wait_for_function(f"() => {{ const [done, all] = ({MYST_CELLS})(); return done === all; }}")
    except PlaywrightTimeout:
        done, total = page.evaluate(MYST_CELLS)
        pytest.fail(f"{path}: jupyterlab-myst rendered {done} of {total} Markdown cells in "
                    f"{STEP_SECONDS} s (is it installed and enabled? `jupyter labextension list`)")
    settle(page)
    return page


def settle(page, quiet_ms=2000, step_ms=250):
    """Wait until the notebook stops changing (MyST resolves references in a second pass)."""
    last, quiet = page.evaluate(STATE), 0
    for _ in range(STEP_SECONDS * 1000 // step_ms):
        page.wait_for_timeout(step_ms)
        state = page.evaluate(STATE)
        quiet = quiet + step_ms if state == last else 0
        last = state
        if quiet >= quiet_ms:
            return
    pytest.fail("the notebook kept changing for a whole minute")


def found(where, what, pattern, text):
    """One line naming the matches of `pattern` in `text` and showing the first in context."""
    matches = list(pattern.finditer(text))
    if not matches:
        return []
    first = matches[0]
    context = " ".join(text[max(0, first.start() - 40):first.end() + 40].split())
    names = ", ".join(dict.fromkeys(repr(match.group()) for match in matches))
    return [f"{where}: {what}: {names} (first in: ...{context}...)"]


def problems_in(report):
    """Everything a learner should not see, one line each, naming the cell (1-based, as JupyterLab)."""
    problems = []
    for cell in report["cells"]:
        where = f"cell {cell['index'] + 1}"
        for pattern, what in RAW_MYST:
            problems += found(where, f"raw MyST, {what}", pattern, cell["text"] + "\n" + cell["code"])
        problems += found(where, "TeX not typeset", RAW_TEX, cell["text"])
    problems += [f"cell {m['index'] + 1}: MyST could not render {m['text']!r} ({m['title']})"
                 for m in report["markers"]]
    for box in report["boxes"]:
        where = f"cell {box['index'] + 1}"
        if box["title"].startswith("Solution") and (not box["folded"] or box["bodyVisible"]):
            problems.append(f"{where}: '{box['title']}' is shown unfolded (add `:class: dropdown`)")
        if "Unknown" in box["title"]:
            problems.append(f"{where}: {box['title']}")
    return problems


def screenshot(page, path):
    """Save the whole notebook, top to bottom, as one picture."""
    height = VIEWPORT["height"]
    while (extra := page.evaluate(EXTRA_HEIGHT)) > 1:
        height += extra
        page.set_viewport_size({"width": VIEWPORT["width"], "height": height})
        page.wait_for_timeout(200)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / (path.removesuffix(".ipynb").replace("/", "-") + ".png")
    page.screenshot(path=target)
    page.set_viewport_size(VIEWPORT)
    return target


def missing_from_a_chapter(page, report):
    """What a rendered chapter must have, so that rendering cannot stop silently, if absent."""
    titles = [box["title"] for box in report["boxes"]]
    missing = [what for what, count in [
        ("no exercise box", sum(title.startswith("Exercise") for title in titles)),
        ("no typeset display equation", report["displayMath"]),
        ("no cross-reference rendered as a link", report["references"]),
        ("no folded solution", sum(box["folded"] for box in report["boxes"]
                                   if box["title"].startswith("Solution"))),
    ] if not count]
    if "no folded solution" not in missing:
        page.locator(".myst details.myst-exercise > summary", has_text="Solution").first.click()
        if not page.evaluate(FIRST_SOLUTION_BODY_VISIBLE):
            missing.append("the first folded solution does not open when clicked")
    return missing


@pytest.mark.parametrize("path", CHAPTERS + PAGES + EXERCISES)
def test_notebook_renders_in_jupyterlab_as_on_the_site(browser, server, path):
    page = open_rendered(browser, server, path)
    try:
        report = page.evaluate(INSPECT)
        picture = screenshot(page, path)
        problems = problems_in(report)
        if not report["math"]:
            problems.append("no typeset math at all")
        if path in CHAPTERS:
            problems += missing_from_a_chapter(page, report)
        assert not problems, (f"{path} in JupyterLab (screenshot: {picture}):\n  "
                              + "\n  ".join(problems))
    finally:
        page.close()


def test_a_link_to_another_chapter_opens_it_in_jupyterlab(browser, server):
    page = open_rendered(browser, server, CHAPTERS[1])
    try:
        link = page.locator(".myst a[href*='.ipynb']").first
        target = re.search(r"/files/([^?#]+\.ipynb)", link.get_attribute("href")).group(1)
        link.click()
        page.wait_for_function(
            "path => window.jupyterapp.shell.currentWidget?.context?.path === path", arg=target)
    finally:
        page.close()
