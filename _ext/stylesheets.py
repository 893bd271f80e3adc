"""The site's stylesheets: the theme's trimmed to the rules the site can use, its icon font cut to
the icons those rules draw, then each page's stylesheets in one file.

Trimming: pydata-sphinx-theme's stylesheet (397 kB, 65 kB gzipped) holds all of Bootstrap and an icon
class for each of Font Awesome's 1,900 icons; a page uses about a tenth of it, and the whole
of it must arrive before the page is first drawn. Once the site is written, a rule stays for
each selector whose class names and ids all occur as words in some page or script of the site
(so classes that the theme's scripts add stay too), and any selector for Bootstrap's tooltips
(their placement classes are put together at run time); at-rules stay whole.

Icons: Font Awesome's solid font (157 kB) holds 1,400 icons and arrives before a phone's first
paint counts as done; the site draws about twenty. Each of Font Awesome's web fonts keeps the
glyphs of the characters the site's stylesheets still name (Font Awesome's icon characters lie
in Unicode's private use area), after trimming.

Bundling: a page linked eleven stylesheets from _static/ (the themes', Pygments', each
extension's, the course's), and a phone must fetch them all, a round trip each on a slow
network, before it draws anything. Each page now links one file, `_static/bundle-<hash>.css`:
its stylesheets joined in their order, `@import`s put in place and `url()`s rewritten for the
file's folder. Pages that link the same stylesheets share a bundle; a link with a `media`
attribute, or outside _static/, stays as it is. The stylesheets stay in the site as they were.
"""

import hashlib
import json
import os
import re
from pathlib import Path

import tinycss2
from fontTools import subset

STYLESHEET = "_static/styles/pydata-sphinx-theme.css"
KEPT_ALWAYS = "bs-tooltip"
NAME = re.compile(r"[.#]((?:[\w-]|\\.)+)")
WORD = re.compile(r"[A-Za-z_][\w-]*")
GROUPS = ("media", "supports", "layer", "container")
ICON_FONTS = "_static/vendor/fontawesome/webfonts"
ICON = re.compile(r"[\ue000-\uf8ff]|\\(f[0-9a-fA-F]{3})\b")
LINK = re.compile(r'<link\b(?=[^>]*\brel="stylesheet")[^>]*\bhref="(?P<href>[^"?]+)(?:\?[^"]*)?"[^>]*/?>\s*')
IMPORT = re.compile(r'@import\s+(?:url\()?["\']?(?P<path>[^"\')]+)["\']?\)?\s*;')
URL = re.compile(r'url\(\s*(?P<quote>["\']?)(?P<path>[^"\')]+)(?P=quote)\s*\)')


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


def trim_theme_stylesheet(outdir):
    """The theme's stylesheet in the site in `outdir` keeps the rules the site's words can match."""
    words = set()
    for path in [*outdir.rglob("*.html"), *(outdir / "_static").rglob("*.js")]:
        words.update(WORD.findall(path.read_text(encoding="utf-8", errors="replace")))
    stylesheet = outdir / STYLESHEET
    rules = tinycss2.parse_stylesheet(stylesheet.read_text(encoding="utf-8"),
                                      skip_whitespace=True, skip_comments=True)
    stylesheet.write_text("".join(trimmed(rules, words)), encoding="utf-8")


def icons_named(css):
    """The private-use characters (icons) a stylesheet names, as characters or as escapes."""
    return {ord(match[0]) if not match[1] else int(match[1], 16) for match in ICON.finditer(css)}


def cut_icon_fonts(outdir):
    """Each woff2 icon font of the site in `outdir` keeps the glyphs its stylesheets name."""
    static = outdir / "_static"
    icons = set().union(*(icons_named(path.read_text(encoding="utf-8"))
                          for path in static.rglob("*.css") if not path.name.startswith("bundle-")))
    options = subset.Options(flavor="woff2", layout_features=["*"], notdef_outline=True)
    for path in (outdir / ICON_FONTS).glob("*.woff2"):
        font = subset.load_font(str(path), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=icons)
        subsetter.subset(font)
        subset.save_font(font, str(path), options)


def _inlined(path, static):
    """The stylesheet at `path` with its @imports in place and its url()s relative to `static`."""
    def relocate(match):
        target = match["path"]
        if re.match(r"[a-z]+:|/|#", target):
            return match[0]
        moved = os.path.relpath(path.parent / target, static).replace(os.sep, "/")
        return f'url("{moved}")'

    text = URL.sub(relocate, path.read_text(encoding="utf-8"))
    return IMPORT.sub(lambda match: _inlined((path.parent / match["path"]).resolve(), static), text)


def _bundle_text(sources, static):
    return "\n".join(_inlined(static / source, static) for source in sources)


def bundled_page(page_html, page_path, static):
    """(`page_html` with its _static stylesheets as one link, the bundle's name, its sources), or None.

    A bundle is named after its sources, so a page Sphinx does not write again keeps a link
    that stays right; its `?v=` changes with what the sources hold.
    """
    links = [match for match in LINK.finditer(page_html)
             if "media=" not in match[0]
             and (page_path.parent / match["href"]).resolve().is_relative_to(static)]
    if len(links) < 2:
        return None
    sources = [(page_path.parent / link["href"]).resolve().relative_to(static).as_posix() for link in links]
    name = f"bundle-{hashlib.sha256(' '.join(sources).encode()).hexdigest()[:12]}.css"
    version = hashlib.sha256(_bundle_text(sources, static).encode()).hexdigest()[:8]
    href = os.path.relpath(static / name, page_path.parent).replace(os.sep, "/")
    first = links[0].start()
    for link in reversed(links):
        page_html = page_html[:link.start()] + page_html[link.end():]
    tag = f'<link rel="stylesheet" href="{href}?v={version}" />\n'
    return page_html[:first] + tag + page_html[first:], name, sources


def bundle_stylesheets(outdir):
    """Each page of the site in `outdir` links one bundle of its _static stylesheets.

    `_static/bundles.json` keeps each bundle's sources, and every bundle is written anew from
    them on every build, also those of pages Sphinx did not write again.
    """
    static = (outdir / "_static").resolve()
    manifest = static / "bundles.json"
    bundles = json.loads(manifest.read_text()) if manifest.exists() else {}
    for path in outdir.rglob("*.html"):
        if path.resolve().is_relative_to(static):
            continue
        bundled = bundled_page(path.read_text(encoding="utf-8"), path.resolve(), static)
        if bundled:
            page_html, name, sources = bundled
            bundles[name] = sources
            path.write_text(page_html, encoding="utf-8")
    for name, sources in bundles.items():
        (static / name).write_text(_bundle_text(sources, static), encoding="utf-8")
    manifest.write_text(json.dumps(bundles, indent=1))


def trim_and_bundle(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    trim_theme_stylesheet(Path(app.outdir))
    cut_icon_fonts(Path(app.outdir))
    bundle_stylesheets(Path(app.outdir))


def setup(app):
    # After every other extension's last word: pydata-sphinx-theme writes pygments.css at build-finished.
    app.connect("build-finished", trim_and_bundle, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
