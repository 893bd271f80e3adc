"""Search finds the names a reader types for what the pages write with hyphens or underscores.

Sphinx's English search splits text into words at every character that is not a letter, digit or
underscore, so "log-sum-exp" is indexed as "log", "sum" and "exp", and a reader who types the
name the libraries use, "logsumexp" (SciPy, PyTorch), finds nothing. Here each word joined by
hyphens or underscores is also indexed run together ("log-sum-exp" and "log_sum_exp" give
"logsumexp", "cross-entropy" gives "crossentropy"), and a code name with underscores stays whole
as well ("grad_logits"), so both spellings find the page.
"""

import re

from sphinx.search.en import SearchEnglish

COMPOUND = re.compile(r"\b[A-Za-z][A-Za-z0-9]*(?:[-_][A-Za-z0-9]+)+\b")


def compounds(text):
    """The run-together forms of the hyphen- and underscore-joined words of `text`."""
    return [re.sub(r"[-_]", "", word) for word in COMPOUND.findall(text)]


class SearchEnglishWithCompounds(SearchEnglish):
    def split(self, input):
        return super().split(input) + compounds(input)


def setup(app):
    # Sphinx's public API for a search language (it replaces the built-in "en", as lang is "en").
    app.add_search_language(SearchEnglishWithCompounds)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
