"""The course kit: one zip, built with the site, that a reader who has only the site
can unpack anywhere, install with pip and run in Jupyter.

It holds the chapter notebooks (book/), the student notebooks (exercises/), the
softmax_course package as source with its data files and its pyproject.toml, the pinned
requirements of running them, and a short README. The extension writes it to the site's root as
course-kit.zip and links it at the top of the introduction and of every chapter.

What never goes into a kit: the instructor's page (book/instructor.md), the solved
notebooks (solutions/) and the grader (grader/). A build that hides the solutions
(sphinx-exercise's `hide_solutions: true`, which tools/class_site.py sets for the class
site) also removes every {solution} block from the chapter notebooks of its kit, keeping
the {exercise} statements: one setting, so the site and its kit cannot disagree.
"""

import json
import re
import zipfile
from pathlib import Path

from docutils import nodes

from softmax_course.chapters import CHAPTERS, INSTRUCTOR_PAGES, INTRO

KIT = "course-kit.zip"
TOP = "softmax-gradient-course"
# What running the notebooks needs; their pins are taken from requirements.txt.
RUNTIME = ("numpy", "matplotlib", "ipywidgets", "pillow", "ipykernel", "jupyterlab", "jupyterlab-myst",
           "jsonschema")
# Pages and folders for instructors only: never in a kit, whatever the build.
INSTRUCTOR_ONLY = tuple(f"{page}.md" for page in INSTRUCTOR_PAGES)
# The pages that link the kit at their top: the introduction, the chapters and the errata.
LINKED_PAGES = (INTRO, *(chapter.page for chapter in CHAPTERS), "book/errata")
NEVER_SHIPPED = ("solutions/", "grader/")
README = """# The gradient of softmax with cross-entropy: the course kit

The chapters and the graded exercises of the course, with the small package they import.

1. Unpack this folder anywhere, open a terminal in it, and make an environment with
   Python 3.11 or newer:

       python3 -m venv .venv
       . .venv/bin/activate          (on Windows: .venv\\Scripts\\activate)
       pip install -r requirements.txt

2. Start Jupyter and open a chapter from `book/` or an exercise from `exercises/`:

       jupyter lab

The chapters' sliders are live in Jupyter. In an exercise notebook, write each function
where it says `raise NotImplementedError()` and run the test cells below it: each prints
one line when your function passes, and otherwise says what looks wrong.
"""


def pinned_runtime(requirements):
    """The lines of requirements.txt that pin the packages in RUNTIME."""
    wanted = []
    for line in requirements.read_text().splitlines():
        match = re.match(r"([A-Za-z0-9_.-]+)==", line.strip())
        if match and match[1].lower() in RUNTIME:
            wanted.append(line.strip())
    missing = set(RUNTIME) - {re.match(r"[A-Za-z0-9_.-]+", line)[0].lower() for line in wanted}
    if missing:
        raise ValueError(f"requirements.txt pins none of {sorted(missing)}")
    return wanted


def package_data(root):
    """The patterns of softmax_course's data files (every file in the package that is not Python
    source), as paths from the repository root: `pip install .` in the kit needs them there, and
    flit_core puts every file of the package into the wheel."""
    package = Path(root) / "softmax_course"
    return sorted(path.relative_to(root).as_posix() for path in package.rglob("*")
                  if path.is_file() and path.suffix not in (".py", ".pyc")
                  and "__pycache__" not in path.parts and ".ipynb_checkpoints" not in path.parts)


def kit_files(root):
    """(path inside the kit, file on disk) for every file the kit holds."""
    root = Path(root)
    patterns = ["book/*.ipynb", "book/*.md", "exercises/*/*.ipynb", "softmax_course/**/*.py",
                *package_data(root)]
    for pattern in patterns:
        for path in sorted(root.glob(pattern)):
            name = path.relative_to(root).as_posix()
            if (".ipynb_checkpoints" not in path.parts and "__pycache__" not in path.parts
                    and name not in INSTRUCTOR_ONLY):
                yield name, path
    yield "pyproject.toml", root / "pyproject.toml"


FENCE = re.compile(r"^\s*(?P<fence>`{3,}|:{3,})\{(?P<name>[\w-]+)\}")


def without_solutions(markdown):
    """A cell's MyST markdown with every {solution} block removed (and the gated form,
    {solution-start} up to {solution-end}); everything else, {exercise} blocks included,
    kept as it is."""
    kept, closing, gated, removed = [], None, False, False
    for line in markdown.splitlines(keepends=True):
        if closing is not None:  # inside a solution block: drop up to its closing fence
            if re.fullmatch(rf"\s*{re.escape(closing[0])}{{{len(closing)},}}\s*", line):
                closing = None
            continue
        opening = FENCE.match(line)
        if opening and opening["name"] in ("solution", "solution-start", "solution-end"):
            closing, removed = opening["fence"], True
            gated = {"solution-start": True, "solution-end": False}.get(opening["name"], gated)
        elif not gated:
            kept.append(line)
    if not removed:
        return markdown
    return re.sub(r"\n{3,}", "\n\n", "".join(kept)).strip("\n")


def notebook_without_solutions(text):
    """A notebook's JSON text with the {solution} blocks of its markdown cells removed; a
    cell left empty is dropped."""
    notebook = json.loads(text)
    cells = []
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown":
            source = "".join(cell["source"])
            stripped = without_solutions(source)
            if stripped != source:
                if not stripped.strip():
                    continue
                cell["source"] = stripped.splitlines(keepends=True)
        cells.append(cell)
    notebook["cells"] = cells
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"


def build_kit(root, destination, solutions=True):
    """Write the kit of the repository at `root` to the zip file `destination`; with
    solutions=False, the chapter notebooks' {solution} blocks are left out."""
    root, destination = Path(root), Path(destination)
    pins = pinned_runtime(root / "requirements.txt")
    requirements = "\n".join(["# Pinned as in the course's own tests.", *pins,
                              "# The course's package, from this folder.", "."]) + "\n"
    with zipfile.ZipFile(destination, "w", zipfile.ZIP_DEFLATED) as kit:
        kit.writestr(f"{TOP}/README.md", README)
        kit.writestr(f"{TOP}/requirements.txt", requirements)
        for name, path in kit_files(root):
            if name.startswith(NEVER_SHIPPED):
                raise ValueError(f"{name} must never be in a course kit")
            if solutions or not name.startswith("book/"):
                kit.write(path, f"{TOP}/{name}")
            elif name.endswith(".ipynb"):
                kit.writestr(f"{TOP}/{name}", notebook_without_solutions(path.read_text()))
            else:
                text = path.read_text()
                stripped = without_solutions(text)
                kit.writestr(f"{TOP}/{name}", text if stripped == text else stripped + "\n")
    return destination


def add_link(app, doctree, docname):
    """A line at the top of the introduction and of each chapter, linking the kit."""
    if docname not in LINKED_PAGES:
        return
    depth = docname.count("/")
    link = nodes.reference("", "Download the course kit", refuri="../" * depth + KIT)
    line = nodes.paragraph("", "", link, nodes.Text(
        ": every chapter and graded exercise as a notebook, with the package they import, "
        "to run in Jupyter."))
    line["classes"].append("course-kit")
    sections = list(doctree.findall(nodes.section))
    if sections:
        title = sections[0].next_node(nodes.title)
        sections[0].insert(sections[0].index(title) + 1, line)


def write_kit(app, exception):
    if exception is None and app.builder.format == "html":
        hidden = bool(getattr(app.config, "hide_solutions", False))
        build_kit(app.srcdir, Path(app.outdir) / KIT, solutions=not hidden)


def setup(app):
    app.connect("doctree-resolved", add_link)
    app.connect("build-finished", write_kit)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
