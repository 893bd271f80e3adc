"""Small seeded data sets for the classifier of chapter 6.

Inputs are rows: X has shape (N, D); labels are integer class indices 0..K-1 of
shape (N,); one_hot turns them into targets Y of shape (N, K).
"""

import numpy as np

from softmax_course import _checks


def make_blobs(n_per_class=50, K=3, seed=0, radius=2.0, spread=1.0):
    """K Gaussian blobs in the plane, n_per_class points each, in class order.

    The blob centres sit evenly on a circle of `radius` around the origin; each
    blob is a round Gaussian with standard deviation `spread`, so neighbouring
    blobs overlap a little. The same arguments always give the same points.
    Returns X (N, 2) of floats and labels (N,) of ints, N = K * n_per_class.
    """
    n_per_class = _positive_int("n_per_class", n_per_class)
    K = _positive_int("K", K)
    if K < 2:
        raise ValueError(f"K must be at least 2 classes, got {K}")
    seed = _seed(seed)
    radius = _checks.positive_number("radius", radius)
    spread = _checks.positive_number("spread", spread)
    rng = np.random.default_rng(seed)
    angles = np.pi / 2 + 2 * np.pi * np.arange(K) / K
    centres = radius * np.column_stack([np.cos(angles), np.sin(angles)])
    labels = np.repeat(np.arange(K), n_per_class)
    X = centres[labels] + spread * rng.normal(size=(labels.size, 2))
    return X, labels


def one_hot(labels, K):
    """Targets Y (N, K) with Y[n, labels[n]] = 1 and zeros elsewhere.

    labels: integer class indices in 0..K-1, shape (N,).
    """
    K = _positive_int("K", K)
    labels = class_labels(labels, K)
    return np.eye(K)[labels]


def train_test_split(X, labels, test_fraction=0.3, seed=0):
    """Shuffle the rows once (seeded) and cut off a test set.

    X (N, D), labels (N,) -> X_train, labels_train, X_test, labels_test, with
    round(test_fraction * N) rows in the test set (at least one row in each part).
    """
    X = np.asarray(X)
    labels = np.asarray(labels)
    if X.ndim != 2 or X.shape[0] < 2:
        raise ValueError(f"X must have shape (N, D) with N >= 2, got shape {X.shape}")
    if labels.shape != (X.shape[0],):
        raise ValueError(f"labels must have shape (N,) = ({X.shape[0]},) to match X, "
                         f"got shape {labels.shape}")
    if isinstance(test_fraction, bool) or not isinstance(test_fraction, (int, float)) \
            or not 0 < test_fraction < 1:
        raise ValueError(f"test_fraction must be a number strictly between 0 and 1, "
                         f"got {test_fraction!r}")
    N = X.shape[0]
    n_test = min(max(round(test_fraction * N), 1), N - 1)
    order = np.random.default_rng(_seed(seed)).permutation(N)
    test, train = order[:n_test], order[n_test:]
    return X[train], labels[train], X[test], labels[test]


def class_labels(labels, K, name="labels"):
    """labels as an int array of shape (N,) with values in 0..K-1, or a ValueError
    whose message calls the argument `name`."""
    labels = np.asarray(labels)
    if labels.dtype == bool or labels.dtype.kind not in "iu":
        if labels.dtype.kind == "f" and labels.size and np.all(labels == np.round(labels)):
            hint = " (whole numbers stored as floats: use labels.astype(int))"
        else:
            hint = ""
        raise ValueError(f"{name} must be integer class indices, got dtype {labels.dtype}{hint}")
    if labels.ndim != 1:
        raise ValueError(f"{name} must have shape (N,), one class index per example, "
                         f"got shape {labels.shape}")
    outside = labels[(labels < 0) | (labels >= K)]
    if outside.size:
        raise ValueError(f"{name} must lie in 0..{K - 1} for K = {K} classes, "
                         f"found {outside[0]}")
    return labels.astype(np.intp)


def _positive_int(name, value):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def _seed(seed):
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    return int(seed)
