"""What every explorer shares: the Explorer widget (controls above a picture), its
flip-book, and the pieces the chapters' explorers draw with. The explorers themselves live
in the chapters' modules (see softmax_course.explorers). Logits z hold 2 to 5 numbers. A
bad argument raises TypeError (wrong type) or ValueError (wrong value or shape) naming it.

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
  current picture, base64) and `text/plain` (describe()). When the environment
  variable FLIPBOOK_ENV is set (the site's build sets it for the kernels it starts:
  _ext/flipbook) it adds FLIPBOOK_MIME, the explorer as a flip-book, as data (below).
  Only then: the frames weigh 0.4 to 1.2 MB per chapter in base64 and take 0.7 to 2 s
  to draw, which neither a notebook stored in git nor a learner in Jupyter should pay.

The flip-book is how the static site, where no Python runs, lets a reader move the
explorer's most instructive controls. An explorer declares them in FLIPBOOK,
{control name: number of frames, or the values} (a class attribute, or set in
__init__ when the names depend on the arguments): one to three controls, each a
slider or a choice (buttons such as the true class; None takes all its options).
For each combination of their values it renders a frame at build time: a small PNG
and its readout, describe_html() (plain words, Unicode maths, <sub>/<sup>), whose
plain text describe() is the frame's alt text.
`flipbook_axes()` says which values, `flipbook_frames()` renders them,
`flipbook_controls()` names them in words and `flipbook_data()` puts it all together:
the controls, their values' texts and the frames. The site's MIME renderer
(_ext/flipbook) writes the frames to files and the HTML that shows them.

A new explorer goes in its chapter's module, is named in softmax_course.chapters, subclasses
Explorer, passes its controls and figure size to
`Explorer.__init__`, and fills in four methods: `_build()` creates the axes and
artists once (in the course style) and passes the ones that change to
`_changing(...)`; `_compute()` returns the numbers for the current control values
(kept as `values`); `_draw(values)` updates the changing artists from them; and
`describe_html()`; it may declare FLIPBOOK. A redraw repaints the background drawn
once (axes, ticks, labels) and draws only the changing artists on it, then encodes
the PNG with softmax_course.pictures.encode.
"""

import base64
import html
import itertools
import os
import re

import ipywidgets as widgets
import matplotlib.text
import numpy as np

from softmax_course import _checks
from softmax_course.pictures import Picture, encode, encode_small, style

MIN_CLASSES, MAX_CLASSES = 2, 5
FLIPBOOK_ENV = "SOFTMAX_COURSE_FLIPBOOK"
FLIPBOOK_MIME = "application/vnd.softmax-course.flipbook+json"
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
            bundle[FLIPBOOK_MIME] = self.flipbook_data()
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

    def flipbook_data(self):
        """The explorer as a flip-book, as data (the FLIPBOOK_MIME output; JSON-ready).

        {"controls": [{"name": description, "kind": "slider" or "choice", "labels": each
        value's text, "position": the index of the current value}], "width", "height": the
        picture's pixels, "smallest_text_px", "frames": [{"png": base64, "text": describe(),
        "html": describe_html()}]}, frames in flipbook_frames() order (last control fastest).
        """
        axes = self.flipbook_axes()
        frames = self.flipbook_frames(axes)
        width, height = self.figure.canvas.get_width_height()
        controls = [{"name": description, "kind": kind,
                     "labels": [_value_text(self.controls[name], value) for value in values],
                     "position": values.index(self.controls[name].value)}
                    for (name, values), (description, kind) in zip(axes, self.flipbook_controls(),
                                                                    strict=True)]
        return {"controls": controls, "width": width, "height": height,
                "smallest_text_px": self.smallest_text_px(),
                "frames": [{"png": base64.b64encode(png).decode("ascii"), "text": text,
                            "html": readout} for png, text, readout in frames]}

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
