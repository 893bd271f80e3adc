"""The import graph of the project's modules: which project module imports which, and the
layers they form (a module's layer is one more than the highest layer it imports).

    python tools/import_graph.py          # from the repository root

Modules are softmax_course.*, softmax_grader.* (grader/softmax_grader/), _ext.* and tools.*;
imports of anything else (numpy, Sphinx, the standard library) are left out. The imports are read
by course_testing.imports: `from a import b` is a.b when that is a module, else a, and a registry
that imports each chapter's module by the table of chapters, `import_module(f"package.{chapter.slug}")`,
counts as importing every module `package.<slug>` for the slugs of softmax_course.chapters.
Prints one line per module, `module -> imported modules`, grouped by layer, then any import cycle.
"""

import sys
from pathlib import Path

from course_testing.imports import imported_modules, modules_in

ROOT = Path(__file__).resolve().parents[1]
# (folder holding the modules, the dotted prefix they are imported by)
PACKAGES = ((ROOT / "softmax_course", "softmax_course"),
            (ROOT / "grader" / "softmax_grader", "softmax_grader"),
            (ROOT / "_ext", "_ext"), (ROOT / "tools", "tools"))


def modules():
    """{dotted name: path} of every project module."""
    return {name: path for folder, prefix in PACKAGES for name, path in modules_in(folder, prefix).items()}


def graph():
    """{module: sorted project modules it imports}."""
    known = modules()
    return {name: sorted(imported_modules(path.read_text(encoding="utf-8"), name, path.name == "__init__.py",
                                          known) - {name})
            for name, path in known.items()}


def layers(edges):
    """{module: layer}; a module in a cycle gets no layer."""
    layer = {}
    while len(layer) < len(edges):
        ready = {name: 1 + max((layer[target] for target in targets), default=-1)
                 for name, targets in edges.items()
                 if name not in layer and all(target in layer for target in targets)}
        if not ready:
            break
        layer.update(ready)
    return layer


def main():
    edges = graph()
    layer = layers(edges)
    for level in sorted(set(layer.values())):
        print(f"layer {level}")
        for name in sorted(name for name in edges if layer.get(name) == level):
            print(f"  {name} -> {', '.join(edges[name]) or '(none)'}")
    cyclic = sorted(set(edges) - set(layer))
    print(f"in cycles: {', '.join(cyclic)}" if cyclic else "no cycles")
    arrows = sum(map(len, edges.values()))
    print(f"{len(edges)} modules, {arrows} arrows")
    return 1 if cyclic else 0


if __name__ == "__main__":
    sys.exit(main())
