"""Learner implementations used to test the graders in softmax_grader.

CORRECT[name]: functions the grader check_<name> must accept (loops, vectorised,
scipy and log-sum-exp forms, lists, float32 anywhere along the way, in place).
WRONG[name]: pairs (function, pattern) of typical mistakes; check_<name> must reject
each with a message in which re.search finds pattern.
"""

import inspect
import math
from importlib import import_module

import numpy as np
from scipy.special import log_softmax, logsumexp, xlogy
from scipy.special import softmax as scipy_softmax

from softmax_course.chapters import CHAPTERS

# softmax

def softmax_vectorised(z):
    exponentials = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return exponentials / np.sum(exponentials, axis=-1, keepdims=True)


def softmax_loops(z):
    def one_row(row):
        top = max(row)
        exponentials = [math.exp(value - top) for value in row]
        total = sum(exponentials)
        return [value / total for value in exponentials]
    z = np.asarray(z)
    return one_row(list(z)) if z.ndim == 1 else [one_row(list(row)) for row in z]


def softmax_scipy(z):
    return scipy_softmax(z, axis=-1)


def softmax_logsumexp(z):
    return np.exp(z - logsumexp(z, axis=-1, keepdims=True))


def softmax_log_softmax(z):
    return np.exp(log_softmax(z, axis=-1))


def softmax_float32(z):
    z = np.asarray(z, dtype=np.float32)
    exponentials = np.exp(z - z.max(axis=-1, keepdims=True))
    return exponentials / exponentials.sum(axis=-1, keepdims=True)


def softmax_transposed_rows(z):
    rows = np.atleast_2d(z)
    exponentials = np.exp(rows.T - rows.max(axis=1))
    return (exponentials / exponentials.sum(axis=0)).T.reshape(np.shape(z))


def softmax_no_shift(z):
    return np.exp(z) / np.exp(z).sum(axis=-1, keepdims=True)


def softmax_math_no_shift(z):
    rows = np.atleast_2d(z)
    out = [[math.exp(v) / sum(math.exp(u) for u in row) for v in row] for row in rows]
    return np.reshape(out, np.shape(z))


def softmax_wrong_axis(z):
    exponentials = np.exp(z - z.max(axis=0))
    return exponentials / exponentials.sum(axis=0)


def softmax_whole_batch(z):
    exponentials = np.exp(z - z.max())
    return exponentials / exponentials.sum()


def softmax_global_max(z):
    exponentials = np.exp(z - z.max())
    return exponentials / exponentials.sum(axis=-1, keepdims=True)


def softmax_unnormalised(z):
    return np.exp(z - z.max(axis=-1, keepdims=True))


def softmax_no_keepdims(z):
    exponentials = np.exp(z - z.max(axis=-1, keepdims=True))
    return exponentials / exponentials.sum(axis=-1)


def softmax_in_place(z):
    z -= z.max(axis=-1, keepdims=True)
    np.exp(z, out=z)
    return z / z.sum(axis=-1, keepdims=True)


def softmax_batch_only(z):
    exponentials = np.exp(z - z.max(axis=1, keepdims=True))
    return exponentials / exponentials.sum(axis=1, keepdims=True)


def softmax_always_2d(z):
    return softmax_vectorised(np.atleast_2d(z))


def softmax_no_return(z):
    softmax_vectorised(z)


def softmax_normalise_logits(z):
    shifted = z - z.min(axis=-1, keepdims=True) + 1.0
    return shifted / shifted.sum(axis=-1, keepdims=True)


def softmax_plus_one(z):
    exponentials = np.exp(z - z.max(axis=-1, keepdims=True))
    return exponentials / (exponentials.sum(axis=-1, keepdims=True) + 1.0)


# cross_entropy

def cross_entropy_where(a, y):
    with np.errstate(divide="ignore"):
        terms = np.where(y > 0, -y * np.log(np.where(y > 0, a, 1.0)), 0.0)
    return float(np.mean(np.sum(terms, axis=-1)))


def cross_entropy_xlogy(a, y):
    return float(-np.mean(np.sum(xlogy(y, a), axis=-1)))


def cross_entropy_nansum(a, y):
    rows = 1 if np.ndim(a) == 1 else len(a)
    return -np.nansum(y * np.log(a)) / rows


def cross_entropy_clip(a, y):
    return -np.mean(np.sum(y * np.log(np.clip(a, 1e-12, 1.0)), axis=-1))


def cross_entropy_loops(a, y):
    rows_a, rows_y = np.atleast_2d(a), np.atleast_2d(y)
    total = 0.0
    for row_a, row_y in zip(rows_a, rows_y):
        for a_i, y_i in zip(row_a, row_y):
            if y_i > 0:
                total -= y_i * math.log(a_i)
    return total / len(rows_a)


def cross_entropy_epsilon(a, y):
    return -np.mean(np.sum(y * np.log(a + 1e-9), axis=-1))


def cross_entropy_keras_clip(a, y):
    return float(-np.mean(np.sum(y * np.log(np.clip(a, 1e-7, 1 - 1e-7)), axis=-1)))


def cross_entropy_float32(a, y):
    return np.float32(cross_entropy_xlogy(a, y))


def cross_entropy_epsilon_1e7(a, y):
    return float(-np.mean(np.sum(y * np.log(a + 1e-7), axis=-1)))


def cross_entropy_clip_1e3(a, y):
    return float(-np.mean(np.sum(y * np.log(np.clip(a, 1e-3, 1.0)), axis=-1)))


def cross_entropy_swapped(a, y):
    return float(-np.mean(np.sum(a * np.log(y), axis=-1)))


def cross_entropy_batch_sum(a, y):
    return float(-np.sum(xlogy(y, a)))


def cross_entropy_no_minus(a, y):
    return float(np.mean(np.sum(xlogy(y, a), axis=-1)))


def cross_entropy_log10(a, y):
    return float(-np.mean(np.sum(xlogy(y, a), axis=-1))) / math.log(10)


def cross_entropy_log2(a, y):
    with np.errstate(divide="ignore"):
        terms = np.where(y > 0, -y * np.log2(np.where(y > 0, a, 1.0)), 0.0)
    return float(np.mean(np.sum(terms, axis=-1)))


def cross_entropy_true_class_only(a, y):
    rows_a, rows_y = np.atleast_2d(a), np.atleast_2d(y)
    picked = rows_a[np.arange(len(rows_a)), rows_y.argmax(axis=1)]
    return float(-np.mean(np.log(picked)))


def cross_entropy_zero_log_zero(a, y):
    return float(-np.mean(np.sum(y * np.log(a), axis=-1)))


def cross_entropy_per_example(a, y):
    return -np.sum(xlogy(y, a), axis=-1)


def cross_entropy_zero_d_array(a, y):
    return np.array(cross_entropy_xlogy(a, y))


def cross_entropy_list(a, y):
    return [cross_entropy_xlogy(a, y)]


def cross_entropy_mean_over_everything(a, y):
    return float(-np.mean(xlogy(y, a)))


def cross_entropy_clip_in_place(a, y):
    np.clip(a, 1e-12, 1.0, out=a)
    return float(-np.mean(np.sum(y * np.log(a), axis=-1)))


# numerical_gradient

def numerical_gradient_ndindex(f, x, eps=1e-6):
    gradient = np.zeros(np.shape(x))
    for index in np.ndindex(gradient.shape):
        plus, minus = np.array(x, dtype=float), np.array(x, dtype=float)
        plus[index] += eps
        minus[index] -= eps
        gradient[index] = (f(plus) - f(minus)) / (2 * eps)
    return gradient


def numerical_gradient_flat(f, x, eps=1e-6):
    x = np.asarray(x, dtype=float)
    flat = x.ravel()
    gradient = np.zeros(flat.size)
    for k in range(flat.size):
        step = np.zeros(flat.size)
        step[k] = eps
        gradient[k] = (f((flat + step).reshape(x.shape)) - f((flat - step).reshape(x.shape))) / (2 * eps)
    return gradient.reshape(x.shape)


def numerical_gradient_restore(f, x, eps=1e-6):
    """CS231n style: nudge x in place and put the saved value back."""
    gradient = np.zeros_like(x)
    iterator = np.nditer(x, flags=["multi_index"])
    while not iterator.finished:
        index = iterator.multi_index
        saved = x[index]
        x[index] = saved + eps
        above = f(x)
        x[index] = saved - eps
        below = f(x)
        x[index] = saved
        gradient[index] = (above - below) / (2 * eps)
        iterator.iternext()
    return gradient


def numerical_gradient_identity_steps(f, x, eps=1e-6):
    steps = eps * np.eye(x.size)
    values = [(f(x + step.reshape(x.shape)) - f(x - step.reshape(x.shape))) / (2 * eps) for step in steps]
    return np.reshape(values, x.shape)


def numerical_gradient_default_1e5(f, x, eps=1e-5):
    return numerical_gradient_ndindex(f, x, eps)


def numerical_gradient_forward(f, x, eps=1e-6):
    gradient = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        plus = x.copy()
        plus[index] += eps
        gradient[index] = (f(plus) - f(x)) / eps
    return gradient


def numerical_gradient_backward(f, x, eps=1e-6):
    gradient = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        minus = x.copy()
        minus[index] -= eps
        gradient[index] = (f(x) - f(minus)) / eps
    return gradient


def numerical_gradient_divide_by_eps(f, x, eps=1e-6):
    gradient = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[index] = eps
        gradient[index] = (f(x + step) - f(x - step)) / eps
    return gradient


def numerical_gradient_forward_over_2eps(f, x, eps=1e-6):
    return numerical_gradient_forward(f, x, eps) / 2


def numerical_gradient_no_restore(f, x, eps=1e-6):
    gradient = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        x[index] += eps
        above = f(x)
        x[index] -= 2 * eps
        below = f(x)
        gradient[index] = (above - below) / (2 * eps)
    return gradient


def numerical_gradient_alias(f, x, eps=1e-6):
    """plus = x copies nothing, so every nudge lands in the caller's x."""
    gradient = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        plus, minus = x, x.copy()
        plus[index] += eps
        minus[index] -= eps
        gradient[index] = (f(plus) - f(minus)) / (2 * eps)
    return gradient


def numerical_gradient_rows(f, x, eps=1e-6):
    gradient = np.zeros_like(x)
    for i in range(len(x)):
        plus, minus = x.copy(), x.copy()
        plus[i] += eps
        minus[i] -= eps
        gradient[i] = (f(plus) - f(minus)) / (2 * eps)
    return gradient


def numerical_gradient_flat_index(f, x, eps=1e-6):
    gradient = np.zeros_like(x)
    for i in range(x.size):
        plus, minus = x.copy(), x.copy()
        plus[i] += eps
        minus[i] -= eps
        gradient[i] = (f(plus) - f(minus)) / (2 * eps)
    return gradient


def numerical_gradient_fixed_eps(f, x, eps=1e-6):
    return numerical_gradient_ndindex(f, x)


# linear_backward

def linear_backward_vectorised(delta, x):
    if np.ndim(delta) == 1:
        return np.outer(delta, x), np.array(delta)
    return delta.T @ x, delta.sum(axis=0)


def linear_backward_atleast_2d(delta, x):
    rows_delta, rows_x = np.atleast_2d(delta), np.atleast_2d(x)
    return rows_delta.T @ rows_x, rows_delta.sum(axis=0)


def linear_backward_einsum(delta, x):
    rows_delta, rows_x = np.atleast_2d(delta), np.atleast_2d(x)
    return np.einsum("nk,nd->kd", rows_delta, rows_x), np.einsum("nk->k", rows_delta)


def linear_backward_loops(delta, x):
    rows_delta, rows_x = np.atleast_2d(delta), np.atleast_2d(x)
    K, D = rows_delta.shape[1], rows_x.shape[1]
    dW = [[0.0] * D for _ in range(K)]
    db = [0.0] * K
    for row_delta, row_x in zip(rows_delta, rows_x):
        for i in range(K):
            db[i] += row_delta[i]
            for l in range(D):
                dW[i][l] += row_delta[i] * row_x[l]
    return [dW, db]


def linear_backward_transposed(delta, x):
    rows_delta, rows_x = np.atleast_2d(delta), np.atleast_2d(x)
    return rows_x.T @ rows_delta, rows_delta.sum(axis=0)


def linear_backward_outer_reversed(delta, x):
    if np.ndim(delta) == 1:
        return np.outer(x, delta), delta
    return delta.T @ x, delta.sum(axis=0)


def linear_backward_averaged(delta, x):
    if np.ndim(delta) == 1:
        return np.outer(delta, x), delta
    return delta.T @ x / len(delta), delta.sum(axis=0)


def linear_backward_db_mean(delta, x):
    if np.ndim(delta) == 1:
        return np.outer(delta, x), delta
    return delta.T @ x, delta.mean(axis=0)


def linear_backward_db_not_summed(delta, x):
    return np.atleast_2d(delta).T @ np.atleast_2d(x), delta


def linear_backward_db_wrong_axis(delta, x):
    if np.ndim(delta) == 1:
        return np.outer(delta, x), delta
    return delta.T @ x, delta.sum(axis=1)


def linear_backward_sums_first(delta, x):
    if np.ndim(delta) == 1:
        return np.outer(delta, x), delta
    return np.outer(delta.sum(axis=0), x.sum(axis=0)), delta.sum(axis=0)


def linear_backward_dW_only(delta, x):
    return np.atleast_2d(delta).T @ np.atleast_2d(x)


def linear_backward_swapped(delta, x):
    dW, db = linear_backward_atleast_2d(delta, x)
    return db, dW


# softmax_diagonal

def softmax_diagonal_expanded(a):
    return a - a ** 2


def softmax_diagonal_loops(a):
    rows = np.atleast_2d(a)
    out = [[value * (1 - value) for value in row] for row in rows]
    return out[0] if np.ndim(a) == 1 else out


def softmax_diagonal_from_jacobian(a):
    rows = np.atleast_2d(a)
    out = np.array([np.diag(np.diag(row) - np.outer(row, row)) for row in rows])
    return out.reshape(np.shape(a))


def softmax_diagonal_square(a):
    return a ** 2


def softmax_diagonal_one_minus(a):
    return 1 - a


def softmax_diagonal_plus(a):
    return a * (1 + a)


def softmax_diagonal_identity(a):
    return a


def softmax_diagonal_negative(a):
    return a ** 2 - a


def softmax_diagonal_summed(a):
    return np.sum(a * (1 - a))


def softmax_diagonal_doubled(a):
    return 2 * a * (1 - a)


def softmax_diagonal_half(a):
    return a * (1 - a) / 2


# steepest_logit

def steepest_logit_logsumexp(z, i):
    return float(logsumexp(np.delete(z, i)))


def steepest_logit_logaddexp(z, i):
    return np.logaddexp.reduce(np.concatenate([z[:i], z[i + 1:]]))


def steepest_logit_masked(z, i):
    others = np.where(np.arange(len(z)) == i, -np.inf, z)
    return logsumexp(others)


def steepest_logit_loops(z, i):
    others = [value for k, value in enumerate(z) if k != i]
    top = max(others)
    return top + math.log(sum(math.exp(value - top) for value in others))


def steepest_logit_float32(z, i):
    others = np.delete(np.asarray(z, dtype=np.float32), i)
    top = others.max()
    return top + np.log(np.exp(others - top).sum())


def steepest_logit_max_other(z, i):
    return float(np.delete(z, i).max())


def steepest_logit_including_i(z, i):
    return float(logsumexp(z))


def steepest_logit_no_shift(z, i):
    return float(np.log(np.sum(np.exp(np.delete(z, i)))))


def steepest_logit_negative(z, i):
    return -float(logsumexp(np.delete(z, i)))


def steepest_logit_array(z, i):
    return logsumexp(np.delete(z, i), keepdims=True)


def steepest_logit_zero_d(z, i):
    return np.asarray(logsumexp(np.delete(z, i)))


def steepest_logit_mean_other(z, i):
    return float(np.delete(z, i).mean())


# softmax_jacobian

def softmax_jacobian_broadcast(a):
    return a[:, None] * (np.eye(len(a)) - a[None, :])


def softmax_jacobian_loops(a):
    K = len(a)
    return [[a[j] * ((1.0 if j == i else 0.0) - a[i]) for i in range(K)] for j in range(K)]


def softmax_jacobian_diagflat(a):
    return np.diagflat(a) - np.outer(a, a)


def softmax_jacobian_diagonal_matrix(a):
    return np.diag(a * (1 - a))


def softmax_jacobian_diagonal_vector(a):
    return a * (1 - a)


def softmax_jacobian_off_diagonal_flipped(a):
    return np.diag(2 * a * (1 - a)) - np.diag(a) + np.outer(a, a)


def softmax_jacobian_no_diagonal_term(a):
    return -np.outer(a, a)


def softmax_jacobian_outer(a):
    return np.outer(a, a)


def softmax_jacobian_diag_only(a):
    return np.diag(a)


def softmax_jacobian_all_flipped(a):
    return np.outer(a, a) - np.diag(a)


def softmax_jacobian_a_at_a_transposed(a):
    return np.diag(a) - a @ a.T


def softmax_jacobian_a_times_a(a):
    return np.diag(a) - a * a


def softmax_jacobian_identity(a):
    return np.eye(len(a)) - np.outer(a, a)


def softmax_jacobian_of_softmax(a):
    s = softmax_vectorised(a)
    return np.diag(s) - np.outer(s, s)


def softmax_jacobian_plus_outer(a):
    return np.diag(a) + np.outer(a, a)


def softmax_jacobian_upper_half(a):
    J = np.diag(a * (1 - a))
    for j in range(len(a)):
        for i in range(j + 1, len(a)):
            J[j, i] = -a[j] * a[i]
    return J


def softmax_jacobian_column_factor(a):
    return a[None, :] * (np.eye(len(a)) - a[None, :])


def softmax_jacobian_shifted_index(a):
    return np.diag(a) - np.outer(a, np.roll(a, 1))


# softmax_vjp

def softmax_vjp_via_jacobian(a, g):
    rows_a, rows_g = np.atleast_2d(a), np.atleast_2d(g)
    out = [(np.diag(row_a) - np.outer(row_a, row_a)).T @ row_g for row_a, row_g in zip(rows_a, rows_g)]
    return np.reshape(out, np.shape(a))


def softmax_vjp_einsum(a, g):
    return a * g - a * np.einsum("...k,...k->...", a, g)[..., None]


def softmax_vjp_loops(a, g):
    rows_a, rows_g = np.atleast_2d(a), np.atleast_2d(g)
    out = []
    for row_a, row_g in zip(rows_a, rows_g):
        weighted = sum(a_j * g_j for a_j, g_j in zip(row_a, row_g))
        out.append([a_i * (g_i - weighted) for a_i, g_i in zip(row_a, row_g)])
    return out[0] if np.ndim(a) == 1 else out


def softmax_vjp_no_factor(a, g):
    return g - np.sum(a * g, axis=-1, keepdims=True)


def softmax_vjp_diagonal(a, g):
    return a * (1 - a) * g


def softmax_vjp_negative(a, g):
    return a * (np.sum(a * g, axis=-1, keepdims=True) - g)


def softmax_vjp_whole_batch(a, g):
    return a * (g - np.sum(a * g))


def softmax_vjp_no_keepdims(a, g):
    return a * (g - np.sum(a * g, axis=-1))


def softmax_vjp_product(a, g):
    return a * g


# grad_logits

def grad_logits_vectorised(z, y):
    a = softmax_vectorised(z)
    return a - y if np.ndim(z) == 1 else (a - y) / len(z)


def grad_logits_in_place(z, y):
    z -= z.max(axis=-1, keepdims=True)
    np.exp(z, out=z)
    z /= z.sum(axis=-1, keepdims=True)
    z -= y
    return z if z.ndim == 1 else z / len(z)


def grad_logits_float32_softmax(z, y):
    """a in float32, y in float64: a float64 result with float32's rounding."""
    a = softmax_float32(z)
    return a - y if np.ndim(z) == 1 else (a - y) / len(z)


def grad_logits_scipy(z, y):
    difference = scipy_softmax(z, axis=-1) - y
    return difference / (1 if difference.ndim == 1 else difference.shape[0])


def grad_logits_log_softmax(z, y):
    rows = np.atleast_2d(z)
    difference = np.exp(log_softmax(rows, axis=1)) - np.atleast_2d(y)
    return (difference / len(rows)).reshape(np.shape(z))


def grad_logits_loops(z, y):
    if np.ndim(z) == 1:
        return [a_i - y_i for a_i, y_i in zip(softmax_loops(z), y)]
    return [[(a_i - y_i) / len(z) for a_i, y_i in zip(row_a, row_y)]
            for row_a, row_y in zip(softmax_loops(z), y)]


def grad_logits_through_one_over_a(z, y):
    a = softmax_vectorised(z)
    g = -y / a
    rows = a * (g - np.sum(a * g, axis=-1, keepdims=True))
    return rows if rows.ndim == 1 else rows / len(rows)


def grad_logits_one_hot_only(z, y):
    difference = softmax_vectorised(z)
    rows = np.atleast_2d(difference)
    rows[np.arange(len(rows)), np.atleast_2d(y).argmax(axis=-1)] -= 1
    return difference if difference.ndim == 1 else difference / len(difference)


def grad_params_through_one_over_a(W, b, x, y):
    return linear_backward_vectorised(grad_logits_through_one_over_a(x @ W.T + b, y), x)


def grad_params_one_hot_only(W, b, x, y):
    return linear_backward_vectorised(grad_logits_one_hot_only(x @ W.T + b, y), x)


def grad_logits_reversed(z, y):
    return -grad_logits_vectorised(z, y)


def grad_logits_no_mean(z, y):
    return softmax_vectorised(z) - y


def grad_logits_mean_twice(z, y):
    return grad_logits_vectorised(z, y) / (1 if np.ndim(z) == 1 else len(z))


def grad_logits_divide_single(z, y):
    return (softmax_vectorised(z) - y) / len(z)


def grad_logits_divide_by_classes(z, y):
    difference = softmax_vectorised(z) - y
    return difference if np.ndim(z) == 1 else difference / z.shape[1]


def grad_logits_average_rows(z, y):
    difference = softmax_vectorised(z) - y
    return difference if np.ndim(z) == 1 else difference.mean(axis=0)


def grad_logits_no_targets(z, y):
    a = softmax_vectorised(z)
    return a if np.ndim(z) == 1 else a / len(z)


def grad_logits_no_shift(z, y):
    a = softmax_no_shift(z)
    return a - y if np.ndim(z) == 1 else (a - y) / len(z)


def grad_logits_global_max(z, y):
    a = softmax_global_max(z)
    return a - y if np.ndim(z) == 1 else (a - y) / len(z)


# grad_params

def grad_params_composed(W, b, x, y):
    delta = grad_logits_vectorised(x @ W.T + b, y)
    return linear_backward_vectorised(delta, x)


def grad_params_float32(W, b, X, Y):
    """Computed in float32, returned as float64: float32's rounding in a float64 result."""
    dW, db = grad_params_composed(*(np.asarray(v, dtype=np.float32) for v in (W, b, X, Y)))
    return dW.astype(np.float64), db.astype(np.float64)


def grad_params_scipy(W, b, x, y):
    rows_x, rows_y = np.atleast_2d(x), np.atleast_2d(y)
    delta = (scipy_softmax(rows_x @ W.T + b, axis=1) - rows_y) / len(rows_x)
    return delta.T @ rows_x, delta.sum(axis=0)


def grad_params_loops(W, b, x, y):
    rows_x, rows_y = np.atleast_2d(x), np.atleast_2d(y)
    K, D = W.shape
    dW, db = np.zeros((K, D)), np.zeros(K)
    for row_x, row_y in zip(rows_x, rows_y):
        a = softmax_loops(W @ row_x + b)
        for i in range(K):
            db[i] += (a[i] - row_y[i]) / len(rows_x)
            for l in range(D):
                dW[i, l] += (a[i] - row_y[i]) * row_x[l] / len(rows_x)
    return dW, db


def grad_params_transposed(W, b, x, y):
    dW, db = grad_params_composed(W, b, x, y)
    return dW.T, db


def grad_params_no_mean(W, b, x, y):
    rows_x, rows_y = np.atleast_2d(x), np.atleast_2d(y)
    delta = softmax_vectorised(rows_x @ W.T + b) - rows_y
    return delta.T @ rows_x, delta.sum(axis=0)


def grad_params_mean_twice(W, b, x, y):
    rows_x, rows_y = np.atleast_2d(x), np.atleast_2d(y)
    delta = (softmax_vectorised(rows_x @ W.T + b) - rows_y) / len(rows_x)
    return delta.T @ rows_x / len(rows_x), delta.mean(axis=0)


def grad_params_db_not_summed(W, b, x, y):
    dW, _ = grad_params_composed(W, b, x, y)
    return dW, grad_logits_vectorised(x @ W.T + b, y)


def grad_params_db_per_example(W, b, x, y):
    dW, _ = grad_params_composed(W, b, x, y)
    return dW, softmax_vectorised(x @ W.T + b) - y


def grad_params_db_wrong_axis(W, b, x, y):
    delta = grad_logits_vectorised(x @ W.T + b, y)
    if delta.ndim == 1:
        return np.outer(delta, x), delta
    return delta.T @ x, delta.sum(axis=1)


def grad_params_sums_first(W, b, x, y):
    delta = grad_logits_vectorised(x @ W.T + b, y)
    if delta.ndim == 1:
        return np.outer(delta, x), delta
    return np.outer(delta.sum(axis=0), x.sum(axis=0)), delta.sum(axis=0)


def grad_params_reversed(W, b, x, y):
    dW, db = grad_params_composed(W, b, x, y)
    return -dW, -db


def grad_params_no_shift(W, b, x, y):
    rows_x, rows_y = np.atleast_2d(x), np.atleast_2d(y)
    delta = (softmax_no_shift(rows_x @ W.T + b) - rows_y) / len(rows_x)
    return delta.T @ rows_x, delta.sum(axis=0)


def grad_params_db_first(W, b, x, y):
    dW, db = grad_params_composed(W, b, x, y)
    return db, dW


# train_step

def _softmax_rows(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _gradients(W, b, X, Y):
    delta = (_softmax_rows(X @ W.T + b) - Y) / X.shape[0]
    return delta.T @ X, delta.sum(axis=0)


def step_vectorised(W, b, X, Y, learning_rate):
    dW, db = _gradients(W, b, X, Y)
    return W - learning_rate * dW, b - learning_rate * db


def step_loops(W, b, X, Y, learning_rate):
    K, D = len(W), len(W[0])
    N = len(X)
    W_new = [[float(W[i][l]) for l in range(D)] for i in range(K)]
    b_new = [float(b[i]) for i in range(K)]
    for n in range(N):
        z = [sum(W[i][l] * X[n][l] for l in range(D)) + b[i] for i in range(K)]
        top = max(z)
        e = [np.exp(zi - top) for zi in z]
        total = sum(e)
        for i in range(K):
            delta = (e[i] / total - Y[n][i]) / N
            b_new[i] -= learning_rate * delta
            for l in range(D):
                W_new[i][l] -= learning_rate * delta * X[n][l]
    return W_new, b_new


def step_scipy(W, b, X, Y, learning_rate):
    A = scipy_softmax(X @ W.T + b, axis=1)
    dW = (A - Y).T @ X / len(X)
    return W - learning_rate * dW, b - learning_rate * (A - Y).mean(axis=0)


def step_copy_then_in_place(W, b, X, Y, learning_rate):
    dW, db = _gradients(W, b, X, Y)
    W, b = W.copy(), b.copy()
    W -= learning_rate * dW
    b -= learning_rate * db
    return W, b


def step_mean_twice(W, b, X, Y, learning_rate):
    dW, db = _gradients(W, b, X, Y)
    return W - learning_rate * dW / len(X), b - learning_rate * db / len(X)


def step_ascent(W, b, X, Y, learning_rate):
    dW, db = _gradients(W, b, X, Y)
    return W + learning_rate * dW, b + learning_rate * db


def step_sum(W, b, X, Y, learning_rate):
    delta = _softmax_rows(X @ W.T + b) - Y
    return W - learning_rate * delta.T @ X, b - learning_rate * delta.sum(axis=0)


def step_in_place(W, b, X, Y, learning_rate):
    dW, db = _gradients(W, b, X, Y)
    W -= learning_rate * dW
    b -= learning_rate * db
    return W, b


def step_only_W(W, b, X, Y, learning_rate):
    dW, _ = _gradients(W, b, X, Y)
    return W - learning_rate * dW, b


def step_no_rate(W, b, X, Y, learning_rate):
    dW, db = _gradients(W, b, X, Y)
    return W - dW, b - db


def step_gradients(W, b, X, Y, learning_rate):
    return _gradients(W, b, X, Y)


def step_swapped(W, b, X, Y, learning_rate):
    W_new, b_new = step_vectorised(W, b, X, Y, learning_rate)
    return b_new, W_new


def step_no_shift(W, b, X, Y, learning_rate):
    e = np.exp(X @ W.T + b)
    delta = (e / e.sum(axis=1, keepdims=True) - Y) / len(X)
    return W - learning_rate * delta.T @ X, b - learning_rate * delta.sum(axis=0)


def step_returns_nothing(W, b, X, Y, learning_rate):
    step_vectorised(W, b, X, Y, learning_rate)


def step_transposed(W, b, X, Y, learning_rate):
    delta = (_softmax_rows(X @ W.T + b) - Y) / len(X)
    return W - learning_rate * X.T @ delta, b - learning_rate * delta.sum(axis=0)


def step_random_direction(W, b, X, Y, learning_rate):
    dW, db = _gradients(W, b, X, Y)
    return W + 2 * learning_rate * dW, b - learning_rate * db


# accuracy

def accuracy_vectorised(W, b, X, labels):
    return np.mean(np.argmax(X @ W.T + b, axis=1) == labels)


def accuracy_loops(W, b, X, labels):
    correct = 0
    for x, label in zip(X, labels):
        z = [float(np.dot(w, x) + b_i) for w, b_i in zip(W, b)]
        if z.index(max(z)) == label:
            correct += 1
    return correct / len(labels)


def accuracy_from_probabilities(W, b, X, labels):
    a = scipy_softmax(X @ W.T + b, axis=1)
    return float((a.argmax(axis=1) == labels).sum() / len(X))


def accuracy_true_probability(W, b, X, labels):
    a = _softmax_rows(X @ W.T + b)
    return a[np.arange(len(X)), labels].mean()


def accuracy_above_half(W, b, X, labels):
    a = _softmax_rows(X @ W.T + b)
    return np.mean(a[np.arange(len(X)), labels] > 0.5)


def accuracy_one_hot(W, b, X, labels):
    K = len(b)
    predicted = np.eye(K)[np.argmax(X @ W.T + b, axis=1)]
    return np.mean(predicted == np.eye(K)[labels])


def accuracy_count(W, b, X, labels):
    return np.sum(np.argmax(X @ W.T + b, axis=1) == labels)


def accuracy_percent(W, b, X, labels):
    return 100 * accuracy_vectorised(W, b, X, labels)


def accuracy_error_rate(W, b, X, labels):
    return 1 - accuracy_vectorised(W, b, X, labels)


def accuracy_argmin(W, b, X, labels):
    return np.mean(np.argmin(X @ W.T + b, axis=1) == labels)


def accuracy_keepdims(W, b, X, labels):
    return np.mean(np.argmax(X @ W.T + b, axis=1, keepdims=True) == labels)


def accuracy_array(W, b, X, labels):
    return np.argmax(X @ W.T + b, axis=1) == labels


def accuracy_per_class(W, b, X, labels):
    return np.sum(np.argmax(X @ W.T + b, axis=1) == labels) / len(b)


# backward_to_input

def backward_to_input_vectorised(delta, W):
    return np.asarray(delta) @ np.asarray(W)


def backward_to_input_transpose(delta, W):
    delta = np.asarray(delta)
    return (W.T @ delta.T).T


def backward_to_input_loops(delta, W):
    K, D = len(W), len(W[0])
    rows = np.atleast_2d(delta)
    out = [[sum(row[i] * W[i][l] for i in range(K)) for l in range(D)] for row in rows]
    return out[0] if np.ndim(delta) == 1 else out


def backward_to_input_W(delta, W):
    return np.asarray(delta) @ W.T


def backward_to_input_negative(delta, W):
    return -(np.asarray(delta) @ W)


def backward_to_input_mean(delta, W):
    dx = np.asarray(delta) @ W
    return dx if dx.ndim == 1 else dx / len(dx)


def backward_to_input_summed(delta, W):
    return np.atleast_2d(delta).sum(axis=0) @ W


# softmax_jacobian_batch

def softmax_jacobian_batch_einsum(a):
    a = np.asarray(a)
    return np.einsum("...i,ij->...ij", a, np.eye(a.shape[-1])) - np.einsum("...i,...j->...ij", a, a)


def softmax_jacobian_batch_loops(a):
    a = np.asarray(a)
    if a.ndim == 1:
        return np.diag(a) - np.outer(a, a)
    return np.array([np.diag(row) - np.outer(row, row) for row in a])


def softmax_jacobian_batch_no_diagonal(a):
    a = np.asarray(a)
    return -a[..., :, None] * a[..., None, :]


def softmax_jacobian_batch_identity(a):
    a = np.asarray(a)
    return np.eye(a.shape[-1]) - a[..., :, None] * a[..., None, :]


def softmax_jacobian_batch_flipped(a):
    return -softmax_jacobian_batch_loops(a)


def softmax_jacobian_batch_mean_row(a):
    a = np.asarray(a)
    row = a.mean(axis=0) if a.ndim == 2 else a
    return np.diag(row) - np.outer(row, row)


def softmax_jacobian_batch_diagonals(a):
    a = np.asarray(a)
    return a * (1 - a) if a.ndim == 2 else np.diag(a) - np.outer(a, a)


def softmax_jacobian_batch_always_3d(a):
    rows = np.atleast_2d(a)
    return np.array([np.diag(row) - np.outer(row, row) for row in rows])


def softmax_jacobian_batch_column_sums(a):
    J = softmax_jacobian_batch_loops(a)
    return J + np.eye(np.shape(a)[-1]) * 0.1


def softmax_jacobian_batch_shifted_index(a):
    a = np.asarray(a)
    return a[..., :, None] * np.eye(a.shape[-1]) - a[..., :, None] * np.roll(a, 1, axis=-1)[..., None, :]


# grad_logits_smoothed

def grad_logits_smoothed_vectorised(z, labels, smoothing):
    z = np.asarray(z, dtype=float)
    K = z.shape[-1]
    y = (1 - smoothing) * np.eye(K)[labels] + smoothing / K
    delta = softmax_vectorised(z) - y
    return delta if z.ndim == 1 else delta / len(z)


def grad_logits_smoothed_loops(z, labels, smoothing):
    rows = np.atleast_2d(z)
    classes = np.atleast_1d(labels)
    K, N = rows.shape[1], rows.shape[0]
    out = []
    for row, c in zip(rows, classes):
        a = softmax_loops(list(row))
        out.append([(a[i] - ((1 - smoothing) * (i == c) + smoothing / K)) / (N if np.ndim(z) == 2 else 1)
                    for i in range(K)])
    return out[0] if np.ndim(z) == 1 else out


def _smoothed_wrongly(z, y):
    z = np.asarray(z, dtype=float)
    delta = softmax_vectorised(z) - y
    return delta if z.ndim == 1 else delta / len(z)


def grad_logits_smoothed_ignored(z, labels, smoothing):
    return _smoothed_wrongly(z, np.eye(np.shape(z)[-1])[labels])


def grad_logits_smoothed_others_only(z, labels, smoothing):
    K = np.shape(z)[-1]
    hot = np.eye(K)[labels]
    return _smoothed_wrongly(z, (1 - smoothing) * hot + smoothing / (K - 1) * (1 - hot))


def grad_logits_smoothed_plus_s(z, labels, smoothing):
    return _smoothed_wrongly(z, (1 - smoothing) * np.eye(np.shape(z)[-1])[labels] + smoothing)


def grad_logits_smoothed_no_uniform(z, labels, smoothing):
    return _smoothed_wrongly(z, (1 - smoothing) * np.eye(np.shape(z)[-1])[labels])


def grad_logits_smoothed_reversed(z, labels, smoothing):
    return -np.asarray(grad_logits_smoothed_vectorised(z, labels, smoothing))


def grad_logits_smoothed_no_mean(z, labels, smoothing):
    K = np.shape(z)[-1]
    y = (1 - smoothing) * np.eye(K)[labels] + smoothing / K
    return softmax_vectorised(np.asarray(z, dtype=float)) - y


# l2_grad_params

def l2_grad_params_composed(W, b, X, Y, lam):
    dW, db = grad_params_composed(W, b, X, Y)
    return dW + lam * W, db


def l2_grad_params_loops(W, b, X, Y, lam):
    dW, db = grad_params_loops(W, b, X, Y)
    K, D = W.shape
    return [[dW[i][l] + lam * W[i][l] for l in range(D)] for i in range(K)], db


def l2_grad_params_no_penalty(W, b, X, Y, lam):
    return grad_params_composed(W, b, X, Y)


def l2_grad_params_bias_too(W, b, X, Y, lam):
    dW, db = grad_params_composed(W, b, X, Y)
    return dW + lam * W, db + lam * b


def l2_grad_params_half(W, b, X, Y, lam):
    dW, db = grad_params_composed(W, b, X, Y)
    return dW + lam / 2 * W, db


def l2_grad_params_double(W, b, X, Y, lam):
    dW, db = grad_params_composed(W, b, X, Y)
    return dW + 2 * lam * W, db


def l2_grad_params_penalty_over_n(W, b, X, Y, lam):
    dW, db = grad_params_composed(W, b, X, Y)
    return dW + lam * W / len(np.atleast_2d(X)), db


def l2_grad_params_minus(W, b, X, Y, lam):
    dW, db = grad_params_composed(W, b, X, Y)
    return dW - lam * W, db


# log_softmax

def log_softmax_shifted(z):
    z = np.asarray(z, dtype=float)
    shifted = z - z.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def log_softmax_in_place(z):
    z -= z.max(axis=-1, keepdims=True)
    z -= np.log(np.exp(z).sum(axis=-1, keepdims=True))
    return z


def log_softmax_scipy_logsumexp(z):
    return z - logsumexp(z, axis=-1, keepdims=True)


def log_softmax_loops(z):
    def one_row(row):
        top = max(row)
        total = math.log(sum(math.exp(value - top) for value in row))
        return [value - top - total for value in row]
    z = np.asarray(z, dtype=float)
    return one_row(list(z)) if z.ndim == 1 else [one_row(list(row)) for row in z]


def log_softmax_of_softmax(z):
    return np.log(softmax_vectorised(z))


def log_softmax_shift_only(z):
    return z - np.max(z, axis=-1, keepdims=True)


def log_softmax_negative(z):
    return -log_softmax_shifted(z)


def log_softmax_whole_batch(z):
    shifted = z - z.max()
    return shifted - np.log(np.exp(shifted).sum())


def log_softmax_no_keepdims(z):
    shifted = z - z.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1))


def log_softmax_no_shift(z):
    return z - np.log(np.sum(np.exp(z), axis=-1, keepdims=True))


def log_softmax_plus_constant(z):
    return log_softmax_shifted(z) + 0.5


# cross_entropy_from_logits

def cross_entropy_from_logits_log_softmax(z, y):
    return float(-np.mean(np.sum(y * log_softmax_shifted(z), axis=-1)))


def cross_entropy_from_logits_logsumexp(z, y):
    return float(np.mean(logsumexp(z, axis=-1) - np.sum(y * z, axis=-1)))


def cross_entropy_from_logits_through_softmax(z, y):
    return float(-np.mean(np.sum(y * np.log(softmax_vectorised(z)), axis=-1)))


def cross_entropy_from_logits_negative(z, y):
    return -cross_entropy_from_logits_log_softmax(z, y)


def cross_entropy_from_logits_no_logsumexp(z, y):
    return float(-np.mean(np.sum(y * z, axis=-1)))


def cross_entropy_from_logits_sum(z, y):
    return float(-np.sum(y * log_softmax_shifted(z)))


def cross_entropy_from_logits_per_example(z, y):
    return -np.sum(y * log_softmax_shifted(z), axis=-1)


# grad_logits_temperature

def grad_logits_temperature_vectorised(z, y, T):
    return np.asarray(grad_logits_vectorised(np.asarray(z) / T, y)) / T


def grad_logits_temperature_in_place(z, y, T):
    z /= T
    return grad_logits_in_place(z, y) / T


def grad_logits_temperature_loops(z, y, T):
    rows, targets = np.atleast_2d(z), np.atleast_2d(y)
    N = len(rows) if np.ndim(z) == 2 else 1
    out = []
    for row, target in zip(rows, targets):
        a = softmax_loops([value / T for value in row])
        out.append([(a_i - y_i) / (T * N) for a_i, y_i in zip(a, target)])
    return out[0] if np.ndim(z) == 1 else out


def grad_logits_temperature_no_outer(z, y, T):
    return grad_logits_vectorised(np.asarray(z) / T, y)


def grad_logits_temperature_no_inner(z, y, T):
    return np.asarray(grad_logits_vectorised(z, y)) / T


def grad_logits_temperature_times(z, y, T):
    return np.asarray(grad_logits_vectorised(np.asarray(z) / T, y)) * T


def grad_logits_temperature_twice(z, y, T):
    return np.asarray(grad_logits_vectorised(np.asarray(z) / T, y)) / T ** 2


def grad_logits_temperature_reversed(z, y, T):
    return -grad_logits_temperature_vectorised(z, y, T)


def grad_logits_temperature_no_mean(z, y, T):
    return (softmax_vectorised(np.asarray(z) / T) - y) / T


def grad_logits_temperature_no_shift(z, y, T):
    e = np.exp(np.asarray(z) / T)
    delta = (e / e.sum(axis=-1, keepdims=True) - y) / T
    return delta if np.ndim(z) == 1 else delta / len(delta)


CORRECT = {
    "softmax": [softmax_vectorised, softmax_loops, softmax_scipy, softmax_logsumexp,
                softmax_log_softmax, softmax_float32, softmax_transposed_rows, softmax_in_place],
    "cross_entropy": [cross_entropy_epsilon_1e7, cross_entropy_where, cross_entropy_xlogy,
                      cross_entropy_nansum, cross_entropy_clip, cross_entropy_loops, cross_entropy_epsilon,
                      cross_entropy_keras_clip, cross_entropy_float32, cross_entropy_clip_in_place],
    "numerical_gradient": [numerical_gradient_ndindex, numerical_gradient_flat,
                           numerical_gradient_restore, numerical_gradient_identity_steps,
                           numerical_gradient_default_1e5],
    "linear_backward": [linear_backward_vectorised, linear_backward_atleast_2d,
                        linear_backward_einsum, linear_backward_loops],
    "softmax_diagonal": [softmax_diagonal_expanded, softmax_diagonal_loops,
                         softmax_diagonal_from_jacobian],
    "steepest_logit": [steepest_logit_logsumexp, steepest_logit_logaddexp,
                       steepest_logit_masked, steepest_logit_loops, steepest_logit_float32],
    "softmax_jacobian": [softmax_jacobian_broadcast, softmax_jacobian_loops,
                         softmax_jacobian_diagflat],
    "softmax_vjp": [softmax_vjp_via_jacobian, softmax_vjp_einsum, softmax_vjp_loops],
    "grad_logits": [grad_logits_vectorised, grad_logits_scipy, grad_logits_log_softmax,
                    grad_logits_loops, grad_logits_in_place, grad_logits_float32_softmax],
    "grad_params": [grad_params_composed, grad_params_scipy, grad_params_loops, grad_params_float32],
    "train_step": [step_vectorised, step_loops, step_scipy, step_copy_then_in_place],
    "accuracy": [accuracy_vectorised, accuracy_loops, accuracy_from_probabilities],
    "backward_to_input": [backward_to_input_vectorised, backward_to_input_transpose, backward_to_input_loops],
    "softmax_jacobian_batch": [softmax_jacobian_batch_einsum, softmax_jacobian_batch_loops],
    "grad_logits_smoothed": [grad_logits_smoothed_vectorised, grad_logits_smoothed_loops],
    "l2_grad_params": [l2_grad_params_composed, l2_grad_params_loops],
    "log_softmax": [log_softmax_shifted, log_softmax_scipy_logsumexp, log_softmax_loops,
                    log_softmax_in_place],
    "cross_entropy_from_logits": [cross_entropy_from_logits_log_softmax, cross_entropy_from_logits_logsumexp],
    "grad_logits_temperature": [grad_logits_temperature_vectorised, grad_logits_temperature_loops,
                                grad_logits_temperature_in_place],
}

WRONG = {
    "softmax": [
        (softmax_no_shift, "overflows"),
        (softmax_math_no_shift, "(?s)raised OverflowError.*Subtract the largest logit"),
        (softmax_wrong_axis, "wrong axis"),
        (softmax_whole_batch, "whole batch"),
        (softmax_global_max, "(?s)nan or inf.*each row's own maximum"),
        (softmax_unnormalised, "without normalising"),
        (softmax_no_keepdims, "keepdims=True"),
        (softmax_batch_only, "(?s)raised AxisError.*shape \\(4,\\)"),
        (softmax_always_2d, "should have shape \\(4,\\), got shape \\(1, 4\\)"),
        (softmax_no_return, "forget the `return`"),
        (softmax_normalise_logits, "is wrong with"),
        (softmax_plus_one, "Each row of softmax's output must sum to 1"),
    ],
    "cross_entropy": [
        (cross_entropy_swapped, "arguments swapped"),
        (cross_entropy_clip_1e3, "caps the loss of a confidently wrong prediction"),
        (cross_entropy_batch_sum, "sums the losses.*mean"),
        (cross_entropy_no_minus, "wrong sign"),
        (cross_entropy_log10, "base-10"),
        (cross_entropy_log2, "base-2"),
        (cross_entropy_true_class_only, "only the class with the largest target"),
        (cross_entropy_zero_log_zero, "(?s)nan or inf.*0 \\* ln 0"),
        (cross_entropy_per_example, "loss of every example"),
        (cross_entropy_zero_d_array, "single float.*float\\(\\.\\.\\.\\)"),
        (cross_entropy_list, "single float, got a list of length 1"),
        (cross_entropy_mean_over_everything, "averages over the classes"),
    ],
    "numerical_gradient": [
        (numerical_gradient_forward, "forward differences"),
        (numerical_gradient_backward, "backward differences"),
        (numerical_gradient_divide_by_eps, "divides by eps"),
        (numerical_gradient_forward_over_2eps, "one-sided difference"),
        (numerical_gradient_no_restore, "changed its argument x in place"),
        (numerical_gradient_alias, "changed its argument x in place"),
        (numerical_gradient_rows, "(?s)shape \\(2, 3\\).*x is not 1-D"),
        (numerical_gradient_flat_index, "(?s)raised IndexError.*x is not 1-D"),
        (numerical_gradient_fixed_eps, "ignores its eps"),
    ],
    "linear_backward": [
        (linear_backward_transposed, "dW is transposed"),
        (linear_backward_outer_reversed, "dW is transposed"),
        (linear_backward_averaged, "you divided by N"),
        (linear_backward_db_mean, "you took the mean"),
        (linear_backward_db_not_summed, "one row per example"),
        (linear_backward_db_wrong_axis, "wrong axis"),
        (linear_backward_sums_first, "summed delta and x over the batch first"),
        (linear_backward_dW_only, "two arrays, \\(dW, db\\), got a numpy array"),
        (linear_backward_swapped, "dW returned by linear_backward should have shape \\(3, 4\\)"),
    ],
    "softmax_diagonal": [
        (softmax_diagonal_square, "returned a_i\\^2"),
        (softmax_diagonal_one_minus, "returned 1 - a_i"),
        (softmax_diagonal_plus, "a_i \\(1 \\+ a_i\\)"),
        (softmax_diagonal_identity, "returned a itself"),
        (softmax_diagonal_negative, "wrong sign"),
        (softmax_diagonal_summed, "should have shape \\(4,\\), got shape \\(\\)"),
        (softmax_diagonal_half, "is wrong with"),
        (softmax_diagonal_doubled, "lies between 0 and 1/4"),
    ],
    "steepest_logit": [
        (steepest_logit_max_other, "largest of the other logits"),
        (steepest_logit_including_i, "includes z_i itself"),
        (steepest_logit_no_shift, "(?s)nan or inf.*m \\+ ln sum"),
        (steepest_logit_negative, "wrong sign"),
        (steepest_logit_array, "single float, got a numpy array of shape \\(1,\\)"),
        (steepest_logit_zero_d, "single float, got a numpy array of shape \\(\\)"),
        (steepest_logit_mean_other, "is wrong with"),
    ],
    "softmax_jacobian": [
        (softmax_jacobian_diagonal_matrix, "only the diagonal: the off-diagonal"),
        (softmax_jacobian_diagonal_vector, "as a vector"),
        (softmax_jacobian_off_diagonal_flipped, "off-diagonal entries .* wrong sign"),
        (softmax_jacobian_no_diagonal_term, "missing the diagonal term"),
        (softmax_jacobian_outer, "returned a a\\^T"),
        (softmax_jacobian_diag_only, "diag\\(a\\) only"),
        (softmax_jacobian_all_flipped, "every sign flipped"),
        (softmax_jacobian_plus_outer, "adds a a\\^T"),
        (softmax_jacobian_a_at_a_transposed, "uses a @ a.T"),
        (softmax_jacobian_a_times_a, "subtracts a_i\\^2 in every row"),
        (softmax_jacobian_upper_half, "must sum to 0"),
        (softmax_jacobian_identity, "uses the identity where diag\\(a\\) belongs"),
        (softmax_jacobian_of_softmax, "applies softmax to its argument"),
        (softmax_jacobian_column_factor, "a factor a_i where a_j belongs"),
        (softmax_jacobian_shifted_index, "symmetric"),
    ],
    "softmax_vjp": [
        (softmax_vjp_no_factor, "forgot to multiply by a"),
        (softmax_vjp_diagonal, "only the diagonal"),
        (softmax_vjp_negative, "wrong sign"),
        (softmax_vjp_whole_batch, "row by row"),
        (softmax_vjp_no_keepdims, "keepdims=True"),
        (softmax_vjp_product, "must sum to 0"),
    ],
    "grad_logits": [
        (grad_logits_reversed, "wrong sign"),
        (grad_logits_through_one_over_a, "divides by a: here a probability underflows"),
        (grad_logits_one_hot_only, "assumes one-hot targets"),
        (grad_logits_no_mean, "forgot the 1/N"),
        (grad_logits_mean_twice, "divided by N twice"),
        (grad_logits_divide_single, "divided a single example by K"),
        (grad_logits_divide_by_classes, "divided by K"),
        (grad_logits_average_rows, "averaged over the rows"),
        (grad_logits_no_targets, "subtract the targets"),
        (grad_logits_no_shift, "(?s)nan or inf.*Subtract the largest logit"),
        (grad_logits_global_max, "(?s)nan or inf.*each row's own maximum"),
    ],
    "grad_params": [
        (grad_params_transposed, "dW is transposed"),
        (grad_params_through_one_over_a, "divides by a: here a probability underflows"),
        (grad_params_one_hot_only, "assumes one-hot targets"),
        (grad_params_no_mean, "Forgot the 1/N"),
        (grad_params_mean_twice, "Divided by N twice"),
        (grad_params_db_not_summed, "one row per example"),
        (grad_params_reversed, "wrong sign"),
        (grad_params_no_shift, "(?s)nan or inf.*each row's own maximum"),
        (grad_params_db_first, "dW returned by grad_params should have shape"),
        (grad_params_db_wrong_axis, "db is summed along the wrong axis"),
        (grad_params_sums_first, "summed delta and x over the batch first"),
        (grad_params_db_per_example, "sum of the rows of \\(a - y\\) / N"),
    ],
    "train_step": [
        (step_ascent, "steps uphill"),
        (step_sum, "sum of the per-example gradients, not their mean"),
        (step_mean_twice, "divides by N twice"),
        (step_in_place, "changed its argument W in place"),
        (step_only_W, "returned b unchanged"),
        (step_no_rate, "ignores the learning rate"),
        (step_gradients, "returned the gradient, not the updated parameters"),
        (step_swapped, r"returned \(b, W\)"),
        (step_no_shift, "Subtract each row's own maximum"),
        (step_returns_nothing, "did you forget the `return`"),
        (step_transposed, "dL/dW is transposed"),
        (step_random_direction, "should lower the loss"),
    ],
    "accuracy": [
        (accuracy_true_probability, "mean probability of the true class"),
        (accuracy_above_half, "probability above 1/2"),
        (accuracy_one_hot, "compared one-hot arrays entry by entry"),
        (accuracy_count, "number of correct rows"),
        (accuracy_percent, "percentage"),
        (accuracy_error_rate, "error rate"),
        (accuracy_argmin, "argmin"),
        (accuracy_keepdims, r"\(N, 1\) column"),
        (accuracy_array, "should be a single float"),
        (accuracy_per_class, "between 0 and 1; yours is not"),
    ],
    "backward_to_input": [
        (backward_to_input_W, "multiplies by W where W\\^T belongs"),
        (backward_to_input_negative, "wrong sign"),
        (backward_to_input_mean, "divides by N"),
        (backward_to_input_summed, "sums over the batch"),
    ],
    "softmax_jacobian_batch": [
        (softmax_jacobian_batch_no_diagonal, "missing the diagonal term"),
        (softmax_jacobian_batch_identity, "uses the identity"),
        (softmax_jacobian_batch_flipped, "every sign flipped"),
        (softmax_jacobian_batch_mean_row, "one Jacobian for the whole batch"),
        (softmax_jacobian_batch_diagonals, "only the diagonals"),
        (softmax_jacobian_batch_always_3d, "not a batch of one"),
        (softmax_jacobian_batch_column_sums, "must sum to 0"),
        (softmax_jacobian_batch_shifted_index, "symmetric"),
    ],
    "grad_logits_smoothed": [
        (grad_logits_smoothed_ignored, "ignores the smoothing"),
        (grad_logits_smoothed_others_only, "K - 1 other classes"),
        (grad_logits_smoothed_plus_s, "adds s, not s / K"),
        (grad_logits_smoothed_no_uniform, "forgets the s / K"),
        (grad_logits_smoothed_reversed, "wrong sign"),
        (grad_logits_smoothed_no_mean, "forgot the 1/N"),
    ],
    "l2_grad_params": [
        (l2_grad_params_no_penalty, "left out the penalty"),
        (l2_grad_params_bias_too, "regularises b too"),
        (l2_grad_params_half, "uses \\(lam / 2\\) W"),
        (l2_grad_params_double, "uses 2 lam W"),
        (l2_grad_params_penalty_over_n, "divides the penalty's gradient by N"),
        (l2_grad_params_minus, "subtracts the penalty's gradient"),
    ],
    "log_softmax": [
        (log_softmax_of_softmax, "takes the log of softmax"),
        (log_softmax_shift_only, "forgets the log-sum-exp"),
        (log_softmax_negative, "wrong sign"),
        (log_softmax_whole_batch, "whole batch"),
        (log_softmax_no_keepdims, "keepdims=True"),
        (log_softmax_no_shift, "(?s)nan or inf.*never exponentiate z itself"),
        (log_softmax_plus_constant, "exponentials sum to 1"),
    ],
    "cross_entropy_from_logits": [
        (cross_entropy_from_logits_through_softmax, "goes through softmax and then the log"),
        (cross_entropy_from_logits_negative, "wrong sign"),
        (cross_entropy_from_logits_no_logsumexp, "forgot the log-sum-exp"),
        (cross_entropy_from_logits_sum, "sums the losses"),
        (cross_entropy_from_logits_per_example, "loss of every example"),
    ],
    "grad_logits_temperature": [
        (grad_logits_temperature_no_outer, "forgot the outer 1/T"),
        (grad_logits_temperature_no_inner, "forgot to divide z by T"),
        (grad_logits_temperature_times, "multiplies by T"),
        (grad_logits_temperature_twice, "divides by T twice"),
        (grad_logits_temperature_reversed, "wrong sign"),
        (grad_logits_temperature_no_mean, "forgot the 1/N"),
        (grad_logits_temperature_no_shift, "(?s)nan or inf.*Subtract the largest logit"),
    ],
}

# The graded tasks, one module per chapter of the table (course_testing/task_NN.py, NN its number):
# their correct and wrong implementations join the ones above; HALF_RIGHT holds an answer that
# passes the basic cases only.
TASK_MODULES = tuple(import_module(f"course_testing.task_{chapter.number:02d}") for chapter in CHAPTERS)
HALF_RIGHT = {}
for _module in TASK_MODULES:
    CORRECT.update(_module.CORRECT)
    WRONG.update(_module.WRONG)
    HALF_RIGHT.update(_module.HALF_RIGHT)


def half_right_source(name):
    """An answer cell defining `name` as its task's half-right implementation: the source of the
    task's module (NumPy, SciPy and math only), then the name bound to that function."""
    function = HALF_RIGHT[name]
    return inspect.getsource(inspect.getmodule(function)) + f"\n{name} = {function.__name__}\n"
