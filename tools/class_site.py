"""Build the site for a class that is doing the exercises: every solution removed, every
exercise statement kept.

    python tools/class_site.py        # from the repository root, the venv active

It writes to _build/class/html (open _build/class/html/index.html); the self-study site of
`make site` (_build/html, solutions folded under each exercise) is untouched and stays the
default. The build reads _config.yml and changes, in a temporary copy only:

- sphinx-exercise's `hide_solutions: true`, which drops every {solution} block, so that no
  page and no entry of the search index (searchindex.js) holds solution text;
- `html_copy_source: false`, so that the site carries no copies of the page sources
  (_sources/), which would hold the solutions;
- no download, launch (Binder, Colab), repository or issues buttons: each of them hands out
  or leads to the notebooks with their solutions;
- a table of contents without the instructors' pages (softmax_course.chapters.INSTRUCTOR_PAGES:
  book/instructor.md), which are then neither built nor in the search index.

`hide_solutions` also tells the course kit (_ext/course_kit.py) to leave the {solution}
blocks out of the chapter notebooks of the class site's course-kit.zip. No kit holds the
instructor's page, solutions/ or grader/.

Like `make site` it builds with -W --keep-going (a warning fails the build) and executes
notebooks only when they changed (its own cache, _build/class/.jupyter_cache).

It calls jupyter_book.sphinx.build_sphinx, what `jupyter-book build` calls: Jupyter Book 1
documents no Python API, and its command line (`--config`, `--toc`) would write to
_build/class/_build/html. tests/test_upstream_patches.py fails when build_sphinx no longer
takes the arguments passed here or `jupyter-book build` stops calling it.
"""

import sys
import tempfile
from pathlib import Path

import yaml
from jupyter_book.sphinx import build_sphinx

from softmax_course.chapters import INSTRUCTOR_PAGES

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "_build" / "class" / "html"


def class_config(config):
    """The book's configuration (a dict read from _config.yml) for the class site."""
    config = dict(config)
    config["html"] = {**config.get("html", {}), "use_download_button": False,
                      "use_repository_button": False, "use_issues_button": False}
    config["launch_buttons"] = {**config.get("launch_buttons", {}), "binderhub_url": "", "colab_url": ""}
    sphinx = dict(config.get("sphinx", {}))
    # Local extensions are found relative to the configuration file, which here is elsewhere.
    sphinx["local_extensions"] = {name: str(ROOT / folder)
                                  for name, folder in sphinx.get("local_extensions", {}).items()}
    sphinx["config"] = {**sphinx.get("config", {}), "hide_solutions": True, "html_copy_source": False}
    config["sphinx"] = sphinx
    return config


def class_toc(toc):
    """The table of contents (a dict read from _toc.yml) without the instructors' pages, at
    any depth (parts, chapters, sections)."""
    def kept(entries):
        return [without(entry) for entry in entries if entry.get("file") not in INSTRUCTOR_PAGES]

    def without(entry):
        entry = dict(entry)
        for key in ("parts", "chapters", "sections"):
            if key in entry:
                entry[key] = kept(entry[key])
        return entry

    if toc.get("root") in INSTRUCTOR_PAGES:
        raise ValueError("the book's root page is for instructors only")
    return without(toc)


def sphinx_arguments(path_config, path_toc):
    """The keyword arguments of build_sphinx for the class site, from its configuration and
    table of contents files."""
    return dict(noconfig=True, path_config=str(path_config),
                confoverrides={"external_toc_path": str(path_toc), "latex_individualpages": False},
                warningiserror=True, keep_going=True, builder="html")


def build(output=OUTPUT):
    """Build the class site into `output`; return the Sphinx build's exit status (0: success)."""
    config = class_config(yaml.safe_load((ROOT / "_config.yml").read_text()))
    toc = class_toc(yaml.safe_load((ROOT / "_toc.yml").read_text()))
    with tempfile.TemporaryDirectory() as folder:
        path_config, path_toc = Path(folder) / "_config.yml", Path(folder) / "_toc.yml"
        path_config.write_text(yaml.safe_dump(config, sort_keys=False))
        path_toc.write_text(yaml.safe_dump(toc, sort_keys=False))
        return build_sphinx(ROOT, Path(output), **sphinx_arguments(path_config, path_toc))


def main():
    status = build()
    if status == 0:
        print(f"The class site (no solutions) is in {OUTPUT.relative_to(ROOT)}: "
              f"open {(OUTPUT / 'index.html').relative_to(ROOT)}")
    return status


if __name__ == "__main__":
    sys.exit(main())
