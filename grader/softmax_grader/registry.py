"""Every grader, by the name of the function it checks, in chapter order, and each chapter's graded task."""

from softmax_grader import chain_rule, classifier, diagonal, forward, gradient, jacobian, practice

CHAPTERS = {1: forward, 2: chain_rule, 3: diagonal, 4: jacobian, 5: gradient, 6: classifier, 7: practice}
GRADERS = {grader.name: grader for module in CHAPTERS.values() for grader in module.GRADERS}
# The graded task of each chapter: the function its assignment's points come from, whose answer
# the chapters and the student package never give. The chapter's other functions are warm-ups:
# checked the same way, for no points.
TASKS = {1: "binary_cross_entropy_from_logits", 2: "low_rank_backward", 3: "softmax_second_diagonal",
         4: "normalise_jacobian", 5: "grad_logits_focal", 6: "hidden_layer_grads", 7: "grad_temperature"}


def chapter_of(name):
    """The chapter number whose exercises grade the function `name`."""
    return next(number for number, module in CHAPTERS.items()
                if name in {grader.name for grader in module.GRADERS})
