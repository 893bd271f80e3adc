"""The explorers' flip-books: frames rendered by the explorer itself, one per combination
of its FLIPBOOK controls (sliders and choices), each with its describe() text and its
describe_html() readout, emitted as data (FLIPBOOK_MIME); the myst-nb MIME renderer
softmax_flipbook (_ext/flipbook) that writes them to files and the HTML the static site shows;
and _ext/notebook_cache.py, which executes again the notebooks whose softmax_course code
changed. (The built site's flip-books in a browser: tests/test_site_flipbook.py.)"""

import base64
import io
import json
import logging
import math
import re
import types
from html.parser import HTMLParser

import matplotlib.text
import nbformat
import numpy as np
import PIL.Image
import pytest
import softmax_flipbook
from docutils import nodes
from myst_nb.core.render import MimeData

import notebook_cache
from softmax_course import explorers, pictures
from softmax_course.explorers import EXPLORERS, base, temperature_explorer, training_explorer
from softmax_course.explorers.forward import ForwardExplorer

MAX_PAGE_BYTES = 1_000_000  # each chapter shows one explorer
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


INTERNAL_NAME = re.compile(r"\b\w+_explorer\b|\w+_\w+:")  # forward_explorer:, a code name


class FileWriter:
    """What the MIME renderer uses of myst-nb's renderer: write_file, here into `folder`."""

    def __init__(self, folder):
        self.folder = folder

    def write_file(self, path, content, overwrite=False, exists_ok=False):
        target = self.folder.joinpath(*path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        return "/" + "/".join(path)


def flipbook_node(explorer, folder):
    """The renderer's node for an explorer's FLIPBOOK_MIME output, its frames written into `folder`."""
    data = json.loads(json.dumps(explorer._repr_mimebundle_()[explorers.FLIPBOOK_MIME]))
    [node] = softmax_flipbook.FlipbookRenderer.handle_mime(
        FileWriter(folder), MimeData(explorers.FLIPBOOK_MIME, data), False)
    return node


def page_of(node):
    """The node's HTML, frames at ../_images/flipbook/<name>."""
    return softmax_flipbook.flipbook_html(node, lambda frame: "../_images/flipbook/" + frame["name"])


@pytest.fixture(scope="module", params=list(EXPLORERS))
def rendered(request):
    """(explorer, axes, frames) of each explorer of the registry, with the explorer back in its
    starting state."""
    explorer = EXPLORERS[request.param]()
    axes = explorer.flipbook_axes()
    return explorer, axes, explorer.flipbook_frames(axes)


def pixels(png):
    return np.asarray(PIL.Image.open(io.BytesIO(png)).convert("RGB"), dtype=np.int16)


class _Elements(HTMLParser):
    """Every start tag as (tag, attributes, text up to the next tag)."""

    def __init__(self):
        super().__init__()
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append([tag, dict(attrs), ""])

    def handle_data(self, data):
        if self.elements:
            self.elements[-1][2] += data


def elements(html, tag, class_name=None):
    parser = _Elements()
    parser.feed(html)
    return [(attrs, text) for name, attrs, text in parser.elements
            if name == tag and (class_name is None or class_name in attrs.get("class", "").split())]


def test_one_to_three_controls_whose_values_include_the_current_one(rendered):
    explorer, axes, _ = rendered
    assert 1 <= len(axes) <= 3
    for name, values in axes:
        control = explorer.controls[name]
        assert control.value in values and len(values) >= 2
        if base._is_choice(control):
            assert values == [value for value in control._options_values if value in values]
            continue
        assert hasattr(control, "min"), f"{name} is neither a slider nor a choice"
        assert values == sorted(set(values))
        low, high = control.min, control.max
        if type(control).__name__ == "FloatLogSlider":
            low, high = control.base ** low, control.base ** high
        assert all(low <= value <= high for value in values)


def test_one_frame_per_combination_each_different(rendered):
    _, axes, frames = rendered
    assert len(frames) == math.prod(len(values) for _, values in axes)
    assert all(png.startswith(PNG_SIGNATURE) for png, _, _ in frames)
    assert len({png for png, _, _ in frames}) == len(frames), "two frames share a picture"
    assert len({text for _, text, _ in frames}) == len(frames), "two frames share a description"


def test_readouts_are_plain_words_in_html_without_internal_names(rendered):
    """Each frame's readout is a sentence in HTML (<sub>, <sup>, Unicode maths), with no code
    name (forward_explorer:, z_1), no ASCII maths (e-05, a^T, dL/dz, ' * ') and no TeX; its
    text is the HTML's, a superscript written after ^."""
    _, _, frames = rendered
    for _, text, readout in frames:
        assert not INTERNAL_NAME.search(readout), readout
        assert not re.search(r"\de[-+]\d|\^|\bd[A-Z]/d|\s\*\s|\$|\\", readout), readout
        assert set(re.findall(r"</?(\w+)", readout)) <= {"sub", "sup"}, readout
        assert readout[0].isupper() and readout.endswith("."), readout
        assert text == explorers.plain_text(readout)


def test_frames_are_what_the_live_explorer_draws(rendered):
    """Moving the live explorer's sliders to a frame's values gives that frame: the same
    pixels (before the frame's 64-colour encoding) and the same describe()."""
    explorer, axes, frames = rendered
    names = [name for name, _ in axes]
    start = {name: explorer.controls[name].value for name in names}
    combinations = list(np.ndindex(*(len(values) for _, values in axes)))
    try:
        for position in (combinations[0], combinations[len(combinations) // 2], combinations[-1]):
            for name, (_, values), index in zip(names, axes, position, strict=True):
                explorer.controls[name].value = values[index]
            png, text, readout = frames[int(np.ravel_multi_index(position, [len(v) for _, v in axes]))]
            assert text == explorer.describe() and readout == explorer.describe_html()
            assert png == pictures.encode_small(explorer.figure.canvas, base.FRAME_COLOURS)
            error = np.abs(pixels(png) - pixels(explorer.png()))
            assert error.mean() < 4 and error.max() < 64, "the 64 colours lose too much"
    finally:
        for name, value in start.items():
            explorer.controls[name].value = value


def test_rendering_frames_leaves_the_explorer_as_it_was(rendered):
    explorer, axes, _ = rendered
    before_png, before_values = explorer.png(), dict(explorer.values)
    before_controls = {name: control.value for name, control in explorer.controls.items()}
    explorer.flipbook_frames(axes)
    assert explorer.png() == before_png == explorer.image.value
    assert {name: control.value for name, control in explorer.controls.items()} == before_controls
    assert all(np.array_equal(before_values[key], explorer.values[key]) for key in before_values)
    name, values = axes[0]
    control = explorer.controls[name]
    control.value = next(value for value in values if value != control.value)
    assert explorer.png() != before_png, "the sliders stopped redrawing the picture"
    control.value = before_controls[name]


def test_frames_fit_a_page(rendered):
    _, _, frames = rendered
    weight = sum(len(png) for png, _, _ in frames)
    assert weight <= MAX_PAGE_BYTES, f"{len(frames)} frames weigh {weight} bytes"


def test_mimebundle_has_the_frames_as_data_only_while_the_site_is_built(monkeypatch):
    explorer = explorers.target_explorer()
    monkeypatch.delenv(explorers.FLIPBOOK_ENV, raising=False)
    assert explorers.FLIPBOOK_MIME not in explorer._repr_mimebundle_()
    monkeypatch.setenv(explorers.FLIPBOOK_ENV, "1")
    bundle = explorer._repr_mimebundle_()
    assert "text/html" not in bundle and base64.b64decode(bundle["image/png"]) == explorer.png()
    data = bundle[explorers.FLIPBOOK_MIME]
    assert json.loads(json.dumps(data)) == data
    assert [(control["name"], control["kind"]) for control in data["controls"]] == \
        explorer.flipbook_controls()
    assert len(data["frames"]) == math.prod(len(control["labels"]) for control in data["controls"])


def test_an_explorer_without_flipbook_sliders_stays_a_picture(monkeypatch):
    plain = type("PlainForward", (ForwardExplorer,), {"FLIPBOOK": {}})
    monkeypatch.setenv(explorers.FLIPBOOK_ENV, "1")
    bundle = plain(np.array([1.0, 0.0]), 0)._repr_mimebundle_()
    assert explorers.FLIPBOOK_MIME not in bundle and "image/png" in bundle


def test_flipbook_html_has_labelled_sliders_the_picture_the_readout_and_the_frames(tmp_path,
                                                                                  monkeypatch):
    monkeypatch.setenv(explorers.FLIPBOOK_ENV, "1")
    explorer = training_explorer()
    page = page_of(flipbook_node(explorer, tmp_path))
    axes = explorer.flipbook_axes()
    sliders = elements(page, "input")
    assert [attrs["type"] for attrs, _ in sliders] == ["range"] * len(axes) == ["range"] * 2
    names = [text for _, text in elements(page, "span", "flipbook-name")]
    assert names == [explorer.controls[name].description for name, _ in axes] == [
        "learning rate", "steps"]
    assert page.count("<label") == len(axes) == page.count("</label>")
    for (attrs, _), (name, values) in zip(sliders, axes, strict=True):
        assert int(attrs["max"]) == len(values) - 1
        assert values[int(attrs["value"])] == explorer.controls[name].value
    [(picture, _)] = elements(page, "img", "flipbook-frame")
    [(readout, text)] = elements(page, "p", "flipbook-readout")
    assert picture["alt"] == text == explorer.describe()  # this readout has no <sub>
    assert readout["aria-live"] == "polite"
    [(_, blob)] = elements(page, "script", "flipbook-frames")
    payload = json.loads(blob)
    assert payload["sizes"] == [len(values) for _, values in axes]
    assert len(payload["frames"]) == math.prod(payload["sizes"])
    position = [int(attrs["value"]) for attrs, _ in sliders]
    start = payload["frames"][int(np.ravel_multi_index(position, payload["sizes"]))]
    assert start["src"] == picture["src"] and start["text"] == explorer.describe()
    shown = tmp_path / "flipbook" / picture["src"].rpartition("/")[2]
    assert pixels(shown.read_bytes()).shape == pixels(explorer.png()).shape
    assert start["html"] == explorer.describe_html()
    assert [label[int(attrs["value"])] for label, (attrs, _) in zip(payload["labels"], sliders,
                                                                    strict=True)] == ["0.1", "50"]


def test_a_choice_is_a_group_of_radio_buttons_named_as_in_the_maths(tmp_path, monkeypatch):
    """Chapter 1's flip-book: a slider for z_1 (shown as z<sub>1</sub>) and the true class as
    radio buttons 1, 2, 3, the current one checked; 21 x 3 frames."""
    monkeypatch.setenv(explorers.FLIPBOOK_ENV, "1")
    explorer = explorers.forward_explorer()
    page = page_of(flipbook_node(explorer, tmp_path))
    assert explorer.flipbook_controls() == [("z_1", "slider"), ("true class", "choice")]
    assert '<span class="flipbook-name">z<sub>1</sub></span>' in page
    assert '<legend class="flipbook-name">true class</legend>' in page
    inputs = [attrs for attrs, _ in elements(page, "input")]
    assert [attrs["type"] for attrs in inputs] == ["range", "radio", "radio", "radio"]
    radios = inputs[1:]
    assert len({attrs["name"] for attrs in radios}) == 1
    assert [attrs["value"] for attrs in radios] == ["0", "1", "2"]
    assert ["checked" in attrs for attrs in radios] == [True, False, False]
    assert [text for _, text in elements(page, "span") if text in "123"][-3:] == ["1", "2", "3"]
    payload = json.loads(elements(page, "script", "flipbook-frames")[0][1])
    assert payload["sizes"] == [21, 3] and payload["labels"][1] == ["1", "2", "3"]


def test_chapter_7_offers_every_floating_point_type():
    explorer = temperature_explorer()
    assert explorer.flipbook_controls() == [("gap γ", "slider"), ("temperature T", "slider"),
                                            ("type", "choice")]
    assert explorer.flipbook_axes()[2] == ("dtype", ["float64", "float32", "float16"])


def test_smallest_text_is_the_figures_smallest(rendered):
    """data-smallest-text-px, which the browser tests scale to the picture's width on screen,
    is the smallest font of the picture's texts, and the pictures are drawn for a phone:
    500 px wide, no text under 12 pt (16.7 px)."""
    explorer, _, _ = rendered
    texts = [text for text in explorer.figure.findobj(matplotlib.text.Text)
             if text.get_visible() and text.get_text().strip()]
    smallest = min(text.get_fontsize() for text in texts) * explorer.figure.dpi / 72
    assert explorer.smallest_text_px() == pytest.approx(smallest, abs=0.01)
    assert explorer.smallest_text_px() >= base.MIN_FONT * 100 / 72 - 0.01
    assert explorer.figure.canvas.get_width_height()[0] == round(base.NARROW_WIDTH * 100)


@pytest.mark.parametrize("flipbook, message", [
    ({"true_class": [5]}, "no option"),
    ({"z_0": 5, "z_1": 5, "z_2": 5, "true_class": None}, "one to 3 controls"),
    ({}, "one to 3 controls"),
    ({"z_0": 1}, "at least 2 frames"),
])
def test_bad_flipbook_declarations_are_refused(flipbook, message):
    explorer = type("Declared", (ForwardExplorer,), {"FLIPBOOK": flipbook})(
        np.array([1.0, 0.0, -1.0]), 0)
    with pytest.raises(ValueError, match=message):
        explorer.flipbook_axes()


def test_renderer_writes_each_frame_to_a_file_named_by_its_content(tmp_path, monkeypatch):
    monkeypatch.setenv(explorers.FLIPBOOK_ENV, "1")
    explorer = explorers.forward_explorer()
    frames = explorer._repr_mimebundle_()[explorers.FLIPBOOK_MIME]["frames"]
    node = flipbook_node(explorer, tmp_path)
    page = page_of(node)
    assert "base64" not in page
    payload = json.loads(elements(page, "script", "flipbook-frames")[0][1])
    for frame, shown, before in zip(node["frames"], payload["frames"], frames, strict=True):
        png = base64.b64decode(before["png"])
        assert re.fullmatch(r"\.\./_images/flipbook/[0-9a-f]{16}\.png", shown["src"])
        assert (tmp_path / "flipbook" / frame["name"]).read_bytes() == png
        assert frame["bytes"] == len(png) and frame["uri"] == "/flipbook/" + frame["name"]
        assert shown["text"] == before["text"] and shown["html"] == before["html"]
    [(picture, _)] = elements(page, "img", "flipbook-frame")
    assert picture["src"] in {frame["src"] for frame in payload["frames"]}


def test_renderer_leaves_other_outputs_to_myst_nb(tmp_path):
    renderer = FileWriter(tmp_path)
    assert softmax_flipbook.FlipbookRenderer.handle_mime(
        renderer, MimeData("image/png", "iVBORw0KGgo="), False) is None
    assert softmax_flipbook.FlipbookRenderer.handle_mime(
        renderer, MimeData(explorers.FLIPBOOK_MIME, {}), True) is None


def test_a_page_too_heavy_is_a_warning(tmp_path, monkeypatch, caplog):
    monkeypatch.setenv(explorers.FLIPBOOK_ENV, "1")
    page = nodes.document(None, None)
    page += flipbook_node(explorers.target_explorer(), tmp_path)
    with caplog.at_level(logging.WARNING):
        softmax_flipbook.page_weight(None, "book/page", "page.html", {}, page)
    assert not [record for record in caplog.records if "weigh" in record.getMessage()]
    monkeypatch.setattr(softmax_flipbook, "MAX_PAGE_BYTES", 1000)
    with caplog.at_level(logging.WARNING):
        softmax_flipbook.page_weight(None, "book/page", "page.html", {}, page)
    assert any("book/page: its flip-book frames weigh" in record.getMessage()
               for record in caplog.records)


def notebook(*sources):
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source) for source in sources])


def test_a_notebook_depends_on_the_softmax_course_modules_it_imports_directly_or_not():
    known = notebook_cache.package_modules()
    errata = notebook_cache.dependencies(notebook("%matplotlib inline\nimport numpy as np",
                                                  "from softmax_course.reference import softmax"),
                                         known)
    assert errata == {"softmax_course", "softmax_course.reference", "softmax_course._checks"}
    chapter = notebook_cache.dependencies(notebook("from softmax_course.explorers import "
                                                   "jacobian_explorer"), known)
    # the registry imports every chapter's module by name, through import_module
    assert {"softmax_course.explorers.jacobian", "softmax_course.explorers.forward",
            "softmax_course.pictures", "softmax_course.chapters"} <= chapter
    assert not {"softmax_course.selfcheck", "softmax_course.checking"} & chapter


def test_running_an_import_executes_the_packages_on_the_way():
    known = notebook_cache.package_modules()
    assert notebook_cache.executed_modules("from softmax_course.explorers import jacobian", "__main__",
                                           False, known) == {"softmax_course", "softmax_course.explorers",
                                                             "softmax_course.explorers.jacobian"}


class FakeCache:
    """jupyter-cache's match_cache_notebook and remove_cache, over {notebook's first source: pk}."""

    def __init__(self, records):
        self.records, self.removed = records, []

    def match_cache_notebook(self, nb):
        return types.SimpleNamespace(pk=self.records[nb.cells[0].source])

    def remove_cache(self, pk):
        self.removed.append(pk)


def test_only_the_notebooks_whose_modules_changed_are_executed_again(tmp_path, monkeypatch):
    sources = {"book/a": "from softmax_course.reference import softmax",
               "book/b": "from softmax_course.explorers import forward_explorer"}
    for docname, source in sources.items():
        (tmp_path / docname).parent.mkdir(exist_ok=True)
        nbformat.write(notebook(source), tmp_path / f"{docname}.ipynb")
    (tmp_path / "book/c.md").write_text("text")
    config = types.SimpleNamespace(execution_mode="cache", execution_cache_path=str(tmp_path / "cache"))
    env = types.SimpleNamespace(mystnb_config=config, found_docs={"book/a", "book/b", "book/c"},
                                doc2path=lambda docname: tmp_path / (
                                    docname + (".md" if docname == "book/c" else ".ipynb")))
    cache = FakeCache({sources["book/a"]: 1})
    monkeypatch.setattr(notebook_cache, "get_cache", lambda path: cache)

    def stale():
        return notebook_cache.stale_notebooks(None, env, set(), set(), set())

    assert stale() == ["book/a", "book/b"] and cache.removed == [1]  # nothing recorded yet
    assert stale() == []
    known = notebook_cache.package_modules()
    edited = dict(known, **{"softmax_course.explorers.base": tmp_path / "base.py"})
    (tmp_path / "base.py").write_text("edited = True\n")
    monkeypatch.setattr(notebook_cache, "package_modules", lambda: edited)
    assert stale() == ["book/b"]  # book/a imports no explorer
    assert cache.removed == [1]  # book/b had no record
