"""Chapter 7's explorer: temperature and the logit gap.

temperature_explorer(gap=800.0, T=1.0, dtype="float64") returns an Explorer (see
softmax_course.explorers) for K = 3 classes with logits z = (γ, 0, 0) and true class
2, so that the model is confidently wrong when the gap γ is large. The logits are
divided by a temperature T and computed in float64, float32 or float16. The picture
shows:

- the probabilities a = softmax(z / T);
- the gradient dL/dz = (a - y) / T, on a logarithmic scale, between the bounds +-1/T;
- the loss L = -ln a_2 computed both ways, against the effective gap γ / T: softmax
  then log (infinite once a_2 underflows to 0) and from the logits
  (cross_entropy_from_logits, finite), with the gap where a_2 underflows in each
  floating-point type.

In code the true class 2 is index 1. All the maths is softmax_course.reference's.
"""

import ipywidgets as widgets
import numpy as np
from matplotlib.lines import Line2D

from softmax_course import _checks, reference
from softmax_course.explorers.base import MIN_FONT, MINUS, NARROW_WIDTH, Explorer, _sci, _sci_tex, _signed
from softmax_course.pictures import BLUE, GREEN, GREY, ORANGE, RED

DTYPES = ("float64", "float32", "float16")
GAP_MAX = 1000.0
LOG_T_MIN, LOG_T_MAX = -1.3, 1.3  # T from about 0.05 to 20
TRUE_INDEX = 1  # class 2 of the maths
TARGET = np.eye(3)[TRUE_INDEX]
EFFECTIVE_GAPS = np.concatenate([np.linspace(0.0, 1.0, 11),
                                 np.logspace(0.0, np.log10(GAP_MAX / 10**LOG_T_MIN), 120)[1:]])
TEMPERATURES = np.logspace(LOG_T_MIN, LOG_T_MAX, 53)
LOSS_LIMITS = (0.5, 1e5)
GRADIENT_LIMITS = (0.01, 50.0)


def underflow_gap(dtype):
    """-ln(smallest positive float of dtype): beyond about this gap e^(-gap) rounds to 0."""
    return float(-np.log(np.finfo(dtype).smallest_subnormal))


def losses_both_ways(scaled, dtype):
    """(softmax then log, from the logits): the loss of logits `scaled` (3,) in `dtype`.

    The first is cross_entropy(softmax(z), y), infinite where a_2 underflows to 0;
    the second is cross_entropy_from_logits(z, y).
    """
    scaled = np.asarray(scaled).astype(dtype)
    with np.errstate(divide="ignore"):
        softmax_then_log = reference.cross_entropy(reference.softmax(scaled), TARGET)
    return softmax_then_log, reference.cross_entropy_from_logits(scaled, TARGET)


def _logits(gap):
    return np.array([gap, 0.0, 0.0])


def _short(value, scientific=_sci_tex):
    """A probability or a gradient entry as short text: 0, 0.25, 4.5 × 10⁻⁵, in scientific
    notation through `scientific` (mathtext for the picture, _sci's HTML for a readout)."""
    value = float(value) + 0.0  # + 0.0 turns -0.0 into 0.0
    if value != 0 and np.isfinite(value) and not 1e-3 <= abs(value) < 1e4:
        return scientific(value, 1)
    return _signed(f"{value:.3g}")


def _vector(values, scientific=_sci_tex):
    return "(" + ", ".join(_short(value, scientific) for value in values) + ")"


def _loss_html(value):
    return "\u221e (infinite)" if value == np.inf else _signed(f"{value:.4g}")


class TemperatureExplorer(Explorer):
    """a = softmax(z / T), the loss both ways and the gradient (a - y) / T, for z = (γ, 0, 0)."""

    # Each type fails at its own gap: float16 beyond 17.3, float32 beyond 104, float64 beyond 745.
    FLIPBOOK = {"gap": [0.0, 20.0, 120.0, 800.0], "T": [0.1, 1.0, 10.0], "dtype": None}

    def __init__(self, gap, T, dtype):
        controls = {
            "gap": widgets.FloatSlider(value=gap, min=0.0, max=GAP_MAX, step=1.0,
                                       description="gap γ", readout_format=".0f"),
            "T": widgets.FloatLogSlider(value=T, base=10, min=LOG_T_MIN, max=LOG_T_MAX, step=0.05,
                                        description="temperature T", readout_format=".3g",
                                        style={"description_width": "initial"}),
            "dtype": widgets.ToggleButtons(options=list(DTYPES), value=dtype, description="type",
                                           style={"button_width": "5.5em",
                                                  "description_width": "initial"}),
        }
        self.curves = {name: np.array([losses_both_ways(_logits(x), name) for x in EFFECTIVE_GAPS])
                       for name in DTYPES}
        super().__init__(controls, figsize=(NARROW_WIDTH, 11.2))

    def _build(self):
        self.ax_a = self.figure.add_axes((0.17, 0.8, 0.78, 0.16))
        self.ax_gradient = self.figure.add_axes((0.17, 0.53, 0.78, 0.18))
        self.ax_loss = self.figure.add_axes((0.17, 0.19, 0.78, 0.25))
        self._build_probabilities()
        self._build_gradient()
        self._build_losses()
        rows = (((0.42, 0.11, "$z / T$ ="), (0.42, 0.08, "gradient $(a - y) / T$ =")),
                ((0.42, 0.05, "from the logits $L$ ="), (0.42, 0.02, "softmax then log $L$ =")))
        self.readouts = []
        for x, y, label in (place for row in rows for place in row):
            self.figure.text(x, y, label, ha="right", va="baseline", fontsize=12)
            self.readouts.append(self.figure.text(x + 0.005, y, "", ha="left", va="baseline",
                                                  fontsize=12))
        self._changing(*self.readouts)

    def _build_probabilities(self):
        ax = self.ax_a
        classes = np.arange(1, 4)
        self.a_bars = ax.bar(classes, np.zeros(3), color=[BLUE, ORANGE, BLUE],
                             tick_label=[str(k) for k in classes])
        self.a_bars[TRUE_INDEX].set_hatch("//")
        ax.set_ylim(0, 1.25)
        ax.set_xlabel("class $j$ (true class 2 hatched)")
        ax.set_ylabel("$a_j$")
        ax.set_title("$a = \\mathrm{softmax}(z / T)$")
        self.a_texts = [ax.text(k, 0, "", ha="center", va="bottom", fontsize=12) for k in classes]
        self._changing(*self.a_bars, *self.a_texts)

    def _build_gradient(self):
        ax = self.ax_gradient
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlim(TEMPERATURES[0], TEMPERATURES[-1])
        ax.set_ylim(*GRADIENT_LIMITS)
        ax.plot(TEMPERATURES, 1 / TEMPERATURES, color=GREY, linestyle=":", linewidth=1.5,
                label="$1/T$")
        (self.gradient_curve,) = ax.plot([], [], color=GREEN, linewidth=2.5,
                                         label="$\\max_i\\, |\\partial L / \\partial z_i|$")
        (self.gradient_point,) = ax.plot([], [], "o", color=GREEN, markersize=9, clip_on=False)
        ax.set_xlabel("temperature $T$")
        ax.set_title("size of the gradient")
        ax.legend(loc="upper right", frameon=False, fontsize=12)
        self._changing(self.gradient_curve, self.gradient_point)

    def _build_losses(self):
        ax = self.ax_loss
        ax.set_xscale("symlog", linthresh=1.0)
        ax.set_yscale("log")
        ax.set_xlim(0, EFFECTIVE_GAPS[-1] * 1.5)
        ax.set_ylim(*LOSS_LIMITS)
        ax.set_xlabel("effective gap $\\gamma / T$")
        ax.set_ylabel("loss $L = -\\ln a_2$")
        for name in DTYPES:
            gap = underflow_gap(name)
            ax.axvline(gap, color=GREY, linestyle=":", linewidth=1.2)
            ax.text(gap * 1.1, 0.7, name, fontsize=MIN_FONT, rotation=90, ha="left", va="bottom",
                    color="#555555")
        (self.exact_line,) = ax.plot([], [], color=BLUE, linewidth=4.5, label="from the logits")
        (self.naive_line,) = ax.plot([], [], color=RED, linewidth=2, linestyle="--",
                                     label="softmax then log")
        (self.exact_point,) = ax.plot([], [], "o", color=BLUE, markersize=9, clip_on=False)
        (self.naive_point,) = ax.plot([], [], "X", color=RED, markersize=10, clip_on=False)
        self.naive_text = ax.text(0, LOSS_LIMITS[1], "", color=RED, fontsize=16, va="center")
        underflow = Line2D([], [], color=GREY, linestyle=":", linewidth=1.2,
                           label="$a_2$ rounds to 0 in that type")
        ax.legend(handles=[self.exact_line, self.naive_line, underflow], loc="upper left",
                  frameon=True, facecolor="white", edgecolor="none", framealpha=1, fontsize=12)
        self._changing(self.exact_line, self.naive_line, self.exact_point, self.naive_point,
                       self.naive_text)

    def _compute(self):
        gap = float(self.controls["gap"].value)
        T = float(self.controls["T"].value)
        dtype = self.controls["dtype"].value
        z = _logits(gap).astype(dtype)
        scaled = (_logits(gap) / T).astype(dtype)
        softmax_then_log, from_logits = losses_both_ways(scaled, dtype)
        sizes = np.array([np.abs(reference.grad_logits_temperature(z, TARGET, t)).max()
                          for t in TEMPERATURES])
        return {"gap": gap, "T": T, "dtype": dtype, "scaled": scaled,
                "a": reference.softmax(scaled),
                "softmax_then_log": softmax_then_log, "from_logits": from_logits,
                "gradient": reference.grad_logits_temperature(z, TARGET, T), "gradient_sizes": sizes}

    def _draw(self, v):
        for bar, text, value in zip(self.a_bars, self.a_texts, v["a"], strict=True):
            bar.set_height(value)
            text.set_text(_short(value))
            text.set_y(value + 0.03)
        self.gradient_curve.set_data(TEMPERATURES, v["gradient_sizes"])
        self.gradient_point.set_data([v["T"]], [np.abs(v["gradient"]).max()])
        effective = v["gap"] / v["T"]
        curves = self.curves[v["dtype"]]
        self.naive_line.set_data(EFFECTIVE_GAPS, curves[:, 0])
        self.exact_line.set_data(EFFECTIVE_GAPS, curves[:, 1])
        self.exact_point.set_data([effective], [v["from_logits"]])
        naive = v["softmax_then_log"]
        self.naive_point.set_data([effective], [naive if np.isfinite(naive) else LOSS_LIMITS[1]])
        self.naive_text.set_text("" if np.isfinite(naive) else "  $\\infty$")
        self.naive_text.set_x(effective)
        numbers = (_vector(v["scaled"]), _vector(v["gradient"]),
                   f"{v['from_logits']:.4g}", f"{naive:.4g}" if np.isfinite(naive) else "$\\infty$")
        for readout, number in zip(self.readouts, numbers, strict=True):
            readout.set_text(number)

    def describe_html(self):
        v = self.values
        return (f"In {v['dtype']}, the logits z = ({v['gap']:g}, 0, 0) at the temperature "
                f"T = {v['T']:.3g}, true class 2, give a = softmax(z/T) = {_vector(v['a'], _sci)}. "
                f"The loss from the logits is {_loss_html(v['from_logits'])}; softmax then log "
                f"gives {_loss_html(v['softmax_then_log'])}. The gradient (a {MINUS} y)/T = "
                f"{_vector(v['gradient'], _sci)}.")


def temperature_explorer(gap=800.0, T=1.0, dtype="float64"):
    """Sliders for the logit gap γ (0 to 1000) and the temperature T (0.05 to 20), a type selector.

    Logits z = (γ, 0, 0), true class 2; dtype: "float64", "float32" or "float16".
    """
    gap = _checks.number("gap", gap)
    if not 0.0 <= gap <= GAP_MAX:
        raise ValueError(f"gap must lie in [0, {GAP_MAX:g}], got {gap!r}")
    T = _checks.positive_number("T", T)
    low, high = 10**LOG_T_MIN, 10**LOG_T_MAX
    if not low <= T <= high:
        raise ValueError(f"T must lie in [{low:.3g}, {high:.3g}], got {T!r}")
    if not isinstance(dtype, str):
        raise TypeError(f"dtype must be the name of a floating-point type, got {dtype!r}")
    if dtype not in DTYPES:
        raise ValueError(f"dtype must be one of {', '.join(DTYPES)}, got {dtype!r}")
    return TemperatureExplorer(gap, T, dtype)
