"""Execute again the notebooks whose softmax_course code changed, and only those.

myst-nb's execution cache (execute_notebooks: cache) keys a notebook by its own code, so it
does not see that a chapter's outputs depend on the softmax_course modules it imports. Before
Sphinx reads anything, this extension fingerprints, for each notebook, the source of the
softmax_course modules it imports, directly or through other modules, and of every package on the
way, whose __init__ runs. The imports are read statically by course_testing.imports (the
explorers' registry, `import_module(f"softmax_course.explorers.{chapter.slug}")`, imports the
explorer module of every chapter of the table). A notebook whose fingerprint differs from the one
recorded beside the cache loses its cache record (jupyter-cache's API) and is read again, so
myst-nb executes it; the other notebooks keep theirs. The cache's folder is myst-nb's, from its
configuration (execution_cache_path, resolved by myst-nb).
"""

import hashlib
import importlib.util
import json
import re
from pathlib import Path

import nbformat
from jupyter_cache import get_cache
from sphinx.util import logging

from course_testing.imports import imported_modules, modules_in

PACKAGE = "softmax_course"
FINGERPRINTS = "softmax_course-fingerprints.json"
MAGIC = re.compile(r"^\s*[%!].*$", re.MULTILINE)

logger = logging.getLogger(__name__)


def package_modules():
    """{dotted name: path} of every module of softmax_course."""
    return modules_in(Path(importlib.util.find_spec(PACKAGE).submodule_search_locations[0]), PACKAGE)


def executed_modules(source, name, is_package, known):
    """The modules of `known` that running code `source` (itself module `name`) executes: those it
    imports and every package on the way to them, whose __init__ runs first."""
    return {".".join(module.split(".")[:end])
            for module in imported_modules(source, name, is_package, known)
            for end in range(1, module.count(".") + 2)} & set(known)


def dependencies(notebook, known):
    """The softmax_course modules a notebook imports, directly or not."""
    found = set()
    for cell in notebook.cells:
        if cell.cell_type == "code":
            try:
                found |= executed_modules(MAGIC.sub("", cell.source), "__main__", False, known)
            except SyntaxError:
                continue
    todo = list(found)
    while todo:
        module = todo.pop()
        path = known[module]
        for more in executed_modules(path.read_text(encoding="utf-8"), module,
                                     path.name == "__init__.py", known) - found:
            found.add(more)
            todo.append(more)
    return found


def fingerprint(notebook, known):
    """SHA-256 of the names and sources of the softmax_course modules `notebook` imports."""
    digest = hashlib.sha256()
    for module in sorted(dependencies(notebook, known)):
        digest.update(module.encode() + b"\0" + known[module].read_bytes() + b"\0")
    return digest.hexdigest()


def stale_notebooks(app, env, added, changed, removed):
    """The notebooks whose softmax_course modules changed since they were cached, their cache
    records removed, to be read (and so executed) again."""
    config = env.mystnb_config
    if config.execution_mode != "cache":
        return []
    cache_path = Path(config.execution_cache_path)
    record_file = cache_path / FINGERPRINTS
    recorded = json.loads(record_file.read_text(encoding="utf-8")) if record_file.exists() else {}
    cache, known, stale = get_cache(str(cache_path)), package_modules(), []
    for docname in sorted(env.found_docs):
        path = Path(env.doc2path(docname))
        if path.suffix != ".ipynb":
            continue
        notebook = nbformat.read(path, as_version=4)
        now = fingerprint(notebook, known)
        if recorded.get(docname) == now:
            continue
        try:
            cache.remove_cache(cache.match_cache_notebook(notebook).pk)
        except KeyError:
            pass
        recorded[docname] = now
        stale.append(docname)
    if stale:
        logger.info(f"softmax_course changed under {len(stale)} notebooks: executing them again")
    cache_path.mkdir(parents=True, exist_ok=True)
    record_file.write_text(json.dumps(recorded, indent=1, sort_keys=True), encoding="utf-8")
    return stale


def setup(app):
    app.connect("env-get-outdated", stale_notebooks)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
