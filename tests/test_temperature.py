"""Chapter 7's explorer (softmax_course.explorers.practice): its numbers are the reference's,
softmax-then-log fails exactly where the type underflows, every control changes the
picture, and bad arguments are refused by name."""

import base64

import numpy as np
import pytest

from softmax_course import reference
from softmax_course.explorers.practice import DTYPES, losses_both_ways, temperature_explorer, underflow_gap

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
Y = np.array([0.0, 1.0, 0.0])  # true class 2


@pytest.fixture(scope="module")
def explorer():
    return temperature_explorer()


def set_controls(explorer, **values):
    for name, value in values.items():
        explorer.controls[name].value = value
    return explorer.values


@pytest.mark.parametrize("gap, T, dtype", [(800.0, 1.0, "float64"), (3.0, 0.5, "float32"),
                                           (40.0, 2.0, "float16"), (0.0, 19.0, "float64")])
def test_numbers_are_the_reference_ones(explorer, gap, T, dtype):
    v = set_controls(explorer, gap=gap, T=T, dtype=dtype)
    z = np.array([gap, 0.0, 0.0])
    scaled = (z / T).astype(dtype)
    assert v["a"].dtype == np.dtype(dtype)
    np.testing.assert_array_equal(v["a"], reference.softmax(scaled))
    assert v["from_logits"] == reference.cross_entropy_from_logits(scaled, Y)
    np.testing.assert_array_equal(v["gradient"],
                                  reference.grad_logits_temperature(z.astype(dtype), Y, T))


def test_gap_800_breaks_softmax_then_log_only(explorer):
    v = set_controls(explorer, gap=800.0, T=1.0, dtype="float64")
    assert v["softmax_then_log"] == np.inf
    assert v["from_logits"] == pytest.approx(800.0, rel=1e-12)
    np.testing.assert_allclose(v["gradient"], [1.0, -1.0, 0.0], atol=1e-300)
    assert "softmax then log gives ∞" in explorer.describe()


@pytest.mark.parametrize("dtype", DTYPES)
def test_softmax_then_log_is_infinite_just_beyond_the_underflow_gap(dtype):
    gap = underflow_gap(dtype)
    before, exact_before = losses_both_ways([0.9 * gap, 0.0, 0.0], dtype)
    after, exact_after = losses_both_ways([1.1 * gap, 0.0, 0.0], dtype)
    assert np.isfinite(before) and after == np.inf
    assert exact_after == pytest.approx(1.1 * gap, rel=1e-2)
    assert before == pytest.approx(exact_before, rel=0.05)


def test_underflow_gaps_are_the_logs_of_the_smallest_floats():
    assert underflow_gap("float64") == pytest.approx(744.44, abs=0.01)
    assert underflow_gap("float32") == pytest.approx(103.28, abs=0.01)
    assert underflow_gap("float16") == pytest.approx(16.64, abs=0.01)


def test_gradient_scales_as_one_over_T(explorer):
    sizes = {T: set_controls(explorer, gap=0.0, T=T, dtype="float64")["gradient"] for T in (0.5, 2.0, 8.0)}
    for T, gradient in sizes.items():
        np.testing.assert_allclose(gradient * T, [1 / 3, -2 / 3, 1 / 3], rtol=1e-12)
    v = set_controls(explorer, gap=5.0, T=2.0)
    np.testing.assert_allclose(v["gradient_sizes"],
                               [np.abs(reference.grad_logits_temperature([5.0, 0.0, 0.0], Y, t)).max()
                                for t in np.logspace(-1.3, 1.3, 53)], rtol=1e-12)


def test_every_control_changes_the_picture_and_the_numbers(explorer):
    set_controls(explorer, gap=50.0, T=1.0, dtype="float64")
    for name, value in (("gap", 120.0), ("T", 0.25), ("dtype", "float16")):
        before_png, before = explorer.png(), dict(explorer.values)
        explorer.controls[name].value = value
        assert explorer.png() != before_png, f"moving {name} did not change the picture"
        assert explorer.image.value == explorer.png()
        assert any(not np.array_equal(before[key], explorer.values[key]) for key in before), \
            f"moving {name} did not change the numbers"


def test_mimebundle_carries_the_widget_view_and_a_web_sized_picture(explorer):
    bundle = explorer._repr_mimebundle_()
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == explorer.model_id
    picture = base64.b64decode(bundle["image/png"])
    assert picture.startswith(PNG_SIGNATURE) and picture == explorer.png()
    width, height = (int.from_bytes(picture[offset:offset + 4], "big") for offset in (16, 20))
    assert width == 500 and 600 <= height <= 1200  # drawn for a phone's column
    assert bundle["text/plain"] == explorer.describe()


@pytest.mark.parametrize("arguments, error, pattern", [
    ({"gap": "800"}, TypeError, r"gap must be a real number"),
    ({"gap": -1.0}, ValueError, r"gap must lie in \[0, 1000\]"),
    ({"gap": 1e4}, ValueError, r"gap must lie in \[0, 1000\]"),
    ({"T": None}, TypeError, r"T must be a real number"),
    ({"T": 0.0}, ValueError, r"T must be a positive finite number"),
    ({"T": 100.0}, ValueError, r"T must lie in \[0.0501, 20\]"),
    ({"dtype": np.float32}, TypeError, r"dtype must be the name of a floating-point type"),
    ({"dtype": "int8"}, ValueError, r"dtype must be one of float64, float32, float16"),
])
def test_bad_arguments_are_refused_by_name(arguments, error, pattern):
    with pytest.raises(error, match=pattern):
        temperature_explorer(**arguments)
