"""Interactive explorers: sliders that redraw a figure of the derivation, laid out like the
grader (softmax_grader).

- `base`: what every explorer shares (the Explorer widget, its flip-book, the readout pieces);
- one module per chapter, named by the chapter's slug in softmax_course.chapters, holding the
  explorers its page shows (classifier also draws chapter 6's still pictures);
- `registry.EXPLORERS`: every explorer function, by name, in chapter order, each callable
  without arguments as its page first shows it.

Every explorer function is importable from here (`from softmax_course.explorers import
forward_explorer`), as are Explorer, FLIPBOOK_ENV, FLIPBOOK_MIME and plain_text from `base`; each function's
docstring gives its arguments.
"""

from softmax_course.explorers.base import FLIPBOOK_ENV, FLIPBOOK_MIME, Explorer, plain_text
from softmax_course.explorers.registry import EXPLORERS

globals().update(EXPLORERS)

__all__ = ["EXPLORERS", "FLIPBOOK_ENV", "FLIPBOOK_MIME", "Explorer", "plain_text", *EXPLORERS]
