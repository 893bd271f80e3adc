"""nbgrader validates every solution, and every test fails on the student version."""

import pytest

from nbgrader_run import SOLUTION_NOTEBOOKS, nbgrader


@pytest.mark.parametrize("notebook", SOLUTION_NOTEBOOKS, ids=str)
def test_solution_passes_every_test(notebook):
    output = nbgrader("validate", f"solutions/{notebook}")
    assert "Success! Your notebook passes all the tests." in output, output


@pytest.mark.parametrize("notebook", SOLUTION_NOTEBOOKS, ids=str)
def test_student_version_fails_every_test(notebook):
    output = nbgrader("validate", "--invert", f"exercises/{notebook}")
    assert "Success! The notebook does not pass any tests." in output, output
