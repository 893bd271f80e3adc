"""_ext/stylesheets.py: each page's stylesheets from _static/ joined into one file, in order, and
the icon fonts cut to the icons the stylesheets name."""

import shutil
from pathlib import Path

import pydata_sphinx_theme
from fontTools.ttLib import TTFont

from stylesheets import ICON_FONTS, bundle_stylesheets, cut_icon_fonts

PAGE = """<html><head>
<link href="../_static/styles/theme.css?digest=1" rel="stylesheet" />
<link rel="stylesheet" type="text/css" href="../_static/course.css?v=2" />
<link rel="stylesheet" href="../_static/print.css" media="print" />
</head><body>Text.</body></html>"""


def site(tmp_path):
    static = tmp_path / "_static"
    (static / "styles").mkdir(parents=True)
    (static / "basic.css").write_text("body { background: url(file.png); }")
    (static / "styles" / "theme.css").write_text(
        '@import "../basic.css";\n@font-face { src: url("../vendor/font.woff2"); }')
    (static / "course.css").write_text("p { color: red; }")
    (static / "print.css").write_text("pre { white-space: pre-wrap; }")
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "page.html").write_text(PAGE)
    return tmp_path


def test_a_page_links_one_bundle_in_its_stylesheets_order(tmp_path):
    bundle_stylesheets(site(tmp_path))
    page = (tmp_path / "book" / "page.html").read_text()
    bundles = list((tmp_path / "_static").glob("bundle-*.css"))
    assert len(bundles) == 1 and page.count('rel="stylesheet"') == 2
    assert f'href="../_static/{bundles[0].name}?v=' in page and 'media="print"' in page
    text = bundles[0].read_text()
    assert "@import" not in text
    assert text.index('url("file.png")') < text.index('url("vendor/font.woff2")') < text.index("color: red")


def test_a_page_written_before_keeps_a_bundle_written_anew(tmp_path):
    bundle_stylesheets(site(tmp_path))
    page = (tmp_path / "book" / "page.html").read_text()
    (tmp_path / "_static" / "course.css").write_text("p { color: blue; }")
    bundle_stylesheets(tmp_path)
    assert (tmp_path / "book" / "page.html").read_text() == page
    (bundle,) = (tmp_path / "_static").glob("bundle-*.css")
    assert "color: blue" in bundle.read_text()


def test_the_icon_fonts_keep_the_icons_the_stylesheets_name(tmp_path):
    theme = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"
    fonts = tmp_path / ICON_FONTS
    fonts.mkdir(parents=True)
    shutil.copy(theme / "vendor" / "fontawesome" / "webfonts" / "fa-solid-900.woff2", fonts)
    (tmp_path / "_static" / "icons.css").write_text(
        '.fa-bars:before{content:"\uf0c9"}\n.onthispage:after{content:"\\f107"}')
    cut_icon_fonts(tmp_path)
    font = TTFont(fonts / "fa-solid-900.woff2")
    assert set(font.getBestCmap()) == {0xF0C9, 0xF107}
    assert (fonts / "fa-solid-900.woff2").stat().st_size < 10_000
