"""softmax_course.data and softmax_course.classifier: the data sets, the training
trajectory, the figures and the training explorer of chapter 6."""

import numpy as np
import pytest

from softmax_course import classifier, reference
from softmax_course.data import make_blobs, one_hot, train_test_split

# ---------------------------------------------------------------- data


def test_make_blobs_shapes_and_class_counts():
    X, labels = make_blobs(n_per_class=7, K=4, seed=3)
    assert X.shape == (28, 2) and labels.shape == (28,)
    assert labels.dtype.kind == "i"
    np.testing.assert_array_equal(np.bincount(labels), [7, 7, 7, 7])


def test_make_blobs_is_deterministic_and_depends_on_the_seed():
    X1, labels1 = make_blobs(seed=5)
    X2, labels2 = make_blobs(seed=5)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(labels1, labels2)
    assert not np.allclose(make_blobs(seed=6)[0], X1)


def test_make_blobs_centres_lie_on_the_circle():
    X, labels = make_blobs(n_per_class=4000, K=3, seed=0, radius=2.0, spread=0.5)
    centres = np.array([X[labels == k].mean(axis=0) for k in range(3)])
    np.testing.assert_allclose(np.linalg.norm(centres, axis=1), 2.0, atol=0.03)
    np.testing.assert_allclose(centres[0], [0.0, 2.0], atol=0.03)


def test_make_blobs_classes_are_mostly_separable_but_overlap():
    """A trained linear classifier gets most but not all points right."""
    X, labels = make_blobs(seed=0)
    Y = one_hot(labels, 3)
    weights, biases, _ = classifier.gradient_descent(np.zeros((3, 2)), np.zeros(3), X, Y, 1.0, 300)
    accuracy = np.mean(classifier.predictions(weights[-1], biases[-1], X) == labels)
    assert 0.85 < accuracy < 1.0


@pytest.mark.parametrize("kwargs, message", [
    ({"n_per_class": 0}, "n_per_class must be a positive integer"),
    ({"n_per_class": 2.5}, "n_per_class must be a positive integer"),
    ({"K": 1}, "K must be at least 2"),
    ({"seed": -1}, "seed must be a non-negative integer"),
    ({"seed": 1.5}, "seed must be a non-negative integer"),
    ({"spread": 0.0}, "spread must be a positive finite number"),
    ({"radius": float("nan")}, "radius must be a positive finite number"),
])
def test_make_blobs_rejects_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        make_blobs(**kwargs)


def test_one_hot_puts_a_one_at_each_label():
    Y = one_hot(np.array([2, 0, 1, 2]), 3)
    np.testing.assert_array_equal(Y, [[0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]])
    np.testing.assert_array_equal(one_hot([1], 4), [[0, 1, 0, 0]])


@pytest.mark.parametrize("labels, K, message", [
    ([0, 3, 1], 3, r"labels must lie in 0..2 for K = 3 classes, found 3"),
    ([0, -1], 3, r"labels must lie in 0..2 for K = 3 classes, found -1"),
    ([0.0, 1.0], 3, r"labels must be integer class indices, got dtype float64 \(whole numbers"),
    ([0.5, 1.0], 3, r"labels must be integer class indices, got dtype float64$"),
    ([True, False], 3, r"labels must be integer class indices, got dtype bool"),
    (["a", "b"], 3, r"labels must be integer class indices"),
    ([[0, 1], [1, 0]], 3, r"labels must have shape \(N,\)"),
    ([0, 1], 0, r"K must be a positive integer"),
    ([0, 1], 2.0, r"K must be a positive integer"),
])
def test_one_hot_rejects_bad_labels_naming_the_problem(labels, K, message):
    with pytest.raises(ValueError, match=message):
        one_hot(labels, K)


def test_train_test_split_partitions_the_rows_deterministically():
    X, labels = make_blobs(n_per_class=10, seed=1)
    X_train, labels_train, X_test, labels_test = train_test_split(X, labels, test_fraction=0.3, seed=2)
    assert X_train.shape == (21, 2) and X_test.shape == (9, 2)
    rows = np.concatenate([X_train, X_test])
    assert sorted(map(tuple, rows)) == sorted(map(tuple, X))
    assert all(tuple(x) in {tuple(r) for r in X[labels == k]}
               for x, k in zip(X_test, labels_test))
    again = train_test_split(X, labels, test_fraction=0.3, seed=2)
    np.testing.assert_array_equal(again[2], X_test)


@pytest.mark.parametrize("args, message", [
    ((np.ones((5, 2)), np.zeros(4, int)), r"labels must have shape \(N,\) = \(5,\)"),
    ((np.ones(5), np.zeros(5, int)), r"X must have shape \(N, D\)"),
    ((np.ones((5, 2)), np.zeros(5, int), 1.0), "test_fraction must be a number strictly between"),
])
def test_train_test_split_rejects_bad_arguments(args, message):
    with pytest.raises(ValueError, match=message):
        train_test_split(*args)


# ---------------------------------------------------------------- training


@pytest.fixture(scope="module")
def blobs():
    X, labels = make_blobs(n_per_class=20, seed=0)
    return train_test_split(X, labels, seed=0)


def test_gradient_descent_matches_steps_written_out(blobs):
    X, labels = blobs[0], blobs[1]
    Y = one_hot(labels, 3)
    W0, b0 = np.full((3, 2), 0.1), np.array([0.0, 0.1, -0.1])
    weights, biases, losses = classifier.gradient_descent(W0, b0, X, Y, 0.3, 5)
    assert weights.shape == (6, 3, 2) and biases.shape == (6, 3) and losses.shape == (6,)
    W, b = W0.copy(), b0.copy()
    for t in range(5):
        A = reference.softmax(X @ W.T + b)
        assert losses[t] == pytest.approx(reference.cross_entropy(A, Y))
        W, b = W - 0.3 * (A - Y).T @ X / len(X), b - 0.3 * (A - Y).mean(axis=0)
        np.testing.assert_allclose(weights[t + 1], W)
        np.testing.assert_allclose(biases[t + 1], b)
    np.testing.assert_array_equal(W0, np.full((3, 2), 0.1))


def test_gradient_descent_lowers_the_loss_from_ln_k(blobs):
    Y = one_hot(blobs[1], 3)
    losses = classifier.gradient_descent(np.zeros((3, 2)), np.zeros(3), blobs[0], Y, 0.5, 50)[2]
    assert losses[0] == pytest.approx(np.log(3))
    assert np.all(np.diff(losses) < 0)


@pytest.mark.parametrize("rate, steps, message", [
    (0.0, 5, "learning_rate must be a positive finite number"),
    (-1.0, 5, "learning_rate must be a positive finite number"),
    (0.1, -1, "steps must be a non-negative integer"),
    (0.1, 2.0, "steps must be a non-negative integer"),
])
def test_gradient_descent_rejects_bad_arguments(rate, steps, message):
    with pytest.raises(ValueError, match=message):
        classifier.gradient_descent(np.zeros((3, 2)), np.zeros(3), np.ones((2, 2)), np.eye(3)[:2],
                                    rate, steps)


def test_predictions_are_the_argmax_of_the_logits():
    W = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0]])
    X = np.array([[2.0, 1.0], [0.0, 3.0], [-2.0, -2.0]])
    np.testing.assert_array_equal(classifier.predictions(W, np.zeros(3), X), [0, 1, 2])


def test_decision_regions_are_where_each_logit_is_largest(blobs):
    """Polygon membership agrees with argmax at random points of the box, and the
    polygons cover the box (their areas add up to the box's area)."""
    X = blobs[0]
    rng = np.random.default_rng(1)
    W, b = rng.normal(size=(3, 2)), rng.normal(size=3)
    box = classifier._Box(X)
    polygons = box.regions(W, b)
    x0, x1, y0, y1 = box.extent
    points = np.column_stack([rng.uniform(x0, x1, 2000), rng.uniform(y0, y1, 2000)])
    predicted = classifier.predictions(W, b, points)
    import matplotlib.path
    for k, polygon in enumerate(polygons):
        if len(polygon) >= 3:
            inside = matplotlib.path.Path(polygon).contains_points(points)
            np.testing.assert_array_equal(inside, predicted == k)
    area = sum(0.5 * abs(np.dot(p[:, 0], np.roll(p[:, 1], 1)) - np.dot(p[:, 1], np.roll(p[:, 0], 1)))
               for p in polygons if len(p) >= 3)
    assert area == pytest.approx((x1 - x0) * (y1 - y0))


def test_figures_are_pictures(blobs):
    X_train, labels_train, X_test, labels_test = blobs
    W, b = np.array([[0.0, 1.0], [-1.0, 0.0], [1.0, -1.0]]), np.zeros(3)
    figures = [classifier.data_figure(X_train, labels_train, X_test, labels_test),
               classifier.loss_curves_figure({"run": [1.1, 0.5, 0.3]}, reference_level=(1.1, "ln K")),
               classifier.decision_regions_figure(W, b, X_train, labels_train, X_test, labels_test)]
    for figure in figures:
        assert figure._repr_png_().startswith(b"\x89PNG")


@pytest.mark.parametrize("call, message", [
    (lambda X, l: classifier.data_figure(X[:, :1], l), r"X must have shape \(N, 2\)"),
    (lambda X, l: classifier.data_figure(X, l[:-1]), "labels must have one label per row"),
    (lambda X, l: classifier.data_figure(X, l.astype(float)), "labels must be integer class indices"),
    (lambda X, l: classifier.data_figure(X, l, X_test=X), "give X_test and labels_test together"),
    (lambda X, l: classifier.data_figure(X, l, X, l + 5), r"labels_test must lie in 0..2"),
    (lambda X, l: classifier.decision_regions_figure(np.zeros((2, 2)), np.zeros(2), X, l),
     r"labels must lie in 0..1"),
    (lambda X, l: classifier.training_explorer(X, l, learning_rate=100.0),
     r"learning_rate must lie in \[0.001, 10\]"),
    (lambda X, l: classifier.training_explorer(X, l, steps=30, max_steps=20),
     "need 0 <= steps <= max_steps"),
    (lambda X, l: classifier.training_explorer(X, l, W=np.zeros((3, 3))), r"W must have shape \(3, 2\)"),
])
def test_classifier_functions_reject_bad_input(blobs, call, message):
    with pytest.raises(ValueError, match=message):
        call(blobs[0], blobs[1])


# ---------------------------------------------------------------- explorer


@pytest.fixture(scope="module")
def explorer(blobs):
    return classifier.training_explorer(*blobs, learning_rate=0.1, steps=20, max_steps=60)


def test_explorer_shows_the_trajectory_it_computed(explorer, blobs):
    X_train, labels_train = blobs[0], blobs[1]
    weights, biases, losses = classifier.gradient_descent(
        np.zeros((3, 2)), np.zeros(3), X_train, one_hot(labels_train, 3), 0.1, 60)
    v = explorer.values
    np.testing.assert_allclose(v["W"], weights[20])
    assert v["loss"] == pytest.approx(losses[20])
    assert v["train_accuracy"] == pytest.approx(
        np.mean(classifier.predictions(weights[20], biases[20], X_train) == labels_train))
    assert "after 20 steps" in explorer.describe()


def test_explorer_picture_changes_with_each_slider(explorer):
    before = explorer.png()
    explorer.controls["steps"].value = 40
    after_steps = explorer.png()
    explorer.controls["learning_rate"].value = 1.0
    after_rate = explorer.png()
    assert before.startswith(b"\x89PNG")
    assert len({before, after_steps, after_rate}) == 3
    assert explorer.values["steps"] == 40 and explorer.values["learning_rate"] == pytest.approx(1.0)
    bundle = explorer._repr_mimebundle_()
    assert "image/png" in bundle and "learning rate 1" in bundle["text/plain"]
    explorer.controls["steps"].value = 20
    explorer.controls["learning_rate"].value = 0.1


def test_explorer_step_zero_predicts_class_zero_everywhere(blobs):
    explorer = classifier.training_explorer(*blobs, steps=0, max_steps=5)
    assert explorer.values["loss"] == pytest.approx(np.log(3))
    assert explorer.values["train_accuracy"] == pytest.approx(np.mean(blobs[1] == 0))
