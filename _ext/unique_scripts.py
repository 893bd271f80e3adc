"""Drop repeated <script> entries: Sphinx 7.4 lists an inline script added by an
extension twice (sphinx-doc/sphinx#13402, fixed in Sphinx 8.2, which
jupyter-book 1 cannot use), so the browser reports a redeclared const."""


def drop_repeated_scripts(app, pagename, templatename, context, doctree):
    seen, unique = set(), []
    for script in context.get("script_files", []):
        key = (script.filename or "", tuple(sorted(script.attributes.items())))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"] = unique


def setup(app):
    app.connect("html-page-context", drop_repeated_scripts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
