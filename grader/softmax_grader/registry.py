"""Every grader, by the name of the function it checks, in chapter order, and each chapter's graded task."""

from softmax_grader import chain_rule, classifier, diagonal, forward, gradient, jacobian, practice

CHAPTERS = {1: forward, 2: chain_rule, 3: diagonal, 4: jacobian, 5: gradient, 6: classifier, 7: practice}
GRADERS = {grader.name: grader for module in CHAPTERS.values() for grader in module.GRADERS}
# The graded task of each chapter: the function its assignment's points come from, whose answer
# the chapters and the student package never give. The chapter's other functions are warm-ups:
# checked the same way, for no points.
TASKS = {1: "TODO1", 2: "TODO2", 3: "TODO3", 4: "TODO4", 5: "TODO5", 6: "TODO6", 7: "TODO7"}


def chapter_of(name):
    """The chapter number whose exercises grade the function `name`."""
    return next(number for number, module in CHAPTERS.items()
                if name in {grader.name for grader in module.GRADERS})
