"""The look of every picture in the course, and the one way they become PNGs.

Every figure and explorer is a `Picture` (a matplotlib Figure on its own Agg
canvas, no pyplot involved) built inside `style()`, and turned into PNG bytes by
`encode`: explorers encode their canvas after each redraw, static figures by
`Picture.png()`, which Jupyter calls through `_repr_png_`.

Colours are the colour-blind safe Okabe-Ito palette.
"""

import io

import matplotlib
import PIL.Image
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

DPI = 100
STYLE = {"font.size": 13, "axes.titlesize": 14, "axes.labelsize": 13,
         "xtick.labelsize": 12, "ytick.labelsize": 12, "legend.fontsize": 12,
         "axes.spines.top": False, "axes.spines.right": False}

BLUE, ORANGE, GREEN, GREY, RED, PINK = "#0072B2", "#E69F00", "#009E73", "#999999", "#D55E00", "#CC79A7"
CLASS_COLOURS = (BLUE, ORANGE, GREEN, RED, PINK)
# Light tints of CLASS_COLOURS, for the areas behind the points (decision regions).
REGION_COLOURS = ("#B3D4EA", "#F5DDA8", "#A8DCCB", "#F0BFA3", "#EBCBDD")


def style():
    """The course style (readable font sizes, no top or right spine).

    A context manager, or a decorator for a function that builds a figure.
    """
    return matplotlib.rc_context(STYLE)


class Picture(Figure):
    """A Figure of `figsize` inches at DPI on its own Agg canvas; Jupyter shows it as a PNG."""

    def __init__(self, figsize, **kwargs):
        super().__init__(figsize=figsize, dpi=DPI, **kwargs)
        FigureCanvasAgg(self)

    def png(self):
        """Draw the whole figure in the course style and return it as PNG bytes."""
        with style():
            self.canvas.draw()
        return encode(self.canvas)

    def _repr_png_(self):
        return self.png()


def encode(canvas):
    """The Agg canvas's current pixels as PNG bytes.

    RGB (the pictures are opaque) with light compression: about 20% faster and 10%
    smaller than matplotlib's own RGBA writer (matplotlib.image.imsave), which
    also goes through Pillow.
    """
    return _png(_pixels(canvas), compress_level=2)


def encode_small(canvas, colours):
    """The canvas's pixels as a PNG of at most `colours` colours, about a third of
    encode's size: the frames of a flip-book on the static site."""
    pixels = _pixels(canvas).quantize(colours, method=PIL.Image.Quantize.MAXCOVERAGE)
    return _png(pixels, compress_level=6)


def _pixels(canvas):
    """The Agg canvas's current pixels as an RGB image."""
    width, height = canvas.get_width_height()
    rgba = PIL.Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    return rgba.convert("RGB")


def _png(image, compress_level):
    buffer = io.BytesIO()
    image.save(buffer, format="png", compress_level=compress_level)
    return buffer.getvalue()
