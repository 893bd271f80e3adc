"""The course kit: one zip, built with the site, that a reader who has only the site
can unpack anywhere, install with pip and run in Jupyter.

It holds the chapter notebooks (book/), the student notebooks (exercises/), the
softmax_course package as source with its pyproject.toml, the pinned requirements of
running them, and a short README. The extension writes it to the site's root as
course-kit.zip and links it at the top of the introduction and of every chapter.
"""

import re
import zipfile
from pathlib import Path

from docutils import nodes

KIT = "course-kit.zip"
TOP = "softmax-gradient-course"
# What running the notebooks needs; their pins are taken from requirements.txt.
RUNTIME = ("numpy", "matplotlib", "ipywidgets", "pillow", "ipykernel", "jupyterlab", "jupyterlab-myst",
           "jsonschema")
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
where it says `raise NotImplementedError()` and run the test cells below it: they are
silent when your function is right and otherwise say what looks wrong.
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


def kit_files(root):
    """(path inside the kit, file on disk) for every file the kit holds."""
    root = Path(root)
    patterns = ["book/*.ipynb", "book/*.md", "exercises/*/*.ipynb", "softmax_course/**/*.py"]
    for pattern in patterns:
        for path in sorted(root.glob(pattern)):
            if ".ipynb_checkpoints" not in path.parts and "__pycache__" not in path.parts:
                yield path.relative_to(root).as_posix(), path
    yield "pyproject.toml", root / "pyproject.toml"


def build_kit(root, destination):
    """Write the kit of the repository at `root` to the zip file `destination`."""
    root, destination = Path(root), Path(destination)
    pins = pinned_runtime(root / "requirements.txt")
    requirements = "\n".join(["# Pinned as in the course's own tests.", *pins,
                              "# The course's package, from this folder.", "."]) + "\n"
    with zipfile.ZipFile(destination, "w", zipfile.ZIP_DEFLATED) as kit:
        kit.writestr(f"{TOP}/README.md", README)
        kit.writestr(f"{TOP}/requirements.txt", requirements)
        for name, path in kit_files(root):
            kit.write(path, f"{TOP}/{name}")
    return destination


def add_link(app, doctree, docname):
    """A line at the top of the introduction and of each chapter, linking the kit."""
    if not docname.startswith("book/") or docname in ("book/references", "book/instructor"):
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
        build_kit(app.srcdir, Path(app.outdir) / KIT)


def setup(app):
    app.connect("doctree-resolved", add_link)
    app.connect("build-finished", write_kit)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
