"""Interactive explorers: sliders that redraw a figure of the derivation.

The explorer functions, one per chapter, each return an Explorer:

- forward_explorer(z=(2.0, 1.0, 0.1), true_class=0): logits -> softmax -> loss (chapter 1);
- gradient_check_explorer(seed=0): nudge one weight, compare with the gradient (chapter 2);
- diagonal_explorer(z=(1.0, 0.0, -1.0), i=0): a_i against z_i and its slope (chapter 3);
- jacobian_explorer(z=(2.0, 1.0, 0.1)): the softmax Jacobian as a heatmap (chapter 4);
- target_explorer(z=(2.0, 1.0, 0.1), true_class=0, smoothing=0.0): a, y and a - y (chapter 5);

and softmax_course.classifier.training_explorer is one too (chapter 6). Logits z
hold 2 to 5 numbers. A bad argument raises TypeError (wrong type) or ValueError
(wrong value or shape) naming it.

An Explorer is an ipywidgets VBox: its controls above a picture. What a caller uses:

- `controls`: {name: widget}, the sliders and buttons, in display order;
- `values`: {name: number or array}, the numbers the picture currently shows,
  all computed with softmax_course.reference;
- `figure`: the softmax_course.pictures.Picture it draws on;
- `png()`: the current picture as PNG bytes; `describe()`: one sentence saying
  what it shows;
- `redraw()`: recompute and redraw; moving any control calls it;
- `_repr_mimebundle_()`: what Jupyter stores for the output: the widget view
  (application/vnd.jupyter.widget-view+json, live in Jupyter), `image/png` (the
  current picture, base64) and `text/plain` (describe()). While the static site is
  built (the environment variable FLIPBOOK_ENV is set, by the Sphinx extension
  _ext/flipbook.py) it adds `text/html`: the explorer as a flip-book (below).

The flip-book is how the static site, where no Python runs, lets a reader move the
explorer's one or two most instructive sliders. An explorer declares them in
FLIPBOOK, {control name: number of frames, or the values} (a class attribute, or set
in __init__ when the names depend on the arguments). For each value (each
combination, with two) it renders a frame at build time: a small PNG and its
describe() sentence, the frame's alt text and readout.
`flipbook_axes()` says which values, `flipbook_frames()` renders them and
`flipbook_html()` writes the HTML: labelled range inputs, the picture, the
readout and the frames as JSON, which _ext/flipbook.py moves into files.

A new explorer subclasses Explorer, passes its controls and figure size to
`Explorer.__init__`, and fills in four methods: `_build()` creates the axes and
artists once (in the course style) and passes the ones that change to
`_changing(...)`; `_compute()` returns the numbers for the current control values
(kept as `values`); `_draw(values)` updates the changing artists from them; and
`describe()`; it may declare FLIPBOOK. A redraw repaints the background drawn
once (axes, ticks, labels) and draws only the changing artists on it, then encodes
the PNG with softmax_course.pictures.encode.
"""

import base64
import html
import itertools
import json
import os

import ipywidgets as widgets
import numpy as np

from softmax_course import _checks, reference
from softmax_course.pictures import BLUE, GREEN, GREY, ORANGE, RED, Picture, encode, encode_small, style

MIN_CLASSES, MAX_CLASSES = 2, 5
FLIPBOOK_ENV = "SOFTMAX_COURSE_FLIPBOOK"
FRAME_COLOURS = 64  # a flip-book frame is a PNG of this many colours, a third of encode()'s size


class Explorer(widgets.VBox):
    """Controls above a picture; every change of a control redraws the picture.

    controls: {name: widget}; figsize: (width, height) in inches of the picture.
    Subclasses implement _build, _compute, _draw and describe (see the module docstring).
    """

    FLIPBOOK = {}
    """The static site's sliders: {control name: frame count or values}, one or two sliders.

    A count n spreads n values evenly over the slider's range (evenly in the exponent
    for a log slider, whole numbers for an integer slider). Empty: no flip-book, the
    site shows the picture. Keep the frames few: a page carries at most 1 MB of them.
    """

    def __init__(self, controls, figsize):
        self.controls = controls
        self.figure = Picture(figsize)
        self.image = widgets.Image(format="png")
        self.values = {}
        self._changing_artists = []
        self._background = None
        self._png = b""
        with style():
            self._build()
        control_row = widgets.HBox(list(controls.values()),
                                   layout=widgets.Layout(flex_flow="row wrap"))
        super().__init__(children=[control_row, self.image])
        for control in controls.values():
            control.observe(self._on_change, names="value")
        self.redraw()

    def _changing(self, *artists):
        """Mark artists as the ones `_draw` updates: they are redrawn on every change."""
        for artist in artists:
            artist.set_animated(True)
            self._changing_artists.append(artist)

    def _on_change(self, change):
        self.redraw()

    def redraw(self):
        """Recompute the numbers, update the figure and re-render the PNG."""
        self._paint()
        self._png = encode(self.figure.canvas)
        self.image.value = self._png

    def _paint(self):
        """Recompute the numbers for the controls' values and paint them on the canvas."""
        self.values = self._compute()
        canvas = self.figure.canvas
        with style():
            self._draw(self.values)
            if self._background is None:
                canvas.draw()
                self._background = canvas.copy_from_bbox(self.figure.bbox)
            canvas.restore_region(self._background)
            for artist in self._changing_artists:
                self.figure.draw_artist(artist)

    def png(self):
        """The current picture as PNG bytes."""
        return self._png

    def describe(self):
        """One sentence saying what the picture shows (also its text/plain form)."""
        raise NotImplementedError

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs) or {}
        bundle["image/png"] = base64.b64encode(self._png).decode("ascii")
        bundle["text/plain"] = self.describe()
        if os.environ.get(FLIPBOOK_ENV) and self.FLIPBOOK:
            bundle["text/html"] = self.flipbook_html()
        return bundle

    def flipbook_axes(self):
        """[(control name, values)]: FLIPBOOK's sliders in order, each with its sorted values.

        The current value is always one of them, so the first frame shown on the site
        is the picture Jupyter shows.
        """
        if not 1 <= len(self.FLIPBOOK) <= 2:
            raise ValueError(f"{type(self).__name__}.FLIPBOOK must name one or two sliders, "
                             f"got {list(self.FLIPBOOK)}")
        return [(name, _with_current(self.controls[name], spec))
                for name, spec in self.FLIPBOOK.items()]

    def flipbook_frames(self, axes):
        """[(png bytes, describe())]: one frame per combination of the axes' values.

        axes: [(control name, values)] as from flipbook_axes(); the last axis varies
        fastest. The other controls keep their values. Frames are FRAME_COLOURS-colour
        PNGs; afterwards the controls, values and picture are as before.
        """
        names = [name for name, _ in axes]
        before = {name: self.controls[name].value for name in names}
        for control in self.controls.values():
            control.unobserve(self._on_change, names="value")
        try:
            frames = []
            for combination in itertools.product(*(values for _, values in axes)):
                for name, value in zip(names, combination, strict=True):
                    self.controls[name].value = value
                self._paint()
                frames.append((encode_small(self.figure.canvas, FRAME_COLOURS), self.describe()))
        finally:
            for name, value in before.items():
                self.controls[name].value = value
            for control in self.controls.values():
                control.observe(self._on_change, names="value")
            self._paint()
        return frames

    def flipbook_html(self):
        """The explorer as a flip-book: a <div class="flipbook"> for the static site.

        It holds one labelled range input per FLIPBOOK slider (hidden until
        _static/flipbook.js wires them), the current frame as an <img> whose alt text
        is describe(), the readout (describe() again, in a polite live region) and a
        <script type="application/json" class="flipbook-frames">: {"sizes": values per
        axis, "labels": their texts, "frames": [{"png": base64, "text": describe()}]}.
        """
        axes = self.flipbook_axes()
        frames = self.flipbook_frames(axes)
        positions = [values.index(self.controls[name].value) for name, values in axes]
        sizes = [len(values) for _, values in axes]
        png, text = frames[int(np.ravel_multi_index(positions, sizes))]
        labels = [[_value_text(self.controls[name], value) for value in values]
                  for name, values in axes]
        inputs = "".join(
            '<label class="flipbook-control">'
            f'<span class="flipbook-name">{html.escape(self.controls[name].description)}</span>'
            f'<input type="range" min="0" max="{size - 1}" step="1" value="{position}" '
            f'aria-valuetext="{html.escape(texts[position])}">'
            f'<span class="flipbook-value" aria-hidden="true">{html.escape(texts[position])}</span>'
            "</label>"
            for (name, _), size, position, texts in zip(axes, sizes, positions, labels, strict=True))
        width, height = self.figure.canvas.get_width_height()
        payload = {"sizes": sizes, "labels": labels,
                   "frames": [{"png": base64.b64encode(frame).decode("ascii"), "text": frame_text}
                              for frame, frame_text in frames]}
        blob = json.dumps(payload).replace("</", "<\\/")  # never closes the <script>
        return (f'<div class="flipbook"><div class="flipbook-controls" hidden>{inputs}</div>'
                f'<img class="flipbook-frame" src="data:image/png;base64,'
                f'{base64.b64encode(png).decode("ascii")}" alt="{html.escape(text)}" '
                f'width="{width}" height="{height}">'
                f'<p class="flipbook-readout" aria-live="polite">{html.escape(text)}</p>'
                '<script type="application/json" class="flipbook-frames">'
                f"{blob}</script></div>")

    def _build(self):
        raise NotImplementedError

    def _compute(self):
        raise NotImplementedError

    def _draw(self, values):
        raise NotImplementedError


# ---------------------------------------------------------------- flip-book values


def _with_current(control, spec):
    """The values of a flip-book slider (a count or a sequence), with its current value, sorted."""
    if not hasattr(control, "min"):
        raise ValueError(f"a flip-book control must be a slider, got {control.description!r} "
                         f"({type(control).__name__})")
    if isinstance(spec, int):
        if spec < 2:
            raise ValueError(f"a flip-book slider needs at least 2 frames, got {spec}")
        if type(control).__name__ == "FloatLogSlider":
            values = control.base ** np.linspace(control.min, control.max, spec)
        else:
            values = np.linspace(control.min, control.max, spec)
    else:
        values = np.asarray(spec, dtype=float)
    current = control.value
    values = [value for value in values if not np.isclose(value, current, rtol=1e-9, atol=1e-12)]
    if isinstance(current, int):
        values = {int(round(value)) for value in values} - {current}
    else:
        values = {float(value) for value in values}
    return sorted(values | {current})


def _value_text(control, value):
    """A slider value as its readout shows it (the control's readout_format)."""
    return format(value, getattr(control, "readout_format", ""))


# ---------------------------------------------------------------- argument checks

def _logit_vector(z):
    z = _checks.real_array("z", z)
    if z.ndim != 1 or not MIN_CLASSES <= z.shape[0] <= MAX_CLASSES:
        raise ValueError(f"z must hold {MIN_CLASSES} to {MAX_CLASSES} logits (one per class), "
                         f"got shape {z.shape}")
    return z.astype(np.float64)


# ---------------------------------------------------------------- shared pieces

def _logit_sliders(z):
    """One slider per logit; the range covers [-5, 5] and every given value.

    Keyed by code index (z_0 for the first logit), labelled as in the maths (z_1 ... z_K).
    """
    bound = float(max(5.0, np.ceil(np.abs(z).max())))
    return {f"z_{j}": widgets.FloatSlider(value=float(value), min=-bound, max=bound, step=0.1,
                                          description=f"z_{j + 1}", continuous_update=True,
                                          readout_format=".1f")
            for j, value in enumerate(z)}


def _class_selector(description, K, value):
    """Buttons labelled with the classes 1 ... K of the maths; the value is the code index."""
    return widgets.ToggleButtons(options=[(str(k + 1), k) for k in range(K)], value=value,
                                 description=description,
                                 style={"button_width": "3em", "description_width": "initial"})


def _logits_from(controls, K):
    return np.array([controls[f"z_{j}"].value for j in range(K)])


def _fmt(vector, digits=3):
    """(0.659, 0.242, 0.099): a vector as readable text, with no '-0.000'."""
    return "(" + ", ".join(_number(v, digits) for v in vector) + ")"


def _number(value, digits=3):
    """A number rounded to `digits` decimals, never printed as -0.000."""
    return f"{round(float(value), digits) + 0.0:.{digits}f}"


def _readout(figure, x, y, label, fontsize=12):
    """A fixed label ending at figure coordinate x and an empty value text after it.

    Only the value changes when a control moves, so only it is redrawn. Returns the value text.
    """
    figure.text(x, y, label, ha="right", va="baseline", fontsize=fontsize)
    return figure.text(x + 0.005, y, "", ha="left", va="baseline", fontsize=fontsize)


def _value_texts(ax, bars, fontsize=12, rotation=0):
    """One empty text per bar, to hold its value."""
    return [ax.text(bar.get_x() + bar.get_width() / 2, 0, "", ha="center", fontsize=fontsize,
                    rotation=rotation)
            for bar in bars]


def _digits(K):
    """Decimals for bar labels: three fit under K <= 3 bars per panel, two above."""
    return 3 if K <= 3 else 2


def _set_bars(bars, texts, heights, gap=0.02, digits=3):
    """Set each bar's height and write its value just beyond its end."""
    for bar, text, height in zip(bars, texts, heights, strict=True):
        bar.set_height(height)
        text.set_text(_number(height, digits))
        text.set_y(height + gap if height >= 0 else height - gap)
        text.set_va("bottom" if height >= 0 else "top")


# ---------------------------------------------------------------- 1. forward pass

class ForwardExplorer(Explorer):
    """Logits z -> probabilities a = softmax(z) -> loss L = -ln a_true."""

    FLIPBOOK = {"z_0": 21}  # the first logit, the true class's by default

    def __init__(self, z, true_class):
        self.K = len(z)
        controls = _logit_sliders(z)
        controls["true_class"] = _class_selector("true class", self.K, true_class)
        super().__init__(controls, figsize=(8.4, 4.2))

    def _build(self):
        self.figure.subplots_adjust(left=0.08, right=0.98, bottom=0.14, top=0.8, wspace=0.28)
        self.ax_z, self.ax_a = self.figure.subplots(1, 2)
        classes = np.arange(self.K)
        labels = [f"{j + 1}" for j in classes]
        self.z_bars = self.ax_z.bar(classes, np.zeros(self.K), color=GREY, tick_label=labels)
        self.ax_z.axhline(0, color="black", linewidth=0.8)
        self.ax_z.set_title("logits $z_j$ (any real numbers)")
        self.ax_z.set_xlabel("class $j$")
        self.ax_z.set_ylabel("$z_j$")
        bound = self.controls["z_0"].max
        self.ax_z.set_ylim(-bound * 1.15, bound * 1.15)
        self.z_texts = _value_texts(self.ax_z, self.z_bars)
        self.a_bars = self.ax_a.bar(classes, np.zeros(self.K), color=BLUE, tick_label=labels)
        self.ax_a.set_ylim(0, 1.12)
        self.ax_a.set_title(r"$a = \mathrm{softmax}(z)$, $a_j = e^{z_j} / \Sigma_k\, e^{z_k}$")
        self.ax_a.set_xlabel("class $j$")
        self.ax_a.set_ylabel("probability $a_j$")
        self.a_texts = _value_texts(self.ax_a, self.a_bars)
        self.true_text = _readout(self.figure, 0.4, 0.93, "true class $c$ (hatched bar) =", 15)
        self.loss_text = _readout(self.figure, 0.76, 0.93, "loss $L = -\\ln a_c = -\\ln$", 15)
        self._changing(*self.z_bars, *self.z_texts, *self.a_bars, *self.a_texts, self.true_text,
                       self.loss_text)

    def _compute(self):
        z = _logits_from(self.controls, self.K)
        a = reference.softmax(z)
        true = self.controls["true_class"].value
        y = np.eye(self.K)[true]
        return {"z": z, "a": a, "true_class": true, "loss": reference.cross_entropy(a, y)}

    def _draw(self, values):
        true = values["true_class"]
        _set_bars(self.z_bars, self.z_texts, values["z"], gap=0.15, digits=1)
        _set_bars(self.a_bars, self.a_texts, values["a"], digits=_digits(self.K))
        for j, bar in enumerate(self.a_bars):
            bar.set_facecolor(RED if j == true else BLUE)
            bar.set_edgecolor("black" if j == true else BLUE)
            bar.set_hatch("//" if j == true else "")
        self.true_text.set_text(str(true + 1))
        self.loss_text.set_text(f"{_number(values['a'][true])} = {_number(values['loss'])}")

    def describe(self):
        v = self.values
        return (f"forward_explorer: logits z = {_fmt(v['z'], 1)} give a = softmax(z) = "
                f"{_fmt(v['a'])}; true class {v['true_class'] + 1}, "
                f"loss L = -ln a_{v['true_class'] + 1} = {_number(v['loss'])}")


def forward_explorer(z=(2.0, 1.0, 0.1), true_class=0):
    """Logit sliders and a true-class selector; bars of z and a = softmax(z); the loss.

    z: 2 to 5 logits (K classes); true_class: an index 0..K-1.
    """
    z = _logit_vector(z)
    return ForwardExplorer(z, _checks.class_index("true_class", true_class, len(z)))


# ---------------------------------------------------------------- 2. gradient check

class GradientCheckExplorer(Explorer):
    """Nudge one weight w_il by h: the actual change in L against h dL/dw_il."""

    K, D, N = 3, 4, 6
    STEPS = np.logspace(-4, 0, 41)
    FLIPBOOK = {"h": 17}  # four steps per decade
    OFFSETS = np.linspace(-1, 1, 81)

    def __init__(self, seed):
        rng = np.random.default_rng(seed)
        self.W = rng.normal(0.0, 1.0, (self.K, self.D))
        self.b = rng.normal(0.0, 0.5, self.K)
        self.X = rng.normal(0.0, 1.0, (self.N, self.D))
        self.Y = np.eye(self.K)[rng.integers(0, self.K, self.N)]
        self.dW = reference.grad_params(self.W, self.b, self.X, self.Y)[0]
        self.base_loss = self.loss(self.W)
        weights = list(np.ndindex(self.K, self.D))
        self.curves = {(i, feature): np.array([self._loss_change(i, feature, t) for t in self.OFFSETS])
                       for i, feature in weights}
        self.errors = {(i, feature): np.array([abs(self._loss_change(i, feature, h)
                                                   - h * self.dW[i, feature]) for h in self.STEPS])
                       for i, feature in weights}
        i, feature = np.unravel_index(np.argmax(np.abs(self.dW)), self.dW.shape)
        controls = {
            "i": widgets.IntSlider(value=i + 1, min=1, max=self.K, description="class i"),
            "l": widgets.IntSlider(value=feature + 1, min=1, max=self.D, description="feature l"),
            "h": widgets.FloatLogSlider(value=0.1, base=10, min=-4, max=0, step=0.1,
                                        description="step h", readout_format=".1e"),
        }
        super().__init__(controls, figsize=(8.4, 5.4))

    def loss(self, W):
        """L(W): the mean cross-entropy of the fixed batch (X, Y) with biases b."""
        return reference.mean_loss(W, self.b, self.X, self.Y)

    def _loss_change(self, i, feature, h):
        """L(W + h E_il) - L(W): the change in the loss when w_il alone moves by h."""
        nudged = self.W.copy()
        nudged[i, feature] += h
        return self.loss(nudged) - self.base_loss

    def _build(self):
        self.figure.subplots_adjust(left=0.1, right=0.98, bottom=0.4, top=0.93, wspace=0.3)
        self.ax_curve, self.ax_error = self.figure.subplots(1, 2)
        ax = self.ax_curve
        (self.curve,) = ax.plot([], [], "-o", color=BLUE, linewidth=2, markevery=[],
                                label="actual change $L(W + tE_{il}) - L(W)$")
        (self.tangent,) = ax.plot([], [], "--s", color=RED, linewidth=1.8, markevery=[],
                                  label="predicted change $t\\,\\partial L/\\partial w_{il}$")
        (self.actual_point,) = ax.plot([], [], "o", color=BLUE, markersize=9)
        (self.predicted_point,) = ax.plot([], [], "s", color=RED, markersize=6)
        ax.axhline(0, color="black", linewidth=0.6)
        ax.set_xlim(-1.05, 1.05)
        low = min(min(curve.min() for curve in self.curves.values()), -np.abs(self.dW).max())
        high = max(max(curve.max() for curve in self.curves.values()), np.abs(self.dW).max())
        ax.set_ylim(low - 0.08 * (high - low), high + 0.08 * (high - low))
        ax.set_xlabel("nudge $t$ added to $w_{il}$")
        ax.set_ylabel("change in $L$")
        self.figure.legend(handles=[self.curve, self.tangent], loc="lower right",
                           bbox_to_anchor=(0.99, 0.01), fontsize=12, frameon=False,
                           title="lines over $t$; markers at $t = h$", title_fontsize=12)
        ax = self.ax_error
        ax.set_xscale("log")
        ax.set_yscale("log")
        (self.error_curve,) = ax.plot([], [], color=GREEN, linewidth=2)
        (self.error_point,) = ax.plot([], [], "o", color=GREEN, markersize=8)
        ax.set_xlim(self.STEPS[0], self.STEPS[-1])
        all_errors = np.concatenate(list(self.errors.values()))
        ax.set_ylim(max(all_errors.min(), 1e-18) / 5, all_errors.max() * 5)
        ax.set_xlabel("step $h$")
        ax.set_ylabel("|actual $-$ predicted|")
        ax.set_title("the difference shrinks like $h^2$")
        labels = ("step $h$ =", "$\\partial L/\\partial w_{il}$ =",
                  "actual change $L(W + hE_{il}) - L(W)$ =",
                  "predicted change $h\\,\\partial L/\\partial w_{il}$ =", "difference =")
        self.readouts = [_readout(self.figure, 0.41, 0.225 - 0.05 * row, label)
                         for row, label in enumerate(labels)]
        self._changing(self.curve, self.tangent, self.actual_point, self.predicted_point,
                       self.error_curve, self.error_point, self.ax_curve.title, *self.readouts)

    def _compute(self):
        i, feature = self.controls["i"].value - 1, self.controls["l"].value - 1
        h = self.controls["h"].value
        gradient = float(self.dW[i, feature])
        actual = self._loss_change(i, feature, h)
        return {"i": i, "l": feature, "h": h, "gradient": gradient, "actual": actual,
                "predicted": h * gradient, "difference": actual - h * gradient}

    def _draw(self, v):
        i, feature, h = v["i"], v["l"], v["h"]
        self.curve.set_data(self.OFFSETS, self.curves[i, feature])
        self.tangent.set_data(self.OFFSETS, self.OFFSETS * v["gradient"])
        self.actual_point.set_data([h], [v["actual"]])
        self.predicted_point.set_data([h], [v["predicted"]])
        self.ax_curve.set_title(f"nudging $w_{{{i + 1}{feature + 1}}}$ alone, all other weights fixed")
        self.error_curve.set_data(self.STEPS, self.errors[i, feature])
        self.error_point.set_data([h], [abs(v["difference"])])
        numbers = (f"{h:.1e}", f"{v['gradient']:+.6f}", f"{v['actual']:+.3e}",
                   f"{v['predicted']:+.3e}", f"{v['difference']:+.1e}")
        for readout, number in zip(self.readouts, numbers, strict=True):
            readout.set_text(number)

    def describe(self):
        v = self.values
        weight = f"w_{v['i'] + 1}{v['l'] + 1}"
        return (f"gradient_check_explorer: nudging {weight} by h = {v['h']:.1e} "
                f"changes L by {v['actual']:+.3e}; the gradient predicts "
                f"h * dL/d{weight} = {v['predicted']:+.3e} "
                f"(difference {v['difference']:+.1e})")


def gradient_check_explorer(seed=0):
    """A fixed small problem (K=3, D=4, N=6, drawn with `seed`): nudge one weight.

    Sliders pick the weight w_il and the step h (1e-4 to 1); the picture compares
    L(W + h E_il) - L(W) with h dL/dw_il, and shows their difference against h.
    """
    return GradientCheckExplorer(_checks.integer("seed", seed))


# ---------------------------------------------------------------- 3. diagonal

class DiagonalExplorer(Explorer):
    """a_i as a function of z_i (the other logits fixed) and its slope a_i (1 - a_i)."""

    def __init__(self, z, i):
        self.z, self.i = z, i
        self.peak = reference.steepest_logit(z, i)
        low = np.floor(min(z[i], self.peak) - 5)
        high = np.ceil(max(z[i], self.peak) + 5)
        self.FLIPBOOK = {f"z_{i}": np.arange(low, high + 0.25, 0.5)}  # every half unit
        self.grid = np.linspace(low, high, 201)
        controls = {f"z_{i}": widgets.FloatSlider(value=float(z[i]), min=low, max=high,
                                                  step=0.1, description=f"z_{i + 1}",
                                                  readout_format=".1f")}
        super().__init__(controls, figsize=(8.4, 4.8))

    def _with_zi(self, values):
        """Logit rows equal to z except column i, set to `values`: (M,) -> (M, K)."""
        Z = np.tile(self.z, (len(values), 1))
        Z[:, self.i] = values
        return Z

    def _build(self):
        i = self.i + 1  # the class as the maths counts it, for labels
        self.figure.subplots_adjust(left=0.09, right=0.98, bottom=0.3, top=0.86, wspace=0.3)
        self.ax_a, self.ax_slope = self.figure.subplots(1, 2)
        a_curve = reference.softmax(self._with_zi(self.grid))[:, self.i]
        slope_curve = reference.softmax_diagonal(reference.softmax(self._with_zi(self.grid)))[:, self.i]
        others = ", ".join(f"$z_{k + 1}$ = {self.z[k]:.1f}" for k in range(len(self.z)) if k != self.i)
        ax = self.ax_a
        ax.plot(self.grid, a_curve, color=BLUE, linewidth=2, label=f"$a_{i}$")
        (self.tangent,) = ax.plot([], [], color=RED, linestyle="--", linewidth=1.8,
                                  label=f"tangent, slope $a_{i}(1-a_{i})$")
        (self.point,) = ax.plot([], [], "o", color=RED, markersize=8)
        ax.set_xlim(self.grid[0], self.grid[-1])
        ax.set_ylim(-0.05, 1.45)
        ax.set_yticks(np.linspace(0, 1, 6))
        ax.set_xlabel(f"$z_{i}$")
        ax.set_ylabel(f"$a_{i}$")
        ax.set_title(f"$a_{i}$ as $z_{i}$ moves\n({others} fixed)")
        ax.legend(loc="upper left", fontsize=12, frameon=False)
        ax = self.ax_slope
        ax.plot(self.grid, slope_curve, color=GREEN, linewidth=2)
        ax.axvline(self.peak, color=GREY, linestyle=":", linewidth=1.5)
        ax.annotate(f"peak 1/4 where $a_{i}$ = 1/2", xy=(self.peak, 0.25),
                    xytext=(0, 8), textcoords="offset points", ha="center", fontsize=12)
        (self.slope_point,) = ax.plot([], [], "o", color=RED, markersize=8)
        ax.set_xlim(self.grid[0], self.grid[-1])
        ax.set_ylim(0, 0.3)
        ax.set_xlabel(f"$z_{i}$")
        ax.set_ylabel(f"$\\partial a_{i} / \\partial z_{i} = a_{i}(1-a_{i})$")
        ax.set_title("slope of the left curve\n(the Jacobian's diagonal entry)")
        steepest = f"$z_{i} = \\ln \\Sigma_{{k \\neq {i}}}\\, e^{{z_k}}$ = {self.peak:.3f}"
        self.figure.text(0.02, 0.03, f"steepest ($a_{i}$ = 1/2) where {steepest}", fontsize=12,
                         va="bottom")
        labels = (f"$z_{i}$ =", f"$a_{i}$ =", f"$a_{i}(1 - a_{i})$ =", "finite difference =")
        self.readouts = [_readout(self.figure, x, 0.12, label)
                         for x, label in zip((0.07, 0.24, 0.5, 0.85), labels, strict=True)]
        self._changing(self.tangent, self.point, self.slope_point, *self.readouts)

    def _compute(self):
        i = self.i
        zi = self.controls[f"z_{i}"].value
        z = self._with_zi([zi])[0]
        a = reference.softmax(z)
        slope = float(reference.softmax_diagonal(a)[i])
        numerical = float(reference.numerical_gradient(
            lambda t: reference.softmax(self._with_zi(t)[0])[i], np.array([zi]))[0])
        return {"z": z, "a": a, "a_i": float(a[i]), "slope": slope,
                "numerical_slope": numerical, "steepest_z_i": self.peak}

    def _draw(self, v):
        i = self.i
        zi = v["z"][i]
        half_width = 2.0
        xs = np.array([zi - half_width, zi + half_width])
        self.tangent.set_data(xs, v["a_i"] + v["slope"] * (xs - zi))
        self.point.set_data([zi], [v["a_i"]])
        self.slope_point.set_data([zi], [v["slope"]])
        numbers = (f"{zi:+.2f}", f"{v['a_i']:.4f}", f"{v['slope']:.4f}",
                   f"{v['numerical_slope']:.4f}")
        for readout, number in zip(self.readouts, numbers, strict=True):
            readout.set_text(number)

    def describe(self):
        v, i = self.values, self.i + 1
        return (f"diagonal_explorer: with the other logits fixed, a_{i} = {v['a_i']:.4f} at "
                f"z_{i} = {v['z'][self.i]:.2f}; its slope a_{i}(1 - a_{i}) = {v['slope']:.4f} "
                f"(finite difference {v['numerical_slope']:.4f}), largest (1/4) at "
                f"z_{i} = {self.peak:.3f}")


def diagonal_explorer(z=(1.0, 0.0, -1.0), i=0):
    """A slider for z_i; a_i(z_i) with its tangent of slope a_i(1 - a_i), and that slope.

    z: 2 to 5 logits; i: the class index whose logit moves.
    """
    z = _logit_vector(z)
    return DiagonalExplorer(z, _checks.class_index("i", i, len(z)))


# ---------------------------------------------------------------- 4. Jacobian

class JacobianExplorer(Explorer):
    """The K x K Jacobian J = diag(a) - a a^T as an annotated heatmap."""

    FLIPBOOK = {"z_0": 21}

    def __init__(self, z):
        self.K = len(z)
        super().__init__(_logit_sliders(z), figsize=(8.4, 4.4))

    def _build(self):
        K = self.K
        grid = self.figure.add_gridspec(1, 2, width_ratios=[1, 1.6], left=0.09, right=0.76,
                                        bottom=0.14, top=0.84, wspace=0.4)
        self.ax_a = self.figure.add_subplot(grid[0])
        self.ax_j = self.figure.add_subplot(grid[1])
        colorbar_ax = self.figure.add_axes((0.9, 0.14, 0.015, 0.7))
        classes = np.arange(K)
        self.a_bars = self.ax_a.bar(classes, np.zeros(K), color=BLUE,
                                    tick_label=[str(j + 1) for j in classes])
        self.ax_a.set_ylim(0, 1.12)
        self.ax_a.set_xlabel("class $j$")
        self.ax_a.set_ylabel("$a_j$")
        self.ax_a.set_title("$a = \\mathrm{softmax}(z)$")
        self.a_texts = _value_texts(self.ax_a, self.a_bars)
        self.heatmap = self.ax_j.imshow(np.zeros((K, K)), cmap="RdBu_r", vmin=-0.25, vmax=0.25)
        self.figure.colorbar(self.heatmap, cax=colorbar_ax, ticks=[-0.25, 0, 0.25])
        self.ax_j.set_xticks(classes, [str(i + 1) for i in classes])
        self.ax_j.set_yticks(classes, [str(j + 1) for j in classes])
        self.ax_j.set_xlabel("$i$ (logit $z_i$ moved)")
        self.ax_j.set_ylabel("$j$ (output $a_j$)")
        self.ax_j.set_title("$J_{ji} = \\partial a_j/\\partial z_i$\n"
                            "$J = \\mathrm{diag}(a) - a a^T$")
        self.ax_j.spines[:].set_visible(False)
        size = 13 if K <= 4 else 11
        self.cell_texts = [[self.ax_j.text(i, j, "", ha="center", va="center", fontsize=size)
                            for i in range(K)] for j in range(K)]
        self.ax_j.text(K - 0.4, -0.55, "row sum", ha="left", va="bottom", fontsize=12)
        self.row_texts = [self.ax_j.text(K - 0.4, j, "", ha="left", va="center", fontsize=12)
                          for j in range(K)]
        self._changing(*self.a_bars, *self.a_texts, self.heatmap,
                       *[text for row in self.cell_texts for text in row], *self.row_texts)

    def _compute(self):
        z = _logits_from(self.controls, self.K)
        a = reference.softmax(z)
        J = reference.softmax_jacobian(a)
        return {"z": z, "a": a, "J": J, "row_sums": J.sum(axis=1)}

    def _draw(self, v):
        _set_bars(self.a_bars, self.a_texts, v["a"], digits=_digits(self.K))
        self.heatmap.set_array(v["J"])
        for j in range(self.K):
            for i in range(self.K):
                value = v["J"][j, i]
                self.cell_texts[j][i].set_text(_number(value))
                self.cell_texts[j][i].set_color("white" if abs(value) > 0.15 else "black")
            self.row_texts[j].set_text(f"= {_number(v['row_sums'][j])}")

    def describe(self):
        v = self.values
        rows = "; ".join(_fmt(row) for row in v["J"])
        return (f"jacobian_explorer: z = {_fmt(v['z'], 1)}, a = {_fmt(v['a'])}; "
                f"J = diag(a) - a a^T has rows {rows}; every row sums to 0")


def jacobian_explorer(z=(2.0, 1.0, 0.1)):
    """Logit sliders; the softmax Jacobian as a heatmap with values and row sums.

    z: 2 to 5 logits.
    """
    return JacobianExplorer(_logit_vector(z))


# ---------------------------------------------------------------- 5. targets

class TargetExplorer(Explorer):
    """a, the target y (one-hot or label-smoothed) and the gradient a - y."""

    FLIPBOOK = {"smoothing": 20}  # s = 0, 0.05, ..., 0.95

    def __init__(self, z, true_class, smoothing):
        self.K = len(z)
        controls = _logit_sliders(z)
        controls["true_class"] = _class_selector("true class", self.K, true_class)
        controls["smoothing"] = widgets.FloatSlider(value=smoothing, min=0.0, max=0.95, step=0.05,
                                                    description="smoothing s",
                                                    style={"description_width": "initial"})
        super().__init__(controls, figsize=(8.4, 4.4))

    def _build(self):
        K = self.K
        self.figure.subplots_adjust(left=0.08, right=0.98, bottom=0.23, top=0.9)
        self.ax = self.figure.add_subplot()
        width = 0.27
        classes = np.arange(K)
        self.bar_groups = {}
        for offset, key, label, colour in ((-width, "a", "$a$ (prediction)", BLUE),
                                           (0.0, "y", "$y$ (target)", ORANGE),
                                           (width, "a - y", r"$a - y = \partial L/\partial z$",
                                            GREEN)):
            bars = self.ax.bar(classes + offset, np.zeros(K), width=width * 0.95, color=colour,
                               label=label)
            self.bar_groups[key] = (bars, _value_texts(self.ax, bars, fontsize=11,
                                                       rotation=0 if K <= 3 else 90))
        self.ax.axhline(0, color="black", linewidth=0.8)
        self.ax.set_xticks(classes, [str(i + 1) for i in classes])
        self.ax.set_xlabel("class $i$")
        self.ax.set_ylim(-1.3, 1.4)
        self.ax.legend(loc="lower left", ncol=3, frameon=False, fontsize=12)
        self.ax.set_title("target $y = (1-s)\\,e_c + s/K$, "
                          "prediction $a$ and gradient $a - y$")
        labels = ("true class $c$ =", "smoothing $s$ =", "$L = -\\Sigma_i\\, y_i \\ln a_i$ =",
                  "$\\Sigma_i\\,(a_i - y_i)$ =")
        self.readouts = [_readout(self.figure, x, 0.04, label)
                         for x, label in zip((0.17, 0.37, 0.66, 0.9), labels, strict=True)]
        for bars, texts in self.bar_groups.values():
            self._changing(*bars, *texts)
        self._changing(*self.readouts)

    def _compute(self):
        z = _logits_from(self.controls, self.K)
        a = reference.softmax(z)
        true = self.controls["true_class"].value
        s = self.controls["smoothing"].value
        y = reference.smoothed_targets(true, self.K, s)
        return {"z": z, "a": a, "y": y, "true_class": true, "smoothing": s,
                "gradient": reference.grad_logits(z, y), "loss": reference.cross_entropy(a, y)}

    def _draw(self, v):
        for key, heights in (("a", v["a"]), ("y", v["y"]), ("a - y", v["gradient"])):
            _set_bars(*self.bar_groups[key], heights, gap=0.03)
        numbers = (str(v["true_class"] + 1), f"{v['smoothing']:.2f}", _number(v["loss"]),
                   _number(v["gradient"].sum()))
        for readout, number in zip(self.readouts, numbers, strict=True):
            readout.set_text(number)

    def describe(self):
        v = self.values
        return (f"target_explorer: a = {_fmt(v['a'])}, target y = {_fmt(v['y'])} "
                f"(true class {v['true_class'] + 1}, smoothing {v['smoothing']:.2f}), "
                f"gradient a - y = {_fmt(v['gradient'])}, loss L = {_number(v['loss'])}")


def target_explorer(z=(2.0, 1.0, 0.1), true_class=0, smoothing=0.0):
    """Logit sliders, a true-class selector and a label-smoothing slider s in [0, 0.95].

    The target is y = (1 - s) e_c + s / K (reference.smoothed_targets), c = true_class; the picture shows a, y
    and the gradient dL/dz = a - y side by side. z: 2 to 5 logits.
    """
    z = _logit_vector(z)
    true_class = _checks.class_index("true_class", true_class, len(z))
    smoothing = _checks.number("smoothing", smoothing)
    if not 0.0 <= smoothing <= 0.95:
        raise ValueError(f"smoothing must be a number in [0, 0.95], got {smoothing!r}")
    return TargetExplorer(z, true_class, smoothing)
