"""The red team: students who cheat instead of implementing, one route each
(tests/red_team_routes.py), graded with nbgrader's autograde on a copy of the repository, on
every assignment. Every route must score 0. Beside them, honest students: right (12 points of
autograde's), right but warning on stderr (12), half right (6: their graded task passes its basic
cases only), blank (0). The reasoning question's 3 points are the instructor's to give, by hand.

Submissions are put where `collect` would put them (the instructor page's "without an
exchange"): release, fetch, submit and collect themselves are tests/test_course_flow.py's. Each
assignment is graded in a course of its own: `autograde`, `export`, and the feedback of the routes
that read files, which must not carry what they read. A route that rewrites files on disk must
leave the course as it was, and the blank student graded after it must still score 0.
"""

import html
import inspect
import json
import re

import pytest

from course_testing.implementations import half_right_source
from course_testing.nbgrader_run import (
    ASSIGNMENTS,
    POINTS_PER_CHAPTER,
    TASK_POINTS,
    chapter_number,
    exported_scores,
    fingerprint,
    graded_functions,
    nbgrader,
    repository_copy,
    solution_code,
    warm_ups,
)
from course_testing.red_team_routes import HONEST, ROUTES
from softmax_grader.registry import GRADERS, TASKS

# Each assignment is graded in a course of its own, and the workers take the module an assignment
# at a time (SPLIT in course_testing.scheduling).
pytestmark = pytest.mark.slow


def parameters(name):
    """The parameter names of the graded function `name`, as its statement gives them."""
    return tuple(inspect.signature(GRADERS[name].reference).parameters)


def answers_of(student, assignment):
    """The answer cells of one student on one assignment, by grade_id: a route answers every
    function of the assignment its way."""
    chapter = chapter_number(assignment)
    if student in ROUTES:
        return {name: ROUTES[student].answer(name, parameters(name)) for name in graded_functions(chapter)}
    return HONEST[student].answers(warm_ups(chapter), TASKS[chapter],
                                   lambda name: solution_code(assignment, name), half_right_source)


def expected_points(student):
    """What autograde owes a student, of the assignment's POINTS_PER_CHAPTER (its reasoning
    question is graded by hand, after autograde)."""
    return 0.0 if student in ROUTES else HONEST[student].points(TASK_POINTS)


@pytest.fixture(scope="module", params=ASSIGNMENTS)
def graded(request, tmp_path_factory):
    """Grade every student on one assignment, in a course of its own (so that the assignments
    can be graded side by side, by different workers); return the assignment, the course and its
    fingerprints before and after."""
    assignment = request.param
    course = repository_copy(tmp_path_factory.mktemp(f"red_team_{assignment}") / "course")
    students = list(ROUTES) + list(HONEST)  # autograde enters them in the gradebook
    nbgrader("generate_assignment", assignment, "--force", cwd=course)
    before = fingerprint(course)
    for student in students:
        submit(course, student, assignment)
    nbgrader("autograde", assignment, cwd=course)
    nbgrader("export", cwd=course)
    silent = [name for name in students if name not in ROUTES or not ROUTES[name].leaks]
    nbgrader("generate_feedback", assignment, f"--CourseDirectory.student_id_exclude={','.join(silent)}",
             cwd=course)
    print_table(course, assignment, students)
    return assignment, course, before, fingerprint(course)


def print_table(course, assignment, students):
    """Each student's points on the assignment, as the export gave them (seen with pytest -s)."""
    scores = exported_scores(course, assignment)
    print(f"\nred team, points of 12 on {assignment}:")
    for student in students:
        print(f"{student:40} {scores[student][0]:4.1f}")


def submit(course, student, assignment):
    """The student's notebook of `assignment`, answered, where collect would put it."""
    released = next((course / "exercises" / assignment).glob("*.ipynb"))
    notebook = json.loads(released.read_text())
    answers = answers_of(student, assignment)
    for cell in notebook["cells"]:
        grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id")
        if cell["metadata"].get("nbgrader", {}).get("solution") and grade_id in answers:
            cell["source"] = answers[grade_id]
    target = course / "submitted" / student / assignment / released.name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(notebook))


@pytest.mark.parametrize("route", ROUTES)
def test_a_cheating_route_scores_nothing(graded, route):
    assignment, course, _, _ = graded
    assert exported_scores(course, assignment)[route] == (0.0, POINTS_PER_CHAPTER), ROUTES[route].description


@pytest.mark.parametrize("student", HONEST)
def test_an_honest_student_scores_what_their_functions_computed(graded, student):
    assignment, course, _, _ = graded
    assert exported_scores(course, assignment)[student] == (expected_points(student), POINTS_PER_CHAPTER)


def text_of(page):
    return html.unescape(re.sub(r"<[^>]+>", "", page))


@pytest.mark.parametrize("route", [name for name, route in ROUTES.items() if route.leaks])
def test_what_a_route_tries_to_read_never_reaches_its_feedback(graded, route):
    assignment, course, _, _ = graded
    pages = list((course / "feedback" / route / assignment).rglob("*.html"))
    assert len(pages) == 1
    for page in pages:
        feedback = text_of(page.read_text())
        for secret in ROUTES[route].leaks:
            assert secret not in feedback, f"{route}'s feedback {page.name} shows {secret!r}"


def test_what_the_routes_look_for_is_there_to_be_found(graded):
    _, course, _, _ = graded
    files = [*course.glob("solutions/*/*.ipynb"), course / "gradebook.db", *course.glob("grader/**/*.py"),
             *course.glob("submitted/*/*/*.ipynb")]
    contents = b"".join(path.read_bytes() for path in files)
    for route in ROUTES.values():
        for secret in route.leaks:
            assert secret.encode() in contents, f"{route.name} looks for {secret!r}, in no course file"


def test_grading_leaves_the_course_as_it_was(graded):
    _, _, before, after = graded
    changed = sorted(name for name in set(before) | set(after) if before.get(name) != after.get(name))
    assert not changed, f"grading changed {changed}"
