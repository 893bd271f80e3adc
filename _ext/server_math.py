"""Mathematics typeset at build time: the reader's browser typesets nothing.

Sphinx writes each formula as TeX (`\\(...\\)` in a <span class="math">, `\\[...\\]` in a
<div class="math"> after its equation number) for MathJax to typeset in the browser: on a
phone that took seconds (a 1.16 MB script) and held back the page's largest paint. Once the
pages are written, MathJax in Node (_ext/typeset_math.js, `mathjax-full` from npm) typesets
every formula of every page in one run: its output (CommonHTML, with a hidden MathML copy
for screen readers, as in the browser) replaces the TeX, the stylesheet of the page's
characters goes into the page's <head>, and MathJax's web fonts are copied to
`_static/mathjax-fonts/`. No page loads a MathJax script.

Equation numbers and links stay Sphinx's. Macros go where MathJax reads them,
`mathjax3_config: tex: macros:` in _config.yml. Each formula keeps its TeX in `data-tex`
(course.js puts it on the clipboard when a selection is copied). A TeX error is a warning,
so `-W` fails the build.
"""

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

from sphinx.util import logging

ROOT = Path(__file__).resolve().parents[1]
TYPESET = Path(__file__).with_name("typeset_math.js")
FONTS = ROOT / "node_modules" / "mathjax-full" / "es5" / "output" / "chtml" / "fonts" / "woff-v2"
FONT_DIR = "_static/mathjax-fonts"
FORMULA = re.compile(
    r'(?P<open><span class="math notranslate nohighlight">)\\\((?P<inline>.*?)\\\)</span>'
    r'|(?P<head><div class="math notranslate nohighlight"[^>]*>\s*(?:<span class="eqno">.*?</span>)?)'
    r'\\\[(?P<display>.*?)\\\]</div>', re.S)

FONT_FACE = re.compile(r"@font-face[^{]*\{")

logger = logging.getLogger(__name__)


def formulas(page_html):
    """[{"tex", "display"}] for each formula left for MathJax in a page, in order."""
    return [{"tex": html.unescape(match["display"] if match["head"] else match["inline"]),
             "display": bool(match["head"])} for match in FORMULA.finditer(page_html)]


def typeset(pages, tex_options):
    """[{"css", "html", "errors"}] for `pages`, [{"fontURL", "formulas"}], from MathJax in Node."""
    if not FONTS.is_dir():
        raise RuntimeError(f"{FONTS} is missing: run `npm ci` at the repository root")
    result = subprocess.run(["node", str(TYPESET)], capture_output=True, text=True, check=True,
                            input=json.dumps({"tex": tex_options, "pages": pages}))
    return json.loads(result.stdout)


def with_typeset_math(page_html, typeset_page):
    """The page with each formula's TeX replaced by MathJax's output, and the stylesheet in <head>."""
    rendered = iter(typeset_page["html"])

    def replace(match):
        tex = html.escape(html.unescape(match["display"] or match["inline"]))
        container = next(rendered).replace("<mjx-container ", f'<mjx-container data-tex="{tex}" ', 1)
        return f'{match["head"]}{container}</div>' if match["head"] else f'{match["open"]}{container}</span>'

    page_html = FORMULA.sub(replace, page_html)
    style = f'<style id="mathjax-chtml">{swapped_fonts(typeset_page["css"])}</style>\n'
    return page_html.replace("</head>", style + "</head>", 1)


def swapped_fonts(css):
    """MathJax's stylesheet with its fonts swapped in when they arrive (`font-display: swap`).

    Until then a formula is drawn in a fallback font rather than left invisible, so the page's
    first paint waits for no font; nothing moves on the swap, since CommonHTML's stylesheet
    fixes the size of every character's box.
    """
    return FONT_FACE.sub(lambda match: match[0] + "\n  font-display: swap;", css)


def no_mathjax_script(app, pagename, templatename, context, doctree):
    context["script_files"] = [
        script for script in context.get("script_files", [])
        if "mathjax" not in (script.filename or "").lower()
        and not (script.attributes.get("body") or "").startswith("window.MathJax")]


def typeset_pages(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    paths, pages = [], []
    for path in sorted(outdir.rglob("*.html")):
        found = formulas(path.read_text(encoding="utf-8"))
        if found:
            paths.append(path)
            font_url = os.path.relpath(outdir / FONT_DIR, path.parent).replace(os.sep, "/")
            pages.append({"fontURL": font_url, "formulas": found})
    if not pages:
        return
    shutil.copytree(FONTS, outdir / FONT_DIR, dirs_exist_ok=True)
    tex_options = (app.config.mathjax3_config or {}).get("tex", {})
    for path, typeset_page in zip(paths, typeset(pages, tex_options), strict=True):
        for error in typeset_page["errors"]:
            logger.warning(f"TeX error: {error}", location=str(path.relative_to(outdir)))
        path.write_text(with_typeset_math(path.read_text(encoding="utf-8"), typeset_page), encoding="utf-8")


def setup(app):
    app.connect("html-page-context", no_mathjax_script)
    app.connect("build-finished", typeset_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
