"""The explorers as flip-books on the static site (see softmax_course.explorers).

- setup() sets the environment variable softmax_course.explorers.FLIPBOOK_ENV before
  myst-nb executes any notebook; the kernels inherit it, so each explorer's output
  gains a `text/html` flip-book whose frames its own Python renders (base64 PNGs in a
  JSON blob). In Jupyter the variable is unset and nothing changes.
- Each page's frames are moved out of the HTML into files,
  `_images/flipbook/<SHA-256 of the PNG, 16 hex digits>.png`, and the blob keeps their
  URLs, so a page stays light and _static/flipbook.js fetches frames only as a reader
  gets near them. A page whose frames weigh more than MAX_PAGE_BYTES is a warning (an
  error with -W).
- myst-nb's execution cache, and Sphinx, do not know that the notebooks' outputs depend
  on the softmax_course package: when the package's source changes, the cache is
  emptied and every notebook is read and executed again, so the site never shows
  pictures or flip-books of an older package.
"""

import base64
import hashlib
import importlib.util
import json
import os
import re
import shutil
from pathlib import Path

from sphinx.util import logging

from softmax_course.explorers.base import FLIPBOOK_ENV

FOLDER = "_images/flipbook"
MAX_PAGE_BYTES = 1_000_000
FRAMES = re.compile(r'(<script type="application/json" class="flipbook-frames">)(.*?)(</script>)',
                    re.DOTALL)
DATA_PNG = re.compile(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"')
PACKAGE_STAMP = "softmax_course.sha256"

logger = logging.getLogger(__name__)


def move_frames(body, outdir, url):
    """(body, frame bytes): `body` with every flip-book's frames written to files.

    outdir: the site's directory; url(path): the URL of a site path from the page.
    Each frame's "png" (base64) becomes "src" (its URL), and every data: picture that is
    one of the frames (the <img> showing the first frame) points to its file instead.
    """
    urls, total = {}, 0

    def replace(match):
        nonlocal total
        payload = json.loads(match.group(2))
        for frame in payload["frames"]:
            encoded = frame.pop("png")
            png = base64.b64decode(encoded)
            path = f"{FOLDER}/{hashlib.sha256(png).hexdigest()[:16]}.png"
            target = Path(outdir) / path
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(png)
            frame["src"] = urls[encoded] = url(path)
            total += len(png)
        blob = json.dumps(payload, separators=(",", ":")).replace("</", "<\\/")
        return match.group(1) + blob + match.group(3)

    body = FRAMES.sub(replace, body)
    body = DATA_PNG.sub(lambda m: f'src="{urls[m.group(1)]}"' if m.group(1) in urls else m.group(0),
                        body)
    return body, total


def write_frames(app, pagename, templatename, context, doctree):
    body = context.get("body", "")
    if "flipbook-frames" not in body:
        return
    context["body"], total = move_frames(body, app.outdir, lambda path: context["pathto"](path, 1))
    if total > MAX_PAGE_BYTES:
        logger.warning(f"{pagename}: its flip-book frames weigh {total} bytes, more than "
                       f"{MAX_PAGE_BYTES}: declare fewer frames in the explorer's FLIPBOOK",
                       location=pagename)


def package_fingerprint():
    """SHA-256 of the softmax_course package's Python source (paths and contents)."""
    package = Path(importlib.util.find_spec("softmax_course").submodule_search_locations[0])
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def empty_stale_cache(app):
    """Empty myst-nb's execution cache if softmax_course changed since it was filled.

    Returns whether it did (a cache without a fingerprint counts as changed).
    """
    cache = Path(app.config.nb_execution_cache_path or Path(app.outdir).parent / ".jupyter_cache")
    stamp = cache / PACKAGE_STAMP
    fingerprint = package_fingerprint()
    if stamp.exists() and stamp.read_text(encoding="utf-8") == fingerprint:
        return False
    if cache.exists():
        logger.info(f"softmax_course changed: emptying the execution cache {cache}")
        shutil.rmtree(cache)
    cache.mkdir(parents=True)
    stamp.write_text(fingerprint, encoding="utf-8")
    return True


def reread_notebooks(app, env, added, changed, removed):
    """Every notebook, to be read (and so executed) again, if softmax_course changed."""
    if not empty_stale_cache(app):
        return []
    return [docname for docname in env.found_docs if str(env.doc2path(docname)).endswith(".ipynb")]


def setup(app):
    os.environ[FLIPBOOK_ENV] = "1"
    app.connect("env-get-outdated", reread_notebooks)
    app.connect("html-page-context", write_frames)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
