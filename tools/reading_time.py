"""Measure the reading time of each chapter, and state it at the top of the chapter.

    python tools/reading_time.py            # each chapter's words, code cells and minutes
    python tools/reading_time.py --write    # write the figure into each chapter's first cell

The measure: the words of prose at WORDS_PER_MINUTE, plus SECONDS_PER_CODE_CELL for each code
cell (reading the code and its output), rounded to the nearest ROUND_TO minutes. Prose is the
text of the Markdown cells as a reader sees it unfolded: display equations, MyST labels,
directive fences and options, and the folded solutions are left out; an inline formula, an
equation reference or a link counts as the words it shows (a formula as one word). The line
that states the figure is not counted. tests/test_notebooks.py checks that every chapter states
the figure this script computes.
"""

import argparse
import json
import re
from pathlib import Path

from softmax_course.chapters import CHAPTERS as TABLE

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = [ROOT / f"{chapter.page}.ipynb" for chapter in TABLE]
WORDS_PER_MINUTE = 200
SECONDS_PER_CODE_CELL = 30
ROUND_TO = 5
LINE = "*Reading time: about {minutes} minutes.*"
LINE_PATTERN = re.compile(r"^\*Reading time: about (\d+) minutes\.\*\n?", re.M)


def prose(markdown):
    """The words of one Markdown cell as a reader sees them, as a list."""
    text = LINE_PATTERN.sub("", markdown)
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    text = re.sub(r"^```\{solution\}.*?^```[ \t]*$", " ", text, flags=re.S | re.M)  # folded
    text = re.sub(r"\$\$.*?\$\$([ \t]*\([\w-]+\))?", " ", text, flags=re.S)  # display maths
    text = re.sub(r"^\([\w-]+\)=[ \t]*$", " ", text, flags=re.M)  # labels
    text = re.sub(r"^```.*$", " ", text, flags=re.M)  # directive fences
    text = re.sub(r"^:\w+:.*$", " ", text, flags=re.M)  # directive options
    text = re.sub(r"\$[^$]+\$", " formula ", text)  # inline maths: one word
    text = re.sub(r"\{eq\}`[^`]*`", " (1) ", text)
    text = re.sub(r"\{\w+\}`([^`<]*?)\s*<[^`]*>`", r" \1 ", text)  # {ref}`text <label>`
    text = re.sub(r"\{\w+\}`[^`]*`", " reference ", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r" \1 ", text)  # links show their text
    return [word for word in text.split() if re.search(r"\w", word)]


def measure(path):
    """(words of prose, code cells, minutes) of the notebook at `path`."""
    cells = json.loads(Path(path).read_text(encoding="utf-8"))["cells"]
    words = sum(len(prose("".join(cell["source"]))) for cell in cells if cell["cell_type"] == "markdown")
    code_cells = sum(cell["cell_type"] == "code" for cell in cells)
    exact = words / WORDS_PER_MINUTE + code_cells * SECONDS_PER_CODE_CELL / 60
    minutes = max(ROUND_TO, ROUND_TO * round(exact / ROUND_TO))
    return words, code_cells, minutes


def stated(path):
    """The minutes the notebook at `path` states at its top, or None."""
    first = "".join(json.loads(Path(path).read_text(encoding="utf-8"))["cells"][0]["source"])
    match = LINE_PATTERN.search(first)
    return int(match[1]) if match else None


def write(path, minutes):
    """State `minutes` in the first cell of the notebook at `path`, under its title."""
    notebook = json.loads(Path(path).read_text(encoding="utf-8"))
    first = notebook["cells"][0]
    text = LINE_PATTERN.sub("", "".join(first["source"]))
    title, _, rest = text.partition("\n")
    text = f"{title}\n\n{LINE.format(minutes=minutes)}\n\n{rest.lstrip(chr(10))}"
    lines = text.split("\n")
    first["source"] = [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
    Path(path).write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="state the figures in the chapters")
    arguments = parser.parse_args(argv)
    print(f"{'chapter':28} {'words':>6} {'code cells':>10} {'minutes':>7} {'stated':>6}")
    for path in CHAPTERS:
        words, code_cells, minutes = measure(path)
        if arguments.write and stated(path) != minutes:
            write(path, minutes)
        print(f"{path.name:28} {words:6d} {code_cells:10d} {minutes:7d} {stated(path) or '-':>6}")


if __name__ == "__main__":
    main()
