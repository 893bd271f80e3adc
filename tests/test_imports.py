"""course_testing.imports, the reader of import statements that tools/import_graph.py and
_ext/notebook_cache.py share, on a made-up package `pkg`: relative imports, `from a import b`
where b is a module or not, and a registry importing each chapter's module by the table."""

from course_testing.imports import imported_modules
from softmax_course.chapters import CHAPTERS

KNOWN = dict.fromkeys(["pkg", "pkg.sub", "pkg.sub.mod", "pkg.other", "pkg.forward", "pkg.jacobian",
                       "pkg.base"])


def test_plain_imports_name_the_module_and_leave_out_what_is_not_known():
    assert imported_modules("import pkg.sub.mod\nimport numpy as np", "pkg.user", False,
                            KNOWN) == {"pkg.sub.mod"}


def test_from_a_import_b_is_a_b_when_b_is_a_module_else_a():
    assert imported_modules("from pkg import sub", "pkg.user", False, KNOWN) == {"pkg.sub"}
    assert imported_modules("from pkg.sub import function", "pkg.user", False, KNOWN) == {"pkg.sub"}
    assert imported_modules("from pkg import other, CONSTANT", "pkg.user", False,
                            KNOWN) == {"pkg.other", "pkg"}


def test_relative_imports_are_resolved_from_the_module_or_the_package():
    source = "from . import mod\nfrom .. import other\nfrom ..other import function"
    assert imported_modules(source, "pkg.sub.here", False, KNOWN) == {"pkg.sub.mod", "pkg.other"}
    assert imported_modules("from .mod import function", "pkg.sub", True, KNOWN) == {"pkg.sub.mod"}
    assert imported_modules("from .sub import mod", "pkg", True, KNOWN) == {"pkg.sub.mod"}


def test_a_registry_by_the_table_of_chapters_imports_every_chapters_module():
    registry = ("from importlib import import_module\n"
                "MODULES = [import_module(f'pkg.{chapter.slug}') for chapter in CHAPTERS]")
    chapters = {f"pkg.{chapter.slug}" for chapter in CHAPTERS}
    assert imported_modules(registry, "pkg.registry", False, KNOWN) == chapters & set(KNOWN)
    assert {"pkg.forward", "pkg.jacobian"} <= chapters
    assert imported_modules("import_module(f'pkg{name}')\nimport_module('pkg.base')", "pkg.registry",
                            False, KNOWN) == set()
