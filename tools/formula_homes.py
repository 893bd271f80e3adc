"""Count the places that define each formula the architecture issue names.

A place is a file holding a function definition or an inline expression that computes
the formula: in the package, the tests (not tests/implementations.py, whose learner-style
functions are deliberate), the tools, or a chapter notebook's code cells. The goal is
one place each: softmax_course/reference.py.

    python tools/formula_homes.py [repository root]
"""

import json
import re
import sys
from pathlib import Path

FORMULAS = {
    "relative_error": [r"def relative_error\("],
    "batch loss (mean_loss)": [r"def (_?mean_loss|batch_loss|loss_of_logits)\(",
                               r"cross_entropy\(\s*softmax\(\s*logits\("],
    "predictions": [r"def (predictions|predict)\(", r"argmax\(\s*logits\("],
    "accuracy": [r"def _?accuracy\(", r"np\.mean\(\s*(np\.argmax|predict\w*)\(.*\)\s*=="],
    "train_step": [r"def train_step\("],
    "gradient_descent": [r"def (gradient_descent|train)\("],
}


def sources(root):
    """(name, text) of every Python file and chapter notebook's code that may hold a formula."""
    for path in sorted(root.glob("softmax_course/**/*.py")) + sorted(root.glob("tests/**/*.py")) \
            + sorted(root.glob("tools/*.py")):
        if path.name not in ("implementations.py", "formula_homes.py"):
            yield str(path.relative_to(root)), path.read_text()
    for path in sorted(root.glob("book/*.ipynb")):
        cells = json.loads(path.read_text())["cells"]
        code = "\n".join("".join(cell["source"]) for cell in cells if cell["cell_type"] == "code")
        yield str(path.relative_to(root)), code


def places(root):
    """{formula: [file, ...]}: the files that compute each formula."""
    found = {formula: [] for formula in FORMULAS}
    for name, text in sources(root):
        for formula, patterns in FORMULAS.items():
            if any(re.search(pattern, text) for pattern in patterns):
                found[formula].append(name)
    return found


def main(argv):
    root = Path(argv[1] if len(argv) > 1 else ".").resolve()
    for formula, files in places(root).items():
        print(f"{formula:24} {len(files):2} place(s): {', '.join(files)}")


if __name__ == "__main__":
    main(sys.argv)
