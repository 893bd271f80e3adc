"""Every grader, by the name of the function it checks, in chapter order, and each chapter's graded
task: the chapters are softmax_course.chapters', and a chapter's graders are the GRADERS of its
module, softmax_grader.<slug>."""

from importlib import import_module

from softmax_course.chapters import CHAPTERS as TABLE

CHAPTERS = {chapter.number: import_module(f"softmax_grader.{chapter.slug}") for chapter in TABLE}
GRADERS = {grader.name: grader for module in CHAPTERS.values() for grader in module.GRADERS}
# The graded task of each chapter: the function its assignment's points come from, whose answer
# the chapters and the student package never give. The chapter's other functions are warm-ups:
# checked the same way, for no points.
TASKS = {chapter.number: chapter.task for chapter in TABLE}


def chapter_of(name):
    """The chapter number whose exercises grade the function `name`."""
    return next(number for number, module in CHAPTERS.items()
                if name in {grader.name for grader in module.GRADERS})
