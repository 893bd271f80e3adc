"""The explorers as flip-books on the static site (see softmax_course.explorers.base).

An explorer's output carries its frames as data, FLIPBOOK_MIME: its controls, their values'
texts and one frame per combination (a base64 PNG, its describe() text and describe_html()
readout). This package is how the site shows it:

- FlipbookRenderer, a myst-nb MIME renderer (entry point `myst_nb.mime_renderers`), turns
  that output into a `flipbook` node and writes its frames as files named by their content,
  `<SHA-256, 16 hex digits>.png`, beside myst-nb's other outputs;
- the node's HTML: a labelled range input per slider, radio buttons per choice (hidden until
  static/flipbook.js wires them), the current frame as an <img>, the readout, and the frames'
  URLs and texts as JSON. The frames are copied to `_images/flipbook/` and fetched only as a
  reader nears them (static/flipbook.js, styled by static/flipbook.css);
- a page whose frames weigh more than MAX_PAGE_BYTES is a warning (an error with -W).

The explorers emit frames only when the environment variable FLIPBOOK_ENV is set, and setup()
sets it before myst-nb starts any kernel: it is the one channel from a Sphinx build into the
kernels myst-nb starts (no myst-nb option passes kernel arguments or code), and frames always
emitted would put 0.4 to 1.2 MB of base64 into every stored chapter and cost a learner 0.7 to
2 s per explorer shown in Jupyter. _config.yml ranks FLIPBOOK_MIME first for HTML, so the site
shows the flip-book and any other output of Jupyter shows the widget or its picture.
"""

import base64
import hashlib
import html
import json
import os
import re
import shutil
from pathlib import Path

from docutils import nodes
from sphinx.util import logging

from softmax_course.explorers.base import FLIPBOOK_ENV, FLIPBOOK_MIME

FOLDER = "flipbook"  # under myst-nb's output folder, and under the site's _images
MAX_PAGE_BYTES = 1_000_000
STATIC = Path(__file__).parent / "static"

logger = logging.getLogger(__name__)


class flipbook(nodes.General, nodes.Element):  # noqa: N801 (docutils names nodes in lower case)
    """An explorer's flip-book: attributes "controls", "width", "height", "smallest_text_px"
    as in FLIPBOOK_MIME, and "frames": [{"uri": the file myst-nb's write_file gave, "name",
    "bytes", "text", "html"}]."""


class FlipbookRenderer:
    """The myst-nb MIME renderer plugin (myst_nb.core.render.MimeRenderPlugin) for FLIPBOOK_MIME."""

    @staticmethod
    def handle_mime(renderer, data, inline):
        """A flipbook node for a FLIPBOOK_MIME output shown as a block, its frames written to
        files; None (not ours) for anything else."""
        if inline or data.mime_type != FLIPBOOK_MIME:
            return None
        payload = data.content if isinstance(data.content, dict) else json.loads(data.string)
        frames = []
        for frame in payload["frames"]:
            png = base64.b64decode(frame["png"])
            name = f"{hashlib.sha256(png).hexdigest()[:16]}.png"
            uri = renderer.write_file([FOLDER, name], png, exists_ok=True)
            frames.append({"uri": uri, "name": name, "bytes": len(png), "text": frame["text"],
                           "html": frame["html"]})
        return [flipbook(controls=payload["controls"], width=payload["width"],
                         height=payload["height"], smallest_text_px=payload["smallest_text_px"],
                         frames=frames)]


def flipbook_html(node, url):
    """The HTML of a flipbook node; url(frame) is the URL of a frame's file from the page."""
    controls = node["controls"]
    positions = [control["position"] for control in controls]
    sizes = [len(control["labels"]) for control in controls]
    index = 0
    for position, size in zip(positions, sizes, strict=True):
        index = index * size + position
    shown = node["frames"][index]
    blob = json.dumps({"sizes": sizes, "labels": [control["labels"] for control in controls],
                       "frames": [{"src": url(frame), "text": frame["text"], "html": frame["html"]}
                                  for frame in node["frames"]]})
    blob = blob.replace("</", "<\\/")  # never closes the <script>
    group = "flipbook-" + hashlib.sha256(blob.encode()).hexdigest()[:10]
    inputs = "".join(
        _choice_html(control, f"{group}-{axis}") if control["kind"] == "choice" else
        _slider_html(control) for axis, control in enumerate(controls))
    return (f'<div class="flipbook" data-smallest-text-px="{node["smallest_text_px"]}">'
            f'<div class="flipbook-controls" hidden>{inputs}</div>'
            f'<img class="flipbook-frame" src="{html.escape(url(shown))}" '
            f'alt="{html.escape(shown["text"])}" width="{node["width"]}" height="{node["height"]}">'
            f'<p class="flipbook-readout" aria-live="polite">{shown["html"]}</p>'
            f'<script type="application/json" class="flipbook-frames">{blob}</script></div>')


def _label_html(description):
    """A control's description as HTML: z_1 becomes z<sub>1</sub>."""
    return re.sub(r"\b([A-Za-z])_(\w+)", r"\1<sub>\2</sub>", html.escape(description))


def _slider_html(control):
    labels, position = control["labels"], control["position"]
    return ('<label class="flipbook-control">'
            f'<span class="flipbook-name">{_label_html(control["name"])}</span>'
            f'<input type="range" min="0" max="{len(labels) - 1}" step="1" value="{position}" '
            f'aria-valuetext="{html.escape(labels[position])}">'
            f'<span class="flipbook-value" aria-hidden="true">{html.escape(labels[position])}</span>'
            "</label>")


def _choice_html(control, group):
    buttons = "".join(
        f'<label class="flipbook-option"><input type="radio" name="{group}" value="{index}"'
        f'{" checked" if index == control["position"] else ""}><span>{html.escape(text)}</span>'
        "</label>" for index, text in enumerate(control["labels"]))
    return ('<fieldset class="flipbook-control flipbook-choice">'
            f'<legend class="flipbook-name">{_label_html(control["name"])}</legend>'
            f'<span class="flipbook-options">{buttons}</span></fieldset>')


def visit_flipbook_html(translator, node):
    """Copy the node's frames into the site's _images/flipbook and write its HTML."""
    builder = translator.builder
    folder = Path(builder.outdir, builder.imagedir, FOLDER)
    folder.mkdir(parents=True, exist_ok=True)
    for frame in node["frames"]:
        if not (folder / frame["name"]).exists():
            shutil.copyfile(Path(builder.srcdir, frame["uri"].lstrip("/")), folder / frame["name"])
    translator.body.append(flipbook_html(node, lambda frame: f"{builder.imgpath}/{FOLDER}/{frame['name']}"))
    raise nodes.SkipNode


def page_weight(app, pagename, templatename, context, doctree):
    """Warn when a page's flip-book frames weigh more than MAX_PAGE_BYTES."""
    if doctree is None:
        return
    total = sum(frame["bytes"] for node in doctree.findall(flipbook) for frame in node["frames"])
    if total > MAX_PAGE_BYTES:
        logger.warning(f"{pagename}: its flip-book frames weigh {total} bytes, more than "
                       f"{MAX_PAGE_BYTES}: declare fewer frames in the explorer's FLIPBOOK",
                       location=pagename)


def add_static(app):
    app.config.html_static_path.append(str(STATIC))


def setup(app):
    os.environ[FLIPBOOK_ENV] = "1"
    app.add_node(flipbook, html=(visit_flipbook_html, None))
    app.connect("builder-inited", add_static)
    app.add_js_file("flipbook.js")
    app.add_css_file("flipbook.css")
    app.connect("html-page-context", page_weight)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
