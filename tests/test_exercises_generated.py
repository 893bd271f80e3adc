"""exercises/ is exactly what nbgrader generates from solutions/."""

import json

import pytest

from nbgrader_run import ASSIGNMENTS, ROOT, SOLUTION_NOTEBOOKS, nbgrader


@pytest.fixture(scope="module")
def fresh_release(tmp_path_factory):
    """Every assignment generated anew by nbgrader into a temporary folder."""
    release = tmp_path_factory.mktemp("release")
    nbgrader("generate_assignment", "*", "--force", "--no-db",
             f"--CourseDirectory.release_directory={release}")
    return release


def test_every_chapter_has_graded_exercises():
    assert ASSIGNMENTS == ["01_forward", "02_chain_rule", "03_diagonal", "04_jacobian", "05_gradient",
                           "06_classifier"]


def test_exercises_hold_one_notebook_per_solution_notebook():
    exercises = sorted(path.relative_to(ROOT / "exercises")
                       for path in (ROOT / "exercises").glob("*/*.ipynb"))
    assert exercises == SOLUTION_NOTEBOOKS


@pytest.mark.parametrize("notebook", SOLUTION_NOTEBOOKS, ids=str)
def test_exercise_equals_a_fresh_generation(notebook, fresh_release):
    committed = ROOT / "exercises" / notebook
    assert json.loads(committed.read_text()) == json.loads((fresh_release / notebook).read_text()), (
        f"{committed.relative_to(ROOT)} differs from a fresh generation: run "
        f"`nbgrader generate_assignment {notebook.parts[0]} --force --no-db`"
    )


@pytest.mark.parametrize("notebook", SOLUTION_NOTEBOOKS, ids=str)
def test_every_graded_cell_calls_a_grader(notebook):
    cells = json.loads((ROOT / "solutions" / notebook).read_text())["cells"]
    graded = [cell for cell in cells if cell["metadata"].get("nbgrader", {}).get("grade")]
    assert len(graded) >= 2, "each chapter has at least two graded exercises"
    for cell in graded:
        grade_id = cell["metadata"]["nbgrader"]["grade_id"]
        assert "check_" in "".join(cell["source"]), f"graded cell {grade_id} calls no grader"
        assert cell["metadata"]["nbgrader"]["points"] > 0, f"graded cell {grade_id} has no points"
