"""exercises/ is exactly what nbgrader generates from solutions/, and every assignment
follows the one scaffold: one per chapter of the grading registry, titled, introduced and
linked to its chapter the same way; per function a statement, an answer cell, a guarded try-it
cell and two test cells (basic, extremes) through the exercises' own checks, the warm-ups first
(no points), the graded task last (6 + 6 points) with its reasoning question (3 points, graded by
hand); every cell but the answers locked; a set-up cell that imports nothing that solves an
exercise. The instructor page's points table matches the notebooks."""

import ast
import json
import re

import pytest

from course_testing.nbgrader_run import (
    ASSIGNMENTS,
    POINTS_PER_CHAPTER,
    REASONING_POINTS,
    ROOT,
    SOLUTION_NOTEBOOKS,
    STAGES,
    TASK_POINTS,
    TEST_CELL,
    cells,
    chapter_number,
    graded_functions,
    nbgrader,
    nbgrader_of,
    source,
)
from softmax_grader.registry import CHAPTERS, TASKS

pytestmark = pytest.mark.slow

SETUP_IMPORTS = {"numpy", "softmax_course.data"}
HIDDEN_TESTS = re.compile(r"^### BEGIN HIDDEN TESTS\n.*?^### END HIDDEN TESTS\n", re.S | re.M)
CELLS_PER_FUNCTION = 5  # statement, answer, try-it, basic test, extremes test
REASONING_CELLS = 2  # the graded task's question, and the answer graded by hand


@pytest.fixture(scope="module")
def fresh_release(tmp_path_factory):
    """Every assignment generated anew by nbgrader into a temporary folder."""
    release = tmp_path_factory.mktemp("release")
    nbgrader("generate_assignment", "*", "--force", "--no-db",
             f"--CourseDirectory.release_directory={release}")
    return release


def chapter_of_notebook(notebook):
    return chapter_number(notebook.parts[0])


def without_hidden_tests(test_source):
    """A test cell's source without an instructor's hidden tests (nbgrader's HIDDEN TESTS region)."""
    return HIDDEN_TESTS.sub("", test_source)


def functions_in_order(notebook):
    """The functions of a solution notebook, by its code answer cells, in order."""
    return [nbgrader_of(cell)["grade_id"] for cell in cells(ROOT / "solutions" / notebook)
            if nbgrader_of(cell).get("solution") and cell["cell_type"] == "code"]


def points_of(notebook):
    """{grade_id: points} of the graded cells of a solution notebook."""
    return {nbgrader_of(cell)["grade_id"]: nbgrader_of(cell)["points"]
            for cell in cells(ROOT / "solutions" / notebook) if nbgrader_of(cell).get("grade")}


def test_one_assignment_per_chapter_of_the_registry():
    assert sorted(chapter_number(assignment) for assignment in ASSIGNMENTS) == sorted(CHAPTERS)
    assert [notebook.parts[0] for notebook in SOLUTION_NOTEBOOKS] == ASSIGNMENTS, "one notebook each"


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
def test_each_notebook_grades_the_functions_of_its_chapter(notebook):
    assert sorted(functions_in_order(notebook)) == sorted(graded_functions(chapter_of_notebook(notebook)))


@pytest.mark.parametrize("notebook", SOLUTION_NOTEBOOKS, ids=str)
def test_title_and_link_to_the_chapter(notebook):
    """Title "Graded exercises, chapter N: <the chapter's title>", and a relative link that
    works from exercises/<assignment>/ to the chapter's notebook."""
    number = chapter_of_notebook(notebook)
    intro = source(cells(ROOT / "solutions" / notebook)[0])
    links = re.findall(r"\]\((\.\./\.\./book/[^)]+\.ipynb)\)", intro)
    assert len(links) == 1, f"the introduction links to its chapter once, found {links}"
    chapter = (ROOT / "exercises" / notebook.parts[0] / links[0]).resolve()
    assert chapter.is_file(), f"{links[0]} does not exist (seen from exercises/{notebook.parts[0]}/)"
    assert chapter.name.startswith(f"{number:02d}_"), f"chapter {number} links to {chapter.name}"
    heading = source(cells(chapter)[0]).splitlines()[0]
    chapter_title = re.sub(r"^#\s+(\d+\.\s+)?", "", heading)
    assert intro.splitlines()[0] == f"# Graded exercises, chapter {number}: {chapter_title}"


def test_every_introduction_says_the_same_after_its_list_of_functions():
    tails = {source(cells(ROOT / "solutions" / notebook)[0]).split(" carry no points.")[1]
             for notebook in SOLUTION_NOTEBOOKS}
    assert len(tails) == 1, "the introductions differ beyond their chapter, functions and points"


@pytest.mark.parametrize("notebook", SOLUTION_NOTEBOOKS, ids=str)
def test_the_graded_task_comes_last_and_the_introduction_names_it(notebook):
    chapter = chapter_of_notebook(notebook)
    assert functions_in_order(notebook)[-1] == TASKS[chapter]
    intro = source(cells(ROOT / "solutions" / notebook)[0])
    assert f"`{TASKS[chapter]}(" in intro and f"{POINTS_PER_CHAPTER} points in all" in intro


@pytest.mark.parametrize("notebook", SOLUTION_NOTEBOOKS, ids=str)
def test_one_scaffold_per_function(notebook):
    """intro, set-up, then per function: statement, answer, try-it, basic and extremes
    tests; after the graded task its question and the answer graded by hand; then the
    closing markdown."""
    notebook_cells = cells(ROOT / "solutions" / notebook)
    names = functions_in_order(notebook)
    assert [nbgrader_of(cell).get("grade_id") for cell in notebook_cells[:2]] == ["intro", "setup"]
    assert notebook_cells[-1]["cell_type"] == "markdown"
    body = notebook_cells[2:-1]
    assert len(body) == CELLS_PER_FUNCTION * len(names) + REASONING_CELLS
    for index, name in enumerate(names):
        statement, answer, try_it, *tests = body[CELLS_PER_FUNCTION * index:CELLS_PER_FUNCTION * (index + 1)]
        assert statement["cell_type"] == "markdown" and source(statement).startswith(f"## `{name}(")
        assert nbgrader_of(answer)["solution"] and source(answer).startswith(f"def {name}(")
        assert "### BEGIN SOLUTION" in source(answer) and "### END SOLUTION" in source(answer)
        assert try_it["cell_type"] == "code" and not nbgrader_of(try_it)["grade"]
        assert [without_hidden_tests(source(test)) for test in tests] == [
            TEST_CELL.format(name=name, stage=stage) for stage in STAGES]
        assert all(nbgrader_of(test)["grade"] == (name == names[-1]) for test in tests)
    question, reasoning = body[-REASONING_CELLS:]
    assert question["cell_type"] == "markdown" and not nbgrader_of(question)["grade"]
    assert reasoning["cell_type"] == "markdown" and nbgrader_of(reasoning)["solution"]
    assert nbgrader_of(reasoning)["grade"] and nbgrader_of(reasoning)["grade_id"] == f"{names[-1]}_reasoning"


@pytest.mark.parametrize("notebook", SOLUTION_NOTEBOOKS, ids=str)
def test_every_cell_but_the_answers_is_locked(notebook):
    for cell in cells(ROOT / "solutions" / notebook):
        metadata = nbgrader_of(cell)
        assert metadata, f"a cell has no nbgrader metadata:\n{source(cell)[:200]}"
        assert metadata["locked"] != metadata["solution"], f"{metadata['grade_id']}: locked unless an answer"


@pytest.mark.parametrize("notebook", SOLUTION_NOTEBOOKS, ids=str)
def test_points_come_from_the_graded_task_only(notebook):
    task = TASKS[chapter_of_notebook(notebook)]
    half = TASK_POINTS // 2
    assert points_of(notebook) == {f"test_{task}_basic": half, f"test_{task}_extremes": half,
                                   f"{task}_reasoning": REASONING_POINTS}
    for cell in cells(ROOT / "solutions" / notebook):
        heading = re.match(r"## `(\w+)\(.*`: (.+)", source(cell))
        if heading:
            expected = (f"{TASK_POINTS} points, and a question worth {REASONING_POINTS}"
                        if heading[1] == task else "warm-up, no points")
            assert heading[2] == expected, f"the heading of {heading[1]}"


@pytest.mark.parametrize("notebook", SOLUTION_NOTEBOOKS, ids=str)
def test_the_setup_cell_imports_nothing_that_solves_an_exercise(notebook):
    notebook_cells = cells(ROOT / "solutions" / notebook)
    setup = ast.parse(source(notebook_cells[1]))
    imported = {node.module if isinstance(node, ast.ImportFrom) else alias.name
                for node in ast.walk(setup) if isinstance(node, (ast.Import, ast.ImportFrom))
                for alias in node.names}
    assert imported <= SETUP_IMPORTS, f"the set-up cell imports {imported - SETUP_IMPORTS}"
    for cell in notebook_cells:
        if not nbgrader_of(cell).get("grade"):
            assert "softmax_course.reference" not in source(cell) or cell["cell_type"] == "markdown"
            assert "softmax_grader" not in source(cell)


@pytest.mark.parametrize("notebook", SOLUTION_NOTEBOOKS, ids=str)
def test_try_it_cells_let_the_grader_speak_first(notebook):
    """On the blank student version a try-it cell prints a line instead of a traceback: its
    body is guarded by `except NotImplementedError`, so the test cell's message comes first."""
    notebook_cells = cells(ROOT / "exercises" / notebook)
    try_its = [cell for cell in notebook_cells if nbgrader_of(cell).get("grade_id", "").endswith("_try_it")]
    assert len(try_its) == len(functions_in_order(notebook))
    for cell in try_its:
        tree = ast.parse(source(cell))
        assert len(tree.body) == 1 and isinstance(tree.body[0], ast.Try), source(cell)
        handler = tree.body[0].handlers[0].type
        assert isinstance(handler, ast.Name) and handler.id == "NotImplementedError", source(cell)


@pytest.mark.parametrize("notebook", SOLUTION_NOTEBOOKS, ids=str)
def test_the_student_version_has_no_solution(notebook):
    for cell in cells(ROOT / "exercises" / notebook):
        if nbgrader_of(cell).get("solution"):
            blank = "raise NotImplementedError()" if cell["cell_type"] == "code" else "YOUR ANSWER HERE"
            assert blank in source(cell)
            assert "SOLUTION" not in source(cell) and "Marking" not in source(cell)


def points_table_rows():
    """The rows of the instructor page's points table, as the notebooks give them."""
    rows = []
    for notebook in SOLUTION_NOTEBOOKS:
        chapter = chapter_of_notebook(notebook)
        warm = ", ".join(f"`{name}`" for name in functions_in_order(notebook)[:-1])
        rows.append(f"| {chapter} | `{notebook.parts[0]}` | {warm} | `{TASKS[chapter]}` | "
                    f"{sum(points_of(notebook).values())} |")
    return rows + [f"| | all | | | {POINTS_PER_CHAPTER * len(SOLUTION_NOTEBOOKS)} |"]


def test_the_instructor_page_has_the_points_table_of_the_notebooks():
    page = (ROOT / "book" / "instructor.md").read_text()
    missing = [row for row in points_table_rows() if row not in page.splitlines()]
    assert not missing, "book/instructor.md's points table differs from the notebooks; its rows are:\n" + \
        "\n".join(points_table_rows())
