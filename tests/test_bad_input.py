"""Every public function rejects bad input with an error whose message names the
argument and the problem: TypeError for a wrong type, ValueError for a wrong value
or shape."""

import numpy as np
import pytest

import softmax_grader as grading
from softmax_course import explorers as ex
from softmax_course import reference as ref
from softmax_course.data import make_blobs
from softmax_course.explorers import classifier
from softmax_grader.registry import GRADERS

W, b, x = np.ones((3, 2)), np.zeros(3), np.ones(2)
X = np.ones((4, 2))
z, y = np.array([2.0, 1.0, 0.1]), np.array([1.0, 0.0, 0.0])
Z, Y = np.zeros((4, 3)), np.tile(y, (4, 1))
a = ref.softmax(z)
A = ref.softmax(Z)
NAN, INF = np.array([np.nan, 0.0, 0.0]), np.array([np.inf, 0.0, 0.0])
OFF = np.array([0.5, 0.4, 0.0])          # in [0, 1] but sums to 0.9
OUTSIDE = np.array([1.5, -0.5, 0.0])      # sums to 1 but leaves [0, 1]


def case(call, pattern, name, error=ValueError):
    return pytest.param(call, pattern, error, id=name)


REFERENCE_CASES = [
    case(lambda: ref.logits(np.ones(3), b, x), r"W must have shape \(K, D\)", "logits-W-1d"),
    case(lambda: ref.logits(W, np.zeros(4), x), r"b must have shape", "logits-b-wrong-K"),
    case(lambda: ref.logits(W, b, np.ones(5)), r"x has 5 features", "logits-x-wrong-D"),
    case(lambda: ref.logits(W, b, np.ones((2, 2, 2))), r"x must have shape", "logits-x-3d"),
    case(lambda: ref.logits(W * np.nan, b, x), r"W contains non-finite", "logits-W-nan"),
    case(lambda: ref.logits(W, b, [np.inf, 0]), r"x contains non-finite", "logits-x-inf"),
    case(lambda: ref.logits(W, ["a", "b", "c"], x), r"b must hold real numbers", "logits-b-text", TypeError),
    case(lambda: ref.softmax(np.zeros((2, 2, 2))), r"z must have shape", "softmax-z-3d"),
    case(lambda: ref.softmax(np.zeros(0)), r"z must have shape", "softmax-z-empty"),
    case(lambda: ref.softmax(5.0), r"z must have shape", "softmax-z-scalar"),
    case(lambda: ref.softmax(NAN), r"z contains non-finite", "softmax-z-nan"),
    case(lambda: ref.softmax(-INF), r"z contains non-finite", "softmax-z-minus-inf"),
    case(lambda: ref.softmax(z + 1j), r"z must hold real numbers", "softmax-z-complex", TypeError),
    case(lambda: ref.cross_entropy(OUTSIDE, y), r"a must hold probabilities in \[0, 1\]",
         "cross_entropy-a-outside"),
    case(lambda: ref.cross_entropy(a, OUTSIDE), r"y must hold probabilities in \[0, 1\]",
         "cross_entropy-y-outside"),
    case(lambda: ref.cross_entropy(a, OFF), r"each row of y must sum to 1", "cross_entropy-y-sum"),
    case(lambda: ref.cross_entropy(a, np.array([1.0, 0.0])), r"a has shape .* y has shape",
         "cross_entropy-K-mismatch"),
    case(lambda: ref.cross_entropy(A, Y[:3]), r"a has shape \(4, 3\) but y has shape \(3, 3\)",
         "cross_entropy-batch-mismatch"),
    case(lambda: ref.cross_entropy(NAN, y), r"a contains non-finite", "cross_entropy-a-nan"),
    case(lambda: ref.cross_entropy(a, 2), r"y must have shape", "cross_entropy-y-scalar"),
    case(lambda: ref.numerical_gradient("f", x), r"f must be a function", "numerical_gradient-f", TypeError),
    case(lambda: ref.numerical_gradient(np.sum, NAN), r"x contains non-finite",
         "numerical_gradient-x-nan"),
    case(lambda: ref.numerical_gradient(lambda v: np.nan, x), r"f returned a non-finite value",
         "numerical_gradient-f-nan"),
    case(lambda: ref.numerical_gradient(lambda v: "small", x), r"f must return one real number",
         "numerical_gradient-f-text", TypeError),
    case(lambda: ref.numerical_gradient(lambda v: v, x), r"f must return one real number",
         "numerical_gradient-f-array"),
    case(lambda: ref.softmax([[1.0, 2.0], [3.0]]), r"z must be a rectangular array",
         "softmax-z-ragged"),
    case(lambda: ref.numerical_gradient(np.sum, x, eps=0), r"eps must be a positive finite",
         "numerical_gradient-eps-zero"),
    case(lambda: ref.numerical_gradient(np.sum, x, eps=-1e-6), r"eps must be a positive finite",
         "numerical_gradient-eps-negative"),
    case(lambda: ref.numerical_gradient(np.sum, x, eps=np.nan), r"eps must be a positive finite",
         "numerical_gradient-eps-nan"),
    case(lambda: ref.numerical_gradient(np.sum, x, eps="small"), r"eps must be a real number",
         "numerical_gradient-eps-text", TypeError),
    case(lambda: ref.linear_backward(z, X), r"delta has shape \(3,\) and x has shape \(4, 2\)",
         "linear_backward-1d-and-2d"),
    case(lambda: ref.linear_backward(Z[:3], X), r"delta has 3 rows but x has 4",
         "linear_backward-batch-mismatch"),
    case(lambda: ref.linear_backward(NAN, x), r"delta contains non-finite",
         "linear_backward-delta-nan"),
    case(lambda: ref.linear_backward(z, np.ones((1, 1, 2))), r"x must have shape",
         "linear_backward-x-3d"),
    case(lambda: ref.softmax_diagonal(OUTSIDE), r"a must hold probabilities in \[0, 1\]",
         "softmax_diagonal-a-outside"),
    case(lambda: ref.softmax_diagonal(OFF), r"each row of a must sum to 1",
         "softmax_diagonal-a-sum"),
    case(lambda: ref.softmax_diagonal(np.full((2, 2, 2), 0.5)), r"a must have shape",
         "softmax_diagonal-a-3d"),
    case(lambda: ref.softmax_diagonal(NAN), r"a contains non-finite", "softmax_diagonal-a-nan"),
    case(lambda: ref.steepest_logit(Z, 0), r"z must have shape \(K,\) with K >= 2",
         "steepest_logit-z-2d"),
    case(lambda: ref.steepest_logit(np.array([1.0]), 0), r"z must have shape \(K,\) with K >= 2",
         "steepest_logit-K-1"),
    case(lambda: ref.steepest_logit(z, 3), r"i = 3 is out of range for K = 3",
         "steepest_logit-i-too-large"),
    case(lambda: ref.steepest_logit(z, -1), r"i = -1 is out of range", "steepest_logit-i-negative"),
    case(lambda: ref.steepest_logit(z, 1.0), r"i must be an integer class index",
         "steepest_logit-i-float", TypeError),
    case(lambda: ref.steepest_logit(z, True), r"i must be an integer class index",
         "steepest_logit-i-bool", TypeError),
    case(lambda: ref.steepest_logit(INF, 1), r"z contains non-finite", "steepest_logit-z-inf"),
    case(lambda: ref.softmax_jacobian(A), r"a must have shape \(K,\)", "softmax_jacobian-a-2d"),
    case(lambda: ref.softmax_jacobian(OFF), r"each row of a must sum to 1",
         "softmax_jacobian-a-sum"),
    case(lambda: ref.softmax_jacobian(OUTSIDE), r"a must hold probabilities in \[0, 1\]",
         "softmax_jacobian-a-outside"),
    case(lambda: ref.softmax_jacobian(NAN), r"a contains non-finite", "softmax_jacobian-a-nan"),
    case(lambda: ref.softmax_vjp(a, np.ones(4)), r"a has shape \(3,\) but g has shape \(4,\)",
         "softmax_vjp-K-mismatch"),
    case(lambda: ref.softmax_vjp(A, np.ones((2, 3))), r"a has shape \(4, 3\) but g has shape \(2, 3\)",
         "softmax_vjp-batch-mismatch"),
    case(lambda: ref.softmax_vjp(a, NAN), r"g contains non-finite", "softmax_vjp-g-nan"),
    case(lambda: ref.softmax_vjp(OFF, z), r"each row of a must sum to 1", "softmax_vjp-a-sum"),
    case(lambda: ref.softmax_vjp(OUTSIDE, z), r"a must hold probabilities", "softmax_vjp-a-outside"),
    case(lambda: ref.grad_logits(z, np.array([1.0, 0.0])), r"z has shape \(3,\) but y has shape \(2,\)",
         "grad_logits-K-mismatch"),
    case(lambda: ref.grad_logits(Z, Y[:2]), r"z has shape \(4, 3\) but y has shape \(2, 3\)",
         "grad_logits-batch-mismatch"),
    case(lambda: ref.grad_logits(z, OFF), r"each row of y must sum to 1", "grad_logits-y-sum"),
    case(lambda: ref.grad_logits(z, OUTSIDE), r"y must hold probabilities", "grad_logits-y-outside"),
    case(lambda: ref.grad_logits(INF, y), r"z contains non-finite", "grad_logits-z-inf"),
    case(lambda: ref.grad_logits(np.zeros((1, 1, 3)), y), r"z must have shape",
         "grad_logits-z-3d"),
    case(lambda: ref.grad_params(W, np.zeros(2), x, y), r"b must have shape", "grad_params-b"),
    case(lambda: ref.grad_params(W, b, np.ones(3), y), r"x has 3 features", "grad_params-x-D"),
    case(lambda: ref.grad_params(W, b, x, np.array([1.0, 0.0])), r"z = W x \+ b has shape .* y has",
         "grad_params-y-K"),
    case(lambda: ref.grad_params(W, b, X, Y[:3]), r"\(4, 3\) but y has shape \(3, 3\)",
         "grad_params-batch-mismatch"),
    case(lambda: ref.grad_params(W, b, x, OFF), r"each row of y must sum to 1", "grad_params-y-sum"),
    case(lambda: ref.grad_params(W, b, x, OUTSIDE), r"y must hold probabilities",
         "grad_params-y-outside"),
    case(lambda: ref.grad_params(W, b, [np.nan, 0], y), r"x contains non-finite",
         "grad_params-x-nan"),
    case(lambda: ref.log_softmax(np.zeros((2, 2, 2))), r"z must have shape", "log_softmax-z-3d"),
    case(lambda: ref.log_softmax(["a", "b"]), r"z must hold real numbers", "log_softmax-z-text", TypeError),
    case(lambda: ref.log_sum_exp(np.zeros((2, 2, 2))), r"z must have shape", "log_sum_exp-z-3d"),
    case(lambda: ref.log_sum_exp(INF), r"z contains non-finite", "log_sum_exp-z-inf"),
    case(lambda: ref.log_sum_exp(["a", "b"]), r"z must hold real numbers", "log_sum_exp-z-text", TypeError),
    case(lambda: ref.cross_entropy_from_logits(z, OFF), r"each row of y must sum to 1",
         "cross_entropy_from_logits-y-sum"),
    case(lambda: ref.cross_entropy_from_logits(Z, Y[:2]), r"z has shape \(4, 3\) but y has shape \(2, 3\)",
         "cross_entropy_from_logits-batch-mismatch"),
    case(lambda: ref.relative_error(z, z[:2]), r"analytic has shape \(3,\) but numerical has shape \(2,\)",
         "relative_error-shapes"),
    case(lambda: ref.relative_error(z, z, floor=0), r"floor must be a positive finite",
         "relative_error-floor-zero"),
    case(lambda: ref.relative_error(z, None), r"numerical must hold real numbers",
         "relative_error-numerical-none", TypeError),
    case(lambda: ref.mean_loss(W, b, X, Y[:3]), r"\(4, 3\) but y has shape \(3, 3\)",
         "mean_loss-batch-mismatch"),
    case(lambda: ref.mean_loss(W, b, x, OFF), r"each row of y must sum to 1", "mean_loss-y-sum"),
    case(lambda: ref.predictions(W, b, np.ones(3)), r"x has 3 features", "predictions-x-D"),
    case(lambda: ref.accuracy(W, b, X, np.array([0, 1, 2])), r"labels has shape \(3,\)",
         "accuracy-labels-length"),
    case(lambda: ref.accuracy(W, b, X, np.array([0, 1, 2, 3])), r"labels must lie in 0..2",
         "accuracy-labels-range"),
    case(lambda: ref.accuracy(W, b, X, np.zeros(4)), r"labels must be integer class indices",
         "accuracy-labels-float", TypeError),
    case(lambda: ref.accuracy(W, b, x, np.array([0])), r"X must have shape \(N, D\)", "accuracy-X-1d"),
    case(lambda: ref.train_step(W, b, X, Y, 0.0), r"learning_rate must be a positive finite",
         "train_step-rate-zero"),
    case(lambda: ref.train_step(W, b, X, Y, "fast"), r"learning_rate must be a real number",
         "train_step-rate-text", TypeError),
    case(lambda: ref.train_step(W, b, X, Y[:3], 0.1), r"\(4, 3\) but y has shape \(3, 3\)",
         "train_step-batch-mismatch"),
    case(lambda: ref.gradient_descent(W, b, X, Y, 0.1, -1), r"steps must be an integer >= 0",
         "gradient_descent-steps-negative"),
    case(lambda: ref.gradient_descent(W, b, X, Y, 0.1, 2.5), r"steps must be an integer",
         "gradient_descent-steps-float", TypeError),
    case(lambda: ref.backward_to_input(z, np.ones((2, 2))), r"W must have shape \(K, D\) with K = 3",
         "backward_to_input-W-rows"),
    case(lambda: ref.backward_to_input(NAN, W), r"delta contains non-finite", "backward_to_input-delta-nan"),
    case(lambda: ref.softmax_jacobian_batch(np.full((2, 2, 2), 0.5)), r"a must have shape",
         "softmax_jacobian_batch-a-3d"),
    case(lambda: ref.softmax_jacobian_batch(np.stack([OFF, a])), r"each row of a must sum to 1",
         "softmax_jacobian_batch-a-sum"),
    case(lambda: ref.smoothed_targets(3, 3, 0.1), r"labels = 3 is out of range for K = 3",
         "smoothed_targets-label-range"),
    case(lambda: ref.smoothed_targets(np.array([0, 1]), 3, 1.0), r"smoothing must lie in \[0, 1\)",
         "smoothed_targets-smoothing-one"),
    case(lambda: ref.smoothed_targets(np.array([0.0, 1.0]), 3, 0.1), r"labels must be integer class",
         "smoothed_targets-labels-float", TypeError),
    case(lambda: ref.grad_logits_smoothed(Z, np.array([0, 1]), 0.1),
         r"z has shape \(4, 3\) but the targets of labels has shape \(2, 3\)",
         "grad_logits_smoothed-batch-mismatch"),
    case(lambda: ref.grad_logits_smoothed(z, 1, "a little"), r"smoothing must be a real number",
         "grad_logits_smoothed-smoothing-text", TypeError),
    case(lambda: ref.l2_grad_params(W, b, X, Y, -0.1), r"lam must be a number >= 0",
         "l2_grad_params-lam-negative"),
    case(lambda: ref.l2_grad_params(W, b, X, Y, None), r"lam must be a real number",
         "l2_grad_params-lam-none", TypeError),
    case(lambda: ref.grad_logits_temperature(z, y, 0.0), r"T must be a positive finite",
         "grad_logits_temperature-T-zero"),
    case(lambda: ref.grad_logits_temperature(z, OFF, 2.0), r"each row of y must sum to 1",
         "grad_logits_temperature-y-sum"),
]


@pytest.mark.parametrize("call, pattern, error", REFERENCE_CASES)
def test_reference_rejects_bad_input(call, pattern, error):
    with pytest.raises(error, match=pattern):
        call()


def test_every_public_reference_function_has_a_case():
    public = {name for name in dir(ref) if not name.startswith("_")
              and callable(getattr(ref, name)) and getattr(ref, name).__module__ == ref.__name__}
    covered = {param.id.split("-")[0] for param in REFERENCE_CASES}
    assert public <= covered, f"no bad-input case for {sorted(public - covered)}"


EXPLORER_CASES = [
    case(lambda: ex.forward_explorer(z=(1.0,)), r"z must hold 2 to 5 logits", "forward-one-logit"),
    case(lambda: ex.forward_explorer(z=np.zeros(6)), r"z must hold 2 to 5 logits", "forward-six-logits"),
    case(lambda: ex.forward_explorer(z=np.zeros((2, 3))), r"z must hold 2 to 5 logits", "forward-z-2d"),
    case(lambda: ex.forward_explorer(z=(1.0, np.nan)), r"z contains non-finite", "forward-z-nan"),
    case(lambda: ex.forward_explorer(true_class=3), r"true_class = 3 is out of range for K = 3",
         "forward-true-class-too-large"),
    case(lambda: ex.forward_explorer(true_class=-1), r"true_class = -1 is out of range",
         "forward-true-class-negative"),
    case(lambda: ex.forward_explorer(true_class=0.5), r"true_class must be an integer",
         "forward-true-class-float", TypeError),
    case(lambda: ex.gradient_check_explorer(seed=-1), r"seed must be an integer >= 0",
         "gradient_check-seed-negative"),
    case(lambda: ex.diagonal_explorer(z=(1.0,)), r"z must hold 2 to 5 logits", "diagonal-one-logit"),
    case(lambda: ex.diagonal_explorer(i=3), r"i = 3 is out of range", "diagonal-i-too-large"),
    case(lambda: ex.jacobian_explorer(z=np.zeros(7)), r"z must hold 2 to 5 logits",
         "jacobian-seven-logits"),
    case(lambda: ex.jacobian_explorer(z=(np.inf, 0.0)), r"z contains non-finite", "jacobian-z-inf"),
    case(lambda: ex.target_explorer(z=(1.0,)), r"z must hold 2 to 5 logits", "target-one-logit"),
    case(lambda: ex.target_explorer(true_class=5), r"true_class = 5 is out of range",
         "target-true-class-too-large"),
    case(lambda: ex.target_explorer(smoothing=1.5), r"smoothing must be a number in \[0, 0.95\]",
         "target-smoothing-too-large"),
    case(lambda: ex.target_explorer(smoothing=-0.1), r"smoothing must be a number in \[0, 0.95\]",
         "target-smoothing-negative"),
    case(lambda: ex.gradient_check_explorer(seed="0"), r"seed must be an integer", "gradient_check-seed-text",
         TypeError),
    case(lambda: ex.jacobian_explorer(z=()), r"z must hold 2 to 5 logits", "jacobian-no-logits"),
    case(lambda: ex.jacobian_explorer(z=("a", "b", "c")), r"z must hold real numbers", "jacobian-z-text",
         TypeError),
    case(lambda: ex.target_explorer(smoothing="0.1"), r"smoothing must be a real number",
         "target-smoothing-text", TypeError),
]


@pytest.mark.parametrize("call, pattern, error", EXPLORER_CASES)
def test_explorers_reject_bad_input(call, pattern, error):
    with pytest.raises(error, match=pattern):
        call()


P, L = make_blobs(n_per_class=5, seed=0)  # 15 points in the plane, labels 0..2
RUN = {"run": [1.0, 0.5]}

CLASSIFIER_CASES = [
    case(lambda: classifier.data_figure(P[:, :1], L), r"X must have shape \(N, 2\)",
         "data_figure-X-one-column"),
    case(lambda: classifier.data_figure(P, L[:-1]), r"labels must have one label per row",
         "data_figure-labels-short"),
    case(lambda: classifier.data_figure(P, L.astype(float)), r"labels must be integer class indices",
         "data_figure-labels-float", TypeError),
    case(lambda: classifier.data_figure(P, L, X_test=P), r"give X_test and labels_test together",
         "data_figure-X_test-alone"),
    case(lambda: classifier.data_figure(P, L, P, L + 5), r"labels_test must lie in 0..2",
         "data_figure-labels_test-out-of-range"),
    case(lambda: classifier.data_figure(P, L + 3), r"labels gives K = 6 classes; at most 5 can be drawn",
         "data_figure-six-classes"),
    case(lambda: classifier.decision_regions_figure(np.zeros((2, 2)), np.zeros(2), P, L),
         r"labels must lie in 0..1", "decision_regions_figure-labels-beyond-K"),
    case(lambda: classifier.decision_regions_figure(np.zeros((3, 3)), np.zeros(3), P, L),
         r"W must have shape \(K, 2\) = \(3, 2\)", "decision_regions_figure-W-shape"),
    case(lambda: classifier.decision_regions_figure(np.zeros((3, 2)), 0.0, P, L), r"b must have shape \(K,\)",
         "decision_regions_figure-b-scalar"),
    case(lambda: classifier.loss_curves_figure([1.0, 0.5]), r"curves must be a dict",
         "loss_curves_figure-curves-list", TypeError),
    case(lambda: classifier.loss_curves_figure({str(k): [1.0] for k in range(6)}),
         r"curves must hold 1 to 5 runs", "loss_curves_figure-six-runs"),
    case(lambda: classifier.loss_curves_figure({"run": [[1.0]]}), r"curves\['run'\] must have shape \(T,\)",
         "loss_curves_figure-losses-2d"),
    case(lambda: classifier.loss_curves_figure(RUN, reference_level=1.1), r"reference_level must be a pair",
         "loss_curves_figure-reference_level-number", TypeError),
    case(lambda: classifier.loss_curves_figure(RUN, top="2"), r"top must be a real number",
         "loss_curves_figure-top-text", TypeError),
    case(lambda: classifier.training_explorer(P, L, learning_rate=100.0),
         r"learning_rate must lie in \[0.001, 10\]", "training_explorer-learning_rate-too-large"),
    case(lambda: classifier.training_explorer(P, L, learning_rate="0.1"),
         r"learning_rate must be a real number", "training_explorer-learning_rate-text", TypeError),
    case(lambda: classifier.training_explorer(P, L, steps=30, max_steps=20),
         r"steps must be at most max_steps = 20", "training_explorer-steps-beyond-max"),
    case(lambda: classifier.training_explorer(P, L, steps=2.0), r"steps must be an integer",
         "training_explorer-steps-float", TypeError),
    case(lambda: classifier.training_explorer(P, L, max_steps=0), r"max_steps must be an integer >= 1",
         "training_explorer-max_steps-zero"),
    case(lambda: classifier.training_explorer(P, L, W=np.zeros((3, 3))),
         r"W must have shape \(K, 2\) = \(3, 2\)", "training_explorer-W-shape"),
]


@pytest.mark.parametrize("call, pattern, error", CLASSIFIER_CASES)
def test_classifier_figures_reject_bad_input(call, pattern, error):
    with pytest.raises(error, match=pattern):
        call()




def raises_zero_division(*args):
    return 1 / 0


def returns_a_cube(*args):
    return np.zeros((7, 7, 7))


def returns_two_cubes(*args):
    return np.zeros((7, 7, 7)), np.zeros((7, 7, 7))


def grader_cases():
    for name, grader in GRADERS.items():
        pair = grader.returns not in ("array", "scalar")
        scalar = grader.returns == "scalar"
        returned = "single float" if scalar else "should have shape"
        typed = "two arrays" if pair else "single float" if scalar else "real numbers"
        yield pytest.param(name, 3.0, rf"{name} should be your function, but the notebook binds that name "
                                      "to a value of type float",
                           id=f"{name}-not-a-function")
        yield pytest.param(name, raises_zero_division, rf"{name} raised ZeroDivisionError",
                           id=f"{name}-raises")
        wrong_shape = returns_two_cubes if pair else returns_a_cube
        yield pytest.param(name, wrong_shape, returned, id=f"{name}-wrong-shape")
        yield pytest.param(name, lambda *args: "text", typed, id=f"{name}-wrong-type")
        yield pytest.param(name, lambda *args: None, r"forget the `return` statement",
                           id=f"{name}-returns-none")


@pytest.mark.parametrize("name, fn, pattern", list(grader_cases()))
def test_graders_report_bad_functions_plainly(name, fn, pattern):
    """An AssertionError with a message, not an error from inside the grader chained to it."""
    with pytest.raises(AssertionError, match=pattern) as caught:
        getattr(grading, f"check_{name}")(fn)
    error = caught.value
    assert error.__cause__ is None and (error.__context__ is None or error.__suppress_context__), \
        f"check_{name} chained another exception to its message: {error.__context__!r}"
