"""What a module's import statements import, read from its source without running it: the one
reader of imports that tools/import_graph.py (which project module imports which) and the site's
extension _ext/notebook_cache.py (which notebooks to execute again) share.
"""

import ast
from pathlib import Path

from softmax_course.chapters import CHAPTERS


def modules_in(folder, prefix):
    """{dotted name: path} of every module in `folder`, the package named `prefix`: a package's
    __init__.py is the package itself."""
    found = {}
    for path in sorted(Path(folder).rglob("*.py")):
        parts = path.relative_to(folder).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join((prefix, *parts))] = path
    return found


def imported_modules(source, name, is_package, known):
    """The modules of `known` that code `source` (module `name`, a package's __init__ when
    `is_package`) imports: `import a.b` is a.b, `from a import b` is a.b when that is a module of
    `known` and a otherwise, relative imports resolved from `name`; a registry importing each
    chapter's module by the table of chapters, `import_module(f"package.{chapter.slug}")`, imports
    package.<slug> for every chapter of softmax_course.chapters."""
    package = name if is_package else name.rpartition(".")[0]
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = absolute_module(node, package)
            names |= {f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                      for alias in node.names}
        elif prefix := chapter_module_prefix(node):
            names |= {prefix + chapter.slug for chapter in CHAPTERS}
    return names & set(known)


def absolute_module(node, package):
    """The module that `from ... import` statement `node`, in package `package`, imports from."""
    if not node.level:
        return node.module
    anchor = package.split(".")[:len(package.split(".")) - node.level + 1]
    return ".".join(anchor + ([node.module] if node.module else []))


def chapter_module_prefix(node):
    """"package." when `node` is a call import_module(f"package.{...}"), else None."""
    if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "import_module"
            and node.args and isinstance(node.args[0], ast.JoinedStr)):
        return None
    first = node.args[0].values[0]
    return first.value if isinstance(first, ast.Constant) and first.value.endswith(".") else None
