"""Execute notebooks and store them with their outputs, without widget state.

    python tools/store_notebooks.py book/02_chain_rule.ipynb [more notebooks ...]

Each notebook runs top to bottom in a fresh kernel, in its own folder (as nbval and the
site build run it), and is written back in place. The explorers' outputs keep their
widget view (live in Jupyter) and their picture (shown on the site); what is left out is
the widgets' saved state, tens of kB per chapter that nothing reads, and the timing of each
cell, so that storing an unchanged notebook again changes nothing but its outputs.

The kernel draws with matplotlib's inline backend whatever the caller's MPLBACKEND says
(the Makefile pins the same), so the stored outputs are the ones nbval and the build
produce. A cell that raises stops the run and leaves that notebook as it was.
"""

import argparse
import os
from pathlib import Path

import nbformat
from nbclient import NotebookClient

TIMEOUT = 300  # seconds per cell, as the site build allows (_config.yml)
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"


def without_widget_state(notebook):
    """Drop the saved widget state and the per-cell timing from a notebook, in place."""
    notebook.metadata.pop("widgets", None)
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
    return notebook


def store(path):
    """Execute the notebook at `path` and write it back with its outputs."""
    path = Path(path)
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=TIMEOUT,
        resources={"metadata": {"path": str(path.parent)}},
        store_widget_state=False,
        record_timing=False,
    )
    client.execute()
    nbformat.write(without_widget_state(notebook), path)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path, help="the .ipynb files to execute and store")
    arguments = parser.parse_args(argv)
    os.environ["MPLBACKEND"] = INLINE_BACKEND
    for path in arguments.notebooks:
        store(path)
        print(f"stored {path}")


if __name__ == "__main__":
    main()
