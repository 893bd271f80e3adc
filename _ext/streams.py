"""Printed output on the site as the notebook printed it.

myst-nb 1.4.0 merges a cell's stream chunks (nb_merge_streams) but strips each chunk's
trailing white space and adds a newline after it (myst_nb.core.utils.coalesce_streams;
see executablebooks/MyST-NB #604 and #640). A line that reaches the kernel in two chunks
is then broken in two on the page, and blank lines move. This extension joins the chunks
as they are, and keeps the rest of that function's work: backspaces and carriage returns
resolved, stdout before stderr.

myst-nb has no public hook for this: the extension replaces the name its renderer calls,
myst_nb.core.render.coalesce_streams (a private function, imported there from
myst_nb.core.utils). tests/test_upstream_patches.py fails when that name, its signature or
the renderer's call to it changes, and when myst-nb stops breaking lines (then this can go).
Upstream: https://github.com/executablebooks/MyST-NB/pull/640 (rstrip over strip in
coalesce_streams; myst-nb 1.4.0 still strips and adds a newline after each chunk).
"""

import re

import myst_nb.core.render

BACKSPACE = re.compile("[^\n]\x08")  # a character then a backspace (\x08; in a regex \b is a word boundary)
CARRIAGE_RETURN = re.compile(r".*\r(?=[^\n])")


def coalesce_streams(outputs):
    """Each cell's stdout and stderr chunks joined, in order, into one output each."""
    merged, streams = [], {}
    for output in outputs or []:
        if output["output_type"] != "stream":
            merged.append(output)
        elif output["name"] in streams:
            streams[output["name"]]["text"] += output["text"]
        else:
            streams[output["name"]] = output
            merged.append(output)
    for output in streams.values():
        text = output["text"]
        while True:
            shorter = BACKSPACE.sub("", text)
            if shorter == text:
                break
            text = shorter
        output["text"] = CARRIAGE_RETURN.sub("", text)
    for index, output in enumerate(merged[:-1]):
        after = merged[index + 1]
        if output.get("name") == "stderr" and after.get("name") == "stdout":
            merged[index], merged[index + 1] = after, output
    return merged


def setup(app):
    myst_nb.core.render.coalesce_streams = coalesce_streams
    return {"parallel_read_safe": True, "parallel_write_safe": True}
