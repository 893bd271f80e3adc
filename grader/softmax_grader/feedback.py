"""nbgrader's feedback page, readable offline.

nbgrader 0.9.6 writes feedback with nbconvert's HTMLExporter and its template "feedback",
which loads MathJax 2 from a CDN (offline, every $...$ stays raw TeX), lets long output lines
run past their boxes, and shows tracebacks as the kernel printed them, absolute paths of the
grading machine included. `configure_feedback(c)` (called from nbgrader_config.py) makes
`nbgrader generate_feedback`, and the formgrader's "Generate feedback" button, write it with
`FeedbackExporter` instead:

- the template templates/softmax_feedback/feedback.html.j2, which extends nbgrader's own but loads
  nothing: bootstrap's CSS and the code colours are inlined, output lines wrap inside their
  boxes, code scrolls inside its box, and the page fits a phone;
- the maths typeset when the page is written, by MathJax 3 in Node.js (templates/typeset_math.js,
  with the MathJax files of sphinx-mathjax-offline, pinned in requirements.txt), as SVG with
  MathML for screen readers: the page needs no script to show it, so it reads the same in a
  browser offline, in JupyterLab's HTML viewer (which runs no scripts) and in a mail;
- the directories of every absolute path in the outputs left out (`/srv/course/x/grader.py`
  becomes `grader.py`).

Node.js is needed wherever feedback is generated (it is already needed for the hub's proxy and
the page checks); without it the exporter stops with a message saying how to install it.
`offline_problems(html)` lists what would keep a written page from reading offline.
"""

import copy
import html as html_module
import importlib.util
import re
import shutil
import subprocess
from pathlib import Path

from nbconvert.exporters import HTMLExporter

TEMPLATES = Path(__file__).with_name("templates")
TEMPLATE = "softmax_feedback"
# Not index.html.j2: it extends nbgrader's feedback/index.html.j2, found by that name.
TEMPLATE_FILE = "feedback.html.j2"
TYPESET = TEMPLATES / "typeset_math.js"
NBGRADER_TEMPLATES = (Path(importlib.util.find_spec("nbgrader").origin).parent
                      / "server_extensions" / "formgrader" / "templates")
EXPORTER = f"{__name__}.FeedbackExporter"
TYPESET_TIMEOUT = 120  # seconds, per page

# An absolute path (or one from ~) of at least one directory and a name, after a space, a quote,
# a bracket or a colour code of a traceback; a URL's "//" is not one.
PART = r"""[^\s/'"`()<>\[\]:,;\x1b]+"""
ABSOLUTE_PATH = re.compile(rf"""(?P<lead>^|[\s"'`(\[{{=,;>]|\x1b\[[\d;]*m)"""
                           rf"~?/(?:{PART}/)+(?P<name>{PART})", re.M)


def configure_feedback(c):
    """Make nbgrader write feedback with FeedbackExporter and the template softmax_feedback.

    Set on the exporter's own class, these settings win over the ones nbgrader sets on
    HTMLExporter (GenerateFeedback sets its template "feedback"; so does the formgrader's
    "Generate feedback" button), and leave every other HTMLExporter (the formgrader's own
    pages) as it is."""
    c.GenerateFeedback.exporter_class = EXPORTER
    c.FeedbackExporter.template_name = TEMPLATE
    c.FeedbackExporter.template_file = TEMPLATE_FILE
    # Ours first, then nbgrader's, which holds the "feedback" template that ours extends.
    c.FeedbackExporter.extra_template_basedirs = [str(TEMPLATES), str(NBGRADER_TEMPLATES)]
    return c


def mathjax_directory():
    """The MathJax 3 files (es5 components) that sphinx-mathjax-offline ships."""
    spec = importlib.util.find_spec("sphinx-mathjax-offline")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the feedback's maths is typeset with the MathJax of sphinx-mathjax-offline, "
                           "which is not installed: pip install -r requirements.txt")
    directory = Path(spec.submodule_search_locations[0]) / "static" / "mathjax"
    if not (directory / "startup.js").is_file():
        raise RuntimeError(f"no MathJax components in {directory}")
    return directory


def node():
    """The Node.js executable, or an error that says how to get one."""
    found = shutil.which("node") or shutil.which("nodejs")
    if found is None:
        raise RuntimeError("writing the feedback's maths needs Node.js, which is not on PATH: install it "
                           "(Debian: apt-get install nodejs) on the machine that runs generate_feedback")
    return found


def typeset(page):
    """The HTML page with its TeX typeset as SVG (and MathML for screen readers)."""
    result = subprocess.run([node(), str(TYPESET), str(mathjax_directory())], input=page,
                            capture_output=True, text=True, timeout=TYPESET_TIMEOUT, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"typesetting the feedback's maths failed:\n{result.stderr[-3000:]}")
    return result.stdout


def without_paths(text):
    """The text with the directories of its absolute paths left out: only file names remain."""
    return ABSOLUTE_PATH.sub(lambda match: match["lead"] + match["name"], text)


def outputs_without_paths(notebook):
    """A copy of the notebook whose outputs (streams, errors, plain text) name no directory."""
    notebook = copy.deepcopy(notebook)
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                output["text"] = without_paths(output["text"])
            elif output.get("output_type") == "error":
                output["evalue"] = without_paths(output.get("evalue", ""))
                output["traceback"] = [without_paths(line) for line in output.get("traceback", [])]
            elif "text/plain" in output.get("data", {}):
                output["data"]["text/plain"] = without_paths(output["data"]["text/plain"])
    return notebook


class FeedbackExporter(HTMLExporter):
    """nbconvert's HTMLExporter, writing pages that read offline (see the module's docstring)."""

    def from_notebook_node(self, nb, resources=None, **kwargs):
        page, resources = super().from_notebook_node(outputs_without_paths(nb), resources, **kwargs)
        return typeset(page), resources


# What offline_problems looks for.
LOADING_TAG = re.compile(r"<(script|link|img|iframe|frame|embed|object|source|track|audio|video|input"
                         r"|image)\b[^>]*>", re.I | re.S)
LOADING_ATTRIBUTE = re.compile(r"\s(src|href|data|poster|srcset|xlink:href)\s*=\s*"
                               r"""(["']?)([^"'\s>]*)\2""", re.I)
CSS_URL = re.compile(r"""url\(\s*["']?\s*((?:[a-z][\w+.-]*:)?//[^)"'\s]*)|@import\s+["']?([^"';\s]+)""", re.I)
NOT_TYPESET = re.compile(r"<(script|style|pre|code|textarea|mjx-container|svg|math)\b.*?</\1\s*>",
                         re.I | re.S)
RAW_TEX = re.compile(r"\$\$.+?\$\$|(?<![\\$])\$(?=[^\s$])[^$]*?(?<![\s\\])\$(?!\d)|\\\(.+?\\\)|\\\[.+?\\\]"
                     r"|\\begin\{[a-z]+\*?\}", re.S)


def offline_problems(page):
    """What keeps an HTML page from reading offline, as sentences (an empty list: nothing):
    anything it would load (a script, style sheet, picture, frame or font not inside the page)
    and TeX left raw in its text (outside code, scripts and typeset maths)."""
    problems = []
    for tag in LOADING_TAG.finditer(page):
        for attribute in LOADING_ATTRIBUTE.finditer(tag[0]):
            value = attribute[3]
            if value and not value.startswith(("data:", "#")):
                problems.append(f"<{tag[1].lower()}> loads {value}")
    for found in CSS_URL.finditer(page):
        problems.append(f"a style loads {found[1] or found[2]}")
    text = html_module.unescape(re.sub(r"<[^>]+>", " ", NOT_TYPESET.sub(" ", page)))
    for found in RAW_TEX.finditer(text):
        problems.append(f"raw TeX in the text: {found[0][:80]!r}")
    return problems
