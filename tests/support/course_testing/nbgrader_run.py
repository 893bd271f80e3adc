"""Run nbgrader, list the graded notebooks and what they grade, and lay out a course: a copy of
the repository, students' answers, the exported scores.

solutions/<assignment>/<notebook>.ipynb holds one assignment per chapter of the grading
registry; an assignment's name starts with its chapter's two-digit number ("05_gradient"). Its
points come from one graded task (registry.TASKS): 12 from its test cells, 3 from a reasoning
question graded by hand; the warm-ups before it are checked the same way, without points."""

import csv
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from course_testing import ROOT  # noqa: E402
from softmax_grader.registry import CHAPTERS, GRADERS, TASKS, chapter_of

SOLUTION_NOTEBOOKS = sorted(path.relative_to(ROOT / "solutions")
                            for path in (ROOT / "solutions").glob("*/*.ipynb"))
ASSIGNMENTS = sorted({path.parts[0] for path in SOLUTION_NOTEBOOKS})
TASK_POINTS = 12  # the graded task's two test cells, 6 each, graded by autograde
REASONING_POINTS = 3  # its reasoning question, graded by hand
POINTS_PER_CHAPTER = TASK_POINTS + REASONING_POINTS
STAGES = ("basic", "extremes")
TEST_CELL = """from softmax_course.selfcheck import check

check("{name}", {name}, "{stage}")
print("{name}: the {stage} cases pass.")"""


def chapter_number(assignment):
    """The chapter an assignment belongs to: 5 for "05_gradient"."""
    return int(assignment.split("_")[0])


def graded_functions(chapter):
    """The names of the functions the registry checks in a chapter, in its order: the
    warm-ups, then the graded task."""
    assert chapter in CHAPTERS, f"chapter {chapter} has no graders in the registry"
    return [name for name in GRADERS if chapter_of(name) == chapter]


def warm_ups(chapter):
    """The functions of a chapter whose test cells carry no points."""
    return [name for name in graded_functions(chapter) if name != TASKS[chapter]]


def cells(path):
    """The cells of the notebook at `path`."""
    return json.loads(Path(path).read_text())["cells"]


def nbgrader_of(cell):
    return cell["metadata"].get("nbgrader", {})


def source(cell):
    return "".join(cell["source"])


def nbgrader(*args, cwd=ROOT, env=None):
    """Run `nbgrader ARGS` in `cwd` (the repository root unless told) with the venv's `bin`
    first on PATH (nbgrader's gradebook runs `alembic` from there); return its output."""
    environment = dict(os.environ if env is None else env)
    environment["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{environment.get('PATH', '')}"
    result = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=cwd, env=environment,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout + result.stderr


def repository_copy(destination):
    """The repository's files as a clone would have them (tracked, or new and not ignored),
    copied to `destination`: the layout an instructor grades in."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        if (ROOT / name).is_file():
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, destination / name)
    return destination


def solution_code(assignment, name):
    """The solution of `name` from solutions/<assignment>/, without nbgrader's markers."""
    notebook = next((ROOT / "solutions" / assignment).glob("*.ipynb"))
    answer = next(cell for cell in cells(notebook) if nbgrader_of(cell).get("grade_id") == name)
    return "\n".join(line for line in source(answer).splitlines() if "### " not in line)


# What nbgrader logs for an error of its own ("[AutogradeApp | ERROR] ..."). A kernel that a
# loaded machine shuts down late may also print a traceback of tornado's ("ERROR:tornado.general:
# Uncaught exception in ZMQStream callback ... Socket operation on non-socket"), after its cells
# have run and been graded: that is not grading going wrong.
NBGRADER_ERROR = "| ERROR]"


def answer_lines(assignment, name, shortest=30):
    """The lines of the solution of `name` that give it away: those between nbgrader's markers,
    stripped, at least `shortest` characters long."""
    notebook = next((ROOT / "solutions" / assignment).glob("*.ipynb"))
    answer = next(cell for cell in cells(notebook) if nbgrader_of(cell).get("grade_id") == name)
    body = source(answer).split("### BEGIN SOLUTION")[1].split("### END SOLUTION")[0]
    return [line.strip() for line in body.splitlines() if len(line.strip()) >= shortest]


def write_answers(notebook_path, answers):
    """Put a student's code into the answer cells of a notebook, by grade_id; the others stay
    as they are (blank)."""
    notebook = json.loads(Path(notebook_path).read_text())
    for cell in notebook["cells"]:
        grade_id = nbgrader_of(cell).get("grade_id")
        if nbgrader_of(cell).get("solution") and grade_id in answers:
            cell["source"] = answers[grade_id]
    Path(notebook_path).write_text(json.dumps(notebook))


def exported_scores(course, assignment):
    """{student: (score, max_score)} of one assignment in the course's grades.csv."""
    with open(course / "grades.csv", newline="") as table:
        return {row["student_id"]: (float(row["score"]), float(row["max_score"]))
                for row in csv.DictReader(table) if row["assignment"] == assignment}


def fingerprint(course):
    """SHA-256 of every file of a course directory that grading must not change."""
    files = [path for folder in ("grader", "softmax_course", "solutions", "exercises")
             for path in sorted((course / folder).rglob("*"))
             if path.is_file() and "__pycache__" not in path.parts]
    return {path.relative_to(course).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in files}
