"""The whole course flow with nbgrader's own commands, in a temporary folder.

A course directory with the repository's nbgrader_config.py (its course id) and an exchange
directory in tmp; the students added to the gradebook; generate_assignment,
release_assignment; each student fetches into a folder of their own, writes answers and
submits (all as this one OS user: `--student` names the student, as nbgrader allows); then
collect, autograde, generate_feedback and export. The scores come from the exported CSV,
and the feedback HTML must carry the graders' messages.

Students of assignment 01_forward (softmax and cross_entropy, 6 points each: 3 basic + 3
extremes): one correct, one half right, one right but for the extremes of softmax, one blank,
and four who tamper in their answer cells: rebinding the grader's names, replacing the grading
package's functions, patching NumPy, importing the answer from softmax_course.reference.
"""

import csv
import html
import json
import os
import re
import shutil
from concurrent.futures import ThreadPoolExecutor

import pytest
from traitlets.config.loader import PyFileConfigLoader

from nbgrader_run import ROOT, cells, nbgrader, nbgrader_of, source

pytestmark = pytest.mark.slow

ASSIGNMENT, NOTEBOOK = "01_forward", "forward_pass.ipynb"
COURSE_ID = PyFileConfigLoader("nbgrader_config.py", str(ROOT)).load_config().CourseDirectory.course_id


def solution_code(name):
    """The solution of `name` from solutions/, without nbgrader's markers: a right answer."""
    answer = next(cell for cell in cells(ROOT / "solutions" / ASSIGNMENT / NOTEBOOK)
                  if nbgrader_of(cell).get("grade_id") == name)
    return "\n".join(line for line in source(answer).splitlines() if "### " not in line)


SOFTMAX, CROSS_ENTROPY = solution_code("softmax"), solution_code("cross_entropy")
NO_SHIFT = """def softmax(z):
    exponentials = np.exp(z)
    return exponentials / exponentials.sum(axis=-1, keepdims=True)
"""
NO_MINUS = CROSS_ENTROPY.replace("float(np.mean(-", "float(np.mean(")
RETURNS_NONE = """def softmax(z):
    return None
"""
REBINDS_NAMES = RETURNS_NONE + """
def grade(*args, **kwargs):
    return None

def run_module(*args, **kwargs):
    return {"grade": grade}

check_softmax = grade
"""
REPLACES_GRADING = RETURNS_NONE + """
import softmax_course.grading as grading
from softmax_course.grading import core, sealed

core.Grader.check = lambda self, fn, stage=None: None
core.compare = lambda *args, **kwargs: None
grading.check_softmax = lambda fn, stage=None: None
sealed.grade = lambda *args, **kwargs: None
"""
PATCHES_NUMPY = RETURNS_NONE + """
np.allclose = lambda *args, **kwargs: True
np.isfinite = lambda x: np.ones(np.shape(x), dtype=bool)
"""
IMPORTS_SOFTMAX = "from softmax_course.reference import softmax\n"
CALLS_CROSS_ENTROPY = """from softmax_course import reference

def cross_entropy(a, y):
    return reference.cross_entropy(a, y)
"""
NO_RETURN = "did you forget the `return` statement?"

# Each student: the code of their answer cells by grade_id (a missing one stays blank), the
# score expected from autograding (of 12), and what their feedback must say.
STUDENTS = {
    "correct": ({"softmax": SOFTMAX, "cross_entropy": CROSS_ENTROPY}, 12, [": the extremes cases pass."]),
    "half": ({"softmax": SOFTMAX, "cross_entropy": NO_MINUS}, 6, ["cross_entropy has the wrong sign"]),
    "no_shift": ({"softmax": NO_SHIFT, "cross_entropy": CROSS_ENTROPY}, 9,
                 ["the result of softmax contains nan or inf"]),
    "blank": ({}, 0, ["softmax is not implemented yet", "cross_entropy is not implemented yet"]),
    "rebinds_names": ({"softmax": REBINDS_NAMES, "cross_entropy": CROSS_ENTROPY}, 6, [NO_RETURN]),
    "replaces_grading": ({"softmax": REPLACES_GRADING, "cross_entropy": CROSS_ENTROPY}, 6, [NO_RETURN]),
    "patches_numpy": ({"softmax": PATCHES_NUMPY, "cross_entropy": CROSS_ENTROPY}, 0,
                      ["np.allclose, np.isfinite is no longer NumPy's own"]),
    "imports_the_answer": ({"softmax": IMPORTS_SOFTMAX, "cross_entropy": CALLS_CROSS_ENTROPY}, 0,
                           ["This is the course's own softmax",
                            "calls the course's own softmax_course.reference.cross_entropy"]),
}


def write_answers(notebook_path, answers):
    """Put a student's code into the answer cells of the fetched notebook."""
    notebook = json.loads(notebook_path.read_text())
    for cell in notebook["cells"]:
        grade_id = nbgrader_of(cell).get("grade_id")
        if nbgrader_of(cell).get("solution") and grade_id in answers:
            cell["source"] = answers[grade_id]
    notebook_path.write_text(json.dumps(notebook))


def text_of(page):
    """The text of an HTML page, without its tags."""
    return html.unescape(re.sub(r"<[^>]+>", "", page))


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """Run the whole flow once; return the course directory."""
    tmp = tmp_path_factory.mktemp("flow")
    course, exchange, home = tmp / "course", tmp / "exchange", tmp / "home"
    for folder in (exchange, home):
        folder.mkdir()
    env = {**os.environ, "HOME": str(home), "JUPYTER_CONFIG_DIR": str(home / ".jupyter")}
    shutil.copytree(ROOT / "solutions" / ASSIGNMENT, course / "solutions" / ASSIGNMENT)
    config = (ROOT / "nbgrader_config.py").read_text() + f'c.Exchange.root = "{exchange}"\n'
    (course / "nbgrader_config.py").write_text(config)

    def instructor(*args):
        return nbgrader(*args, cwd=course, env=env)

    roster = course / "students.csv"
    roster.write_text("id,first_name,last_name\n" + "".join(f"{name},Student,{name}\n" for name in STUDENTS))
    instructor("db", "student", "import", str(roster))
    instructor("generate_assignment", ASSIGNMENT)
    instructor("release_assignment", ASSIGNMENT)

    def fetch_answer_submit(student):
        folder = tmp / "students" / student
        folder.mkdir(parents=True)
        (folder / "nbgrader_config.py").write_text(f'c = get_config()\nc.Exchange.root = "{exchange}"\n'
                                                   f'c.CourseDirectory.course_id = "{COURSE_ID}"\n')
        nbgrader("fetch_assignment", ASSIGNMENT, cwd=folder, env=env)
        write_answers(folder / ASSIGNMENT / NOTEBOOK, STUDENTS[student][0])
        nbgrader("submit", ASSIGNMENT, f"--student={student}", cwd=folder, env=env)

    with ThreadPoolExecutor(max_workers=os.cpu_count()) as students_at_work:
        list(students_at_work.map(fetch_answer_submit, STUDENTS))
    instructor("collect", ASSIGNMENT)
    instructor("autograde", ASSIGNMENT)
    instructor("generate_feedback", ASSIGNMENT)
    instructor("export")
    return course


def scores(course):
    with open(course / "grades.csv", newline="") as table:
        return {row["student_id"]: (float(row["score"]), float(row["max_score"]))
                for row in csv.DictReader(table) if row["assignment"] == ASSIGNMENT}


def test_the_course_has_an_id():
    assert COURSE_ID, "nbgrader_config.py sets CourseDirectory.course_id"


def test_collect_puts_each_submission_where_autograde_reads_it(course):
    assert {path.parts[-3] for path in course.glob(f"submitted/*/{ASSIGNMENT}/{NOTEBOOK}")} == set(STUDENTS)


def test_the_exported_scores(course):
    assert scores(course) == {student: (float(points), 12.0) for student, (_, points, _) in STUDENTS.items()}


@pytest.mark.parametrize("student", STUDENTS)
def test_the_feedback_carries_the_graders_messages(course, student):
    page = (course / "feedback" / student / ASSIGNMENT / NOTEBOOK).with_suffix(".html")
    feedback = text_of(page.read_text())
    for message in STUDENTS[student][2]:
        assert message in feedback, f"{student}'s feedback lacks {message!r}"
    if student == "correct":
        assert "AssertionError" not in feedback
