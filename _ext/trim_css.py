"""The theme's stylesheet trimmed to the rules the site can use.

pydata-sphinx-theme's stylesheet (397 kB, 65 kB gzipped) holds all of Bootstrap and an icon
class for each of Font Awesome's 1,900 icons; a page uses about a tenth of it, and the whole
of it must arrive before the page is first drawn. Once the site is written, a rule stays for
each selector whose class names and ids all occur as words in some page or script of the site
(so classes that the theme's scripts add stay too), and any selector for Bootstrap's tooltips
(their placement classes are put together at run time); at-rules stay whole.
"""

import re
from pathlib import Path

import tinycss2

STYLESHEET = "_static/styles/pydata-sphinx-theme.css"
KEPT_ALWAYS = "bs-tooltip"
NAME = re.compile(r"[.#]((?:[\w-]|\\.)+)")
WORD = re.compile(r"[A-Za-z_][\w-]*")
GROUPS = ("media", "supports", "layer", "container")


def _selectors(prelude):
    """The selectors of a rule's prelude, split at its top-level commas."""
    selectors = [[]]
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            selectors.append([])
        else:
            selectors[-1].append(token)
    return [tinycss2.serialize(selector).strip() for selector in selectors]


def trimmed(rules, words):
    kept = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = [selector for selector in _selectors(rule.prelude)
                         if KEPT_ALWAYS in selector
                         or all(name.replace("\\", "") in words for name in NAME.findall(selector))]
            if selectors:
                kept.append(",".join(selectors) + "{" + tinycss2.serialize(rule.content) + "}")
        elif rule.type == "at-rule" and rule.lower_at_keyword in GROUPS and rule.content is not None:
            inner = trimmed(tinycss2.parse_rule_list(rule.content, skip_whitespace=True,
                                                     skip_comments=True), words)
            if inner:
                kept.append(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}{{{''.join(inner)}}}")
        elif rule.type == "at-rule":
            kept.append(tinycss2.serialize([rule]))
    return kept


def trim_theme_stylesheet(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    words = set()
    for path in [*outdir.rglob("*.html"), *(outdir / "_static").rglob("*.js")]:
        words.update(WORD.findall(path.read_text(encoding="utf-8", errors="replace")))
    stylesheet = outdir / STYLESHEET
    rules = tinycss2.parse_stylesheet(stylesheet.read_text(encoding="utf-8"),
                                      skip_whitespace=True, skip_comments=True)
    stylesheet.write_text("".join(trimmed(rules, words)), encoding="utf-8")


def setup(app):
    app.connect("build-finished", trim_theme_stylesheet)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
