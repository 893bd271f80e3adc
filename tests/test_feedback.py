"""nbgrader's feedback, written with softmax_grader.feedback, reads offline.

A tiny course in tmp, whose nbgrader_config.py calls configure_feedback(c) as the course's
own does: one notebook with maths in markdown, an answer with a long line of code, and a test
cell that prints long lines and fails with a long message from a file at an absolute path.
nbgrader generates the assignment, autogrades alice's blank submission and writes her
feedback: once with nbgrader's own exporter and template (the page offline_problems must
reject: MathJax from a CDN, raw TeX), and then with ours. The page is opened in Debian's
Chromium from the file, 800 px wide: the maths is typeset, no request leaves the file, and no
line runs past the page. A screenshot goes to _build/feedback-screenshot.png.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from course_testing import chromium
from course_testing.nbgrader_run import NBGRADER_ERROR
from softmax_grader.feedback import offline_problems

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
SCREENSHOT = ROOT / "_build" / "feedback-screenshot.png"
ASSIGNMENT, STUDENT = "ps1", "alice"
VIEWPORT = {"width": 800, "height": 900}
# A directory of the grading machine's that a traceback shows; the code that names it builds it
# from parts, so that only an output can carry it into the page.
SECRET_PARTS = ["srv", "instructor-only", "course"]
SECRET = "/" + "/".join(SECRET_PARTS)
MESSAGE = "f is wrong: each row of the result must sum to 1, " * 8
CONFIG = """from softmax_grader.feedback import configure_feedback

c = get_config()  # noqa: F821
c.CourseDirectory.course_id = "tiny"
configure_feedback(c)
"""
MARKDOWN = r"""# The tiny assignment

The gradient is $\frac{\partial L}{\partial z} = a - y$, and the Jacobian is

$$J = \mathrm{diag}(a) - a a^T.$$

Code is left as it is: `$not maths$`."""
ANSWER = ("def f():\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION\n\n"
          "CASES = [" + ", ".join(str(k) for k in range(120)) + "]\n")
TEST = f"""import os
print("long " * 150)
print("x" * 400)
where = os.path.join(os.sep, *{SECRET_PARTS!r}, "helper.py")
exec(compile("raise AssertionError({MESSAGE!r})", where, "exec"))
"""


def nbgrader(course, *args):
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    environment = dict(os.environ, PATH=path)  # nbgrader's gradebook runs alembic from the venv
    result = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, env=environment,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    assert NBGRADER_ERROR not in result.stdout + result.stderr, result.stdout + result.stderr
    return result


def tiny_notebook():
    answer, test = new_code_cell(ANSWER), new_code_cell(TEST)
    answer.metadata["nbgrader"] = {"grade": False, "solution": True, "locked": False, "grade_id": "answer",
                                   "schema_version": 3}
    test.metadata["nbgrader"] = {"grade": True, "solution": False, "locked": True, "grade_id": "test_f",
                                 "points": 2, "schema_version": 3}
    return new_notebook(cells=[new_markdown_cell(MARKDOWN), answer, test], metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """The tiny course, graded: alice's blank submission autograded."""
    course = tmp_path_factory.mktemp("course")
    (course / "nbgrader_config.py").write_text(CONFIG)
    (course / "source" / ASSIGNMENT).mkdir(parents=True)
    nbformat.write(tiny_notebook(), course / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    nbgrader(course, "db", "student", "add", STUDENT)
    nbgrader(course, "generate_assignment", ASSIGNMENT)
    (course / "submitted" / STUDENT / ASSIGNMENT).mkdir(parents=True)
    shutil.copy(course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb",
                course / "submitted" / STUDENT / ASSIGNMENT)  # alice submits the blank notebook
    nbgrader(course, "autograde", ASSIGNMENT)
    return course


def feedback_page(course):
    return course / "feedback" / STUDENT / ASSIGNMENT / f"{ASSIGNMENT}.html"


@pytest.fixture(scope="module")
def pages(course):
    """(nbgrader's own feedback page, ours), each as text."""
    nbgrader(course, "generate_feedback", ASSIGNMENT, "--force",
             "--GenerateFeedback.exporter_class=nbconvert.exporters.HTMLExporter")
    theirs = feedback_page(course).read_text()
    nbgrader(course, "generate_feedback", ASSIGNMENT, "--force")
    ours = feedback_page(course).read_text()
    print(f"feedback page: nbgrader's {len(theirs.encode()):,} bytes, ours {len(ours.encode()):,} bytes")
    return theirs, ours


def test_offline_problems_rejects_nbgraders_own_page(pages):
    theirs, _ = pages
    problems = offline_problems(theirs)
    assert any("mathjax" in problem.lower() for problem in problems), problems
    assert any("raw TeX" in problem for problem in problems), problems


def test_our_page_reads_offline(pages):
    _, ours = pages
    assert offline_problems(ours) == []
    assert "<script" not in ours, "the page needs no script"
    assert ours.count("<mjx-container") == 2, "the inline formula and the display formula, typeset"
    assert "<code>$not maths$</code>" in ours, "code is left as it is"


def test_our_page_shows_the_message_and_no_directory_of_the_grading_machine(pages):
    _, ours = pages
    assert "each row of the result must sum to 1" in ours
    assert SECRET not in ours and "helper.py" in ours


def test_the_formgrader_button_writes_the_same_page(course):
    """The formgrader's "Generate feedback" goes through nbgrader's API, which sets its own
    template on HTMLExporter: the settings of configure_feedback still win."""
    feedback_page(course).unlink()
    script = ("from nbgrader.apps.api import NbGraderAPI\n"
              "from nbgrader.apps.baseapp import NbGrader\n"
              "from nbgrader.coursedir import CourseDirectory\n"
              "app = NbGrader()\napp.load_config_file()\n"
              "api = NbGraderAPI(CourseDirectory(parent=app), parent=app)\n"
              f"result = api.generate_feedback({ASSIGNMENT!r}, {STUDENT!r}, force=True)\n"
              "print(result['success'], result.get('error', ''))\n")
    result = subprocess.run([sys.executable, "-c", script], cwd=course, capture_output=True, text=True,
                            timeout=600)
    assert result.stdout.startswith("True"), result.stdout + result.stderr
    page = feedback_page(course).read_text()
    assert offline_problems(page) == [] and "<mjx-container" in page


def test_the_page_in_chromium_offline_at_800_px(course, pages, tmp_path):
    _, ours = pages
    page_file = tmp_path / "feedback.html"
    page_file.write_text(ours)
    url = page_file.as_uri()
    requests = []
    with chromium.persistent_context(tmp_path / "profile", VIEWPORT, 60) as context:
        page = context.new_page()
        page.on("request", lambda request: requests.append(request.url))
        page.goto(url, wait_until="load")
        page.wait_for_load_state("networkidle")
        measured = page.evaluate("""() => {
            const root = document.documentElement;
            const formulas = [...document.querySelectorAll("mjx-container > svg")]
                .map((svg) => svg.getBoundingClientRect()).map((box) => [box.width, box.height]);
            const outputs = [...document.querySelectorAll(".output_area pre")].map((pre) => ({
                text: pre.innerText.slice(0, 40), height: pre.getBoundingClientRect().height,
                lineHeight: parseFloat(getComputedStyle(pre).lineHeight) || 20,
                overflows: pre.scrollWidth > pre.clientWidth + 1,
                right: pre.getBoundingClientRect().right}));
            const code = [...document.querySelectorAll(".input_area pre")].map((pre) => ({
                right: pre.getBoundingClientRect().right, scrolls: pre.scrollWidth > pre.clientWidth}));
            return {scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, formulas, outputs, code,
                    rawTeX: document.body.innerText.includes("\\\\frac")};
        }""")
        SCREENSHOT.parent.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOT), full_page=True)
    assert requests == [url], f"requests besides the page itself: {[r for r in requests if r != url]}"
    assert len(measured["formulas"]) == 2 and all(w > 10 and h > 5 for w, h in measured["formulas"]), measured
    assert not measured["rawTeX"]
    assert measured["scrollWidth"] <= measured["clientWidth"], \
        f"the page is {measured['scrollWidth']} px wide in an {measured['clientWidth']} px window"
    for output in measured["outputs"]:
        assert not output["overflows"] and output["right"] <= VIEWPORT["width"], output
    # "long " * 150 is 750 characters on one line: wrapped, it takes several lines.
    (long_line,) = [output for output in measured["outputs"] if output["text"].startswith("long long")]
    assert long_line["height"] > 4 * long_line["lineHeight"], long_line
    # Code keeps its lines and scrolls inside its box.
    assert any(code["scrolls"] for code in measured["code"]), measured["code"]
    assert all(code["right"] <= VIEWPORT["width"] for code in measured["code"]), measured["code"]

