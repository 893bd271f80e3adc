"""Guards of the patches that lean on upstream internals (issue 17, part 4).

Each test fails when the upstream behaviour a patch relies on changes: the private function it
replaces is gone or takes other arguments, or the bug it works around is fixed (then the
workaround can go). They run with the pinned versions of requirements.txt, in seconds.

- _ext/streams.py replaces myst-nb's coalesce_streams
  (https://github.com/executablebooks/MyST-NB/pull/640);
- _ext/page_scripts.py removes the inline scripts Sphinx 7.4 lists twice
  (https://github.com/sphinx-doc/sphinx/pull/13402);
- _ext/page_scripts.py also takes the first overflow pass out of pydata-sphinx-theme's minified
  script (course.js makes it block by block; no upstream issue: the pass is intended);
- tools/class_site.py calls Jupyter Book's build_sphinx (no public Python API; no upstream issue
  found).

_ext/search_words.py registers its search language through Sphinx's public add_search_language.
The flip-books' MIME renderer (_ext/flipbook, softmax_flipbook) is found through myst-nb's
public entry point group `myst_nb.mime_renderers`; _ext/notebook_cache.py reads the cache's
folder from myst-nb's resolved configuration (env.mystnb_config) and removes a notebook's record
through jupyter-cache's API. Their guards build a one-notebook book with both.
"""

import inspect
import json
from pathlib import Path

import jupyter_cache.cache.main
import myst_nb.core.render
import myst_nb.core.utils
import nbformat
import pydata_sphinx_theme
from jupyter_book.cli import main as jupyter_book_cli
from jupyter_book.sphinx import build_sphinx
from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace

import class_site
import page_scripts
import streams
from softmax_course.explorers import FLIPBOOK_MIME

INLINE_SCRIPT = "const SHOWN_ONCE = 1;"


def chunks(*texts):
    """A cell's outputs: one stdout stream output per text, as a kernel sends them."""
    return [nbformat.from_dict({"output_type": "stream", "name": "stdout", "text": text}) for text in texts]


def test_myst_nb_renders_through_the_function_streams_replaces():
    """The renderer looks coalesce_streams up in myst_nb.core.render each time, with the outputs
    as its one argument: replacing that name is what changes the page."""
    assert list(inspect.signature(myst_nb.core.render.coalesce_streams).parameters) == ["outputs"]
    method = myst_nb.core.render.MditRenderMixin._get_nb_code_cell_outputs
    assert "coalesce_streams" in method.__code__.co_names


def test_myst_nb_still_breaks_a_line_printed_in_two_chunks():
    """If this fails, myst-nb keeps the chunks as printed: _ext/streams.py can go."""
    assert myst_nb.core.utils.coalesce_streams(chunks("loss ", "0.5\n"))[0]["text"] == "loss\n0.5\n"


def test_the_extension_joins_the_chunks_as_printed(monkeypatch):
    monkeypatch.setattr(myst_nb.core.render, "coalesce_streams", myst_nb.core.render.coalesce_streams)
    streams.setup(None)
    assert myst_nb.core.render.coalesce_streams is streams.coalesce_streams
    assert streams.coalesce_streams(chunks("loss ", "0.5\n", "\n"))[0]["text"] == "loss 0.5\n\n"


def sphinx_build(folder):
    """Build the Sphinx project in `folder` into folder/_build, as sphinx-build does: the nodes
    and roles its extensions register are forgotten afterwards, so that a later build in this
    process (the class site's, in the same test worker) meets none of them; the application."""
    with docutils_namespace():
        app = Sphinx(folder, folder, folder / "_build", folder / "_doctrees", "html",
                     status=None, warning=None, freshenv=True)
        app.build()
    return app


def build(folder, extensions, text="Text."):
    """Build a one-page Sphinx project in `folder` with `extensions`, whose own setup adds an
    inline script once, when the builder is ready (as sphinx-thebe does); the html directory."""
    (folder / "conf.py").write_text(
        f"extensions = {extensions!r}\n\n"
        "def setup(app):\n"
        "    app.connect('builder-inited',\n"
        f"                lambda app: app.add_js_file(None, body={INLINE_SCRIPT!r}))\n")
    (folder / "index.rst").write_text(f"Title\n=====\n\n{text}\n")
    sphinx_build(folder)
    return folder / "_build"


def inline_script_count(folder, extensions):
    """How often the built page holds the inline script added once."""
    return (build(folder, extensions) / "index.html").read_text(encoding="utf-8").count(INLINE_SCRIPT)


def test_sphinx_still_lists_an_inline_script_twice(tmp_path):
    """If this fails, the pinned Sphinx has sphinx-doc/sphinx#13402: page_scripts' dedupe can go."""
    assert inline_script_count(tmp_path, []) == 2


def test_page_scripts_lists_it_once(tmp_path):
    assert inline_script_count(tmp_path, ["page_scripts"]) == 1


def test_the_theme_script_still_makes_one_first_overflow_pass():
    """If this fails, page_scripts.without_eager_tab_stops must follow the pinned theme's script."""
    static = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"
    script = (static / "scripts" / "pydata-sphinx-theme.js").read_text(encoding="utf-8")
    lazy = page_scripts.without_eager_tab_stops(script)
    assert script.count("childList:!0}),e()}") == 1 and "childList:!0}),e()}" not in lazy
    assert page_scripts.without_eager_tab_stops(lazy) == lazy, "a rebuild finds it patched"
    assert "addEventListener(\"resize\"" in lazy


def test_build_sphinx_takes_the_arguments_class_site_passes(tmp_path):
    arguments = class_site.sphinx_arguments(tmp_path / "_config.yml", tmp_path / "_toc.yml")
    inspect.signature(build_sphinx).bind(class_site.ROOT, tmp_path / "html", **arguments)


def test_jupyter_book_build_still_calls_build_sphinx():
    """class_site builds as `jupyter-book build` does only while the command calls build_sphinx."""
    code = jupyter_book_cli.build.callback.__code__
    assert "build_sphinx" in code.co_names + code.co_varnames


def test_search_words_registers_through_sphinx_public_api(tmp_path):
    """_ext/search_words.py replaces English search with app.add_search_language (public)."""
    html = build(tmp_path, ["search_words"], text="The log-sum-exp trick.")
    assert '"logsumexp"' in (html / "searchindex.js").read_text(encoding="utf-8")


def test_myst_nb_asks_the_flipbook_renderer_through_its_entry_point():
    assert "FlipbookRenderer" in {type(plugin).__name__ if not isinstance(plugin, type)
                                  else plugin.__name__ for plugin in myst_nb.core.render.load_mime_renders()}
    assert "load_mime_renders" in myst_nb.core.render.NbElementRenderer.render_mime_type.__code__.co_names


def test_jupyter_cache_matches_and_removes_a_notebooks_record():
    cache = jupyter_cache.cache.main.JupyterCacheBase
    assert list(inspect.signature(cache.match_cache_notebook).parameters) == ["self", "nb"]
    assert list(inspect.signature(cache.remove_cache).parameters) == ["self", "pk"]


def test_a_book_shows_a_flipbook_output_as_a_flipbook(tmp_path):
    """A notebook output holding FLIPBOOK_MIME and its picture becomes a flip-book whose frame
    is a file of the site, with the priority of _config.yml; myst-nb's configuration holds the
    resolved folder of its execution cache, which notebook_cache reads."""
    png = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJ"
           "RU5ErkJggg==")  # one pixel
    frame = {"png": png, "text": "A frame.", "html": "A frame."}
    data = {"controls": [{"name": "z_1", "kind": "slider", "labels": ["0", "1"], "position": 0}],
            "width": 1, "height": 1, "smallest_text_px": 16.67, "frames": [frame, frame]}
    output = nbformat.v4.new_output("display_data", {FLIPBOOK_MIME: data, "image/png": frame["png"],
                                                     "text/plain": "A frame."})
    cell = nbformat.v4.new_code_cell("explorer", outputs=[output])
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Title"), cell]),
                   tmp_path / "index.ipynb")
    (tmp_path / "conf.py").write_text(
        "extensions = ['myst_nb', 'softmax_flipbook', 'notebook_cache']\n"
        "nb_execution_mode = 'off'\n"
        f"nb_mime_priority_overrides = [('html', {FLIPBOOK_MIME!r}, 1)]\n")
    app = sphinx_build(tmp_path)
    page = (tmp_path / "_build" / "index.html").read_text(encoding="utf-8")
    name = next((tmp_path / "_build" / "_images" / "flipbook").glob("*.png")).name
    assert '<div class="flipbook"' in page and f'src="_images/flipbook/{name}"' in page
    assert json.loads(page.split('class="flipbook-frames">')[1].split("</script>")[0])["sizes"] == [2]
    assert app.env.mystnb_config.execution_cache_path == str(tmp_path / ".jupyter_cache")
