"""The explorers: they build, show a live widget and a picture, respond to every
control and show the reference's numbers. (Their bad-input cases live in
tests/test_bad_input.py.)"""

import base64

import numpy as np
import pytest

from softmax_course import explorers, reference
from softmax_course.explorers import EXPLORERS

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module", params=list(EXPLORERS))
def explorer(request):
    """Each explorer of the registry, as its chapter first shows it."""
    return EXPLORERS[request.param]()


def another_value(control):
    """A valid value of `control` different from its current one."""
    if hasattr(control, "options"):
        values = [option[1] if isinstance(option, tuple) else option
                  for option in control.options]
        return next(value for value in values if value != control.value)
    if type(control).__name__ == "FloatLogSlider":
        return control.base ** ((control.min + control.max) / 2 + 0.37)
    if isinstance(control.value, int):
        return control.min if control.value != control.min else control.max
    middle = (control.min + control.max) / 2
    return middle if middle != control.value else control.max


def set_logits(explorer, z):
    for j, value in enumerate(z):
        explorer.controls[f"z_{j}"].value = value


def test_mimebundle_carries_the_widget_view_and_the_current_picture(explorer):
    bundle = explorer._repr_mimebundle_()
    assert bundle[WIDGET_VIEW]["model_id"] == explorer.model_id
    picture = base64.b64decode(bundle["image/png"])
    assert picture.startswith(PNG_SIGNATURE)
    assert picture == explorer.png() == explorer.image.value
    assert bundle["text/plain"] == explorer.describe()


def test_picture_is_web_sized(explorer):
    width = int.from_bytes(explorer.png()[16:20], "big")
    height = int.from_bytes(explorer.png()[20:24], "big")
    assert width == 500 and 600 <= height <= 1200  # drawn for a phone's column


def test_every_control_changes_the_picture(explorer):
    for name, control in explorer.controls.items():
        before_png, before_values = explorer.png(), dict(explorer.values)
        control.value = another_value(control)
        assert explorer.png() != before_png, f"moving {name} did not change the picture"
        assert explorer.image.value == explorer.png()
        assert any(not np.array_equal(before_values[key], explorer.values[key])
                   for key in before_values), f"moving {name} did not change the numbers"


def test_forward_explorer_shows_softmax_and_loss():
    explorer = explorers.forward_explorer(z=(0.5, -1.0, 2.0, 0.0), true_class=3)
    set_logits(explorer, (1.5, -2.0, 0.3, 0.7))
    z = np.array([1.5, -2.0, 0.3, 0.7])
    a = reference.softmax(z)
    np.testing.assert_allclose(explorer.values["a"], a)
    assert explorer.values["loss"] == pytest.approx(reference.cross_entropy(a, np.eye(4)[3]))
    assert explorer.loss_text.get_text().endswith(f"= {explorer.values['loss']:.3f}")
    assert f"{a[3]:.3f}" in explorer.describe()


@pytest.mark.parametrize("name", ["forward_explorer", "diagonal_explorer", "jacobian_explorer",
                                  "target_explorer"])
def test_huge_logits_give_finite_numbers(name):
    explorer = EXPLORERS[name](z=(1000.0, -1000.0, 0.0))
    assert explorer.controls["z_0"].value == 1000.0
    for value in explorer.values.values():
        assert np.all(np.isfinite(value))


def test_gradient_check_explorer_compares_actual_change_with_gradient():
    explorer = explorers.gradient_check_explorer(seed=3)
    explorer.controls["i"].value = 2  # class 2 and feature 3 of the maths: index (1, 2) in code
    explorer.controls["l"].value = 3
    explorer.controls["h"].value = 1e-3
    v = explorer.values
    assert (v["i"], v["l"]) == (1, 2)
    W, b, X, Y = explorer.W, explorer.b, explorer.X, explorer.Y
    dW = reference.grad_params(W, b, X, Y)[0]

    def loss(weights):
        return reference.mean_loss(weights, b, X, Y)

    nudged = W.copy()
    nudged[1, 2] += 1e-3
    assert v["gradient"] == pytest.approx(dW[1, 2])
    assert v["gradient"] == pytest.approx(reference.numerical_gradient(loss, W)[1, 2], rel=1e-6)
    assert v["actual"] == pytest.approx(loss(nudged) - loss(W), rel=1e-12)
    assert v["predicted"] == pytest.approx(1e-3 * dW[1, 2])
    assert W.shape == (3, 4) and X.shape[1] == 4


def test_gradient_check_difference_shrinks_like_h_squared():
    explorer = explorers.gradient_check_explorer(seed=0)
    differences = []
    for h in (1e-2, 1e-3):
        explorer.controls["h"].value = h
        differences.append(abs(explorer.values["difference"]))
    assert 50 < differences[0] / differences[1] < 200


def test_gradient_check_explorer_is_reproducible_from_its_seed():
    first, second = explorers.gradient_check_explorer(5), explorers.gradient_check_explorer(5)
    np.testing.assert_array_equal(first.W, second.W)
    assert first.png() == second.png()


def test_diagonal_explorer_shows_slope_and_its_peak():
    explorer = explorers.diagonal_explorer(z=(0.3, 1.0, -0.5, 2.0), i=2)
    explorer.controls["z_2"].value = 1.2
    z = np.array([0.3, 1.0, 1.2, 2.0])
    a = reference.softmax(z)
    v = explorer.values
    np.testing.assert_allclose(v["a"], a)
    assert v["slope"] == pytest.approx(reference.softmax_diagonal(a)[2])
    assert v["numerical_slope"] == pytest.approx(v["slope"], rel=1e-6)
    assert v["steepest_z_i"] == pytest.approx(reference.steepest_logit(z, 2))
    x, y = explorer.tangent.get_data()
    assert (y[1] - y[0]) / (x[1] - x[0]) == pytest.approx(v["slope"])


def test_jacobian_explorer_shows_jacobian_and_zero_row_sums():
    explorer = explorers.jacobian_explorer(z=(0.0, 1.0, 2.0, -1.0, 0.5))
    set_logits(explorer, (2.0, -1.0, 0.0, 3.0, 1.0))
    a = reference.softmax(np.array([2.0, -1.0, 0.0, 3.0, 1.0]))
    J = reference.softmax_jacobian(a)
    np.testing.assert_allclose(explorer.values["J"], J)
    np.testing.assert_allclose(explorer.heatmap.get_array(), J)
    np.testing.assert_allclose(explorer.values["row_sums"], 0.0, atol=1e-15)
    assert explorer.cell_texts[3][0].get_text() == f"{round(J[3, 0], 2) + 0.0:.2f}"  # K = 5: 2 digits
    low, high = explorer.heatmap.get_clim()
    assert low == -high


def test_target_explorer_shows_smoothed_target_and_gradient():
    explorer = explorers.target_explorer(z=(1.0, 0.0, -1.0), true_class=0, smoothing=0.0)
    set_logits(explorer, (0.2, 1.4, -0.3))
    explorer.controls["true_class"].value = 2
    explorer.controls["smoothing"].value = 0.3
    z = np.array([0.2, 1.4, -0.3])
    y = 0.7 * np.array([0.0, 0.0, 1.0]) + 0.1
    v = explorer.values
    np.testing.assert_allclose(v["y"], y)
    np.testing.assert_allclose(v["gradient"], reference.grad_logits(z, y))
    np.testing.assert_allclose(v["gradient"], reference.softmax(z) - y)
    assert v["loss"] == pytest.approx(reference.cross_entropy(reference.softmax(z), y))
    heights = [bar.get_height() for bar in explorer.bar_groups["a - y"][0]]
    np.testing.assert_allclose(heights, v["gradient"])


def test_jupyter_has_every_control_the_texts_name():
    """The chapters say what Jupyter adds to the site's controls: every logit (chapters 1, 4, 5),
    the weight w_il by its class i and feature l (chapter 2), the gap, the temperature and the
    type moving freely (chapter 7). The site's controls are among the live explorer's."""
    expected = {
        "forward_explorer": ["z_1", "z_2", "z_3", "true class"],
        "gradient_check_explorer": ["class i", "feature l", "step h"],
        "diagonal_explorer": ["z_1"],
        "jacobian_explorer": ["z_1", "z_2", "z_3"],
        "target_explorer": ["z_1", "z_2", "z_3", "true class", "smoothing s"],
        "temperature_explorer": ["gap γ", "temperature T", "type"],
    }
    for name, names in expected.items():
        explorer = EXPLORERS[name]()
        live = [control.description for control in explorer.controls.values()]
        assert live == names, f"{name}: {live}"
        assert {name for name, _ in explorer.flipbook_controls()} <= set(live)
