"""No graded answer reaches a student. Each chapter's graded task (registry.TASKS) is answered
only in solutions/ and in the instructor's grader (grader/): not in the student package, not in
the chapters and the errata (which the site, the class site and the course kit carry), not in
the exercises. tests/test_class_site.py looks for the same lines in the class site and its kit."""

import json

import pytest

import softmax_course
from course_testing.nbgrader_run import ASSIGNMENTS, ROOT, answer_lines, chapter_number
from softmax_course import reference
from softmax_grader.registry import TASKS

PACKAGE = ROOT / "softmax_course"
SHIPPED = [*PACKAGE.rglob("*.py"), *PACKAGE.rglob("*.json"), *(ROOT / "book").glob("*.ipynb"),
           *(ROOT / "book").glob("*.md"), *(ROOT / "exercises").rglob("*.ipynb"), ROOT / "README.md"]


def text_of(path):
    """A file as a reader meets it: a notebook's cell sources and printed outputs, else its text."""
    if path.suffix != ".ipynb":
        return path.read_text()
    return "\n".join("".join(cell["source"]) + "".join("".join(output.get("text", ""))
                                                      for output in cell.get("outputs", []))
                     for cell in json.loads(path.read_text())["cells"])


@pytest.fixture(scope="module")
def shipped_text():
    """Every file a student receives, as one text."""
    return "\n".join(text_of(path) for path in SHIPPED)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_task_has_lines_that_would_give_it_away(assignment):
    assert len(answer_lines(assignment, TASKS[chapter_number(assignment)])) >= 2


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_no_line_of_the_tasks_answer_is_in_anything_a_student_receives(assignment, shipped_text):
    task = TASKS[chapter_number(assignment)]
    found = [line for line in answer_lines(assignment, task) if line in shipped_text]
    assert not found, f"{task}'s answer is readable by students: {found}"


@pytest.mark.parametrize("task", TASKS.values())
def test_the_student_package_defines_no_task(task):
    assert not hasattr(reference, task) and not hasattr(softmax_course, task)
    for path in PACKAGE.rglob("*.py"):
        assert f"def {task}(" not in path.read_text(), f"{path.name} defines {task}"
