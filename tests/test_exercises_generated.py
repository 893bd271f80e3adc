"""exercises/ is exactly what nbgrader generates from solutions/."""

import json

import pytest

from nbgrader_run import ASSIGNMENTS, ROOT, SOLUTION_NOTEBOOKS, nbgrader


def test_every_chapter_has_graded_exercises():
    assert ASSIGNMENTS == ["01_forward", "02_chain_rule", "03_diagonal", "04_jacobian", "05_gradient", "06_classifier"]


def test_exercises_hold_one_notebook_per_solution_notebook():
    exercises = sorted(path.relative_to(ROOT / "exercises") for path in (ROOT / "exercises").glob("*/*.ipynb"))
    assert exercises == SOLUTION_NOTEBOOKS


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_exercises_equal_a_fresh_generation(assignment, tmp_path):
    nbgrader("generate_assignment", assignment, "--force", "--no-db",
             f"--CourseDirectory.release_directory={tmp_path}")
    for fresh in sorted((tmp_path / assignment).glob("*.ipynb")):
        committed = ROOT / "exercises" / assignment / fresh.name
        assert json.loads(committed.read_text()) == json.loads(fresh.read_text()), (
            f"{committed.relative_to(ROOT)} differs from a fresh generation: run "
            f"`nbgrader generate_assignment {assignment} --force --no-db`"
        )


@pytest.mark.parametrize("notebook", SOLUTION_NOTEBOOKS, ids=str)
def test_every_graded_cell_calls_a_grader(notebook):
    cells = json.loads((ROOT / "solutions" / notebook).read_text())["cells"]
    graded = [cell for cell in cells if cell["metadata"].get("nbgrader", {}).get("grade")]
    assert len(graded) >= 2, "each chapter has at least two graded exercises"
    for cell in graded:
        assert "check_" in "".join(cell["source"]), f"graded cell {cell['metadata']['nbgrader']['grade_id']} calls no grader"
        assert cell["metadata"]["nbgrader"]["points"] > 0
