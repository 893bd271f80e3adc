"""The instructor's side of grading, never shipped to students: the graders, the sandbox
that runs each submission, and nbgrader's hooks.

Each grader is declared as data in the module of its chapter, named by the chapter's slug in
softmax_course.chapters (forward, chain_rule, diagonal, jacobian, gradient, classifier,
practice): the cases it tries, the reference it
compares with, the typical mistakes it names and the rules every right answer obeys.
`core` runs them; `registry.GRADERS` lists them all, by the name of the graded function.
`sandbox` calls a submission's functions in a separate process, user and filesystem view,
and `autograde` is the step of `nbgrader autograde` that does so and judges the results.
`selfchecks` writes the visible cases that the exercises' own checks use.
check_<name>(fn, stage) grades fn here, on the cases of one stage: "basic" (ordinary single
examples) or "extremes" (batches, one class or row, huge logits, zeros); None for both.
"""

from softmax_grader.registry import GRADERS


def _public(grader):
    """check_<name>(fn), the function a notebook's test cell calls."""
    def check(fn, stage=None):
        grader.check(fn, stage)
    check.__name__ = check.__qualname__ = f"check_{grader.name}"
    check.__doc__ = grader.doc
    return check


globals().update({f"check_{name}": _public(grader) for name, grader in GRADERS.items()})

__all__ = ["GRADERS"] + [f"check_{name}" for name in GRADERS]
