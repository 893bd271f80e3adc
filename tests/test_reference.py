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
    np.testing.assert_allclose(ref.grad_logits(np.stack([z, z]), np.stack([y, y])), np.stack([ref.softmax(z) - y] * 2) / 2)


def test_grad_params_matches_finite_differences():
    rng = np.random.default_rng(0)
    W, b = rng.normal(size=(3, 4)), rng.normal(size=3)
    X = rng.normal(size=(5, 4))
    Y = np.eye(3)[rng.integers(0, 3, size=5)]
    dW, db = ref.grad_params(W, b, X, Y)

    def loss_of_W(W_):
        return ref.cross_entropy(ref.softmax(ref.logits(W_, b, X)), Y)

    def loss_of_b(b_):
        return ref.cross_entropy(ref.softmax(ref.logits(W, b_, X)), Y)

    np.testing.assert_allclose(dW, ref.numerical_gradient(loss_of_W, W), rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(db, ref.numerical_gradient(loss_of_b, b), rtol=1e-6, atol=1e-9)
