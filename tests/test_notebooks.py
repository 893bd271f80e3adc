"""The stored notebooks: no widget state, sanitize rules that keep orders of magnitude, and
each chapter's stated reading time as tools/reading_time.py measures it.

Widget state (a notebook's `widgets` metadata) is what Jupyter saves to redraw a widget
without its kernel. Nothing here reads it: the site shows each explorer as a picture and
Jupyter redraws the explorer when its cell runs. `python tools/store_notebooks.py NOTEBOOK`
executes a notebook and stores it without.

nbval compares stored and fresh outputs after the substitutions of tests/nbval_sanitize.cfg;
they must hide rounding noise but not an error that grows a thousandfold.
"""

import json
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbval.plugin import get_sanitize_patterns

import reading_time

ROOT = Path(__file__).resolve().parents[1]

WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
STORED = sorted(
    path.relative_to(ROOT)
    for folder in ("book", "solutions", "exercises")
    for path in (ROOT / folder).rglob("*.ipynb")
    if ".ipynb_checkpoints" not in path.parts
)


def widget_state(notebook):
    """The places where a notebook (a dict) keeps widget state; empty if none."""
    places = ["metadata.widgets"] if "widgets" in notebook["metadata"] else []
    for index, cell in enumerate(notebook["cells"]):
        for output in cell.get("outputs", []):
            if WIDGET_STATE in output.get("data", {}):
                places.append(f"cell {index}, an output")
    return places


def sanitized(text):
    """`text` as nbval compares it: tests/nbval_sanitize.cfg read by nbval's own parser."""
    rules = get_sanitize_patterns((ROOT / "tests" / "nbval_sanitize.cfg").read_text(encoding="utf-8"))
    assert rules, "tests/nbval_sanitize.cfg holds no rule nbval can read"
    for regex, replacement in rules:
        text = re.sub(regex, replacement, text)
    return text


def test_notebooks_are_stored_in_book_solutions_and_exercises():
    assert {path.parts[0] for path in STORED} == {"book", "solutions", "exercises"}


def test_widget_state_is_found_where_jupyter_saves_it():
    output = nbformat.v4.new_output("display_data", data={WIDGET_STATE: {"state": {}}})
    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(outputs=[output])],
        metadata={"widgets": {WIDGET_STATE: {"state": {}, "version_major": 2, "version_minor": 0}}},
    )
    assert widget_state(notebook) == ["metadata.widgets", "cell 0, an output"]


@pytest.mark.parametrize("notebook", STORED, ids=str)
def test_no_stored_notebook_carries_widget_state(notebook):
    places = widget_state(json.loads((ROOT / notebook).read_text(encoding="utf-8")))
    assert not places, (
        f"{notebook} stores widget state ({'; '.join(places)}): "
        f"store it with `python tools/store_notebooks.py {notebook}`"
    )


@pytest.mark.slow
def test_store_notebooks_keeps_the_widget_view_and_drops_the_state(tmp_path):
    path = tmp_path / "slider.ipynb"
    nbformat.write(
        nbformat.v4.new_notebook(
            cells=[nbformat.v4.new_code_cell("import ipywidgets\nipywidgets.IntSlider(value=3)")],
            metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        ),
        path,
    )
    subprocess.run(
        [sys.executable, str(ROOT / "tools" / "store_notebooks.py"), str(path)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    stored = json.loads(path.read_text(encoding="utf-8"))
    [output] = stored["cells"][0]["outputs"]
    assert WIDGET_VIEW in output["data"], "the stored output lost its widget view"
    assert widget_state(stored) == []


@pytest.mark.parametrize(
    "stored, fresh",
    [
        ("relative error dW 3.6e-09, db 1.4e-09", "relative error dW 4.4e-09, db 9.7e-09"),
        ("|formula - numerical|: [5.3423e-11 2.0122e-10]", "|formula - numerical|: [5.3419e-11 2.0151e-10]"),
        ("z_0 - z_1 = +8.9e-16", "z_0 - z_1 = +2.2e-16"),
        ("largest difference 1e-07", "largest difference 3e-07"),
        ("<Figure at 0x7f3a2c10>", "<Figure at 0x7f99aa48>"),
    ],
)
def test_sanitizing_ignores_rounding_noise(stored, fresh):
    assert sanitized(stored) == sanitized(fresh)


@pytest.mark.parametrize(
    "stored, fresh",
    [
        ("relative error: 1e-10", "relative error: 1e-07"),
        ("relative error: 1.4e-10", "relative error: 1.4e-07"),
        ("relative error: 1.4e-10", "relative error: 1.4e-13"),
        ("relative error: 5.3e-07", "relative error: 5.3e-04"),
        ("z_0 - z_1 = +8.9e-16", "z_0 - z_1 = -8.9e-16"),
        ("forward   1.364e-02", "forward   1.365e-02"),
    ],
)
def test_sanitizing_keeps_orders_of_magnitude_and_signs(stored, fresh):
    assert sanitized(stored) != sanitized(fresh)


@pytest.mark.parametrize("chapter", reading_time.CHAPTERS, ids=lambda path: path.name)
def test_each_chapter_states_its_measured_reading_time(chapter):
    words, code_cells, minutes = reading_time.measure(chapter)
    assert reading_time.stated(chapter) == minutes, (
        f"{chapter.name} ({words} words, {code_cells} code cells) should state about {minutes} "
        "minutes at its top: run `python tools/reading_time.py --write`"
    )


def test_reading_time_counts_prose_not_maths_labels_or_folded_solutions():
    markdown = (
        "(ch9-label)=\n## A title\n\nThe loss $L = -\\ln a_c$ is small, see {eq}`ch9-x` and\n"
        "{ref}`the errata <errata>`.\n\n$$\na - y\n$$ (ch9-x)\n\n```{exercise}\n:label: ch9-ex\n\n"
        "Why?\n```\n\n```{solution} ch9-ex\n:class: dropdown\n\nBecause many words here.\n```\n"
    )
    assert reading_time.prose(markdown) == [
        "A", "title", "The", "loss", "formula", "is", "small,", "see", "(1)", "and", "the", "errata",
        "Why?",
    ]
