"""The table of chapters (softmax_course.chapters) is the repository's: _toc.yml lists its pages
in order, each chapter has its page, its solved and student notebooks, its grader module holding
its graded task and its explorer module holding the explorers its page shows; and nothing
chapter-shaped lies outside the table."""

import importlib
import inspect
import json
import pkgutil
from pathlib import Path

import yaml

import softmax_course.explorers
from softmax_course.chapters import ALONGSIDE, CHAPTERS, INSTRUCTOR_PAGES, INTRO
from softmax_course.explorers import EXPLORERS
from softmax_grader.registry import GRADERS, TASKS

ROOT = Path(__file__).resolve().parents[1]
SHARED_EXPLORER_MODULES = {"base", "registry"}


def test_the_toc_lists_the_intro_the_chapters_in_order_and_the_pages_alongside():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    chapters, alongside = ([entry["file"] for entry in part["chapters"]] for part in toc["parts"])
    assert toc["root"] == INTRO
    assert chapters == [chapter.page for chapter in CHAPTERS]
    assert alongside == list(ALONGSIDE)
    assert set(INSTRUCTOR_PAGES) <= set(ALONGSIDE)


def test_chapters_are_numbered_from_1_with_distinct_slugs():
    assert [one.number for one in CHAPTERS] == list(range(1, len(CHAPTERS) + 1))
    assert len({one.slug for one in CHAPTERS}) == len(CHAPTERS)


def test_every_chapter_has_its_page_solution_and_exercise_and_no_assignment_is_left_out():
    for one in CHAPTERS:
        for path in (f"{one.page}.ipynb", one.solution, one.exercise):
            assert (ROOT / path).is_file(), f"chapter {one.number}: {path} is missing"
    for folder in ("solutions", "exercises"):
        found = sorted(path.name for path in (ROOT / folder).iterdir() if path.is_dir())
        assert found == [one.assignment for one in CHAPTERS], f"{folder}/ holds {found}"


def test_each_chapters_grader_module_grades_its_task():
    assert TASKS == {one.number: one.task for one in CHAPTERS}
    for one in CHAPTERS:
        module = importlib.import_module(f"softmax_grader.{one.slug}")
        assert one.task in {grader.name for grader in module.GRADERS}
        assert GRADERS[one.task] in module.GRADERS


def code_of(page):
    """The source of every code cell of a book page."""
    cells = json.loads((ROOT / f"{page}.ipynb").read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(cell["source"]) for cell in cells if cell["cell_type"] == "code")


def test_each_page_shows_the_explorers_the_table_gives_it():
    for one in CHAPTERS:
        code = code_of(one.page)
        shown = {name for name in EXPLORERS if f"{name}(" in code}
        assert shown == set(one.explorers), f"{one.page} shows {sorted(shown)}"


def test_the_registry_holds_every_explorer_of_the_explorer_modules():
    modules = {info.name for info in pkgutil.iter_modules(softmax_course.explorers.__path__)}
    assert modules == SHARED_EXPLORER_MODULES | {one.slug for one in CHAPTERS}
    defined = set()
    for name in modules - SHARED_EXPLORER_MODULES:
        module = importlib.import_module(f"softmax_course.explorers.{name}")
        defined |= {function for function, value in vars(module).items()
                    if function.endswith("_explorer") and inspect.isfunction(value)
                    and value.__module__ == module.__name__}
    assert defined == set(EXPLORERS)
