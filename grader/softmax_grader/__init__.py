"""The instructor's side of grading, never shipped to students: the graders, the sandbox
that runs each submission, and nbgrader's hooks.

Each grader is declared as data in the module of its chapter (forward, chain_rule,
diagonal, jacobian, gradient, classifier, practice): the cases it tries, the reference it
compares with, the typical mistakes it names and the rules every right answer obeys.
`core` runs them; `registry.GRADERS` lists them all, by the name of the graded function.
`sandbox` calls a submission's functions in a separate process, user and filesystem view,
and `autograde` is the step of `nbgrader autograde` that does so and judges the results.
`selfchecks` writes the visible cases that the exercises' own checks use.
check_<name>(fn, stage) grades fn here, on the cases of one stage: "basic" (ordinary single
examples) or "extremes" (batches, one class or row, huge logits, zeros); None for both.
"""

from softmax_grader import chain_rule, classifier, diagonal, forward, gradient, jacobian, practice
from softmax_grader.registry import GRADERS


def _public(grader):
    """check_<name>(fn), the function a notebook's test cell calls."""
    def check(fn, stage=None):
        grader.check(fn, stage)
    check.__name__ = check.__qualname__ = f"check_{grader.name}"
    check.__doc__ = grader.doc
    return check


check_softmax = _public(forward.SOFTMAX)
check_cross_entropy = _public(forward.CROSS_ENTROPY)
check_numerical_gradient = _public(chain_rule.NUMERICAL_GRADIENT)
check_linear_backward = _public(chain_rule.LINEAR_BACKWARD)
check_backward_to_input = _public(chain_rule.BACKWARD_TO_INPUT)
check_softmax_diagonal = _public(diagonal.SOFTMAX_DIAGONAL)
check_steepest_logit = _public(diagonal.STEEPEST_LOGIT)
check_softmax_jacobian = _public(jacobian.SOFTMAX_JACOBIAN)
check_softmax_jacobian_batch = _public(jacobian.SOFTMAX_JACOBIAN_BATCH)
check_softmax_vjp = _public(jacobian.SOFTMAX_VJP)
check_grad_logits = _public(gradient.GRAD_LOGITS)
check_grad_logits_smoothed = _public(gradient.GRAD_LOGITS_SMOOTHED)
check_grad_params = _public(gradient.GRAD_PARAMS)
check_train_step = _public(classifier.TRAIN_STEP)
check_accuracy = _public(classifier.ACCURACY)
check_l2_grad_params = _public(classifier.L2_GRAD_PARAMS)
check_log_softmax = _public(practice.LOG_SOFTMAX)
check_cross_entropy_from_logits = _public(practice.CROSS_ENTROPY_FROM_LOGITS)
check_grad_logits_temperature = _public(practice.GRAD_LOGITS_TEMPERATURE)
check_binary_cross_entropy_from_logits = _public(forward.BINARY_CROSS_ENTROPY_FROM_LOGITS)
check_low_rank_backward = _public(chain_rule.LOW_RANK_BACKWARD)
check_softmax_second_diagonal = _public(diagonal.SOFTMAX_SECOND_DIAGONAL)
check_normalise_jacobian = _public(jacobian.NORMALISE_JACOBIAN)
check_grad_logits_focal = _public(gradient.GRAD_LOGITS_FOCAL)
check_hidden_layer_grads = _public(classifier.HIDDEN_LAYER_GRADS)
check_grad_temperature = _public(practice.GRAD_TEMPERATURE)

__all__ = ["GRADERS"] + [f"check_{name}" for name in GRADERS]
