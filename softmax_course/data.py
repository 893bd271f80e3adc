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
    n_per_class = _checks.integer("n_per_class", n_per_class, low=1)
    K = _checks.integer("K", K, low=1)
    if K < 2:
        raise ValueError(f"K must be at least 2 classes, got {K}")
    seed = _checks.integer("seed", seed)
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
    K = _checks.integer("K", K, low=1)
    labels = _checks.class_labels("labels", labels, K)
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
    if not 0 < _checks.number("test_fraction", test_fraction) < 1:
        raise ValueError(f"test_fraction must be a number strictly between 0 and 1, "
                         f"got {test_fraction!r}")
    N = X.shape[0]
    n_test = min(max(round(test_fraction * N), 1), N - 1)
    order = np.random.default_rng(_checks.integer("seed", seed)).permutation(N)
    test, train = order[:n_test], order[n_test:]
    return X[train], labels[train], X[test], labels[test]
