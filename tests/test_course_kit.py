"""The course kit, as a reader with only the site meets it: follow the link on the
introduction, unpack the kit into a new folder, install it into a fresh virtual
environment, run a chapter, and run a blank exercise up to the exercise check's message.
No kit holds the instructor's page, solutions/ or grader/.

The tests of how a class build's kit leaves out the {solution} blocks are quick (no site);
tests/test_class_site.py opens the class site's own kit."""

import json
import re
import subprocess
import sys
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path

import pytest

import course_kit

ROOT = Path(__file__).resolve().parents[1]
INTRO = "book/intro.html"
LINK = re.compile(r'<a[^>]+href="([^"]+)"[^>]*>\s*Download the course kit', re.S)


@pytest.fixture(scope="module")
def kit(site, tmp_path_factory):
    """The kit downloaded through the introduction's link, unpacked and installed in a new venv."""
    _, base = site
    intro_url = urllib.parse.urljoin(base, INTRO)
    page = urllib.request.urlopen(intro_url, timeout=30).read().decode()
    found = LINK.search(page)
    assert found, f"no 'Download the course kit' link on {INTRO}"
    folder = tmp_path_factory.mktemp("reader")
    archive = folder / "kit.zip"
    archive.write_bytes(urllib.request.urlopen(urllib.parse.urljoin(intro_url, found[1]), timeout=60).read())
    with zipfile.ZipFile(archive) as unpacked:
        unpacked.extractall(folder)
    (top,) = [path for path in folder.iterdir() if path.is_dir()]
    subprocess.run([sys.executable, "-m", "venv", str(top / ".venv")], check=True)
    python = top / ".venv" / "bin" / "python"
    # As the kit's README says, but without compiling every installed module ahead (13 of 33 s
    # here): Python compiles what the tests import when they import it.
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-compile", "-r", "requirements.txt"],
                   cwd=top, check=True, timeout=1200)
    return top, python


def execute(python, notebook):
    """Run a notebook headless in the kit's environment; the finished process."""
    return subprocess.run([str(python), "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute",
                           "--stdout", str(notebook)], capture_output=True, text=True, timeout=600,
                          cwd=notebook.parent)


@pytest.mark.slow
def test_the_kit_holds_chapters_exercises_package_requirements_and_readme(kit):
    top, _ = kit
    for name in ["README.md", "requirements.txt", "pyproject.toml", "softmax_course/__init__.py",
                 "softmax_course/selfcheck.py", "softmax_course/selfcheck_cases.json",
                 "book/01_forward_pass.ipynb"]:
        assert (top / name).is_file(), name
    assert list(top.glob("exercises/*/*.ipynb")), "no exercise notebooks in the kit"
    pins = [line for line in (top / "requirements.txt").read_text().splitlines()
            if line and not line.startswith("#") and line != "."]
    assert pins and all("==" in line for line in pins)


@pytest.mark.slow
def test_a_chapter_runs_in_the_kit(kit):
    top, python = kit
    result = execute(python, top / "book" / "01_forward_pass.ipynb")
    assert result.returncode == 0, result.stderr[-3000:]


@pytest.mark.slow
def test_a_blank_exercise_stops_at_the_checks_message(kit):
    top, python = kit
    (notebook,) = sorted((top / "exercises").glob("01_*/*.ipynb"))
    result = execute(python, notebook)
    assert result.returncode != 0
    assert "is not implemented yet: replace `raise NotImplementedError()`" in result.stderr, \
        result.stderr[-3000:]


@pytest.mark.slow
def test_installing_the_kit_leaves_no_build_files_in_it(kit):
    top, python = kit
    leftovers = [path.name for path in top.iterdir()
                 if path.name == "build" or path.name.endswith(".egg-info")]
    assert not leftovers, f"pip install . left {leftovers} in the kit"
    where = subprocess.run([str(python), "-c", "import softmax_course, pathlib; "
                            "print(pathlib.Path(softmax_course.__file__).parent / 'selfcheck_cases.json')"],
                           capture_output=True, text=True, check=True, cwd="/").stdout.strip()
    assert "site-packages" in where and Path(where).exists(), f"the installed package lacks its data: {where}"


@pytest.mark.slow
def test_the_kit_holds_no_instructor_page_no_solutions_and_no_grader(kit):
    top, _ = kit
    assert not (top / "book" / "instructor.md").exists()
    for folder in ("solutions", "grader"):
        assert not list(top.rglob(folder)), f"the kit holds {folder}/"
    assert not list(top.rglob("softmax_grader")), "the kit holds the grader's package"


def test_a_kit_never_takes_solutions_grader_or_the_instructor_page(tmp_path):
    for solutions in (True, False):
        with zipfile.ZipFile(course_kit.build_kit(ROOT, tmp_path / "kit.zip", solutions=solutions)) as kit:
            names = [name.split("/", 1)[1] for name in kit.namelist()]
        assert "book/instructor.md" not in names
        assert not [name for name in names if name.split("/")[0] in ("solutions", "grader")]
        assert "softmax_course/selfcheck_cases.json" in names, "the package's data files are missing"


def test_a_kit_without_solutions_keeps_the_exercises(tmp_path):
    with zipfile.ZipFile(course_kit.build_kit(ROOT, tmp_path / "kit.zip", solutions=False)) as kit:
        chapters = {name: json.loads(kit.read(name)) for name in kit.namelist()
                    if re.search(r"/book/\d\d_\w+\.ipynb$", name)}
    assert chapters
    for name, notebook in chapters.items():
        markdown = "".join("".join(cell["source"]) for cell in notebook["cells"])
        assert "{exercise}" in markdown and "{solution" not in markdown, name
        original = json.loads((ROOT / name.split("/", 1)[1]).read_text())
        assert len(notebook["cells"]) == len(original["cells"]), f"{name}: a cell was lost"


STATEMENT = "Before.\n\n```{exercise}\n:label: ex-one\n\nWhy is $a$ positive?\n```"


@pytest.mark.parametrize("solution", [
    "```{solution} ex-one\n:class: dropdown\n\nBecause the exponential is.\n```",
    "````{solution} ex-one\nA fence inside:\n```python\nsecret()\n```\n````",
    ":::{solution} ex-one\nColon fence.\n:::",
    "```{solution-start} ex-one\n```\nGated text.\n```python\nsecret()\n```\n\n```{solution-end}\n```",
])
def test_without_solutions_removes_every_form_of_solution_block(solution):
    text = f"{STATEMENT}\n\n{solution}\n\nAfter."
    assert course_kit.without_solutions(text) == f"{STATEMENT}\n\nAfter."


def test_without_solutions_leaves_a_text_without_them_as_it_is():
    text = f"{STATEMENT}\n\n\n```python\nx = 1\n```\n"
    assert course_kit.without_solutions(text) == text
