"""The course kit, as a reader with only the site meets it: follow the link on the
introduction, unpack the kit into a new folder, install it into a fresh virtual
environment, run a chapter, and run a blank exercise up to the grader's message."""

import functools
import http.server
import re
import subprocess
import sys
import threading
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
INTRO = "book/intro.html"
LINK = re.compile(r'<a[^>]+href="([^"]+)"[^>]*>\s*Download the course kit', re.S)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site_url():
    """The built site served on 127.0.0.1 (built first if it is missing)."""
    if not (SITE / INTRO).exists():
        subprocess.run([sys.executable, "-m", "jupyter_book", "build", "-W", "--keep-going", str(ROOT)],
                       check=True, cwd=ROOT)
    handler = functools.partial(QuietHandler, directory=str(SITE))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def kit(site_url, tmp_path_factory):
    """The kit downloaded through the introduction's link, unpacked and installed in a new venv."""
    intro_url = urllib.parse.urljoin(site_url, INTRO)
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
    subprocess.run([str(python), "-m", "pip", "install", "-q", "-r", "requirements.txt"], cwd=top,
                   check=True, timeout=1200)
    return top, python


def execute(python, notebook):
    """Run a notebook headless in the kit's environment; the finished process."""
    return subprocess.run([str(python), "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute",
                           "--stdout", str(notebook)], capture_output=True, text=True, timeout=600,
                          cwd=notebook.parent)


def test_the_kit_holds_chapters_exercises_package_requirements_and_readme(kit):
    top, _ = kit
    for name in ["README.md", "requirements.txt", "pyproject.toml", "softmax_course/reference.py",
                 "softmax_course/grading/sealed.py", "book/01_forward_pass.ipynb"]:
        assert (top / name).is_file(), name
    assert list(top.glob("exercises/*/*.ipynb")), "no exercise notebooks in the kit"
    pins = [line for line in (top / "requirements.txt").read_text().splitlines()
            if line and not line.startswith("#") and line != "."]
    assert pins and all("==" in line for line in pins)


def test_a_chapter_runs_in_the_kit(kit):
    top, python = kit
    result = execute(python, top / "book" / "01_forward_pass.ipynb")
    assert result.returncode == 0, result.stderr[-3000:]


def test_a_blank_exercise_stops_at_the_graders_message(kit):
    top, python = kit
    (notebook,) = sorted((top / "exercises").glob("01_*/*.ipynb"))
    result = execute(python, notebook)
    assert result.returncode != 0
    assert "is not implemented yet: replace `raise NotImplementedError()`" in result.stderr, \
        result.stderr[-3000:]
