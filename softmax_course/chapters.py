"""The chapters of the course, once: every part of the repository that goes chapter by chapter
(the grader's registry, the explorers' registry, the tests, tools/bench.py, the course kit and
the class site) reads this table instead of keeping its own list.

A chapter's slug names all its parts that can be renamed safely: its assignment
(`solutions/<NN>_<slug>/`, `exercises/<NN>_<slug>/`), its graders (`softmax_grader.<slug>`)
and its explorers (`softmax_course.explorers.<slug>`). Two names are kept as they were and
mapped here: the book page, whose file name is the address of a published page (renaming it
would break every link to it), and the assignment's notebook, whose name nbgrader records in
the gradebook and in every submission of a running class.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Chapter:
    """One chapter.

    number: its place in the book, from 1; slug: the name of its assignment, grader module and
    explorer module; page: the book page without suffix (_toc.yml lists it); notebook: the
    assignment's notebook, without suffix; task: the function its graded task asks for (its
    points; every other function it grades is a warm-up); explorers: the explorer functions its
    page shows, each callable without arguments as the page first shows it.
    """

    number: int
    slug: str
    page: str
    notebook: str
    task: str
    explorers: tuple

    @property
    def assignment(self):
        """nbgrader's name of the assignment: "05_gradient"."""
        return f"{self.number:02d}_{self.slug}"

    @property
    def solution(self):
        """The solved notebook, from the repository root."""
        return f"solutions/{self.assignment}/{self.notebook}.ipynb"

    @property
    def exercise(self):
        """The student notebook nbgrader generates from the solution, from the repository root."""
        return f"exercises/{self.assignment}/{self.notebook}.ipynb"


CHAPTERS = (
    # number, slug, page, the assignment's notebook; graded task, explorers
    Chapter(1, "forward", "book/01_forward_pass", "forward_pass",
            "binary_cross_entropy_from_logits", ("forward_explorer",)),
    Chapter(2, "chain_rule", "book/02_chain_rule", "chain_rule",
            "low_rank_backward", ("gradient_check_explorer",)),
    Chapter(3, "diagonal", "book/03_diagonal_case", "diagonal_case",
            "softmax_second_diagonal", ("diagonal_explorer",)),
    Chapter(4, "jacobian", "book/04_jacobian", "jacobian",
            "normalise_jacobian", ("jacobian_explorer",)),
    Chapter(5, "gradient", "book/05_putting_together", "gradient",
            "grad_logits_focal", ("target_explorer",)),
    Chapter(6, "classifier", "book/06_classifier", "classifier",
            "hidden_layer_grads", ("training_explorer",)),
    Chapter(7, "practice", "book/07_practice", "practice",
            "grad_temperature", ("temperature_explorer",)),
)
# The pages beside the chapters, in the book's order after them: the introduction is the book's root.
INTRO = "book/intro"
ALONGSIDE = ("book/errata", "book/references", "book/instructor")
# Pages for instructors only: never in a course kit, left out of the class site.
INSTRUCTOR_PAGES = ("book/instructor",)
