"""Properties of softmax_course.reference that must hold for every input,
checked with hypothesis on random shapes and values, extremes included."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from softmax_course import reference as ref

# A settings object, not a loaded profile, so other test files keep their own settings.
examples = settings(max_examples=60, deadline=None)

# Shapes (K,) or (N, K) with K and N from 1 to 6: K = 1, K = 2 and a batch of one included.
SHAPES = hnp.array_shapes(min_dims=1, max_dims=2, min_side=1, max_side=6)


def real_arrays(shape, bound, dtype=np.float64):
    """Finite arrays of `shape` with entries in [-bound, bound]."""
    width = np.dtype(dtype).itemsize * 8
    elements = st.floats(-bound, bound, allow_nan=False, allow_infinity=False, width=width)
    return hnp.arrays(dtype, shape, elements=elements)


@st.composite
def targets(draw, shape):
    """y of `shape` whose rows sum to 1: a one-hot row plus random non-negative
    weights, normalised; when the weights shrink to zero, y is exactly one-hot."""
    weights = draw(hnp.arrays(np.float64, shape, elements=st.floats(0, 1)))
    hot = draw(hnp.arrays(np.int64, shape[:-1], elements=st.integers(0, shape[-1] - 1)))
    y = np.eye(shape[-1])[hot] + weights
    return y / y.sum(axis=-1, keepdims=True)


@st.composite
def logits_and_targets(draw, bound, dtype=np.float64):
    """(z, y) of one shape from SHAPES: logits within +-bound and targets."""
    shape = draw(SHAPES)
    return draw(real_arrays(shape, bound, dtype)), draw(targets(shape))


@examples
@given(z=st.one_of(real_arrays(SHAPES, 1000.0), real_arrays(SHAPES, 1000.0, np.float32)))
def test_softmax_rows_are_distributions(z):
    a = ref.softmax(z)
    tolerance = 10 * z.shape[-1] * np.finfo(z.dtype).eps
    assert a.shape == z.shape
    assert np.all(np.isfinite(a)) and np.all(a >= 0) and np.all(a <= 1)
    np.testing.assert_allclose(a.sum(axis=-1), 1.0, rtol=0, atol=tolerance)


@examples
@given(z=real_arrays(SHAPES, 1000.0), shift=st.floats(-1000, 1000))
def test_softmax_is_invariant_to_a_shift(z, shift):
    np.testing.assert_allclose(ref.softmax(z + shift), ref.softmax(z), rtol=1e-9, atol=1e-12)


@examples
@given(z=st.one_of(real_arrays(st.integers(1, 6), 1000.0),
                   real_arrays(st.integers(1, 6), 1000.0, np.float32)))
def test_softmax_jacobian_rows_sum_to_zero_and_it_is_symmetric(z):
    a = ref.softmax(z)
    J = ref.softmax_jacobian(a)
    tolerance = 10 * z.shape[0] * np.finfo(a.dtype).eps
    assert J.shape == (z.shape[0], z.shape[0])
    np.testing.assert_allclose(J.sum(axis=1), 0.0, atol=tolerance)
    np.testing.assert_array_equal(J, J.T)
    np.testing.assert_allclose(np.diag(J), ref.softmax_diagonal(a), rtol=tolerance, atol=tolerance)


@examples
@given(z=real_arrays(st.integers(1, 6), 30.0))
def test_softmax_jacobian_matches_central_differences(z):
    def component(j):
        return lambda v: ref.softmax(v)[j]

    numeric = np.array([ref.numerical_gradient(component(j), z, eps=1e-5) for j in range(z.shape[0])])
    assert ref.relative_error(ref.softmax_jacobian(ref.softmax(z)), numeric, floor=1e-3) <= 1e-6


@examples
@given(pair=logits_and_targets(30.0))
def test_grad_logits_matches_central_differences(pair):
    z, y = pair
    numeric = ref.numerical_gradient(lambda v: ref.cross_entropy(ref.softmax(v), y), z, eps=1e-5)
    assert ref.relative_error(ref.grad_logits(z, y), numeric, floor=1e-3) <= 1e-6


@st.composite
def linear_problems(draw):
    """(W, b, x, y) with entries within +-3 and D <= 3, so every logit is within +-30."""
    K, D = draw(st.integers(1, 5)), draw(st.integers(1, 3))
    batch = draw(st.one_of(st.just(()), st.tuples(st.integers(1, 4))))
    W = draw(real_arrays((K, D), 3.0))
    b = draw(real_arrays((K,), 3.0))
    x = draw(real_arrays(batch + (D,), 3.0))
    return W, b, x, draw(targets(batch + (K,)))


@examples
@given(problem=linear_problems())
def test_grad_params_matches_central_differences(problem):
    W, b, x, y = problem
    dW, db = ref.grad_params(W, b, x, y)

    numeric_dW = ref.numerical_gradient(lambda v: ref.mean_loss(v, b, x, y), W, eps=1e-5)
    numeric_db = ref.numerical_gradient(lambda v: ref.mean_loss(W, v, x, y), b, eps=1e-5)
    # The floor: central differences at eps = 1e-5 carry an absolute error of about 1e-10.
    assert ref.relative_error(dW, numeric_dW, floor=1e-3) <= 1e-6
    assert ref.relative_error(db, numeric_db, floor=1e-3) <= 1e-6


@examples
@given(pair=st.one_of(logits_and_targets(1000.0), logits_and_targets(1000.0, np.float32)))
def test_gradients_stay_finite_for_extreme_logits(pair):
    z, y = pair
    delta = ref.grad_logits(z, y)
    assert np.all(np.isfinite(delta)) and np.all(np.abs(delta) <= 1)
    x = np.ones(z.shape[:-1] + (2,))
    W = np.zeros((z.shape[-1], 2))
    dW, db = ref.grad_params(W, z.reshape(-1, z.shape[-1])[0], x, y)
    assert np.all(np.isfinite(dW)) and np.all(np.isfinite(db))


@examples
@given(pair=logits_and_targets(1000.0))
def test_cross_entropy_is_never_negative(pair):
    z, y = pair
    assert ref.cross_entropy(ref.softmax(z), y) >= 0


@examples
@given(pair=logits_and_targets(300.0))
def test_cross_entropy_is_finite_and_equals_log_sum_exp_form(pair):
    """Logits within +-300 keep every a_i above the smallest float64 (e^-600 > 1e-300),
    so the loss is finite; it equals logsumexp(z) - y . z, row by row."""
    z, y = pair
    loss = ref.cross_entropy(ref.softmax(z), y)
    top = z.max(axis=-1, keepdims=True)
    log_sum_exp = (top + np.log(np.exp(z - top).sum(axis=-1, keepdims=True)))[..., 0]
    expected = np.mean(log_sum_exp - (y * z).sum(axis=-1))
    assert np.isfinite(loss) and loss >= 0
    np.testing.assert_allclose(loss, expected, rtol=1e-9, atol=1e-9)


@examples
@given(z=real_arrays(SHAPES, 1000.0), data=st.data())
def test_softmax_vjp_equals_jacobian_transpose_times_g(z, data):
    g = data.draw(real_arrays(z.shape, 100.0))
    a = ref.softmax(z)
    rows, g_rows = a.reshape(-1, z.shape[-1]), g.reshape(-1, z.shape[-1])
    expected = np.array([ref.softmax_jacobian(r).T @ g_r for r, g_r in zip(rows, g_rows, strict=True)])
    np.testing.assert_allclose(ref.softmax_vjp(a, g), expected.reshape(z.shape), rtol=1e-9, atol=1e-9)


@examples
@given(pair=logits_and_targets(1000.0))
def test_a_batch_is_its_rows_averaged(pair):
    """grad_logits of a batch is each row's gradient divided by N; a batch of one equals one example."""
    z, y = pair
    Z, Y = z.reshape(-1, z.shape[-1]), y.reshape(-1, y.shape[-1])
    rows = np.array([ref.grad_logits(row, target) for row, target in zip(Z, Y, strict=True)])
    np.testing.assert_allclose(ref.grad_logits(Z, Y), rows / len(Z), rtol=1e-12, atol=1e-15)


@examples
@given(delta=real_arrays(st.tuples(st.integers(1, 4), st.integers(1, 5)), 10.0), data=st.data())
def test_linear_backward_of_a_batch_sums_the_examples(delta, data):
    x = data.draw(real_arrays((delta.shape[0], data.draw(st.integers(1, 4))), 10.0))
    dW, db = ref.linear_backward(delta, x)
    pieces = [ref.linear_backward(d, row) for d, row in zip(delta, x, strict=True)]
    np.testing.assert_allclose(dW, sum(p[0] for p in pieces), rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(db, sum(p[1] for p in pieces), rtol=1e-9, atol=1e-9)


@examples
@given(z=real_arrays(st.integers(2, 6), 1000.0), data=st.data())
def test_steepest_logit_puts_half_the_probability_on_class_i(z, data):
    i = data.draw(st.integers(0, z.shape[0] - 1))
    moved = z.copy()
    moved[i] = ref.steepest_logit(z, i)
    assert np.isfinite(moved[i])
    np.testing.assert_allclose(ref.softmax(moved)[i], 0.5, rtol=1e-9)


@examples
@given(x=real_arrays(SHAPES, 10.0))
def test_numerical_gradient_of_a_quadratic_leaves_x_unchanged(x):
    """f(x) = sum c x^2 has gradient 2 c x, and central differences are exact up to rounding."""
    c = np.arange(1, x.size + 1).reshape(x.shape)
    before = x.copy()
    numeric = ref.numerical_gradient(lambda v: np.sum(c * v ** 2), x, eps=1e-3)
    np.testing.assert_array_equal(x, before)
    np.testing.assert_allclose(numeric, 2 * c * x, rtol=1e-6, atol=1e-6)
