"""Learner implementations of chapter 5's graded task, grad_logits_focal(z, y, gamma): the gradient
with respect to the logits of the mean focal loss L = -sum_i y_i (1 - a_i)^gamma ln a_i of
a = softmax(z), gamma >= 1, for one example z, y (K,) or a batch z, y (N, K).

CORRECT[name]: functions the grader must accept (vectorised, loops, float32 along the way, in
place, scipy.special, one example at a time, the Jacobian of log-softmax as a matrix).
WRONG[name]: pairs (function, pattern) of typical mistakes; the grader must reject each with a
message in which re.search finds pattern.
HALF_RIGHT[name]: a natural answer that passes the basic stage and fails the extremes stage.
Each function is self-contained (NumPy, and scipy where it says so), so that its source can
stand in a notebook's answer cell.
"""

import math

import numpy as np
from scipy.special import log_softmax as scipy_log_softmax


def grad_logits_focal_vectorised(z, y, gamma):
    m = z.max(axis=-1, keepdims=True)
    log_a = z - m - np.log(np.sum(np.exp(z - m), axis=-1, keepdims=True))
    a = np.exp(log_a)
    h = y * (gamma * a * (1 - a) ** (gamma - 1) * log_a - (1 - a) ** gamma)
    g = h - a * h.sum(axis=-1, keepdims=True)
    return g if z.ndim == 1 else g / z.shape[0]


def grad_logits_focal_loops(z, y, gamma):
    def one_row(logits, targets):
        top = max(logits)
        log_total = math.log(sum(math.exp(v - top) for v in logits))
        log_a = [v - top - log_total for v in logits]
        a = [math.exp(v) for v in log_a]
        h = [t * (gamma * p * (1 - p) ** (gamma - 1) * lp - (1 - p) ** gamma)
             for t, p, lp in zip(targets, a, log_a, strict=True)]
        return [h[i] - a[i] * sum(h) for i in range(len(h))]
    if np.ndim(z) == 1:
        return one_row(list(z), list(y))
    n = len(z)
    return [[value / n for value in one_row(list(row), list(targets))]
            for row, targets in zip(z, y, strict=True)]


def grad_logits_focal_float32(z, y, gamma):
    z = np.asarray(z, dtype=np.float32)
    y = np.asarray(y, dtype=np.float32)
    shifted = z - z.max(axis=-1, keepdims=True)
    log_a = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    a = np.exp(log_a)
    rest = np.float32(1) - a
    h = y * (np.float32(gamma) * a * rest ** np.float32(gamma - 1) * log_a - rest ** np.float32(gamma))
    g = h - a * h.sum(axis=-1, keepdims=True)
    return g if z.ndim == 1 else g / np.float32(len(z))


def grad_logits_focal_in_place(z, y, gamma):
    z -= z.max(axis=-1, keepdims=True)
    z -= np.log(np.exp(z).sum(axis=-1, keepdims=True))
    a = np.exp(z)
    rest = -np.expm1(z)
    z *= gamma * a * rest ** (gamma - 1)
    z -= rest ** gamma
    z *= y
    z -= a * z.sum(axis=-1, keepdims=True)
    if z.ndim == 2:
        z /= len(z)
    return z


def grad_logits_focal_scipy(z, y, gamma):
    log_a = scipy_log_softmax(z, axis=-1)
    a = np.exp(log_a)
    weight = (1 - a) ** gamma
    h = y * gamma * a * (1 - a) ** (gamma - 1) * log_a - y * weight
    g = h - a * np.sum(h, axis=-1, keepdims=True)
    return g / (1 if np.ndim(z) == 1 else len(z))


def grad_logits_focal_one_at_a_time(z, y, gamma):
    if z.ndim == 2:
        return np.array([grad_logits_focal_one_at_a_time(row, targets, gamma)
                         for row, targets in zip(z, y, strict=True)]) / len(z)
    log_a = z - z.max() - np.log(np.exp(z - z.max()).sum())
    a = np.exp(log_a)
    h = y * (gamma * a * (1 - a) ** (gamma - 1) * log_a - (1 - a) ** gamma)
    return h - a * h.sum()


def grad_logits_focal_log_softmax_jacobian(z, y, gamma):
    log_a = scipy_log_softmax(z, axis=-1)
    a = np.exp(log_a)
    dL_dlog_a = y * (gamma * a * (1 - a) ** (gamma - 1) * log_a - (1 - a) ** gamma)
    jacobian = np.eye(z.shape[-1]) - a[..., None, :]
    g = np.einsum("...ji,...j->...i", jacobian, dL_dlog_a)
    return g if z.ndim == 1 else g / len(z)


def grad_logits_focal_blank(z, y, gamma):
    raise NotImplementedError()


def grad_logits_focal_constant_factor(z, y, gamma):
    log_a = scipy_log_softmax(z, axis=-1)
    a = np.exp(log_a)
    h = -y * (1 - a) ** gamma
    g = h - a * h.sum(axis=-1, keepdims=True)
    return g if z.ndim == 1 else g / len(z)


def grad_logits_focal_no_inner_derivative(z, y, gamma):
    log_a = scipy_log_softmax(z, axis=-1)
    a = np.exp(log_a)
    h = y * (-gamma * a * (1 - a) ** (gamma - 1) * log_a - (1 - a) ** gamma)
    g = h - a * h.sum(axis=-1, keepdims=True)
    return g if z.ndim == 1 else g / len(z)


def grad_logits_focal_diagonal_only(z, y, gamma):
    log_a = scipy_log_softmax(z, axis=-1)
    a = np.exp(log_a)
    h = y * (gamma * a * (1 - a) ** (gamma - 1) * log_a - (1 - a) ** gamma)
    return h * (1 - a) if z.ndim == 1 else h * (1 - a) / len(z)


def grad_logits_focal_uphill(z, y, gamma):
    log_a = scipy_log_softmax(z, axis=-1)
    a = np.exp(log_a)
    h = y * ((1 - a) ** gamma - gamma * a * (1 - a) ** (gamma - 1) * log_a)
    g = h - a * h.sum(axis=-1, keepdims=True)
    return g if z.ndim == 1 else g / len(z)


def grad_logits_focal_own_logit_only(z, y, gamma):
    log_a = scipy_log_softmax(z, axis=-1)
    a = np.exp(log_a)
    h = y * (gamma * a * (1 - a) ** (gamma - 1) * log_a - (1 - a) ** gamma)
    return h if z.ndim == 1 else h / len(z)


def grad_logits_focal_through_one_over_a(z, y, gamma):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    a = e / e.sum(axis=-1, keepdims=True)
    dL_da = y * (gamma * (1 - a) ** (gamma - 1) * np.log(a) - (1 - a) ** gamma / a)
    g = a * (dL_da - np.sum(a * dL_da, axis=-1, keepdims=True))
    return g if z.ndim == 1 else g / len(z)


def grad_logits_focal_log_of_softmax(z, y, gamma):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    a = e / e.sum(axis=-1, keepdims=True)
    h = y * (gamma * a * (1 - a) ** (gamma - 1) * np.log(a) - (1 - a) ** gamma)
    g = h - a * h.sum(axis=-1, keepdims=True)
    return g if z.ndim == 1 else g / len(z)


def grad_logits_focal_no_shift(z, y, gamma):
    log_a = z - np.log(np.exp(z).sum(axis=-1, keepdims=True))
    a = np.exp(log_a)
    h = y * (gamma * a * (1 - a) ** (gamma - 1) * log_a - (1 - a) ** gamma)
    g = h - a * h.sum(axis=-1, keepdims=True)
    return g if z.ndim == 1 else g / len(z)


def grad_logits_focal_batch_shift(z, y, gamma):
    e = np.exp(z - z.max())
    log_a = z - z.max() - np.log(e.sum(axis=-1, keepdims=True))
    a = np.exp(log_a)
    h = y * (gamma * a * (1 - a) ** (gamma - 1) * log_a - (1 - a) ** gamma)
    g = h - a * h.sum(axis=-1, keepdims=True)
    return g if z.ndim == 1 else g / len(z)


def grad_logits_focal_no_mean(z, y, gamma):
    log_a = scipy_log_softmax(z, axis=-1)
    a = np.exp(log_a)
    h = y * (gamma * a * (1 - a) ** (gamma - 1) * log_a - (1 - a) ** gamma)
    return h - a * h.sum(axis=-1, keepdims=True)


def grad_logits_focal_sum_over_batch(z, y, gamma):
    log_a = scipy_log_softmax(z, axis=-1)
    a = np.exp(log_a)
    h = y * (gamma * a * (1 - a) ** (gamma - 1) * log_a - (1 - a) ** gamma)
    g = h - a * h.sum()
    return g if z.ndim == 1 else g / len(z)


CORRECT = {"grad_logits_focal": [
    grad_logits_focal_vectorised, grad_logits_focal_loops, grad_logits_focal_float32,
    grad_logits_focal_in_place, grad_logits_focal_scipy, grad_logits_focal_one_at_a_time,
    grad_logits_focal_log_softmax_jacobian,
]}

WRONG = {"grad_logits_focal": [
    (grad_logits_focal_blank, r"grad_logits_focal is not implemented yet"),
    (grad_logits_focal_constant_factor, r"treats the factor \(1 - a_i\)\^gamma as a constant"),
    (grad_logits_focal_no_inner_derivative, r"forgot the derivative of the inner function"),
    (grad_logits_focal_diagonal_only, r"keeps only the term j = i"),
    (grad_logits_focal_uphill, r"has the wrong sign"),
    (grad_logits_focal_own_logit_only, r"must sum to 0"),
    (grad_logits_focal_through_one_over_a, r"gives nan where a probability underflows to 0"),
    (grad_logits_focal_log_of_softmax, r"gives nan where a probability underflows to 0"),
    (grad_logits_focal_no_shift, r"(?s)contains nan or inf.*Subtract each row's own maximum"),
    (grad_logits_focal_batch_shift, r"(?s)contains nan or inf.*Subtract each row's own maximum"),
    (grad_logits_focal_no_mean, r"forgot the 1/N"),
    (grad_logits_focal_sum_over_batch, r"sums over the whole batch"),
]}

HALF_RIGHT = {"grad_logits_focal": grad_logits_focal_log_of_softmax}
