"""The built site as a phone first meets it: nothing to typeset, nothing that holds back the first paint.

Checks of every page's HTML: each formula was typeset at build time (_ext/server_math.py) and
no page loads MathJax or asks for anything outside the site to draw its maths; every script
file is deferred; only the search page loads the search index; every page of the book has a
description for search engines. And in the browser, copying maths gives its TeX. Lighthouse's
figures, which these make possible, come from `python tools/page_weight.py --lighthouse`
(README, "Measured figures"); tests/test_site.py checks, page by page in Chromium, that no request
leaves the site, that none fails and that every formula shows typeset.
"""

import re

import pytest

from course_testing.site import new_context, open_page, site_pages

pytestmark = pytest.mark.slow

MATH_ELEMENT = re.compile(r'<(span|div) class="math notranslate nohighlight"[^>]*>\s*'
                          r'(?:<span class="eqno">.*?</span>)?(?P<next>.{0,40})', re.S)
MATHJAX_SCRIPT = re.compile(r"<script[^>]*(?:src=\"[^\"]*mathjax|>\s*window\.MathJax)", re.I)
SCRIPT_FILE = re.compile(r"<script\b[^>]*\bsrc=[^>]*>")
FONT_URL = re.compile(r'url\("([^"]+)"\)')
STYLESHEET = re.compile(r'<link\b(?=[^>]*\brel="stylesheet")(?![^>]*\bmedia=)[^>]*>')
FONT_FACE = re.compile(r"@font-face[^{]*\{[^}]*\}")


def pages(site):
    html, _ = site
    return {page: (html / page).read_text(encoding="utf-8") for page in site_pages(html)}


def test_every_formula_is_typeset_at_build_time(site):
    html, _ = site
    found, formulas = [], 0
    for page, text in pages(site).items():
        for match in MATH_ELEMENT.finditer(text):
            formulas += 1
            if not match["next"].startswith("<mjx-container data-tex="):
                found.append(f"{page}: a formula left for the browser: {match['next']!r}")
        if MATHJAX_SCRIPT.search(text):
            found.append(f"{page} loads MathJax")
        for url in set(FONT_URL.findall(text)):
            if not (html / page).parent.joinpath(url).resolve().is_file():
                found.append(f"{page}: font {url} is not in the site")
    assert formulas > 500, f"only {formulas} formulas in the site: is the build right?"
    assert not found, "\n".join(found[:40])


def test_no_script_file_holds_back_the_first_paint(site):
    found = []
    for page, text in pages(site).items():
        if page.name == "search.html":  # the theme's search page loads its index and tools itself
            continue
        found += [f"{page}: {tag}" for tag in SCRIPT_FILE.findall(text)
                  if not re.search(r"\b(defer|async)\b", tag)]
        if "searchindex.js" in text:
            found.append(f"{page} loads the search index")
    assert not found, "scripts that block the first paint:\n" + "\n".join(found[:40])


def test_each_page_waits_for_one_stylesheet_and_no_font(site):
    """One stylesheet at most holds back the first paint (_ext/stylesheets.py), and a formula is drawn
    in a fallback font until its own arrives (font-display: swap), not left invisible."""
    found = []
    for page, text in pages(site).items():
        sheets = STYLESHEET.findall(text)
        if len(sheets) > 1:
            found.append(f"{page}: {len(sheets)} stylesheets: {sheets}")
        found += [f"{page}: {face[:60]}" for face in FONT_FACE.findall(text)
                  if "font-display: swap" not in face]
    assert not found, "\n".join(found[:40])


def test_every_page_of_the_book_has_a_description(site):
    book = {page: text for page, text in pages(site).items() if page.parts[0] == "book"}
    assert len(book) >= 11
    missing = [page for page, text in book.items()
               if not re.search(r'<meta name="description" content="[^"]{50,}"', text)]
    assert not missing, f"pages without a description: {missing}"


def test_copied_maths_is_its_tex(site, browser):
    """Select the first paragraph of chapter 1 and copy it: its formulas come as TeX between $."""
    _, base = site
    context = new_context(browser, "desktop")
    record = {"outside": [], "failed": [], "console": []}
    page = open_page(context, base + "book/01_forward_pass.html", record)
    copied = page.evaluate("""() => {
      const paragraph = [...document.querySelectorAll('article p')]
        .find(p => p.querySelector('mjx-container'));
      getSelection().selectAllChildren(paragraph);
      const clipboardData = new DataTransfer();
      paragraph.dispatchEvent(new ClipboardEvent('copy', {clipboardData, bubbles: true, cancelable: true}));
      return {text: clipboardData.getData('text/plain'),
              tex: paragraph.querySelector('mjx-container').dataset.tex};
    }""")
    context.close()
    assert f"${copied['tex'].strip()}$" in copied["text"], copied
    assert not record["console"], record["console"]
