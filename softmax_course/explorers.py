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
- `png()`: the current picture as PNG bytes; `describe_html()`: one sentence saying
  what it shows, as HTML; `describe()`: the same as plain text;
- `redraw()`: recompute and redraw; moving any control calls it;
- `_repr_mimebundle_()`: what Jupyter stores for the output: the widget view
  (application/vnd.jupyter.widget-view+json, live in Jupyter), `image/png` (the
  current picture, base64) and `text/plain` (describe()). While the static site is
  built (the environment variable FLIPBOOK_ENV is set, by the Sphinx extension
  _ext/flipbook.py) it adds `text/html`: the explorer as a flip-book (below).

The flip-book is how the static site, where no Python runs, lets a reader move the
explorer's most instructive controls. An explorer declares them in FLIPBOOK,
{control name: number of frames, or the values} (a class attribute, or set in
__init__ when the names depend on the arguments): one to three controls, each a
slider or a choice (buttons such as the true class; None takes all its options).
For each combination of their values it renders a frame at build time: a small PNG
and its readout, describe_html() (plain words, Unicode maths, <sub>/<sup>), whose
plain text describe() is the frame's alt text.
`flipbook_axes()` says which values, `flipbook_frames()` renders them and
`flipbook_html()` writes the HTML: labelled range inputs for sliders, radio buttons
for choices, the picture, the readout and the frames as JSON, which
_ext/flipbook.py moves into files. `flipbook_controls()` names them in words.

A new explorer subclasses Explorer, passes its controls and figure size to
`Explorer.__init__`, and fills in four methods: `_build()` creates the axes and
artists once (in the course style) and passes the ones that change to
`_changing(...)`; `_compute()` returns the numbers for the current control values
(kept as `values`); `_draw(values)` updates the changing artists from them; and
`describe_html()`; it may declare FLIPBOOK. A redraw repaints the background drawn
once (axes, ticks, labels) and draws only the changing artists on it, then encodes
the PNG with softmax_course.pictures.encode.
"""

import base64
import hashlib
import html
import itertools
import json
import os
import re

import ipywidgets as widgets
import matplotlib.text
import numpy as np

from softmax_course import _checks, reference
from softmax_course.pictures import BLUE, GREEN, GREY, ORANGE, RED, Picture, encode, encode_small, style

MIN_CLASSES, MAX_CLASSES = 2, 5
FLIPBOOK_ENV = "SOFTMAX_COURSE_FLIPBOOK"
FRAME_COLOURS = 64  # a flip-book frame is a PNG of this many colours, a third of encode()'s size
MAX_FLIPBOOK_CONTROLS = 3
# Every explorer is drawn for a phone's column: NARROW_WIDTH inches (500 px) wide, panels stacked,
# no text under MIN_FONT points. A phone at 390 px shows the picture about 340 px wide, so its
# smallest text is 12 pt * 100/72 px * 340/500, above 11 px on screen (tests/test_site_flipbook.py).
NARROW_WIDTH = 5.0
MIN_FONT = 12


class Explorer(widgets.VBox):
    """Controls above a picture; every change of a control redraws the picture.

    controls: {name: widget}; figsize: (width, height) in inches of the picture.
    Subclasses implement _build, _compute, _draw and describe (see the module docstring).
    """

    FLIPBOOK = {}
    """The static site's controls: {control name: frame count or values}, one to three.

    For a slider, a count n spreads n values evenly over its range (evenly in the
    exponent for a log slider, whole numbers for an integer slider). For a choice
    (buttons), None or a count takes every option, a sequence those values. Empty: no
    flip-book, the site shows the picture. Keep the frames few: a page carries at most
    1 MB of them.
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

    def describe_html(self):
        """One sentence saying what the picture shows, in plain words: HTML with Unicode
        maths and <sub>/<sup> (the flip-book's readout on the site)."""
        raise NotImplementedError

    def describe(self):
        """describe_html() as plain text (the text/plain form and the flip-book's alt text)."""
        return plain_text(self.describe_html())

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs) or {}
        bundle["image/png"] = base64.b64encode(self._png).decode("ascii")
        bundle["text/plain"] = self.describe()
        if os.environ.get(FLIPBOOK_ENV) and self.FLIPBOOK:
            bundle["text/html"] = self.flipbook_html()
        return bundle

    def flipbook_axes(self):
        """[(control name, values)]: FLIPBOOK's controls in order, each with its values
        (a slider's sorted, a choice's in the order of its options).

        The current value is always one of them, so the first frame shown on the site
        is the picture Jupyter shows.
        """
        if not 1 <= len(self.FLIPBOOK) <= MAX_FLIPBOOK_CONTROLS:
            raise ValueError(f"{type(self).__name__}.FLIPBOOK must name one to "
                             f"{MAX_FLIPBOOK_CONTROLS} controls, got {list(self.FLIPBOOK)}")
        return [(name, _with_current(self.controls[name], spec))
                for name, spec in self.FLIPBOOK.items()]

    def smallest_text_px(self):
        """The size in pixels of the PNG of the picture's smallest text (the flip-book's
        data-smallest-text-px: the browser tests scale it to the picture's width on screen)."""
        sizes = [text.get_fontsize() for text in self.figure.findobj(matplotlib.text.Text)
                 if text.get_visible() and text.get_text().strip()]
        return round(min(sizes) * self.figure.dpi / 72, 2)

    def flipbook_controls(self):
        """[(control description, "slider" or "choice")]: what the site lets a reader move."""
        return [(self.controls[name].description, "choice" if _is_choice(self.controls[name])
                 else "slider") for name in self.FLIPBOOK]

    def flipbook_frames(self, axes):
        """[(png bytes, describe(), describe_html())]: one frame per combination of the
        axes' values.

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
                frames.append((encode_small(self.figure.canvas, FRAME_COLOURS), self.describe(),
                               self.describe_html()))
        finally:
            for name, value in before.items():
                self.controls[name].value = value
            for control in self.controls.values():
                control.observe(self._on_change, names="value")
            self._paint()
        return frames

    def flipbook_html(self):
        """The explorer as a flip-book: a <div class="flipbook"> for the static site.

        It holds one labelled control per FLIPBOOK entry (hidden until
        _static/flipbook.js wires them): a range input for a slider, a group of radio
        buttons for a choice; the current frame as an <img> whose alt text is
        describe(); the readout (describe_html(), in a polite live region) and a
        <script type="application/json" class="flipbook-frames">: {"sizes": values per
        axis, "labels": their texts, "frames": [{"png": base64, "text": describe(),
        "html": describe_html()}]}.
        """
        axes = self.flipbook_axes()
        frames = self.flipbook_frames(axes)
        positions = [values.index(self.controls[name].value) for name, values in axes]
        sizes = [len(values) for _, values in axes]
        png, text, readout = frames[int(np.ravel_multi_index(positions, sizes))]
        labels = [[_value_text(self.controls[name], value) for value in values]
                  for name, values in axes]
        payload = {"sizes": sizes, "labels": labels,
                   "frames": [{"png": base64.b64encode(frame).decode("ascii"), "text": frame_text,
                               "html": frame_html}
                              for frame, frame_text, frame_html in frames]}
        blob = json.dumps(payload).replace("</", "<\\/")  # never closes the <script>
        group = "flipbook-" + hashlib.sha256(blob.encode()).hexdigest()[:10]
        inputs = "".join(
            _choice_html(self.controls[name].description, f"{group}-{axis}", texts, position)
            if _is_choice(self.controls[name]) else
            _slider_html(self.controls[name].description, texts, position)
            for axis, ((name, _), position, texts) in enumerate(zip(axes, positions, labels,
                                                                    strict=True)))
        width, height = self.figure.canvas.get_width_height()
        return (f'<div class="flipbook" data-smallest-text-px="{self.smallest_text_px()}">'
                f'<div class="flipbook-controls" hidden>{inputs}</div>'
                f'<img class="flipbook-frame" src="data:image/png;base64,'
                f'{base64.b64encode(png).decode("ascii")}" alt="{html.escape(text)}" '
                f'width="{width}" height="{height}">'
                f'<p class="flipbook-readout" aria-live="polite">{readout}</p>'
                '<script type="application/json" class="flipbook-frames">'
                f"{blob}</script></div>")

    def _build(self):
        raise NotImplementedError

    def _compute(self):
        raise NotImplementedError

    def _draw(self, values):
        raise NotImplementedError


# ---------------------------------------------------------------- flip-book values


def _is_choice(control):
    """Whether a control picks one of its options (buttons) rather than a number (slider)."""
    return hasattr(control, "options") and not hasattr(control, "min")


def _with_current(control, spec):
    """The values of a flip-book control: a slider's (a count or a sequence, with its current
    value, sorted) or a choice's (its options, or those in `spec`, in the options' order)."""
    if _is_choice(control):
        options = list(control._options_values)
        chosen = options if spec is None or isinstance(spec, int) else list(spec)
        if any(value not in options for value in chosen):
            raise ValueError(f"{control.description!r} has no option among {chosen!r}")
        chosen = set(chosen) | {control.value}
        return [value for value in options if value in chosen]
    if not hasattr(control, "min"):
        raise ValueError(f"a flip-book control must be a slider or a choice, got "
                         f"{control.description!r} ({type(control).__name__})")
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
    """A control's value as its readout shows it: a choice's label, a slider's number in
    its readout_format."""
    if _is_choice(control):
        return str(control._options_labels[list(control._options_values).index(value)])
    text = format(value, getattr(control, "readout_format", ""))
    if "e" in text:  # 1.0e-01 -> 1.0 × 10⁻¹
        mantissa, exponent = text.split("e")
        return f"{mantissa} \u00d7 10{str(int(exponent)).translate(SUPERSCRIPTS)}"
    return _signed(text)


def _label_html(description):
    """A control's description as HTML: z_1 becomes z<sub>1</sub>."""
    return re.sub(r"\b([A-Za-z])_(\w+)", r"\1<sub>\2</sub>", html.escape(description))


def _slider_html(description, texts, position):
    return ('<label class="flipbook-control">'
            f'<span class="flipbook-name">{_label_html(description)}</span>'
            f'<input type="range" min="0" max="{len(texts) - 1}" step="1" value="{position}" '
            f'aria-valuetext="{html.escape(texts[position])}">'
            f'<span class="flipbook-value" aria-hidden="true">{html.escape(texts[position])}</span>'
            "</label>")


def _choice_html(description, group, texts, position):
    buttons = "".join(
        f'<label class="flipbook-option"><input type="radio" name="{group}" value="{index}"'
        f'{" checked" if index == position else ""}><span>{html.escape(text)}</span></label>'
        for index, text in enumerate(texts))
    return ('<fieldset class="flipbook-control flipbook-choice">'
            f'<legend class="flipbook-name">{_label_html(description)}</legend>'
            f'<span class="flipbook-options">{buttons}</span></fieldset>')


_TAGS = re.compile(r"<(/?)(sub|sup|[a-z]+)[^>]*>")


def plain_text(markup):
    """The text of a readout's HTML: tags dropped, a superscript written after ^."""
    text = _TAGS.sub(lambda m: "^" if m.group(2) == "sup" and not m.group(1) else "", markup)
    return html.unescape(text)


# ---------------------------------------------------------------- readout pieces

MINUS = "\u2212"
SUPERSCRIPTS = str.maketrans("-0123456789", "\u207b\u2070\u00b9\u00b2\u00b3"
                             "\u2074\u2075\u2076\u2077\u2078\u2079")


def _signed(text):
    """A number's text with a real minus sign (U+2212) for '-'."""
    return text.replace("-", MINUS)


def _sci(value, digits=2, sign=False):
    """1.23 × 10<sup>−4</sup>: a number in scientific notation as HTML."""
    value = float(value) + 0.0
    if value == 0 or not np.isfinite(value):
        return _signed(f"{value:+g}" if sign else f"{value:g}").replace("inf", "\u221e")
    mantissa, exponent = f"{value:{'+' if sign else ''}.{digits}e}".split("e")
    return f"{_signed(mantissa)} \u00d7 10<sup>{_signed(str(int(exponent)))}</sup>"


def _sci_tex(value, digits=2, sign=False):
    """$-2.86 \\times 10^{-2}$: a number in scientific notation for a picture's text."""
    mantissa, exponent = f"{float(value) + 0.0:{'+' if sign else ''}.{digits}e}".split("e")
    return f"${mantissa} \\times 10^{{{int(exponent)}}}$"


def _sub(name, index):
    """a<sub>2</sub>: a symbol with a subscript, in HTML."""
    return f"{name}<sub>{index}</sub>"


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


def _vector_html(vector, digits=3):
    """(0.659, −0.242): a vector for a readout, with real minus signs."""
    return _signed(_fmt(vector, digits))


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

    FLIPBOOK = {"z_0": 21, "true_class": None}  # the first logit and every true class

    def __init__(self, z, true_class):
        self.K = len(z)
        controls = _logit_sliders(z)
        controls["true_class"] = _class_selector("true class", self.K, true_class)
        super().__init__(controls, figsize=(NARROW_WIDTH, 6.8))

    def _build(self):
        self.figure.subplots_adjust(left=0.15, right=0.97, bottom=0.08, top=0.8, hspace=0.6)
        self.ax_z, self.ax_a = self.figure.subplots(2, 1)
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
        self.true_text = _readout(self.figure, 0.68, 0.95, "true class $c$ (hatched bar) =", 14)
        self.loss_text = _readout(self.figure, 0.45, 0.9, "loss $L = -\\ln a_c = -\\ln$", 14)
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

    def describe_html(self):
        v = self.values
        c = v["true_class"] + 1
        return (f"The logits z = {_vector_html(v['z'], 1)} give the probabilities "
                f"a = softmax(z) = {_vector_html(v['a'])}. With true class c = {c}, the loss is "
                f"L = {MINUS}ln {_sub('a', c)} = {_number(v['loss'])}.")


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
        super().__init__(controls, figsize=(NARROW_WIDTH, 9.4))

    def loss(self, W):
        """L(W): the mean cross-entropy of the fixed batch (X, Y) with biases b."""
        return reference.mean_loss(W, self.b, self.X, self.Y)

    def _loss_change(self, i, feature, h):
        """L(W + h E_il) - L(W): the change in the loss when w_il alone moves by h."""
        nudged = self.W.copy()
        nudged[i, feature] += h
        return self.loss(nudged) - self.base_loss

    def _build(self):
        self.ax_curve = self.figure.add_axes((0.19, 0.72, 0.77, 0.21))
        self.ax_error = self.figure.add_axes((0.19, 0.3, 0.77, 0.2))
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
        self.figure.legend(handles=[self.curve, self.tangent], loc="upper left",
                           bbox_to_anchor=(0.02, 0.645), fontsize=12, frameon=False,
                           title="above: lines over $t$, markers at $t = h$", title_fontsize=12,
                           alignment="left", borderaxespad=0)
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
        self.readouts = [_readout(self.figure, 0.72, 0.18 - 0.035 * row, label)
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
        self.ax_curve.set_title(f"nudging $w_{{{i + 1}{feature + 1}}}$ alone\n(all other weights fixed)")
        self.error_curve.set_data(self.STEPS, self.errors[i, feature])
        self.error_point.set_data([h], [abs(v["difference"])])
        numbers = (_sci_tex(h, 1), _signed(f"{v['gradient']:+.6f}"), _sci_tex(v["actual"], 3, True),
                   _sci_tex(v["predicted"], 3, True), _sci_tex(v["difference"], 1, True))
        for readout, number in zip(self.readouts, numbers, strict=True):
            readout.set_text(number)

    def describe_html(self):
        v = self.values
        weight = _sub("w", f"{v['i'] + 1}{v['l'] + 1}")
        return (f"Nudging the weight {weight} by the step h = {_sci(v['h'], 1)} changes the loss "
                f"by {_sci(v['actual'], 3, sign=True)}; the gradient predicts "
                f"h \u00b7 \u2202L/\u2202{weight} = {_sci(v['predicted'], 3, sign=True)}, "
                f"a difference of {_sci(v['difference'], 1, sign=True)}.")


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
        super().__init__(controls, figsize=(NARROW_WIDTH, 8.4))

    def _with_zi(self, values):
        """Logit rows equal to z except column i, set to `values`: (M,) -> (M, K)."""
        Z = np.tile(self.z, (len(values), 1))
        Z[:, self.i] = values
        return Z

    def _build(self):
        i = self.i + 1  # the class as the maths counts it, for labels
        self.ax_a = self.figure.add_axes((0.17, 0.63, 0.79, 0.29))
        self.ax_slope = self.figure.add_axes((0.17, 0.24, 0.79, 0.22))
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
        ax.set_title("slope of the curve above\n(the Jacobian's diagonal entry)")
        steepest = f"$z_{i} = \\ln \\Sigma_{{k \\neq {i}}}\\, e^{{z_k}}$ = {self.peak:.3f}"
        self.figure.text(0.02, 0.015, f"steepest ($a_{i}$ = 1/2) where\n{steepest}", fontsize=12,
                         va="bottom")
        labels = (f"$z_{i}$ =", f"$a_{i}$ =", f"$a_{i}(1 - a_{i})$ =", "finite difference =")
        places = ((0.2, 0.125), (0.2, 0.09), (0.72, 0.125), (0.72, 0.09))
        self.readouts = [_readout(self.figure, x, y, label)
                         for (x, y), label in zip(places, labels, strict=True)]
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

    def describe_html(self):
        v, i = self.values, self.i + 1
        a, z, zi = _sub("a", i), _sub("z", i), v["z"][self.i]
        return (f"With the other logits fixed, {a} = {v['a_i']:.4f} at "
                f"{z} = {_signed(f'{zi:.2f}')}; its slope {a}(1 {MINUS} {a}) = "
                f"{v['slope']:.4f} (a finite difference gives {v['numerical_slope']:.4f}) is "
                f"largest, 1/4, at {z} = {_signed(f'{self.peak:.3f}')}.")


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
        super().__init__(_logit_sliders(z), figsize=(NARROW_WIDTH, 8.0))

    def _build(self):
        K = self.K
        self.ax_a = self.figure.add_axes((0.17, 0.71, 0.6, 0.22))
        self.ax_j = self.figure.add_axes((0.15, 0.08, 0.56, 0.45))
        colorbar_ax = self.figure.add_axes((0.85, 0.08, 0.025, 0.45))
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
        size = 13 if K <= 3 else MIN_FONT
        self.cell_texts = [[self.ax_j.text(i, j, "", ha="center", va="center", fontsize=size)
                            for i in range(K)] for j in range(K)]
        self.ax_j.text(K - 0.4, -0.55, "row\nsum", ha="left", va="bottom", fontsize=12)
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
                self.cell_texts[j][i].set_text(_number(value, _digits(self.K)))
                self.cell_texts[j][i].set_color("white" if abs(value) > 0.15 else "black")
            self.row_texts[j].set_text(_number(v['row_sums'][j]))

    def describe_html(self):
        v = self.values
        rows = "; ".join(_vector_html(row) for row in v["J"])
        return (f"The logits z = {_vector_html(v['z'], 1)} give a = {_vector_html(v['a'])}. "
                f"The Jacobian J = diag(a) {MINUS} a a<sup>T</sup> has the rows {rows}; "
                f"every row sums to 0.")


def jacobian_explorer(z=(2.0, 1.0, 0.1)):
    """Logit sliders; the softmax Jacobian as a heatmap with values and row sums.

    z: 2 to 5 logits.
    """
    return JacobianExplorer(_logit_vector(z))


# ---------------------------------------------------------------- 5. targets

class TargetExplorer(Explorer):
    """a, the target y (one-hot or label-smoothed) and the gradient a - y."""

    FLIPBOOK = {"true_class": None, "smoothing": 20}  # every true class; s = 0, 0.05, ..., 0.95

    def __init__(self, z, true_class, smoothing):
        self.K = len(z)
        controls = _logit_sliders(z)
        controls["true_class"] = _class_selector("true class", self.K, true_class)
        controls["smoothing"] = widgets.FloatSlider(value=smoothing, min=0.0, max=0.95, step=0.05,
                                                    description="smoothing s",
                                                    style={"description_width": "initial"})
        super().__init__(controls, figsize=(NARROW_WIDTH, 6.6))

    def _build(self):
        K = self.K
        self.ax = self.figure.add_axes((0.13, 0.3, 0.84, 0.5))
        width = 0.27
        classes = np.arange(K)
        self.bar_groups = {}
        for offset, key, label, colour in ((-width, "a", "$a$ (prediction)", BLUE),
                                           (0.0, "y", "$y$ (target)", ORANGE),
                                           (width, "a - y", r"$a - y = \partial L/\partial z$",
                                            GREEN)):
            bars = self.ax.bar(classes + offset, np.zeros(K), width=width * 0.95, color=colour,
                               label=label)
            self.bar_groups[key] = (bars, _value_texts(self.ax, bars, fontsize=MIN_FONT,
                                                       rotation=90))
        self.ax.axhline(0, color="black", linewidth=0.8)
        self.ax.set_xticks(classes, [str(i + 1) for i in classes])
        self.ax.set_xlabel("class $i$")
        self.ax.set_ylim(-1.8, 1.6)
        self.figure.legend(loc="upper left", bbox_to_anchor=(0.02, 0.99), ncol=1, frameon=False,
                           fontsize=12, borderaxespad=0)
        self.ax.set_title("target $y = (1-s)\\,e_c + s/K$", fontsize=13)
        labels = ("true class $c$ =", "smoothing $s$ =", "$L = -\\Sigma_i\\, y_i \\ln a_i$ =",
                  "$\\Sigma_i\\,(a_i - y_i)$ =")
        places = ((0.3, 0.12), (0.3, 0.05), (0.8, 0.12), (0.8, 0.05))
        self.readouts = [_readout(self.figure, x, y, label)
                         for (x, y), label in zip(places, labels, strict=True)]
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

    def describe_html(self):
        v = self.values
        return (f"The prediction a = {_vector_html(v['a'])} and the target "
                f"y = {_vector_html(v['y'])} (true class c = {v['true_class'] + 1}, smoothing "
                f"s = {v['smoothing']:.2f}) give the gradient a {MINUS} y = "
                f"{_vector_html(v['gradient'])} and the loss L = {_number(v['loss'])}.")


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
