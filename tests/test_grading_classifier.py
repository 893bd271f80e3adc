"""Tests of check_train_step and check_accuracy, the chapter-6 graders."""

import numpy as np
import pytest
import scipy.special

from softmax_course import grading


# ---------------------------------------------------------------- train_step

def _softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _gradients(W, b, X, Y):
    delta = (_softmax(X @ W.T + b) - Y) / X.shape[0]
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
    A = scipy.special.softmax(X @ W.T + b, axis=1)
    dW = (A - Y).T @ X / len(X)
    return W - learning_rate * dW, b - learning_rate * (A - Y).mean(axis=0)


def step_copy_then_in_place(W, b, X, Y, learning_rate):
    dW, db = _gradients(W, b, X, Y)
    W, b = W.copy(), b.copy()
    W -= learning_rate * dW
    b -= learning_rate * db
    return W, b


def step_ascent(W, b, X, Y, learning_rate):
    dW, db = _gradients(W, b, X, Y)
    return W + learning_rate * dW, b + learning_rate * db


def step_sum(W, b, X, Y, learning_rate):
    delta = _softmax(X @ W.T + b) - Y
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


def step_stub(W, b, X, Y, learning_rate):
    raise NotImplementedError()


@pytest.mark.parametrize("fn", [step_vectorised, step_loops, step_scipy, step_copy_then_in_place])
def test_check_train_step_accepts_correct_steps(fn):
    assert grading.check_train_step(fn) is None


@pytest.mark.parametrize("fn, message", [
    (step_stub, "not implemented yet"),
    (step_ascent, "steps uphill"),
    (step_sum, "sum of the per-example gradients, not their mean"),
    (step_in_place, "changed its argument W in place"),
    (step_only_W, "returned b unchanged"),
    (step_no_rate, "ignores the learning rate"),
    (step_gradients, "returned the gradient, not the updated parameters"),
    (step_swapped, r"returned \(b, W\)"),
    (step_no_shift, "Subtract each row's own maximum"),
    (step_returns_nothing, "did you forget the `return`"),
])
def test_check_train_step_names_the_mistake(fn, message):
    with pytest.raises(AssertionError, match=message):
        grading.check_train_step(fn)


# ---------------------------------------------------------------- accuracy

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
    a = scipy.special.softmax(X @ W.T + b, axis=1)
    return float((a.argmax(axis=1) == labels).sum() / len(X))


def accuracy_true_probability(W, b, X, labels):
    a = _softmax(X @ W.T + b)
    return a[np.arange(len(X)), labels].mean()


def accuracy_above_half(W, b, X, labels):
    a = _softmax(X @ W.T + b)
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


def accuracy_stub(W, b, X, labels):
    raise NotImplementedError()


@pytest.mark.parametrize("fn", [accuracy_vectorised, accuracy_loops, accuracy_from_probabilities])
def test_check_accuracy_accepts_correct_functions(fn):
    assert grading.check_accuracy(fn) is None


@pytest.mark.parametrize("fn, message", [
    (accuracy_stub, "not implemented yet"),
    (accuracy_true_probability, "mean probability of the true class"),
    (accuracy_above_half, "probability above 1/2"),
    (accuracy_one_hot, "compared one-hot arrays entry by entry"),
    (accuracy_count, "number of correct rows"),
    (accuracy_percent, "percentage"),
    (accuracy_error_rate, "error rate"),
    (accuracy_argmin, "argmin"),
    (accuracy_keepdims, r"\(N, 1\) column"),
    (accuracy_array, "should be a single float"),
])
def test_check_accuracy_names_the_mistake(fn, message):
    with pytest.raises(AssertionError, match=message):
        grading.check_accuracy(fn)


def test_graders_need_a_function():
    with pytest.raises(AssertionError, match=r"check_train_step\(train_step\)"):
        grading.check_train_step(step_vectorised(np.zeros((3, 2)), np.zeros(3), np.ones((2, 2)),
                                                 np.eye(3)[:2], 0.1))
    with pytest.raises(AssertionError, match=r"check_accuracy\(accuracy\)"):
        grading.check_accuracy(0.5)
