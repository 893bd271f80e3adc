"""The repository's own promises: CI runs the README's two commands, the requirements are
pinned, and pytest's collection ignores Jupyter checkpoints and editors' copies, marks the
slow tests and pins the notebooks' matplotlib backend.

The collection checks run pytest in a subprocess on a temporary directory that holds this
repository's pytest.ini, conftest.py and sanitize file, and a few small files of its own.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
# The lines of .ci/run allowed besides the commands: strict mode, going to the root, apt's mode.
CI_PREAMBLE = re.compile(r"set -[a-z]+( -?[a-z]+)*|cd .+|export DEBIAN_FRONTEND=\w+")
PIN = re.compile(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([0-9][A-Za-z0-9.+!-]*)")


def code_blocks(markdown):
    """The fenced code blocks of a Markdown text, each as its list of lines."""
    return [block.splitlines() for block in re.findall(r"^```[a-z]*\n(.*?)^```", markdown, re.M | re.S)]


def commands(lines):
    """Shell lines without blanks, comments and trailing comments."""
    stripped = (line.split(" #", 1)[0].strip() for line in lines)
    return [line for line in stripped if line and not line.startswith("#")]


def readme_commands():
    """The README's first code block made only of `make` commands."""
    for block in code_blocks((ROOT / "README.md").read_text(encoding="utf-8")):
        lines = commands(block)
        if lines and all(line.startswith("make ") for line in lines):
            return lines
    pytest.fail("README.md has no code block of `make` commands")


def test_the_readme_gives_two_commands_the_makefile_defines():
    assert readme_commands() == ["make site", "make test"]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("site", "test"):
        assert re.search(rf"^{target}:", makefile, re.M), f"the Makefile has no `{target}` target"


def test_every_make_target_the_readme_names_exists():
    named = set(re.findall(r"`make ([a-z-]+)", (ROOT / "README.md").read_text(encoding="utf-8")))
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert {"exercises", "notebooks", "selfchecks", "bench"} <= named
    missing = [target for target in named if not re.search(rf"^{target}:", makefile, re.M)]
    assert not missing, f"the README names make targets the Makefile lacks: {missing}"


def test_ci_runs_exactly_the_readme_commands():
    lines = commands((ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines())
    ran = [line for line in lines if not CI_PREAMBLE.fullmatch(line)]
    assert ran == readme_commands(), f".ci/run runs {ran}, the README says {readme_commands()}"


def requirement_lines():
    lines = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.strip().startswith("#")]


def test_every_requirement_is_pinned():
    # the student package, the instructor's grader, what the tests and tools share, the flip-books' renderer
    editable = ("-e .", "-e ./grader", "-e ./tests/support", "-e ./_ext/flipbook")
    loose = [line for line in requirement_lines() if line not in editable and not PIN.fullmatch(line)]
    assert not loose, f"requirements.txt lines without an exact == pin: {loose}"


def test_the_packages_dependencies_are_pinned_within_their_ranges():
    pins = {}
    for line in requirement_lines():
        if match := PIN.fullmatch(line):
            pins[match[1].lower().replace("_", "-")] = match[2]
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["dependencies"], "pyproject.toml declares no runtime dependencies"
    for dependency in map(Requirement, project["dependencies"]):
        name = dependency.name.lower().replace("_", "-")
        assert name in pins, f"{dependency.name} is a dependency in pyproject.toml but not pinned"
        assert dependency.specifier.contains(pins[name]), (
            f"requirements.txt pins {name}=={pins[name]}, outside pyproject.toml's {dependency}")


def notebook(source, output):
    """A one-cell notebook whose stored output is the text `output`."""
    cell = {"cell_type": "code", "execution_count": 1, "id": "cell", "metadata": {}, "source": source,
            "outputs": [{"name": "stdout", "output_type": "stream", "text": output}]}
    return json.dumps({"cells": [cell], "nbformat": 4, "nbformat_minor": 5,
                       "metadata": {"kernelspec": {"name": "python3", "language": "python",
                                                   "display_name": "Python 3"}}})


@pytest.fixture
def project(tmp_path):
    """A small project with this repository's pytest set-up: a chapter notebook and copies of
    it where Jupyter and editors leave them, a quick test file and one that marks itself slow."""
    for name in ("pytest.ini", "conftest.py", "tests/nbval_sanitize.cfg"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / "solutions").mkdir()
    chapter = notebook("print(6 * 7)", "42\n")
    copies = ["book/chapter.ipynb", "book/.ipynb_checkpoints/chapter-checkpoint.ipynb",
              "book/chapter-checkpoint.ipynb", "book/.#chapter.ipynb", "book/#chapter.ipynb#"]
    for name in copies:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(chapter, encoding="utf-8")
    (tmp_path / "tests/test_quick.py").write_text("def test_quick():\n    pass\n", encoding="utf-8")
    slow = "import pytest\n\npytestmark = pytest.mark.slow\n\n\ndef test_browser():\n    pass\n"
    (tmp_path / "tests/test_site.py").write_text(slow, encoding="utf-8")
    return tmp_path


def run_pytest(directory, *args, env=None):
    result = subprocess.run([sys.executable, "-m", "pytest", "-n", "0", "-p", "no:cacheprovider", *args],
                            cwd=directory, capture_output=True, text=True, timeout=300, env=env)
    return result.returncode, result.stdout + result.stderr


def collected(directory, *args):
    """The node ids pytest collects in `directory`, and its closing line."""
    code, output = run_pytest(directory, "--collect-only", "-q", *args)
    assert code == 0, output
    lines = output.strip().splitlines()
    return sorted(line for line in lines if "::" in line), lines[-1]


def test_checkpoints_and_editor_copies_are_not_collected(project):
    ids, _ = collected(project)
    assert ids == ["book/chapter.ipynb::Cell 0", "tests/test_quick.py::test_quick",
                   "tests/test_site.py::test_browser"]


def test_not_slow_leaves_out_notebooks_and_tests_marked_slow(project):
    ids, summary = collected(project, "-m", "not slow")
    assert ids == ["tests/test_quick.py::test_quick"]
    assert summary.startswith("1/3 tests collected (2 deselected)"), summary


@pytest.mark.slow
def test_notebook_kernels_use_the_inline_backend_whatever_mplbackend_says(project):
    (project / "book/chapter.ipynb").write_text(
        notebook("import matplotlib\nprint(matplotlib.get_backend())",
                 "module://matplotlib_inline.backend_inline\n"), encoding="utf-8")
    env = {**os.environ, "MPLBACKEND": "Agg"}
    code, output = run_pytest(project, "book/chapter.ipynb", env=env)
    assert code == 0, output
