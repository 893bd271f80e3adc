"""The instructor page, followed as written.

The commands of its section "Grading a class, step by step" run in the page's order, on a copy
of the repository in its own layout (exercises/ committed, nbgrader_config.py as it is), with an
exchange in tmp in place of /srv/nbgrader/exchange. The instructor's blocks run in the course
directory; each student's blocks run in a folder and home of their own, whose nbgrader config is
the page's. One OS account runs everything, so, as the page says for one account, students
submit with --student and collect runs with the owner check off.

Students of 01_forward: alice right (her answer also raises a DeprecationWarning, which must
cost nothing), bob half right (cross_entropy without its minus sign), carol blank. Where the page
says to grade the question by hand in Formgrader, the test gives those grades through nbgrader's
gradebook API, as Formgrader does. The scores come from the exported CSV; the feedback each
student fetches must carry the graders' messages, read offline and show no path of the
instructor's machine.
"""

import html
import os
import re
import subprocess
import sys

import pytest
from nbgrader.api import Gradebook

from course_testing.implementations import half_right_source
from course_testing.nbgrader_run import (
    NBGRADER_ERROR,
    POINTS_PER_CHAPTER,
    ROOT,
    exported_scores,
    repository_copy,
    solution_code,
    write_answers,
)
from softmax_grader.feedback import offline_problems
from softmax_grader.registry import TASKS

pytestmark = pytest.mark.slow

PAGE = ROOT / "book" / "instructor.md"
SECTION = "## Grading a class, step by step"
ASSIGNMENT, NOTEBOOK = "01_forward", "forward_pass.ipynb"
TASK = TASKS[1]
SOFTMAX, CROSS_ENTROPY, RIGHT = (solution_code(ASSIGNMENT, name)
                                 for name in ("softmax", "cross_entropy", TASK))
WARNS = "import warnings\n\nwarnings.warn('np.foo is deprecated', DeprecationWarning, stacklevel=1)\n"
NO_MINUS = CROSS_ENTROPY.replace("float(np.mean(-", "float(np.mean(")

QUESTION = f"{TASK}_reasoning"

# Each student: their answer cells by grade_id (a missing one stays blank), the points given by
# hand to their answer to the question, the exported score (the task's 12 points from autograde,
# plus the question's), and what their feedback must say. Bob's wrong warm-up costs nothing; his
# task passes its basic cases only. Carol's blank question gets 0 from autograde.
STUDENTS = {
    "alice": ({"softmax": WARNS + SOFTMAX, "cross_entropy": CROSS_ENTROPY, TASK: RIGHT,
               QUESTION: "With $m = \\max(z, 0)$ nothing overflows."}, 3, 15,
              ["softmax: the extremes cases pass", f"{TASK}: the extremes cases pass"]),
    "bob": ({"softmax": SOFTMAX, "cross_entropy": NO_MINUS, TASK: half_right_source(TASK),
             QUESTION: "It is finite."}, 1, 7,
            ["cross_entropy has the wrong sign", f"{TASK}: the basic cases pass"]),
    "carol": ({}, None, 0, ["softmax is not implemented yet", f"{TASK} is not implemented yet"]),
}


def section(text, title):
    """The text of the page's section `title`, up to the next section."""
    start = text.index(title)
    following = text.find("\n## ", start + len(title))
    return text[start:] if following < 0 else text[start:following]


def page_blocks():
    """The section's code blocks in order: (language, who, lines) with who the block's first
    comment's first word ("instructor" or "student"; None for a config block)."""
    blocks = re.findall(r"```(\w+)\n(.*?)```", section(PAGE.read_text(), SECTION), re.S)
    found = []
    for language, body in blocks:
        lines = body.strip().splitlines()
        who = lines[0].lstrip("# ").split(":")[0].split(",")[0] if lines[0].startswith("#") else None
        found.append((language, who, [line for line in lines if not line.startswith("#")]))
    return found


class Class:
    """The course directory, the exchange and the students' folders of one run, and what
    every command printed."""

    def __init__(self, tmp):
        self.tmp, self.exchange = tmp, tmp / "exchange"
        self.course = repository_copy(tmp / "course")
        with open(self.course / "nbgrader_config.py", "a") as config:
            config.write(f'c.Exchange.root = "{self.exchange}"\n')
        self.printed = {}

    def environment(self, home):
        home.mkdir(parents=True, exist_ok=True)
        path = f"{os.path.dirname(sys.executable)}{os.pathsep}{os.environ['PATH']}"
        return {**os.environ, "HOME": str(home), "PATH": path, "JUPYTER_CONFIG_DIR": str(home / ".jupyter")}

    def run(self, command, cwd, home):
        """Run one line of the page with bash; keep and return what it printed."""
        command = command.replace("/srv/nbgrader/exchange", str(self.exchange)).replace("sudo ", "")
        result = subprocess.run(["bash", "-c", command], cwd=cwd, env=self.environment(home),
                                capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, f"{command} failed:\n{result.stdout}\n{result.stderr}"
        self.printed.setdefault(command.split("--")[0].strip(), []).append(result.stdout + result.stderr)
        return result.stdout + result.stderr

    def instructor(self, command):
        if command.startswith("nbgrader collect"):
            command += " --ExchangeCollect.check_owner=False"
        self.run(command, self.course, self.tmp / "home" / "instructor")
        if command.startswith("nbgrader autograde"):
            self.grade_by_hand()

    def grade_by_hand(self):
        """What the instructor does in Formgrader: a grade for each answered question. Records
        which questions autograde left waiting for one."""
        self.waiting = set()
        with Gradebook(f"sqlite:///{self.course / 'gradebook.db'}", course_id="softmax-gradient") as book:
            for student, (_, points, _, _) in STUDENTS.items():
                grade = book.find_grade(QUESTION, NOTEBOOK[:-6], ASSIGNMENT, student)
                if grade.needs_manual_grade:
                    self.waiting.add(student)
                    grade.manual_score = points
            book.db.commit()

    def student(self, name, command, config):
        folder = self.tmp / "students" / name
        (folder / ".jupyter").mkdir(parents=True, exist_ok=True)
        (folder / ".jupyter" / "nbgrader_config.py").write_text(
            f'{config}\nc.Exchange.root = "{self.exchange}"\n')
        if command.startswith("nbgrader submit"):
            command += f" --student={name}"
        self.run(command, folder, folder)
        if command.startswith("nbgrader fetch_assignment"):
            write_answers(folder / ASSIGNMENT / NOTEBOOK, STUDENTS[name][0])


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """Follow the page once; return the Class."""
    run = Class(tmp_path_factory.mktemp("class"))
    config = ""
    for language, who, lines in page_blocks():
        if language == "python":
            config = "\n".join(lines)
        for line in lines if language == "bash" else ():
            if who == "instructor":
                run.instructor(line)
            else:
                for name in STUDENTS:
                    run.student(name, line, config)
    return run


def fetched_feedback(run, student):
    pages = list((run.tmp / "students" / student / ASSIGNMENT / "feedback").glob(f"*/{NOTEBOOK[:-6]}.html"))
    assert len(pages) == 1, f"{student} fetched {len(pages)} feedback pages"
    return pages[0].read_text()


def text_of(page):
    """The text of an HTML page, without its tags."""
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def test_the_page_adds_the_students_and_runs_every_step():
    commands = " ".join(" ".join(lines) for _, _, lines in page_blocks())
    for student in STUDENTS:
        assert f"nbgrader db student add {student}" in commands
    for step in ("generate_assignment", "release_assignment", "fetch_assignment", "submit", "collect",
                 "autograde", "generate_feedback", "release_feedback", "export", "fetch_feedback"):
        assert f"nbgrader {step} {ASSIGNMENT}" in commands or f"nbgrader {step}" in commands, step


def test_generate_records_the_assignment(run):
    printed = "".join(run.printed[f"nbgrader generate_assignment {ASSIGNMENT}"])
    assert "Skipping existing assignment" not in printed


def test_collect_gathers_every_submission_without_a_warning(run):
    printed = "".join(run.printed[f"nbgrader collect {ASSIGNMENT}"])
    assert "cheating attempt" not in printed and "WARNING" not in printed, printed
    submitted = run.course.glob(f"submitted/*/{ASSIGNMENT}/{NOTEBOOK}")
    assert {path.parts[-3] for path in submitted} == set(STUDENTS)


def test_autograde_grades_in_the_sandbox(run):
    printed = "".join(run.printed[f"nbgrader autograde {ASSIGNMENT}"])
    assert printed.count("in the sandbox") == len(STUDENTS), printed
    assert "No assignment with ID" not in printed and NBGRADER_ERROR not in printed, printed


def test_autograde_leaves_the_answered_questions_for_a_grade_by_hand(run):
    assert run.waiting == {student for student, (_, points, _, _) in STUDENTS.items() if points is not None}


def test_the_exported_scores(run):
    assert exported_scores(run.course, ASSIGNMENT) == {student: (float(score), float(POINTS_PER_CHAPTER))
                                                       for student, (_, _, score, _) in STUDENTS.items()}


@pytest.mark.parametrize("student", STUDENTS)
def test_each_student_fetches_feedback_with_the_graders_messages(run, student):
    feedback = text_of(fetched_feedback(run, student))
    for message in STUDENTS[student][3]:
        assert message in feedback, f"{student}'s feedback lacks {message!r}"


@pytest.mark.parametrize("student", STUDENTS)
def test_the_feedback_reads_offline_and_shows_no_path_of_the_instructors(run, student):
    page = fetched_feedback(run, student)
    assert offline_problems(page) == []
    for path in (run.course, run.exchange, run.tmp, ROOT, os.path.expanduser("~")):
        assert str(path) not in page, f"{student}'s feedback shows {path}"
    for name in ("softmax_grader", "inside.py", "sandbox.py", "sealed"):
        assert name not in page, f"{student}'s feedback names {name}"
