"""The install cell of every notebook in book/: what makes a chapter run on Colab (and anywhere
else the course's package is missing), derived from the repository named in _config.yml.

    python tools/install_cells.py          # write or update the cells, after changing repository.url
    python tools/install_cells.py --check  # exit 1 if a notebook's cell is missing or out of date

The cell comes just before a notebook's first code cell, is left off the site (tag
`remove-cell`), and installs `softmax-course` from the repository with pip only where
`softmax_course` cannot be imported: on Colab. Binder installs the package when it builds the
image (.binder/postBuild), the course kit and a clone set up with `make site` have it, and there
the cell does nothing. After writing, store the notebooks again (tools/store_notebooks.py).
"""

import argparse
import json
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CELL_ID = "install-softmax-course"
TAG = "remove-cell"


def repository(root=ROOT):
    """(url, branch) of _config.yml's repository, the one place it is set."""
    config = yaml.safe_load((Path(root) / "_config.yml").read_text(encoding="utf-8"))["repository"]
    return config["url"].rstrip("/").removesuffix(".git"), config.get("branch", "main")


def install_source(url, branch):
    """The install cell's code for the repository at `url`, branch `branch`."""
    return (
        "# On Colab, where the course's package is missing, install it from the course's repository.\n"
        "# Everywhere else (Binder, the course kit, a clone set up with `make site`) nothing runs.\n"
        "import importlib.util\n"
        "import subprocess\n"
        "import sys\n"
        "\n"
        f'PACKAGE = "softmax-course @ git+{url}@{branch}"\n'
        'if importlib.util.find_spec("softmax_course") is None:\n'
        '    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", PACKAGE], check=True)'
    )


def notebooks(root=ROOT):
    return sorted((Path(root) / "book").glob("*.ipynb"))


def install_cell(notebook):
    """The install cell of a notebook (its JSON), or None."""
    return next((cell for cell in notebook["cells"] if cell.get("id") == CELL_ID), None)


def with_install_cell(notebook, source):
    """The notebook with its install cell (added before the first code cell, or updated)."""
    cell = install_cell(notebook)
    if cell is None:
        cell = {"cell_type": "code", "execution_count": None, "id": CELL_ID,
                "metadata": {"tags": [TAG]}, "outputs": [], "source": []}
        first_code = next(i for i, c in enumerate(notebook["cells"]) if c["cell_type"] == "code")
        notebook["cells"].insert(first_code, cell)
    cell["source"] = source.splitlines(keepends=True)
    cell["metadata"].setdefault("tags", [])
    if TAG not in cell["metadata"]["tags"]:
        cell["metadata"]["tags"].append(TAG)
    return notebook


def out_of_date(root=ROOT):
    """The notebooks whose install cell is missing or names another repository."""
    source = install_source(*repository(root))
    stale = []
    for path in notebooks(root):
        cell = install_cell(json.loads(path.read_text(encoding="utf-8")))
        if cell is None or "".join(cell["source"]) != source:
            stale.append(path)
    return stale


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true")
    arguments = parser.parse_args()
    stale = out_of_date()
    if arguments.check:
        for path in stale:
            print(f"{path.relative_to(ROOT)}: install cell missing or not for {repository()[0]}")
        sys.exit(1 if stale else 0)
    source = install_source(*repository())
    for path in stale:
        notebook = with_install_cell(json.loads(path.read_text(encoding="utf-8")), source)
        path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote the install cell of {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
