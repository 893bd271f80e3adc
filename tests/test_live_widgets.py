"""The explorers are live in Jupyter: in headless Chromium, a notebook showing an
explorer is run on a local Jupyter server, a slider is dragged, and the picture
the browser shows becomes the one Python draws for the slider's new value.

The server (`jupyter notebook`, from this virtualenv) listens on 127.0.0.1 with
a token and serves a temporary directory with one small notebook per explorer;
its runtime and configuration directories are temporary too, and so is the
browser's profile. No page request may leave the server.
"""

import base64
import functools
import json
import time

import ipywidgets as widgets
import pytest

from course_testing import chromium, lab_server
from softmax_course import explorers

pytestmark = pytest.mark.slow

EXPLORERS = ["forward_explorer", "jacobian_explorer"]
VIEWPORT = {"width": 1200, "height": 1000}
STEP_SECONDS = 30
DRAG_PIXELS = 30
LOCAL_SCHEMES = ("data", "blob", "about")

# Runs in the page once the notebook is open: wait for its kernel, run every cell.
RUN_NOTEBOOK = """async () => {
  const app = window.jupyterapp;
  await app.restored;
  const panel = app.shell.currentWidget;
  await panel.context.ready;
  await panel.sessionContext.ready;
  await app.commands.execute('notebook:run-all-cells');
}"""

# Runs on the widget's <img>: the PNG bytes it shows (base64), or null if its
# blob URL was replaced (and revoked) while being read.
IMAGE_BYTES = """async img => {
  try {
    const bytes = new Uint8Array(await (await fetch(img.src)).arrayBuffer());
    let text = '';
    for (let i = 0; i < bytes.length; i += 8192) {
      text += String.fromCharCode(...bytes.subarray(i, i + 8192));
    }
    return btoa(text);
  } catch (error) {
    return null;
  }
}"""


def write_notebook(path, source):
    cell = {"cell_type": "code", "execution_count": None, "id": "explorer", "metadata": {},
            "outputs": [], "source": source}
    notebook = {"cells": [cell], "nbformat": 4, "nbformat_minor": 5,
                "metadata": {"kernelspec": {"name": "python3", "language": "python",
                                            "display_name": "Python 3"}}}
    path.write_text(json.dumps(notebook), encoding="utf-8")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """(base URL, token) of a Jupyter Notebook 7 server on a free local port."""
    root = tmp_path_factory.mktemp("live-widgets")
    for name in EXPLORERS:
        write_notebook(root / f"{name}.ipynb",
                       f"from softmax_course.explorers import {name}\n{name}()")
    with lab_server.running("notebook", root, tmp_path_factory.mktemp("server-state")) as running:
        yield running


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """A headless Chromium context with its own profile directory."""
    with chromium.persistent_context(tmp_path_factory.mktemp("chromium-profile"), VIEWPORT,
                                     STEP_SECONDS) as context:
        yield context


def shown_png(image):
    """The PNG bytes the widget's <img> shows now (None while it is being replaced)."""
    encoded = image.evaluate(IMAGE_BYTES)
    return None if encoded is None else base64.b64decode(encoded)


def drag(page, handle, dx):
    """Drag a slider handle `dx` pixels to the right, as a mouse would."""
    box = handle.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + dx, y, steps=5)
    page.mouse.up()


def python_png(name, values):
    """The picture Python draws for explorer `name` with its sliders at `values`."""
    explorer = getattr(explorers, name)()
    sliders = [control for control in explorer.controls.values()
               if isinstance(control, widgets.FloatSlider)]
    for slider, value in zip(sliders, values, strict=True):
        slider.value = value
    return explorer.png()


def record_outside(base, outside, request):
    """Note the URL of a page request that goes anywhere but the server."""
    if not request.url.startswith(base) and request.url.split(":", 1)[0] not in LOCAL_SCHEMES:
        outside.append(request.url)


@pytest.mark.parametrize("name", EXPLORERS)
def test_dragging_a_slider_redraws_the_picture(server, browser, name, tmp_path):
    base, token = server
    screenshot = tmp_path / f"{name}.png"
    outside = []
    page = browser.new_page()
    page.on("request", functools.partial(record_outside, base, outside))
    try:
        page.goto(f"{base}/notebooks/{name}.ipynb?token={token}")
        page.wait_for_function("() => window.jupyterapp")
        page.evaluate(RUN_NOTEBOOK)
        output = page.locator(".jp-OutputArea-output")
        image = output.locator("img.widget-image")
        image.wait_for()
        readouts = output.locator(".widget-slider .widget-readout")
        before = readouts.all_inner_texts()
        first_png = shown_png(image)
        assert first_png == python_png(name, [float(text) for text in before]), (
            f"the notebook does not show the picture Python draws for sliders at {before}")

        drag(page, output.locator(".widget-slider .noUi-handle").first, DRAG_PIXELS)

        deadline = time.monotonic() + STEP_SECONDS
        while (after := readouts.all_inner_texts()) == before and time.monotonic() < deadline:
            page.wait_for_timeout(100)
        assert after[0] != before[0] and after[1:] == before[1:], (
            f"dragging the first slider did not move it alone: {before} -> {after}")
        expected = python_png(name, [float(text) for text in after])
        while (png := shown_png(image)) != expected and time.monotonic() < deadline:
            page.wait_for_timeout(100)
        page.screenshot(path=screenshot)
        assert png != first_png, (
            f"the picture did not change when the sliders moved {before} -> {after} "
            f"(screenshot: {screenshot})")
        assert png == expected, (
            f"the picture shown is not the one Python draws for sliders at {after} "
            f"(screenshot: {screenshot})")
        assert not outside, f"requests left the local server: {outside}"
    finally:
        page.close()
