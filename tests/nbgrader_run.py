"""Run nbgrader from the repository root and list the exercise notebooks."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOLUTION_NOTEBOOKS = sorted(path.relative_to(ROOT / "solutions")
                            for path in (ROOT / "solutions").glob("*/*.ipynb"))
ASSIGNMENTS = sorted({path.parts[0] for path in SOLUTION_NOTEBOOKS})


def nbgrader(*args):
    """Run `nbgrader ARGS` at the repository root; return its combined output."""
    result = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout + result.stderr
