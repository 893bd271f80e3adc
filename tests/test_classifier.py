"""softmax_course.data, softmax_course.geometry and softmax_course.explorers.classifier: the
data sets, the decision regions, the figures and the training explorer of chapter 6.
(The training maths is reference's, tested in tests/test_reference.py.)"""

import matplotlib.path
import numpy as np
import pytest

from softmax_course import reference
from softmax_course.data import make_blobs, one_hot, train_test_split
from softmax_course.explorers import classifier
from softmax_course.geometry import Box

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
    weights, biases, _ = reference.gradient_descent(np.zeros((3, 2)), np.zeros(3), X, Y, 1.0, 300)
    assert 0.85 < reference.accuracy(weights[-1], biases[-1], X, labels) < 1.0


@pytest.mark.parametrize("kwargs, error, message", [
    ({"n_per_class": 0}, ValueError, "n_per_class must be an integer >= 1"),
    ({"n_per_class": 2.5}, TypeError, "n_per_class must be an integer"),
    ({"K": 1}, ValueError, "K must be at least 2"),
    ({"seed": -1}, ValueError, "seed must be an integer >= 0"),
    ({"seed": 1.5}, TypeError, "seed must be an integer"),
    ({"spread": 0.0}, ValueError, "spread must be a positive finite number"),
    ({"radius": float("nan")}, ValueError, "radius must be a positive finite number"),
])
def test_make_blobs_rejects_bad_arguments(kwargs, error, message):
    with pytest.raises(error, match=message):
        make_blobs(**kwargs)


def test_one_hot_puts_a_one_at_each_label():
    Y = one_hot(np.array([2, 0, 1, 2]), 3)
    np.testing.assert_array_equal(Y, [[0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]])
    np.testing.assert_array_equal(one_hot([1], 4), [[0, 1, 0, 0]])


@pytest.mark.parametrize("labels, K, error, message", [
    ([0, 3, 1], 3, ValueError, r"labels must lie in 0..2 for K = 3 classes, found 3"),
    ([0, -1], 3, ValueError, r"labels must lie in 0..2 for K = 3 classes, found -1"),
    ([0.0, 1.0], 3, TypeError, r"labels must be integer class indices, got dtype float64 \(whole numbers"),
    ([0.5, 1.0], 3, TypeError, r"labels must be integer class indices, got dtype float64$"),
    ([True, False], 3, TypeError, r"labels must be integer class indices, got dtype bool"),
    (["a", "b"], 3, TypeError, r"labels must be integer class indices"),
    ([[0, 1], [1, 0]], 3, ValueError, r"labels must have shape \(N,\)"),
    ([0, 1], 0, ValueError, r"K must be an integer >= 1"),
    ([0, 1], 2.0, TypeError, r"K must be an integer"),
])
def test_one_hot_rejects_bad_labels_naming_the_problem(labels, K, error, message):
    with pytest.raises(error, match=message):
        one_hot(labels, K)


def test_train_test_split_partitions_the_rows_deterministically():
    X, labels = make_blobs(n_per_class=10, seed=1)
    X_train, labels_train, X_test, labels_test = train_test_split(X, labels, test_fraction=0.3, seed=2)
    assert X_train.shape == (21, 2) and X_test.shape == (9, 2)
    rows = np.concatenate([X_train, X_test])
    assert sorted(map(tuple, rows)) == sorted(map(tuple, X))
    assert all(tuple(x) in {tuple(r) for r in X[labels == k]}
               for x, k in zip(X_test, labels_test, strict=True))
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


# ---------------------------------------------------------------- decision regions and figures


@pytest.fixture(scope="module")
def blobs():
    X, labels = make_blobs(n_per_class=20, seed=0)
    return train_test_split(X, labels, seed=0)


def test_decision_regions_are_where_each_logit_is_largest(blobs):
    """Polygon membership agrees with argmax at random points of the box, and the
    polygons cover the box (their areas add up to the box's area)."""
    X = blobs[0]
    rng = np.random.default_rng(1)
    W, b = rng.normal(size=(3, 2)), rng.normal(size=3)
    box = Box(X)
    polygons = box.regions(W, b)
    x0, x1, y0, y1 = box.extent
    points = np.column_stack([rng.uniform(x0, x1, 2000), rng.uniform(y0, y1, 2000)])
    predicted = reference.predictions(W, b, points)
    for k, polygon in enumerate(polygons):
        if len(polygon) >= 3:
            inside = matplotlib.path.Path(polygon).contains_points(points)
            np.testing.assert_array_equal(inside, predicted == k)
    area = sum(0.5 * abs(np.dot(p[:, 0], np.roll(p[:, 1], 1)) - np.dot(p[:, 1], np.roll(p[:, 0], 1)))
               for p in polygons if len(p) >= 3)
    assert area == pytest.approx((x1 - x0) * (y1 - y0))


def test_a_class_that_wins_nowhere_has_an_empty_region():
    box = Box(np.array([[0.0, 0.0], [1.0, 2.0]]), margin=0.0)
    everywhere, nowhere = box.regions(np.zeros((2, 2)), np.array([0.0, -1.0]))
    np.testing.assert_allclose(everywhere, box.corners, atol=1e-8)
    assert nowhere.shape == (0, 2)


def test_figures_are_pictures(blobs):
    X_train, labels_train, X_test, labels_test = blobs
    W, b = np.array([[0.0, 1.0], [-1.0, 0.0], [1.0, -1.0]]), np.zeros(3)
    figures = [classifier.data_figure(X_train, labels_train, X_test, labels_test),
               classifier.loss_curves_figure({"run": [1.1, 0.5, 0.3]}, reference_level=(1.1, "ln K")),
               classifier.decision_regions_figure(W, b, X_train, labels_train, X_test, labels_test)]
    for figure, size in zip(figures, [(6.0, 5.0), (7.0, 4.2), (6.0, 5.0)], strict=True):
        picture = figure._repr_png_()
        assert picture.startswith(b"\x89PNG")
        width, height = (int.from_bytes(picture[start:start + 4], "big") for start in (16, 20))
        assert (width, height) == (round(100 * size[0]), round(100 * size[1]))


def test_loss_curves_figure_draws_every_run_and_the_reference_level():
    curves = {"slow": [1.1, 0.9, 0.8], "fast": [1.1, 0.4, 0.2, 0.1]}
    figure = classifier.loss_curves_figure(curves, reference_level=(1.1, "ln K"), top=2.0)
    ax = figure.axes[0]
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == ["slow", "fast", "ln K"]
    np.testing.assert_array_equal(lines[1].get_ydata(), curves["fast"])
    assert ax.get_ylim() == (0.0, 2.0)


P, L = make_blobs(n_per_class=5, seed=0)  # 15 points in the plane, labels 0..2
RUN = {"run": [1.0, 0.5]}


def bad(call, error, pattern, name):
    return pytest.param(call, error, pattern, id=name)


# ---------------------------------------------------------------- explorer


@pytest.fixture(scope="module")
def explorer(blobs):
    return classifier.training_explorer(*blobs, learning_rate=0.1, steps=20, max_steps=60)


def test_explorer_shows_the_trajectory_it_computed(explorer, blobs):
    X_train, labels_train = blobs[0], blobs[1]
    weights, biases, losses = reference.gradient_descent(
        np.zeros((3, 2)), np.zeros(3), X_train, one_hot(labels_train, 3), 0.1, 60)
    v = explorer.values
    np.testing.assert_allclose(v["W"], weights[20])
    np.testing.assert_allclose(v["b"], biases[20])
    assert v["loss"] == pytest.approx(losses[20])
    assert v["train_accuracy"] == pytest.approx(
        np.mean(reference.predictions(weights[20], biases[20], X_train) == labels_train))
    assert "After 20 steps" in explorer.describe()


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
    assert "image/png" in bundle and "learning rate η = 1," in bundle["text/plain"]
    explorer.controls["steps"].value = 20
    explorer.controls["learning_rate"].value = 0.1


def test_explorer_step_zero_predicts_class_zero_everywhere(blobs):
    explorer = classifier.training_explorer(*blobs, steps=0, max_steps=5)
    assert explorer.values["loss"] == pytest.approx(np.log(3))
    assert explorer.values["train_accuracy"] == pytest.approx(np.mean(blobs[1] == 0))
