"""Reading time of each chapter: its prose at 200 words a minute, plus half a minute for each
code cell (reading the code and its output), rounded up to whole minutes.

    python tools/reading_time.py          # print each chapter's time
    python tools/reading_time.py --write  # put it under each chapter's title

The line under the title reads "*Reading time: about N minutes.*";
tests/test_notebooks.py checks that each chapter states the time this script computes.
"""

import argparse
import json
import math
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORDS_PER_MINUTE = 200
MINUTES_PER_CODE_CELL = 0.5
LINE = re.compile(r"\*Reading time: about \d+ minutes\.\*\n*")


def chapters():
    """The chapter notebooks, book/01_... to book/07_..."""
    return sorted((ROOT / "book").glob("0[1-7]_*.ipynb"))


def words(markdown):
    """The words of a Markdown cell, maths and markup counted as they come."""
    return len(re.findall(r"[A-Za-z0-9]+", LINE.sub("", markdown)))


def minutes(notebook):
    """Minutes to read a notebook: prose words and code cells, rounded up."""
    cells = json.loads(notebook.read_text())["cells"]
    prose = sum(words("".join(cell["source"])) for cell in cells if cell["cell_type"] == "markdown")
    code = sum(1 for cell in cells if cell["cell_type"] == "code")
    return math.ceil(prose / WORDS_PER_MINUTE + code * MINUTES_PER_CODE_CELL)


def stated(notebook):
    """The minutes the chapter states under its title, or None."""
    title = "".join(json.loads(notebook.read_text())["cells"][0]["source"])
    found = re.search(r"\*Reading time: about (\d+) minutes\.\*", title)
    return int(found[1]) if found else None


def write(notebook):
    """Put (or renew) the reading-time line under the notebook's title."""
    book = json.loads(notebook.read_text())
    lines = LINE.sub("", "".join(book["cells"][0]["source"])).split("\n", 1)
    text = f"{lines[0]}\n\n*Reading time: about {minutes(notebook)} minutes.*\n\n" + lines[1].lstrip("\n")
    book["cells"][0]["source"] = text.splitlines(keepends=True)
    notebook.write_text(json.dumps(book, indent=1, ensure_ascii=False) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write the time under each title")
    for notebook in chapters():
        if parser.parse_args().write:
            write(notebook)
        print(f"{notebook.name:28} {minutes(notebook):3d} min")


if __name__ == "__main__":
    main()
