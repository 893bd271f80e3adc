"""Small repairs to the HTML the extensions write, and links derived from the repository URL.

- sphinx-exercise gives every exercise the id `exercise-content` and every solution the id
  `solution-content`, so a page with several has duplicate ids (invalid HTML). Each becomes
  `<id of its exercise or solution>-content`; nothing links to the old ids.
- `repository.url` in _config.yml is the one setting that leads back to the source: the theme
  derives its repository, issue and launch buttons from it, and this extension derives the
  MyST substitution `{{ report_a_mistake }}` (a link to the repository's issues) for the pages.
- Publishing checks that URL: the workflow that publishes the site sets COURSE_PUBLISH_URL to the
  repository it publishes from, and the build then fails while repository.url is the placeholder
  this course ships with, names another repository, or the chapters' install cells (what Colab
  runs, tools/install_cells.py) name another. Builds that do not publish are not held up.
- Theme files no page loads are left out of the site: `fontawesome.js` (the layout template
  no longer loads it; the theme's stylesheet and web fonts draw the icons), source maps, and
  the themes' template macros that Sphinx copies along with their static files.
- Each page of the table of contents gets its description for search engines from
  `page_descriptions` in _config.yml (the layout template writes it as <meta name="description">);
  a page without one is a warning, so `-W` fails the build.
- The repository button's GitHub logo is the only icon from Font Awesome's brands font, a
  118 kB download on every page: it becomes the solid font's code-branch icon.
"""

import importlib.util
import os
import re
from pathlib import Path

from sphinx.errors import ConfigError
from sphinx.util import logging

logger = logging.getLogger(__name__)

# The opening tag of an exercise or solution box, or one of the ids sphinx-exercise repeats.
_BOX_OR_CONTENT = re.compile(
    r'<div class="(?:exercise|solution)\b[^"]*" id="(?P<box>[^"]+)"'
    r'|id="(?P<content>exercise|solution)-content"')
BRAND_ICON = re.compile(r"\b(?:fab|fa-brands) fa-(?:github|gitlab|bitbucket)\b")
REPOSITORY_ICON = "fa-solid fa-code-branch"
_UNUSED_THEME_FILES = ("scripts/fontawesome.js", "scripts/fontawesome.js.LICENSE.txt",
                       "webpack-macros.html", "sbt-webpack-macros.html")


def unique_content_ids(body):
    """`body` with each repeated sphinx-exercise content id made unique after its box's id."""
    box = None

    def replace(match):
        nonlocal box
        if match.group("box"):
            box = match.group("box")
            return match.group(0)
        if box is None:
            raise ValueError(f"{match.group(0)} outside an exercise or solution box")
        return f'id="{box}-content"'

    return _BOX_OR_CONTENT.sub(replace, body)


def fix_ids(app, pagename, templatename, context, doctree):
    if "body" in context:
        context["body"] = listed_citations(unique_content_ids(context["body"]))


def listed_citations(body):
    """Each citation in docutils' role="list" container becomes a list item (axe: aria-required-children)."""
    return body.replace('role="doc-biblioentry"', 'role="listitem"')


def solid_repository_icons(app, pagename, templatename, context, doctree):
    """Replace brand-font icons in the theme's header buttons (nested in groups) by a solid one."""
    def replace(buttons):
        for button in buttons:
            if isinstance(button.get("icon"), str):
                button["icon"] = BRAND_ICON.sub(REPOSITORY_ICON, button["icon"])
            replace(button.get("buttons", []))

    replace(context.get("header_buttons", []))


def page_description(app, pagename, templatename, context, doctree):
    description = app.config.page_descriptions.get(pagename)
    if doctree is not None and not description:
        logger.warning(f"no description for {pagename}: add it to page_descriptions in _config.yml",
                       location=pagename)
    context["page_description"] = description


def issues_url(repository_url):
    """The issue tracker of a GitHub or GitLab repository URL."""
    return repository_url.rstrip("/").removesuffix(".git") + "/issues"


# The repository URL the course ships with, until a host sets its own.
PLACEHOLDER_URL = "https://github.com/softmax-course/softmax-gradient"
PUBLISH = "COURSE_PUBLISH_URL"


def _same_url(a, b):
    return a.rstrip("/").removesuffix(".git").lower() == b.rstrip("/").removesuffix(".git").lower()


def publishing_problems(repository_url, published, stale_notebooks=()):
    """Why a site whose repository.url is `repository_url` cannot be published from the repository
    at `published` (empty: not publishing, no problem)."""
    if not published:
        return []
    problems = []
    if _same_url(repository_url, PLACEHOLDER_URL):
        problems.append(f"repository.url is still the placeholder {PLACEHOLDER_URL}")
    if not _same_url(repository_url, published):
        problems.append(f"repository.url is {repository_url}, but the site is published from {published}")
    problems += [f"{path}: its install cell names another repository (run tools/install_cells.py)"
                 for path in stale_notebooks]
    return problems


def install_cells_tool(root):
    """The module tools/install_cells.py of the repository at `root`, loaded from its file (tools/
    is no package, and the build does not put it on the import path)."""
    spec = importlib.util.spec_from_file_location("install_cells", Path(root) / "tools" / "install_cells.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def check_publishing(app, config):
    published = os.environ.get(PUBLISH, "").strip()
    if not published:
        return
    stale = [path.name for path in install_cells_tool(app.confdir).out_of_date(app.confdir)]
    problems = publishing_problems(config.html_theme_options.get("repository_url", ""), published, stale)
    if problems:
        raise ConfigError("_config.yml: cannot publish the site while " + "; ".join(problems)
                          + ". Set repository.url (and its branch) to the repository the site is "
                          "built from, then run tools/install_cells.py.")


def add_repository_substitutions(app, config):
    repository_url = config.html_theme_options.get("repository_url", "")
    if not repository_url:
        raise ValueError("_config.yml: set repository.url to the URL of the book's repository")
    check_publishing(app, config)
    config.myst_substitutions = {
        **config.myst_substitutions,
        "report_a_mistake": f"[open an issue]({issues_url(repository_url)})",
    }


def drop_unused_theme_files(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    for name in _UNUSED_THEME_FILES:
        (static / name).unlink(missing_ok=True)
    for source_map in static.rglob("*.map"):
        source_map.unlink()


def setup(app):
    app.add_config_value("page_descriptions", {}, "html", dict)
    app.connect("html-page-context", page_description)
    app.connect("config-inited", add_repository_substitutions)
    app.connect("html-page-context", fix_ids)
    # After sphinx-book-theme has made its header buttons (priority 501).
    app.connect("html-page-context", solid_repository_icons, priority=600)
    app.connect("build-finished", drop_unused_theme_files)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
