"""Unit tests of softmax_course.reference on values worked out by hand."""

import numpy as np
import pytest

from softmax_course import reference as ref


def test_logits_is_w_x_plus_b_for_one_example_and_a_batch():
    W = np.array([[1.0, 2.0], [0.0, -1.0], [3.0, 0.5]])
    b = np.array([0.5, 0.0, -1.0])
    x = np.array([2.0, -1.0])
    np.testing.assert_allclose(ref.logits(W, b, x), [0.5, 1.0, 4.5])
    np.testing.assert_allclose(ref.logits(W, b, np.stack([x, 2 * x])), [[0.5, 1.0, 4.5], [0.5, 2.0, 10.0]])


def test_softmax_of_equal_logits_is_uniform():
    np.testing.assert_allclose(ref.softmax(np.zeros(4)), np.full(4, 0.25))


def test_softmax_of_two_logits_is_the_logistic_sigmoid():
    a = ref.softmax(np.array([1.5, 0.0]))
    np.testing.assert_allclose(a[0], 1 / (1 + np.exp(-1.5)))


def test_softmax_keeps_float32():
    assert ref.softmax(np.array([1.0, 2.0], dtype=np.float32)).dtype == np.float32


@pytest.mark.parametrize("z", [[1000.0, 0.0, -1000.0], [[1000.0, 999.0], [-1000.0, -3000.0]]])
def test_softmax_is_finite_for_huge_logits(z):
    a = ref.softmax(np.array(z))
    assert np.all(np.isfinite(a))
    np.testing.assert_allclose(a.sum(axis=-1), 1.0)


def test_cross_entropy_of_one_hot_target_is_minus_log_of_true_probability():
    assert ref.cross_entropy([0.2, 0.7, 0.1], [0.0, 1.0, 0.0]) == pytest.approx(-np.log(0.7))


def test_cross_entropy_of_uniform_prediction_is_log_k():
    for K in (2, 3, 10):
        assert ref.cross_entropy(np.full(K, 1 / K), np.eye(K)[0]) == pytest.approx(np.log(K))


def test_cross_entropy_of_a_batch_is_the_mean_of_the_rows():
    a = np.array([[0.5, 0.5], [0.9, 0.1]])
    y = np.array([[1.0, 0.0], [0.0, 1.0]])
    assert ref.cross_entropy(a, y) == pytest.approx((np.log(2) - np.log(0.1)) / 2)


def test_cross_entropy_treats_zero_times_log_zero_as_zero():
    loss = ref.cross_entropy([1.0, 0.0], [1.0, 0.0])
    assert isinstance(loss, float) and loss == 0.0


def test_numerical_gradient_of_a_quadratic_and_leaves_x_unchanged():
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    before = x.copy()
    gradient = ref.numerical_gradient(lambda v: np.sum(v**2), x)
    np.testing.assert_allclose(gradient, 2 * x, rtol=1e-8)
    np.testing.assert_array_equal(x, before)


def test_linear_backward_is_outer_product_and_batch_sum():
    delta = np.array([1.0, -2.0])
    x = np.array([3.0, 0.0, 1.0])
    dW, db = ref.linear_backward(delta, x)
    np.testing.assert_allclose(dW, [[3.0, 0.0, 1.0], [-6.0, 0.0, -2.0]])
    np.testing.assert_allclose(db, delta)
    dW_batch, db_batch = ref.linear_backward(np.stack([delta, delta]), np.stack([x, x]))
    np.testing.assert_allclose(dW_batch, 2 * dW)
    np.testing.assert_allclose(db_batch, 2 * delta)


def test_softmax_jacobian_of_two_classes():
    J = ref.softmax_jacobian([0.25, 0.75])
    np.testing.assert_allclose(J, [[0.1875, -0.1875], [-0.1875, 0.1875]])


def test_softmax_diagonal_is_the_jacobian_diagonal():
    a = ref.softmax(np.array([0.3, -1.0, 2.0]))
    np.testing.assert_allclose(ref.softmax_diagonal(a), np.diag(ref.softmax_jacobian(a)))


def test_steepest_logit_makes_the_probability_one_half():
    z = np.array([0.0, 1.0, -2.0, 3.0])
    z[2] = ref.steepest_logit(z, 2)
    assert ref.softmax(z)[2] == pytest.approx(0.5)


def test_steepest_logit_is_finite_for_huge_logits():
    assert ref.steepest_logit(np.array([1000.0, 0.0, 1000.0]), 1) == pytest.approx(1000 + np.log(2))


def test_softmax_vjp_matches_the_jacobian_product():
    a = ref.softmax(np.array([0.1, 2.0, -0.5]))
    g = np.array([1.0, -3.0, 0.5])
    np.testing.assert_allclose(ref.softmax_vjp(a, g), ref.softmax_jacobian(a).T @ g)


def test_grad_logits_is_a_minus_y_and_divides_a_batch_by_n():
    z = np.array([1.0, 2.0, 0.5])
    y = np.array([0.0, 0.0, 1.0])
    np.testing.assert_allclose(ref.grad_logits(z, y), ref.softmax(z) - y)
    np.testing.assert_allclose(ref.grad_logits(np.stack([z, z]), np.stack([y, y])),
                               np.stack([ref.softmax(z) - y] * 2) / 2)


def test_grad_params_matches_finite_differences():
    rng = np.random.default_rng(0)
    W, b = rng.normal(size=(3, 4)), rng.normal(size=3)
    X = rng.normal(size=(5, 4))
    Y = np.eye(3)[rng.integers(0, 3, size=5)]
    dW, db = ref.grad_params(W, b, X, Y)

    def loss_of_W(W_):
        return ref.mean_loss(W_, b, X, Y)

    def loss_of_b(b_):
        return ref.mean_loss(W, b_, X, Y)

    np.testing.assert_allclose(dW, ref.numerical_gradient(loss_of_W, W), rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(db, ref.numerical_gradient(loss_of_b, b), rtol=1e-6, atol=1e-9)


def test_log_softmax_is_the_log_of_softmax_and_stays_finite():
    z = np.array([[2.0, 1.0, 0.1], [1000.0, -1000.0, 0.0]])
    np.testing.assert_allclose(ref.log_softmax(z[0]), np.log(ref.softmax(z[0])), rtol=1e-12)
    np.testing.assert_allclose(ref.log_softmax(z)[1], [0.0, -2000.0, -1000.0])


def test_log_sum_exp_of_hand_worked_values_and_of_a_batch():
    assert ref.log_sum_exp([0.0, 0.0]) == pytest.approx(np.log(2))
    assert ref.log_sum_exp([np.log(2.0), np.log(3.0)]) == pytest.approx(np.log(5))
    rows = ref.log_sum_exp(np.array([[0.0, 0.0], [1.0, 1.0], [0.0, np.log(3.0)]]))
    assert rows.shape == (3,)
    np.testing.assert_allclose(rows, np.log([2.0, 2 * np.e, 4.0]))


def test_log_sum_exp_is_finite_for_huge_logits_and_lies_between_its_bounds():
    assert ref.log_sum_exp([1000.0, 1000.0]) == pytest.approx(1000 + np.log(2))
    assert ref.log_sum_exp([-1000.0, -3000.0]) == pytest.approx(-1000.0)
    z = np.random.default_rng(3).normal(0.0, 5.0, size=(50, 4))
    lse = ref.log_sum_exp(z)
    assert np.all(z.max(axis=1) <= lse) and np.all(lse <= z.max(axis=1) + np.log(4) + 1e-12)


def test_log_sum_exp_gives_the_log_softmax_and_the_loss_from_the_logits():
    z, y = np.array([2.0, 1.0, 0.1]), np.array([0.1, 0.7, 0.2])
    np.testing.assert_allclose(ref.log_softmax(z), z - ref.log_sum_exp(z), rtol=1e-12)
    assert ref.cross_entropy_from_logits(z, y) == pytest.approx(ref.log_sum_exp(z) - y @ z, rel=1e-12)


def test_the_gradient_of_log_sum_exp_is_the_softmax():
    z = np.array([0.3, -1.2, 2.0, 0.0])
    np.testing.assert_allclose(ref.numerical_gradient(ref.log_sum_exp, z), ref.softmax(z), rtol=1e-7)


def test_cross_entropy_from_logits_agrees_where_softmax_then_log_is_finite_and_beyond():
    z, y = np.array([2.0, 1.0, 0.1]), np.array([0.2, 0.5, 0.3])
    through_softmax = ref.cross_entropy(ref.softmax(z), y)
    assert ref.cross_entropy_from_logits(z, y) == pytest.approx(through_softmax, rel=1e-12)
    far = np.array([[1000.0, -1000.0, 0.0]])
    with np.errstate(divide="ignore"):
        assert ref.cross_entropy(ref.softmax(far), np.array([[0.0, 1.0, 0.0]])) == np.inf
    assert ref.cross_entropy_from_logits(far, np.array([[0.0, 1.0, 0.0]])) == pytest.approx(2000.0)


def test_relative_error_compares_each_entry_on_its_own_scale_with_a_floor():
    assert ref.relative_error([1.0, 2.0], [1.0, 2.002]) == pytest.approx(0.002 / 2.002)
    assert ref.relative_error([1000.0, 1e-3], [1000.0, 2e-3]) == pytest.approx(0.5)
    assert ref.relative_error([0.0, 1e-12], [1e-12, 0.0]) == pytest.approx(1e-4)
    assert ref.relative_error(np.zeros((2, 2)), np.zeros((2, 2))) == 0.0


def test_mean_loss_is_the_cross_entropy_of_the_softmax_of_the_logits():
    W, b = np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]]), np.zeros(3)
    X, Y = np.array([[1.0, 0.0], [0.0, 0.0]]), np.eye(3)[[0, 2]]
    first = -np.log(np.e / (np.e + 2))
    assert ref.mean_loss(W, b, X, Y) == pytest.approx((first + np.log(3)) / 2)


def test_predictions_and_accuracy_take_the_largest_logit():
    W, b = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0]]), np.zeros(3)
    X = np.array([[2.0, 1.0], [1.0, 3.0], [-1.0, -2.0], [0.0, 0.0]])
    np.testing.assert_array_equal(ref.predictions(W, b, X), [0, 1, 2, 0])
    assert ref.predictions(W, b, X[1]) == 1
    assert ref.accuracy(W, b, X, np.array([0, 1, 1, 2])) == 0.5


def test_train_step_moves_against_the_gradient_and_lowers_the_loss():
    rng = np.random.default_rng(1)
    W, b, X = rng.normal(size=(3, 2)), rng.normal(size=3), rng.normal(size=(6, 2))
    Y = np.eye(3)[rng.integers(0, 3, size=6)]
    W_copy, b_copy = W.copy(), b.copy()
    W_new, b_new = ref.train_step(W, b, X, Y, 0.1)
    dW, db = ref.grad_params(W, b, X, Y)
    np.testing.assert_allclose((W - W_new) / 0.1, dW, rtol=1e-12)
    np.testing.assert_allclose((b - b_new) / 0.1, db, rtol=1e-12)
    assert ref.mean_loss(W_new, b_new, X, Y) < ref.mean_loss(W, b, X, Y)
    np.testing.assert_array_equal(W, W_copy)
    np.testing.assert_array_equal(b, b_copy)


def test_gradient_descent_repeats_train_step_and_records_the_losses():
    rng = np.random.default_rng(2)
    W, b, X = rng.normal(size=(3, 2)), np.zeros(3), rng.normal(size=(8, 2))
    Y = np.eye(3)[rng.integers(0, 3, size=8)]
    weights, biases, losses = ref.gradient_descent(W, b, X, Y, 0.5, 3)
    assert weights.shape == (4, 3, 2) and biases.shape == (4, 3) and losses.shape == (4,)
    W2, b2 = ref.train_step(*ref.train_step(W, b, X, Y, 0.5), X, Y, 0.5)
    np.testing.assert_allclose(weights[2], W2)
    np.testing.assert_allclose(biases[2], b2)
    assert losses[0] == ref.mean_loss(W, b, X, Y)
    assert np.all(np.diff(losses) < 0)
